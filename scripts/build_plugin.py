"""Build the native provider's plugin archives (`pulumi plugin install resource blaxel <version> --file ...`).

Two archives, both named `pulumi-resource-blaxel-v<version>-<os>-<arch>.tar.gz` (the name Pulumi expects) with
the executable `pulumi-resource-blaxel` at their root:

* the **standalone** one (`--standalone`, `make plugin-standalone`): the executable is one file built by
  PyInstaller (`--onefile`), the Python interpreter, this package and its dependencies inside; it needs no
  Python on the machine. It is built in a virtualenv of its own holding the package and its runtime
  dependencies only, at the versions of the building virtualenv (its `pip freeze`, the lock), so that the
  development tools installed there stay out of it. The build is cached in `.cache/standalone-<key>/`,
  `<key>` a hash of the package's files, `pyproject.toml`, this script, the lock and the Python version and
  platform: a second call with nothing changed returns the same archive at once.
* the **Python-environment** one (the default, `make plugin`): `pulumi-resource-blaxel` is a POSIX shell
  launcher, beside `lib/`, this package and every dependency installed for one Python version and platform
  (`pip install --target`): the launcher runs `python3.<minor>` from `PATH` (or `$BLAXEL_PULUMI_PYTHON`) on
  `lib/` alone. So the archive needs that Python on the machine.

Both are specific to the OS and CPU (in the file name), as the binary wheels in them (grpcio, pydantic-core)
are; the standalone executable also needs a C library at least as new as the building machine's. The pip
package's console script needs none of this (see docs/guides/native.md).

    python scripts/build_plugin.py [--out DIR]                # prints the archive's path (`make plugin`)
    python scripts/build_plugin.py --standalone [--out DIR]   # `make plugin-standalone`
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import io
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from blaxel_pulumi._version import __version__  # noqa: E402

LAUNCHER = """#!/bin/sh
# pulumi-resource-blaxel: the native provider of blaxel-pulumi {version} (plugin archive of `make plugin`).
# It runs Python {minor} on the packages in lib/ beside this file (built for {platform}).
here=$(cd "$(dirname "$0")" && pwd)
py=${{BLAXEL_PULUMI_PYTHON:-python{minor}}}
if ! "$py" -c 'import sys; sys.exit(sys.version_info[:2] != ({major}, {minor_only}))' 2>/dev/null; then
  echo "pulumi-resource-blaxel: this plugin archive needs Python {minor} ('$py' was not found or is \
another version). Install Python {minor}, or set BLAXEL_PULUMI_PYTHON to its path, or use the plugin of \
the pip package (put the virtualenv's bin on PATH)." >&2
  exit 1
fi
PYTHONPATH="$here/lib" PYTHONNOUSERSITE=1 exec "$py" -c \
  'import sys; del sys.path[0]; from blaxel_pulumi.native.main import main; sys.exit(main())' "$@"
"""


def _arch() -> str:
    machine = platform.machine().lower()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(machine, machine)


def archive_name(version: str = __version__) -> str:
    """The archive's file name: version, OS and CPU, as `pulumi plugin install` expects them."""
    return f"pulumi-resource-blaxel-v{version}-{platform.system().lower()}-{_arch()}.tar.gz"


def build(out: Path, python: str = sys.executable) -> Path:
    """Build the archive into ``out`` with the interpreter ``python`` (whose version it will need)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        stage = Path(tmp)
        wheels = stage / "wheels"
        subprocess.run(
            [python, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(ROOT)],
            check=True,
        )
        [wheel] = wheels.glob("*.whl")
        lib = stage / "plugin" / "lib"
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--no-compile", "--target", str(lib), str(wheel)],
            check=True,
        )
        shutil.rmtree(lib / "bin", ignore_errors=True)
        version = subprocess.run(
            [python, "-c", "import sys; print(*sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        launcher = LAUNCHER.format(
            version=__version__,
            minor=".".join(version),
            major=version[0],
            minor_only=version[1],
            platform=f"{platform.system().lower()}-{_arch()}",
        )
        target = out / archive_name()
        with tarfile.open(target, "w:gz") as archive:
            info = tarfile.TarInfo("pulumi-resource-blaxel")
            data = launcher.encode()
            info.size, info.mode = len(data), 0o755
            archive.addfile(info, io.BytesIO(data))
            archive.add(lib, arcname="lib")
    return target


STANDALONE_ENTRY = """import sys

from blaxel_pulumi.native.main import main

sys.exit(main())
"""
"""The script PyInstaller freezes: the console script's entry point."""

STANDALONE_HOOK = """from PyInstaller.utils.hooks import collect_data_files

# blaxel_pulumi/__init__.py reads its own source (the names it exports lazily): keep the .py files beside
# the compiled modules. The provider serves native/schema.json, read from beside native/schema.py.
module_collection_mode = "pyz+py"
datas = collect_data_files("blaxel_pulumi", includes=["native/schema.json"])
"""
"""PyInstaller's hook for this package: what a frozen import of it needs beyond its modules."""


class BuildError(RuntimeError):
    """The standalone plugin could not be built; the message says why and what to do."""


