"""`scripts/build_plugin.py --standalone`'s cache and its refusal without PyInstaller. The build itself, and
the executable it makes, run on the real CLI in tests/e2e/test_native.py (face `yaml-standalone`)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.e2e.standalone_plugin import build_plugin_script

LOCK = ["grpcio==1.0", "pydantic==2.0", "pyinstaller==6.22.3"]


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The script, its lock and Python tag fixed (no `pip freeze` of this virtualenv)."""
    module = build_plugin_script()
    monkeypatch.setattr(module, "_lock", lambda python: list(LOCK))
    monkeypatch.setattr(module, "_python_tag", lambda python: "3.11.9 Linux-x86_64")
    return module


def test_without_pyinstaller_the_build_fails_and_says_how_to_install_it(
    script: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(script, "_lock", lambda python: ["grpcio==1.0"])

    with pytest.raises(script.BuildError) as raised:
        script.build_standalone(tmp_path / "out", "/venv/bin/python")

    assert str(raised.value) == (
        "PyInstaller is not installed in the virtualenv of /venv/bin/python: the standalone plugin is built "
        "with it. Run `make venv` (it is in the `plugin` dependency group of pyproject.toml, which `dev` "
        "includes), or `pip install --group plugin`."
    )
    assert not (tmp_path / "out").exists()


def test_the_key_follows_the_lock_and_the_python(script: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    key = script.standalone_key("python")
    assert key == script.standalone_key("python") and len(key) == 12

    monkeypatch.setattr(script, "_lock", lambda python: [*LOCK[:-1], "pyinstaller==6.23.0"])
    other_lock = script.standalone_key("python")
    monkeypatch.setattr(script, "_python_tag", lambda python: "3.12.1 Linux-x86_64")
    other_python = script.standalone_key("python")

    assert len({key, other_lock, other_python}) == 3


def test_a_build_is_made_once_per_key_and_replaces_the_builds_of_other_keys(
    script: ModuleType, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    builds: list[Path] = []

    def build(out: Path, python: str) -> Path:
        builds.append(out)
        out.mkdir(parents=True)
        target: Path = out / script.archive_name()
        target.write_bytes(b"archive")
        return target

    monkeypatch.setattr(script, "build_standalone", build)
    stale = tmp_path / "standalone-000000000000"
    stale.mkdir()

    first = script.cached_standalone("python", cache=tmp_path)
    again = script.cached_standalone("python", cache=tmp_path)

    key = script.standalone_key("python")
    assert first == again == tmp_path / f"standalone-{key}" / script.archive_name()
    assert first.read_bytes() == b"archive"
    assert len(builds) == 1
    assert sorted(p.name for p in tmp_path.glob("standalone-*")) == [f"standalone-{key}"]
