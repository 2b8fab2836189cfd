"""The standalone plugin (`scripts/build_plugin.py --standalone`, `make plugin-standalone`) for the tests and
the benchmark: its archive, built once per change of the sources or the lock (the script's cache), a `PATH`
holding only the pulumi CLI and a `python3` that has neither pulumi nor blaxel-pulumi, and its installation
with `pulumi plugin install resource blaxel <version> --file <archive>`.

Nothing here skips: without PyInstaller in this virtualenv the build raises, and the test using it fails.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from blaxel_pulumi._version import __version__

ROOT = Path(__file__).resolve().parents[2]
BASE_PYTHON = Path(getattr(sys, "_base_executable", sys.executable))
"""The interpreter this virtualenv was made from: it has no blaxel-pulumi, no pulumi SDK."""
EXECUTABLE = "pulumi-resource-blaxel"


def build_plugin_script() -> ModuleType:
    """`scripts/build_plugin.py` as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_plugin", ROOT / "scripts" / "build_plugin.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def standalone_archive() -> Path:
    """The standalone archive of the current sources, from the build cache or built now (minutes)."""
    return Path(build_plugin_script().cached_standalone(sys.executable))


@dataclass(frozen=True)
class CleanPath:
    """A `PATH` of two directories: the pulumi CLI's, and one whose `python3` has no pulumi and no
    blaxel-pulumi."""

    value: str
    python_dir: Path


def clean_path(bin_dir: Path, where: Path) -> CleanPath:
    """Make a virtualenv without pip from :data:`BASE_PYTHON` under ``where``; the `PATH` of its `bin` and
    ``bin_dir``. Asserts what it promises: that `python3` there imports neither package and that no
    `pulumi-resource-blaxel` is on it."""
    venv = where / "bare-python"
    subprocess.run([str(BASE_PYTHON), "-m", "venv", "--without-pip", str(venv)], check=True)
    path = CleanPath(os.pathsep.join([str(bin_dir), str(venv / "bin")]), venv / "bin")
    env = {"PATH": path.value, "HOME": str(where)}
    for module in ("pulumi", "blaxel_pulumi"):
        proc = subprocess.run(
            ["python3", "-c", f"import {module}"], env=env, cwd=where, capture_output=True, check=False
        )
        assert proc.returncode != 0, f"`python3 -c 'import {module}'` works on {path.value}"
    for directory in path.value.split(os.pathsep):
        assert not (Path(directory) / EXECUTABLE).exists(), directory
    return path


def install(pulumi: Path, archive: Path, env: dict[str, str]) -> Path:
    """`pulumi plugin install resource blaxel <version> --file <archive>` into ``env``'s PULUMI_HOME; the
    installed executable."""
    proc = subprocess.run(
        [str(pulumi), "plugin", "install", "resource", "blaxel", __version__, "--file", str(archive)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    installed = Path(env["PULUMI_HOME"]) / "plugins" / f"resource-blaxel-v{__version__}" / EXECUTABLE
    assert installed.is_file(), installed
    with installed.open("rb") as head:
        assert head.read(2) != b"#!", "the standalone plugin is a script, not an executable"
    return installed