def _lock(python: str) -> list[str]:
    """The pinned requirements of the virtualenv of ``python`` (`pip freeze`, without this package)."""
    proc = subprocess.run(
        [python, "-m", "pip", "freeze", "--exclude-editable", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(line for line in proc.stdout.splitlines() if "==" in line and not line.startswith("#"))


def _python_tag(python: str) -> str:
    return subprocess.run(
        [python, "-c", "import platform, sys; print(sys.version, platform.platform())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def standalone_key(python: str = sys.executable) -> str:
    """The hash the standalone build is cached under: the package's files, ``pyproject.toml``, this script,
    the lock of the virtualenv of ``python`` and its version and platform."""
    digest = hashlib.sha256()
    package = ROOT / "blaxel_pulumi"
    files = sorted(
        path
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    for path in [*files, ROOT / "pyproject.toml", Path(__file__).resolve()]:
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update("\n".join(_lock(python)).encode())
    digest.update(_python_tag(python).encode())
    return digest.hexdigest()[:12]


def _require_pyinstaller(lock: list[str], python: str) -> str:
    pins = [line for line in lock if line.lower().startswith("pyinstaller==")]
    if not pins:
        raise BuildError(
            f"PyInstaller is not installed in the virtualenv of {python}: the standalone plugin is built "
            "with it. Run `make venv` (it is in the `plugin` dependency group of pyproject.toml, which `dev` "
            "includes), or `pip install --group plugin`."
        )
    return pins[0]


def _run(argv: list[str], what: str, cwd: Path | None = None) -> None:
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=cwd)
    if proc.returncode != 0:
        raise BuildError(
            f"{what} failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-6000:]}"
        )


def build_standalone(out: Path, python: str = sys.executable) -> Path:
    """Build the standalone archive into ``out``: PyInstaller in a new virtualenv holding this package and its
    runtime dependencies at the versions installed for ``python`` (which must have PyInstaller)."""
    lock = _lock(python)
    _require_pyinstaller(lock, python)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="blaxel-standalone-") as tmp:
        stage = Path(tmp)
        constraints = stage / "lock.txt"
        constraints.write_text("\n".join(lock) + "\n", encoding="utf-8")
        venv = stage / "venv"
        _run([python, "-m", "venv", str(venv)], "creating the build virtualenv")
        py = str(venv / "bin" / "python")
        pip = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _run(
            [*pip, "-c", str(constraints), str(ROOT), "pyinstaller"],
            "installing the package and PyInstaller into the build virtualenv",
        )
        (stage / "hooks").mkdir()
        (stage / "hooks" / "hook-blaxel_pulumi.py").write_text(STANDALONE_HOOK, encoding="utf-8")
        entry = stage / "pulumi_resource_blaxel.py"
        entry.write_text(STANDALONE_ENTRY, encoding="utf-8")
        paths = ["--distpath", str(stage / "dist"), "--workpath", str(stage / "build"), "--specpath", tmp]
        _run(
            [
                # --strip: the symbols of the shared libraries go (36 -> 25 MB, and a start ~15 % faster, as
                # the executable unpacks them at every start)
                *(py, "-m", "PyInstaller", "--onefile", "--strip", "--noconfirm", "--log-level", "WARN"),
                *("--name", "pulumi-resource-blaxel", "--additional-hooks-dir", str(stage / "hooks")),
                *paths,
                str(entry),
            ],
            "PyInstaller",
            cwd=stage,
        )
        executable = stage / "dist" / "pulumi-resource-blaxel"
        # It starts, imports the provider and its SDK, and prints its usage (exit 2), outside this clone.
        probe = subprocess.run(
            [str(executable), "--help"], capture_output=True, text=True, check=False, cwd=stage, timeout=120
        )
        if probe.returncode != 2 or "usage: pulumi-resource-blaxel" not in probe.stderr:
            raise BuildError(
                f"the frozen plugin does not start (`pulumi-resource-blaxel --help` exited "
                f"{probe.returncode}):\n{probe.stderr[-6000:]}"
            )
        target = out / archive_name()
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            info = archive.gettarinfo(str(executable), arcname="pulumi-resource-blaxel")
            info.mode, info.uid, info.gid, info.uname, info.gname = 0o755, 0, 0, "", ""
            with executable.open("rb") as data:
                archive.addfile(info, data)
        partial.replace(target)
    return target


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # one build at a time (test workers, a bench beside them)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def cached_standalone(python: str = sys.executable, cache: Path = ROOT / ".cache") -> Path:
    """The standalone archive for the current sources and lock, built only when its key has no build yet
    (``cache/standalone-<key>/``; builds of other keys are removed)."""
    key = standalone_key(python)
    done = cache / f"standalone-{key}"
    target = done / archive_name()
    if target.is_file():
        return target
    with _locked(cache / "standalone.lock"):
        if target.is_file():
            return target
        work = cache / f"standalone-{key}.{os.getpid()}.tmp"
        shutil.rmtree(work, ignore_errors=True)
        build_standalone(work, python)
        for old in cache.glob("standalone-*"):
            if old.is_dir() and old.name != work.name:
                shutil.rmtree(old, ignore_errors=True)
        work.rename(done)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, help="directory of the archive (default .cache/plugin)")
    parser.add_argument(
        "--standalone",
        action="store_true",
        help="the one-file executable of PyInstaller (cached in .cache/standalone-<key>/; --out: a copy)",
    )
    args = parser.parse_args()
    if not args.standalone:
        print(build(args.out or ROOT / ".cache" / "plugin"))
        return 0
    try:
        archive = cached_standalone()
    except BuildError as exc:
        print(f"build_plugin.py: {exc}", file=sys.stderr)
        return 1
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        archive = Path(shutil.copy2(archive, args.out / archive.name))
    print(archive)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
