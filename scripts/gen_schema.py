"""Write the native provider's Pulumi package schema (`blaxel_pulumi/native/schema.json`) from the fields.

The schema derives from the same declarations as `BlaxelJob` (`blaxel_pulumi/provider/schema.py`'s
`JobInputs`/`JobOutputs` and the wire models), see `blaxel_pulumi/native/schema.py`. Run
`python scripts/gen_schema.py` after changing a model; `--check` fails when the committed file is stale (a
unit test runs it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from blaxel_pulumi.native.schema import SCHEMA_PATH, render  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = parser.parse_args()
    text = render()
    stale = not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != text
    if args.check:
        if stale:
            print(f"{SCHEMA_PATH} is out of date: run `python scripts/gen_schema.py`", file=sys.stderr)
        return 1 if stale else 0
    if stale:
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
