"""Write what the native provider derives from the field table: its schema.

`blaxel_pulumi/native/schema.json` is the Pulumi package schema (see `blaxel_pulumi/native/schema.py`), from
the same declarations as `BlaxelJob` (`JobInputs`/`JobOutputs` and the wire models). The typed SDKs of every
language, Python's `pulumi_blaxel` too, are generated from it by Pulumi's own code generators
(`scripts/gen-sdks.sh`, `make sdks`).

Run `python scripts/gen_schema.py` after changing a model; `--check` fails when a committed file is stale (a
unit test runs it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from generated import write_or_check

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from blaxel_pulumi.native.schema import SCHEMA_PATH, render  # noqa: E402


def main() -> int:
    files = {SCHEMA_PATH: render()}
    return write_or_check(__doc__, "gen_schema.py", files)


if __name__ == "__main__":
    raise SystemExit(main())
