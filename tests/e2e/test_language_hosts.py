"""The language hosts beside the CLI: YAML (and Node.js, Go) programs run on the real `pulumi`.

`scripts/install-pulumi.sh` builds `pulumi-language-yaml` (module github.com/pulumi/pulumi-yaml),
`pulumi-language-nodejs` (sdk/v3 v3.68.0) and `pulumi-language-go` (sdk/v3 v3.66.0) into the CLI's directory;
an official Pulumi install ships all three. Without them these tests fail (never skip): the YAML, TypeScript
and Go faces of the native provider need them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.pulumi_cli import REPO_ROOT, PulumiProject, change_summary

pytestmark = pytest.mark.e2e

PROGRAMS = Path(__file__).parent / "programs"
HOSTS = ("pulumi-language-yaml", "pulumi-language-nodejs", "pulumi-language-go")


def language_host(bin_dir: Path, name: str) -> Path:
    """Where the engine finds the language host ``name``: the CLI's directory, then PATH (as the tests' PATH
    is built); fail the test, with what to do, when it is nowhere."""
    found = shutil.which(name, path=os.pathsep.join([str(bin_dir), os.environ.get("PATH", "")]))
    if found is None:
        pytest.fail(
            f"{name} is neither in {bin_dir} nor on PATH: run `make pulumi` (scripts/install-pulumi.sh "
            "builds it from Go modules) or install the official Pulumi CLI, which ships it",
            pytrace=False,
        )
    return Path(found)


@pytest.mark.parametrize("host", HOSTS)
def test_the_language_host_is_beside_the_cli(bin_dir: Path, host: str) -> None:
    assert os.access(language_host(bin_dir, host), os.X_OK)


def test_a_yaml_program_runs_on_the_yaml_language_host(
    bin_dir: Path, make_project: Callable[..., PulumiProject]
) -> None:
    language_host(bin_dir, "pulumi-language-yaml")
    project = make_project(PROGRAMS / "yaml-hello")
    project.config_set("greeting", "hi from yaml")

    up = project.up()

    assert change_summary(up) == {"create": 1}
    assert project.outputs() == {"greeting": "hi from yaml"}


CORE = ("pulumi", "pulumi-language-python", "pulumi-language-python-exec", "pulumi-resource-pulumi-python")
"""The tools of a cached CLI build made before the YAML and Node.js hosts were added."""


def _old_cache(bin_dir: Path, root: Path) -> Path:
    """A cache laid out like one made before the hosts were added: the CLI's own tools (links to the real
    ones) and its BUILD-INFO without the hosts' lines. Returns the XDG cache home to use."""
    version = subprocess.run(
        [str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    target = root / "blaxel-pulumi" / f"pulumi-{version.lstrip('v')}"
    (target / "bin").mkdir(parents=True)
    for tool in CORE:
        (target / "bin" / tool).symlink_to(bin_dir / tool)
    (target / "BUILD-INFO").write_text(f"pulumi={version}\nlanguage-host=v3.79.0\n", encoding="utf-8")
    return root


def _install(cache_home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    go = shutil.which("go")
    if go is None:
        pytest.fail("Go is required to build the language hosts (scripts/install-pulumi.sh)", pytrace=False)
    path = os.pathsep.join([str(Path(go).parent), "/usr/local/bin", "/usr/bin", "/bin"])  # no pulumi on it
    # Go's build cache defaults to $XDG_CACHE_HOME/go-build: keep the machine's (warm from `make pulumi`)
    gocache = subprocess.run(
        [go, "env", "GOCACHE"], capture_output=True, text=True, check=True
    ).stdout.strip()
    return subprocess.run(
        [str(REPO_ROOT / "scripts" / "install-pulumi.sh")],
        env={**os.environ, "PATH": path, "XDG_CACHE_HOME": str(cache_home), "GOCACHE": gocache, **env},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_install_script_adds_the_hosts_to_an_older_cache_without_rebuilding_the_cli(
    bin_dir: Path, tmp_path: Path
) -> None:
    cache_home = _old_cache(bin_dir, tmp_path / "cache")

    first = _install(cache_home)

    assert first.returncode == 0, first.stderr[-4000:]
    built = Path(first.stdout.strip())
    assert "building pulumi v" not in first.stderr  # the CLI itself is reused
    for host in HOSTS:
        assert (built / host).is_file() and os.access(built / host, os.X_OK), host
    info = (built.parent / "BUILD-INFO").read_text(encoding="utf-8")
    assert "language-yaml=v1.25.0" in info and "language-nodejs=v3.68.0" in info, info
    again = _install(cache_home)
    assert again.returncode == 0, again.stderr[-4000:]
    assert Path(again.stdout.strip()) == built
    assert "building" not in again.stderr, again.stderr  # a cached run builds nothing


def test_the_install_script_fails_loudly_when_a_host_cannot_be_built(bin_dir: Path, tmp_path: Path) -> None:
    cache_home = _old_cache(bin_dir, tmp_path / "cache")

    # a version the module cache does not hold, with the module proxy switched off: the build must fail
    result = _install(cache_home, BLAXEL_PULUMI_YAML_VERSION="0.0.1", GOPROXY="off")

    assert result.returncode != 0
    assert result.stdout.strip() == ""  # no directory printed: nothing may use a half-made set of hosts
    assert "ERROR: go build of pulumi-language-yaml v0.0.1 failed" in result.stderr, result.stderr[-3000:]
