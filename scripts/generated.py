"""What the generators (`gen_args.py`, `gen_schema.py`) share: ruff's formatting of generated Python, and
writing the generated files, or with ``--check`` failing when a committed one is out of date."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ruff(text: str, path: Path, *args: str) -> str:
    """``text`` as ruff (a dev dependency, next to this Python) writes it at ``path`` with ``args``."""
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if proc.returncode != 0 and not proc.stdout:
        raise SystemExit(f"ruff {' '.join(args)} failed on {path}:\n{proc.stderr}")
    return str(proc.stdout)


def formatted(text: str, path: Path, *, sort_imports: bool = False) -> str:
    """``text`` as `ruff format` writes it at ``path``; with ``sort_imports``, its imports sorted first."""
    if sort_imports:
        text = _ruff(text, path, "check", "--fix", "--select", "I")
    return _ruff(text, path, "format")


def replace_region(text: str, name: str, body: str, comment: str = "") -> str:
    """``text`` with what stands between its markers ``<!-- generated:name -->`` and
    ``<!-- /generated:name -->`` (each after ``comment``, e.g. ``# ``) replaced by ``body``."""
    begin, end = f"{comment}<!-- generated:{name} -->\n", f"{comment}<!-- /generated:{name} -->"
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[:start] + body + text[stop:]


def write_or_check(description: str | None, script: str, files: Mapping[Path, str]) -> int:
    """The generator's command line: write each of ``files`` whose text differs; with ``--check``, write
    nothing and fail (1) naming each one out of date and the command (``python scripts/<script>``)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs")
    args = parser.parse_args()
    stale = [path for path, text in files.items() if not path.exists() or path.read_text() != text]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run `python scripts/{script}`", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(files[path])
        print(f"wrote {path}")
    return 0
