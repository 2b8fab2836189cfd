"""A clone is self-contained: no tracked code, test, script, Makefile or config reads a path outside it.

A newcomer's clone has nothing beside it (no team folder next to the repository, no machine-specific
directory), so any such path works on the team's machines and fails everywhere else. The scan covers what is
executed or read as configuration; documentation and recorded data (Markdown, benchmark JSON) may mention
such paths as text.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCANNED_SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".txt", ".json"}
"""File types that are executed or read as configuration or as test data."""
SCANNED_NAMES = {"Makefile", "run"}
"""Extensionless files that are executed: the Makefile and `.ci/run`."""
NOT_SCANNED = (
    "spec/blaxel-openapi/",  # Blaxel's vendored specs: third-party data, never executed
    "bench/results.json",  # recorded measurements, including the interpreter path of the run
)

_TEAM_DIR = "sha" + "red"  # split so that this file's own source does not match the patterns below
_UP = r"\.\./"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a relative path to a folder beside the clone", re.compile(rf"(?:{_UP})+{_TEAM_DIR}\b")),
    ("a path joined onto a folder beside the clone", re.compile(rf"/\s*[\"']{_TEAM_DIR}[\"']")),
    ("a path starting at a folder beside the clone", re.compile(rf"[\"']{_TEAM_DIR}/")),
    ("an absolute path of a team machine", re.compile(r"(?<![\w.~$-])/(?:work|root|home/[\w.-]+)/")),
    ("a path climbing out of the repository", re.compile(r"\.parents\[(\d+)\](\.parent\b)?")),
)
"""What reads outside the repository, each with the words used in the failure."""


@dataclass(frozen=True)
class Finding:
    """One line that reads (or may read) outside the repository."""

    path: str
    line: int
    why: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.why}: {self.text.strip()}"


def tracked_files(root: Path) -> list[str]:
    """Files git tracks in ``root`` (the repository's content, whatever is lying around in the work tree)."""
    proc = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True, check=False, timeout=60
    )
    assert proc.returncode == 0, f"`git ls-files` failed in {root}: {proc.stderr}"
    return [name for name in proc.stdout.split("\0") if name]


def scanned(names: Iterable[str]) -> list[str]:
    """The files of ``names`` that are executed or read as configuration."""
    chosen = []
    for name in names:
        path = Path(name)
        if name.startswith(NOT_SCANNED):
            continue
        if path.suffix in SCANNED_SUFFIXES or path.name in SCANNED_NAMES:
            chosen.append(name)
    return chosen


def _climbs_out(relative: str, match: re.Match[str]) -> bool:
    """``Path(__file__).parents[n]`` (``.parent``) is above the repository root for this file's depth."""
    root = len(Path(relative).parts) - 1  # parents[root] is the repository root
    up = int(match.group(1)) + (1 if match.group(2) else 0)
    return up > root


def findings(root: Path, names: Iterable[str]) -> list[Finding]:
    """Every line of the scanned files among ``names`` (relative to ``root``) that reads outside it."""
    found = []
    for name in scanned(names):
        try:
            text = (root / name).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for why, pattern in PATTERNS:
                for match in pattern.finditer(line):
                    if pattern.groups and not _climbs_out(name, match):
                        continue
                    found.append(Finding(name, number, why, line))
    return found


def test_no_tracked_file_reads_outside_the_repository() -> None:
    names = tracked_files(ROOT)
    assert len(scanned(names)) > 50, "the scan found almost nothing to scan: is this a git checkout?"
    problems = findings(ROOT, names)
    assert problems == [], (
        "These lines read paths outside the repository, which a clone does not have; vendor what they "
        "need into the repository (as spec/blaxel-openapi/ does):\n" + "\n".join(map(str, problems))
    )


@pytest.mark.parametrize(
    ("relative", "line"),
    [
        ("tests/unit/test_x.py", 'SPECS = ROOT.parent / "' + _TEAM_DIR + '" / "blaxel-openapi"'),
        ("tests/unit/test_x.py", "p = Path(__file__).resolve().paren" + "ts[2].parent / 'x'"),
        ("tests/unit/test_x.py", "p = Path(__file__).resolve().paren" + "ts[3]"),
        ("scripts/x.sh", 'cat "../' + _TEAM_DIR + '/notes/style.md"'),
        ("Makefile", "SPECS := ../../" + _TEAM_DIR + "/blaxel-openapi"),
        ("scripts/x.py", 'open("/wo' + 'rk/main/.venv/bin/python")'),
        ("pyproject.toml", 'cache = "/ro' + 'ot/.cache/x"'),
        ("tests/x.py", 'Path("' + _TEAM_DIR + '/blaxel-openapi/controlplane.yml")'),
        (".ci/run", "source /ho" + "me/dev/env.sh"),
    ],
)
def test_the_scan_catches_paths_outside_the_repository(tmp_path: Path, relative: str, line: str) -> None:
    (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / relative).write_text(f"# a file\n{line}\n", encoding="utf-8")
    [finding] = findings(tmp_path, [relative])
    assert finding.line == 2


@pytest.mark.parametrize(
    ("relative", "line"),
    [
        ("tests/unit/test_x.py", "ROOT = Path(__file__).resolve().parents[2]"),
        ("scripts/x.py", "ROOT = Path(__file__).resolve().parents[1]"),
        ("tests/unit/test_x.py", "HERE = Path(__file__).resolve().parents[1].parent"),
        ("tests/x.py", 'db = tmp_path_factory.mktemp("' + _TEAM_DIR + '") / "a.sqlite"'),
        ("examples/quickstart/requirements.txt", "-e ../..[emulator]"),
        ("scripts/x.sh", 'cache="$HOME/.cache/x"; ls ~/.blaxel/config.yaml /tmp/x'),
        ("README.md", "The specs were in ../" + _TEAM_DIR + "/blaxel-openapi (documentation only)."),
    ],
)
def test_the_scan_lets_paths_inside_the_repository_through(tmp_path: Path, relative: str, line: str) -> None:
    (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / relative).write_text(f"{line}\n", encoding="utf-8")
    assert findings(tmp_path, [relative]) == []
