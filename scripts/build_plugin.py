"""Build the native provider's plugin archive (`pulumi plugin install resource blaxel <version> --file ...`).

The archive holds `pulumi-resource-blaxel`, a POSIX shell launcher, and `lib/`, this package and every
dependency installed for one Python version and platform (`pip install --target`): the launcher runs
`python3.<minor>` from `PATH` (or `$BLAXEL_PULUMI_PYTHON`) on `lib/` alone. So the archive needs that Python
on the machine, and is specific to its version, OS and CPU (in the file name), as the binary wheels in it
(grpcio, pydantic-core) are. The pip package's console script needs none of this (see docs/guides/native.md).

    python scripts/build_plugin.py [--out DIR]   # prints the archive's path (`make plugin`)
"""

from __future__ import annotations

import argparse
import io
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
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


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / ".cache" / "plugin", help="directory of the archive"
    )
    args = parser.parse_args()
    print(build(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
