"""Where the benchmarks' results go: ``results.json`` (raw figures and summaries), ``results.md`` (the
tables) and ``wall_time.png``, written by ``make bench`` (:mod:`bench.run`) and by a part run alone
(``python -m bench.kinds``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench import goals, native, report

__all__ = ["write", "write_results"]


def write(results: dict[str, Any], out_dir: Path) -> str:
    """Write ``results`` into ``out_dir``: ``results.json``, ``results.md`` and the plot; the markdown."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    text = report.markdown(results)
    if "native" in results:  # issue 15: the native provider's own section
        text += "\n" + native.markdown(results["native"])
    (out_dir / "results.md").write_text(text, encoding="utf-8")
    report.plot(results, out_dir / "wall_time.png")
    return text


def write_results(stored: dict[str, Any], out_dir: Path) -> str:
    """Recompute the summaries and goals of ``stored`` results from their raw figures, and write them
    (``--render-only``, and ``python -m bench.kinds`` after replacing part ``kinds``); the markdown."""
    summary = stored["summary"]  # recomputed from the raw figures (JSON sorted the sizes as text)
    summary["lifecycle"] = report.summarize_lifecycle(stored["lifecycle"]["records"])
    summary["floor"] = report.summarize_floor(stored["lifecycle"]["floor"], summary["lifecycle"])
    if "concurrency" in stored:
        summary["concurrency"] = report.summarize_concurrency(stored["concurrency"])
    if "kinds" in stored:
        stored["kinds"]["summary"] = report.summarize_kinds(stored["kinds"])
    stored["goals"] = goals.evaluate(stored)
    return write(stored, out_dir)
