"""`scripts/check_dist.py`, which `make package` runs on the built sdist and wheel, catches a bad wheel."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def check_dist() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_dist", ROOT / "scripts" / "check_dist.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_wheel(
    path: Path, version: str, *, drop: str = "", extra: str = "", license_expr: str = "Apache-2.0"
) -> Path:
    dist_info = f"blaxel_pulumi-{version}.dist-info"
    files = {
        "blaxel_pulumi/__init__.py": "",
        "blaxel_pulumi/py.typed": "",
        "blaxel_pulumi/emulator/__main__.py": "",
        "blaxel_pulumi/native/schema.json": "{}",
        f"{dist_info}/entry_points.txt": (
            "[console_scripts]\npulumi-resource-blaxel = blaxel_pulumi.native.main:main\n"
        ),
        f"{dist_info}/licenses/LICENSE": (ROOT / "LICENSE").read_text(encoding="utf-8"),
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.4\nName: blaxel-pulumi\nVersion: {version}\n"
            f"License-Expression: {license_expr}\nLicense-File: LICENSE\n\n"
        ),
    }
    if extra:
        files[extra] = ""
    with zipfile.ZipFile(path, "w") as wheel:
        for name, text in files.items():
            if name != drop:
                wheel.writestr(name, text)
    return path


def test_a_complete_wheel_passes(check_dist: ModuleType, tmp_path: Path) -> None:
    version = check_dist.project_version()
    assert check_dist.check_wheel(make_wheel(tmp_path / "w.whl", version), version) == []


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"drop": "blaxel_pulumi/py.typed"}, "no blaxel_pulumi/py.typed"),
        ({"drop": "blaxel_pulumi-{v}.dist-info/licenses/LICENSE"}, "licenses/LICENSE"),
        ({"extra": "tests/unit/test_x.py"}, "ships tests"),
        ({"extra": "blaxel_pulumi/tests/conftest.py"}, "ships tests"),
        ({"extra": "spec/blaxel-openapi/controlplane.yml"}, "outside the package"),
        ({"license_expr": "MIT"}, "License-Expression is 'MIT'"),
        ({"drop": "blaxel_pulumi/native/schema.json"}, "native provider's schema"),
        (
            {"drop": "blaxel_pulumi-{v}.dist-info/entry_points.txt"},
            "no console script pulumi-resource-blaxel",
        ),
    ],
)
def test_a_bad_wheel_is_reported(
    check_dist: ModuleType, tmp_path: Path, changes: dict[str, str], problem: str
) -> None:
    version = check_dist.project_version()
    changes = {k: v.replace("{v}", version) for k, v in changes.items()}
    problems = check_dist.check_wheel(make_wheel(tmp_path / "w.whl", version, **changes), version)
    assert any(problem in p for p in problems), problems
