"""The plugin archive of `make plugin` (`scripts/build_plugin.py`): installed with `pulumi plugin install
resource blaxel <version> --file ...`, it serves a program with ambient plugins ignored, on a Python without
this package installed (the archive's own `lib/`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from blaxel_pulumi._version import __version__
from tests.e2e.blaxel_api import BlaxelApi, count
from tests.e2e.pulumi_cli import PulumiProject, ops

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
PROGRAM = Path(__file__).parent / "programs" / "native_python"
JOB = "blaxel:index:Job"
BASE_PYTHON = Path(getattr(sys, "_base_executable", sys.executable))
"""The interpreter the virtualenv was made from: it has no blaxel-pulumi, no pulumi SDK."""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive, built once for this module as `make plugin` builds it."""
    out = tmp_path_factory.mktemp("plugin")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_plugin.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return Path(proc.stdout.strip().splitlines()[-1])


def test_the_base_python_cannot_import_the_package() -> None:
    proc = subprocess.run(
        [str(BASE_PYTHON), "-c", "import pulumi"], capture_output=True, cwd="/", check=False
    )
    assert proc.returncode != 0  # so the next test proves the archive brings its own packages


def test_installed_archive_serves_a_program_with_ambient_plugins_ignored(
    archive: Path, make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    home = tmp_path / "user-home"
    home.mkdir()
    env = {
        **blaxel.env,
        "HOME": str(home),
        "PULUMI_IGNORE_AMBIENT_PLUGINS": "true",
        "BLAXEL_PULUMI_PYTHON": str(BASE_PYTHON),
    }
    project = make_project(PROGRAM, env=env)
    project.request_log = blaxel
    install = subprocess.run(
        [
            str(project.bin_dir / "pulumi"),
            "plugin",
            "install",
            "resource",
            "blaxel",
            __version__,
            "--file",
            str(archive),
        ],
        env=project.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    installed = Path(project.env["PULUMI_HOME"]) / "plugins" / f"resource-blaxel-v{__version__}"
    assert (installed / "pulumi-resource-blaxel").is_file()

    up = project.up()
    assert "using pulumi-resource-blaxel from $PATH" not in up.stdout + up.stderr
    assert ops(up, JOB) == {"create": 1}
    assert count(up.requests, "POST") == 1
    project.destroy()
    assert blaxel.stored_jobs() == {}


def test_launcher_says_which_python_it_needs(archive: Path, tmp_path: Path) -> None:
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(tmp_path)], check=True)
    proc = subprocess.run(
        [str(tmp_path / "pulumi-resource-blaxel"), "127.0.0.1:1"],
        env={**os.environ, "BLAXEL_PULUMI_PYTHON": "/nonexistent/python"},
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert proc.returncode == 1
    minor = f"{sys.version_info[0]}.{sys.version_info[1]}"
    assert f"this plugin archive needs Python {minor}" in proc.stderr
    assert "BLAXEL_PULUMI_PYTHON" in proc.stderr
