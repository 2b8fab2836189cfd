"""What a release promises: one version, the declared dependency floors, and what the tests ran on.

`constraints/floors.txt` pins every direct dependency to the lower bound pyproject.toml declares; `make
floors` runs the unit, provider and one real-CLI lifecycle test in a virtualenv built with it (and sets
``BLAXEL_PULUMI_FLOORS``), the rest of `make test` in one with the newest releases.
"""

from __future__ import annotations

import os
import re
import sys
from importlib.metadata import version as installed_version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

import blaxel_pulumi

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
FLOORS = ROOT / "constraints" / "floors.txt"


def pyproject() -> dict[str, object]:
    data: dict[str, object] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data


def dependencies() -> dict[str, Requirement]:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    return {Requirement(text).name.lower(): Requirement(text) for text in project["dependencies"]}


def floors() -> dict[str, Version]:
    pins = {}
    for line in FLOORS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            pins[name.strip().lower()] = Version(pinned.strip())
    return pins


def lower_bound(specifier: SpecifierSet) -> Version | None:
    bounds = [Version(s.version) for s in specifier if s.operator == ">="]
    return max(bounds) if bounds else None


def test_every_dependency_has_a_floor_pinned_in_the_constraints_file() -> None:
    declared, pinned = dependencies(), floors()
    assert sorted(pinned) == sorted(declared), "constraints/floors.txt must pin every direct dependency"
    for name, requirement in declared.items():
        bound = lower_bound(requirement.specifier)
        assert bound is not None, f"{name} has no lower bound in pyproject.toml"
        assert pinned[name] == bound, f"{name}: floors.txt pins {pinned[name]}, pyproject says >={bound}"


def test_the_installed_versions_are_the_ones_this_run_promises() -> None:
    """In `make floors`: exactly the floors. Elsewhere: within the declared ranges."""
    for name, requirement in dependencies().items():
        found = Version(installed_version(name))
        if os.environ.get("BLAXEL_PULUMI_FLOORS"):
            assert found == floors()[name], f"{name} {found} installed, the floor is {floors()[name]}"
        else:
            assert found in requirement.specifier, f"{name} {found} is outside {requirement.specifier}"


def test_the_version_is_written_once() -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    assert "version" not in project and "version" in project["dynamic"]
    assert pyproject()["tool"]["hatch"]["version"]["path"] == "blaxel_pulumi/_version.py"  # type: ignore[index]
    assert re.fullmatch(r"\d+\.\d+\.\d+", blaxel_pulumi.__version__)
    assert installed_version("blaxel-pulumi") == blaxel_pulumi.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{blaxel_pulumi.__version__}] - " in changelog, "CHANGELOG.md has no entry for this version"
    assert "## [Unreleased]" in changelog


@pytest.mark.parametrize("minor", range(10, 14))
def test_classifiers_name_the_supported_pythons(minor: int) -> None:
    project = pyproject()["project"]
    assert isinstance(project, dict)
    assert project["requires-python"] == ">=3.10"
    assert f"Programming Language :: Python :: 3.{minor}" in project["classifiers"]
    assert "Typing :: Typed" in project["classifiers"]
    assert project["license"] == "Apache-2.0"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").lstrip().startswith("Apache License")
