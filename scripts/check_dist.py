"""Check the built sdist and wheel: what `twine check` does not see.

Usage: ``python scripts/check_dist.py DIST_DIR``. The wheel must carry ``py.typed``, the license file and a
``License-Expression``, its version must be ``blaxel_pulumi/_version.py``'s, and neither it nor the sdist may
ship anything but the package (no tests, examples, benchmarks or vendored specs in the wheel). Exits 1 with
one line per problem.
"""

from __future__ import annotations

import re
import sys
import tarfile
import zipfile
from email.parser import HeaderParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "blaxel_pulumi"
LICENSE_EXPRESSION = "Apache-2.0"


def project_version() -> str:
    """The version declared in ``blaxel_pulumi/_version.py`` (the only place it is written)."""
    text = (ROOT / PACKAGE / "_version.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.M)
    if match is None:
        raise SystemExit(f"no __version__ in {PACKAGE}/_version.py")
    return match.group(1)


def check_wheel(path: Path, version: str) -> list[str]:
    """Problems of the wheel at ``path``."""
    problems = []
    with zipfile.ZipFile(path) as wheel:
        names = wheel.namelist()
        dist_info = f"blaxel_pulumi-{version}.dist-info"
        metadata = HeaderParser().parsestr(wheel.read(f"{dist_info}/METADATA").decode("utf-8"))
        license_text = (ROOT / "LICENSE").read_bytes()
        entry_points = f"{dist_info}/entry_points.txt"
        scripts = wheel.read(entry_points) if entry_points in names else b""
        shipped = f"{dist_info}/licenses/LICENSE"
        if shipped not in names:
            problems.append(f"{path.name}: no {shipped}")
        elif wheel.read(shipped) != license_text:
            problems.append(f"{path.name}: {shipped} differs from LICENSE")
    if f"{PACKAGE}/py.typed" not in names:
        problems.append(f"{path.name}: no {PACKAGE}/py.typed (type checkers would ignore the annotations)")
    if f"{PACKAGE}/emulator/__main__.py" not in names:
        problems.append(f"{path.name}: the local Blaxel API ({PACKAGE}/emulator) is missing")
    if f"{PACKAGE}/native/schema.json" not in names:
        problems.append(
            f"{path.name}: the native provider's schema ({PACKAGE}/native/schema.json) is missing"
        )
    if b"pulumi-resource-blaxel" not in scripts:
        problems.append(
            f"{path.name}: no console script pulumi-resource-blaxel (the native provider's plugin)"
        )
    stray = [n for n in names if not n.startswith((f"{PACKAGE}/", f"{dist_info}/"))]
    if stray:
        problems.append(f"{path.name}: ships files outside the package: {', '.join(sorted(stray)[:5])}")
    tests = [n for n in names if re.search(r"(^|/)(tests?|conftest\.py)(/|$)", n)]
    if tests:
        problems.append(f"{path.name}: ships tests: {', '.join(sorted(tests)[:5])}")
    if metadata.get("Version") != version:
        problems.append(f"{path.name}: Version {metadata.get('Version')} != {version} (_version.py)")
    if metadata.get("License-Expression") != LICENSE_EXPRESSION:
        problems.append(f"{path.name}: License-Expression is {metadata.get('License-Expression')!r}")
    if metadata.get("License-File") != "LICENSE":
        problems.append(f"{path.name}: License-File is {metadata.get('License-File')!r}")
    return problems


def check_sdist(path: Path, version: str) -> list[str]:
    """Problems of the sdist at ``path``."""
    top = f"blaxel_pulumi-{version}"
    with tarfile.open(path) as sdist:
        names = {n.removeprefix(f"{top}/") for n in sdist.getnames()}
    required = ["LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "PKG-INFO", f"{PACKAGE}/py.typed"]
    problems = [f"{path.name}: no {name}" for name in required if name not in names]
    leaked = sorted(n for n in names if n.split("/")[0] in (".venv", ".cache", ".git", "dist"))
    if leaked:
        problems.append(f"{path.name}: ships local files: {', '.join(leaked[:5])}")
    return problems


def main(argv: list[str]) -> int:
    """Check the one wheel and the one sdist in ``argv[1]``."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    dist, version = Path(argv[1]), project_version()
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if [w.name for w in wheels] != [f"blaxel_pulumi-{version}-py3-none-any.whl"] or len(sdists) != 1:
        print(f"expected one wheel and one sdist of version {version} in {dist}, found:", file=sys.stderr)
        print("  " + ", ".join(p.name for p in [*wheels, *sdists]), file=sys.stderr)
        return 1
    problems = check_wheel(wheels[0], version) + check_sdist(sdists[0], version)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{wheels[0].name} and {sdists[0].name}: license, py.typed, version {version}, no tests: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
