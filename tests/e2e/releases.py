"""Released versions of blaxel-pulumi, rebuilt from this repository's own history for the upgrade test.

:data:`RELEASES` names every release by the commit it was cut from (a clone may lack the `v*` tags, never the
history of main). :func:`release_bin` gives the `bin` directory of a virtualenv with that release installed:
the release's source is taken with `git archive <commit>`, installed (not editable) into its own virtualenv
with the dependency versions of the test's own virtualenv (so that only the package differs), and cached in
`.cache/releases/<commit>-py<X.Y>/` of the repository: the first run takes ~15 s, later ones nothing.
"""

from __future__ import annotations

import fcntl
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.e2e.pulumi_cli import REPO_ROOT

__all__ = ["CACHE", "RELEASES", "ReleaseUnavailable", "release_bin"]

RELEASES: dict[str, str] = {
    "0.1.0": "ab463cc970626dfa9a1ce9d6a7127ddcf9313185",
    "main-651049c": "651049c3f74d5f73a56a53ab9c2e34a813580a4f",
}
"""``{version: commit}`` of every release, oldest first. Add each new release here when it is cut. A
``main-<commit>`` entry is main as it stood before a change to the package's layout (its state names the
pickled classes' modules): its stacks must keep working too."""

CACHE = REPO_ROOT / ".cache" / "releases"
"""Where the releases' virtualenvs are kept (`make clean` removes them)."""

_READY = ".ready"


class ReleaseUnavailable(RuntimeError):  # noqa: N818 - reads as a state, not an error kind
    """A release could not be rebuilt: the upgrade test must fail, never skip."""


def _run(argv: list[str], what: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    proc = subprocess.run(argv, capture_output=True, check=False, input=stdin)
    if proc.returncode != 0:
        stderr = proc.stderr.decode(errors="replace")[-4000:]
        raise ReleaseUnavailable(f"{what} failed ({proc.returncode}): {' '.join(argv)}\n{stderr}")
    return proc


def _extract(commit: str, target: Path) -> None:
    """The tree of ``commit`` (`git archive`), unpacked into ``target``."""
    archive = _run(
        ["git", "-C", str(REPO_ROOT), "archive", "--format=tar", commit],
        f"`git archive` of {commit} (a shallow clone lacks it: `git fetch --unshallow`)",
    )
    target.mkdir(parents=True)
    _run(["tar", "-x", "-C", str(target)], "unpacking the release's source", archive.stdout)


def _build(version: str, commit: str, home: Path) -> None:
    source, venv = home / "src", home / "venv"
    _extract(commit, source)
    if not version.startswith("main-"):
        pyproject = (source / "pyproject.toml").read_text(encoding="utf-8")
        declared = re.search(r'^version = "([^"]+)"', pyproject, re.M)
        if declared is None or declared.group(1) != version:
            raise ReleaseUnavailable(f"commit {commit} is not {version} (pyproject.toml): fix RELEASES")
    freeze = _run([sys.executable, "-m", "pip", "freeze", "--exclude-editable"], "pip freeze")
    constraints = home / "constraints.txt"
    constraints.write_bytes(freeze.stdout)
    _run([sys.executable, "-m", "venv", str(venv)], "creating the virtualenv")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, "--constraint", str(constraints), str(source)], f"installing blaxel-pulumi {version}")


def release_bin(version: str) -> Path:
    """The `bin` directory of a virtualenv where blaxel-pulumi ``version`` (of :data:`RELEASES`) is installed,
    built on first use and cached (a lock makes concurrent runs wait for one build)."""
    commit = RELEASES[version]
    home = CACHE / f"{commit}-py{sys.version_info.major}.{sys.version_info.minor}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / f"{home.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / _READY).is_file():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()
            _build(version, commit, home)
            (home / _READY).write_text(f"{version} {commit}\n", encoding="utf-8")
    return home / "venv" / "bin"
