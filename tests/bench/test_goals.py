"""bench/goals.py's native rows: issue 15's concurrency goal judged on the measured figure."""

from __future__ import annotations

from typing import Any

from bench.goals import NATIVE_WAIT_GOAL, _native


def _results(default: float, parallel16: float, ratios: list[float | None]) -> dict[str, Any]:
    def cell(up_over_deploy: float) -> dict[str, float]:
        return {"up_over_deploy": up_over_deploy, "waiting_over_deploy": up_over_deploy - 1.0}

    overhead = {"1": {f"op{i}": {"native_over_noop": r} for i, r in enumerate(ratios)}}
    summary = {
        "concurrency": {"default": cell(default), "parallel16": cell(parallel16)},
        "overhead": overhead,
    }
    return {"native": {"summary": summary}}


def test_each_concurrency_row_is_judged_on_the_whole_up_against_the_goal() -> None:
    rows = _native(_results(NATIVE_WAIT_GOAL + 0.5, NATIVE_WAIT_GOAL, [1.2, 1.4]))
    assert [r["status"] for r in rows] == ["FAIL", "PASS", "REPORTED"]
    assert rows[0]["measured"].startswith(f"{NATIVE_WAIT_GOAL + 0.5:.2f} (wait alone: ")
    assert rows[2]["measured"] == "1.20-1.40"


def test_no_native_part_gives_no_row_and_a_missing_ratio_is_left_out() -> None:
    assert _native({}) == []
    rows = _native(_results(1.0, 1.0, [None, 1.3]))
    assert rows[-1]["measured"] == "1.30-1.30"
