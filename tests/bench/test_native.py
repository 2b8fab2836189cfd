"""bench/native.py's arithmetic: the figures and the PASS/FAIL verdict of the concurrency goal."""

from __future__ import annotations

from typing import Any

from bench.lifecycle import OPERATIONS
from bench.native import GOAL, KINDS, markdown, summarize


def _concurrency(ups: dict[str, list[float]], deploy: float = 2.0) -> dict[str, Any]:
    return {
        "jobs": 16,
        "deploy_seconds": deploy,
        "engine_default_parallel": 8,
        "goal_up_over_deploy": GOAL,
        "variants": [{"key": key, "label": key, "flags": []} for key in ups],
        "records": [
            {"variant": key, "seconds": s, "peak_concurrent_waits": 16, "requests": {}}
            for key, seconds in ups.items()
            for s in seconds
        ],
    }


def test_up_over_deploy_is_judged_against_the_goal_and_the_reference_is_removed_beside_it() -> None:
    part = {
        "concurrency": _concurrency({"reference": [1.6], "default": [3.0, 2.5, 9.0], "parallel16": [2.7]})
    }

    summary = summarize(part)["concurrency"]

    assert summary["default"]["up_seconds_median"] == 3.0
    assert summary["default"]["up_over_deploy"] == 1.5
    assert summary["default"]["waiting_over_deploy"] == (3.0 - 1.6) / 2
    assert summary["default"]["verdict"] == "FAIL"
    assert summary["parallel16"]["verdict"] == "FAIL"  # 1.35 > 1.3
    assert summary["reference"]["verdict"] is None
    assert (
        summarize({"concurrency": _concurrency({"reference": [1.0], "default": [2.6]})})["concurrency"][
            "default"
        ]["verdict"]
        == "PASS"
    )


def test_overhead_is_each_operation_over_the_no_op_floor_and_the_warm_up_is_left_out() -> None:
    records = [
        {"warmup": warm, "size": 1, "op": op, "kind": kind, "seconds": seconds}
        for warm, factor in ((True, 100.0), (False, 1.0))
        for op, _label in OPERATIONS
        for kind, seconds in (("native", 3.0 * factor), ("dynamic", 4.0 * factor), ("noop", 2.0 * factor))
    ]
    part: dict[str, Any] = {"overhead": {"sizes": [1], "repeats": 1, "records": records}}

    part["summary"] = summarize(part)

    cell = part["summary"]["overhead"]["1"]["create"]
    assert (cell["native_over_noop"], cell["dynamic_over_noop"]) == (1.5, 2.0)
    assert set(KINDS) <= set(cell)
    text = markdown(part)
    assert "| 1 | up: create N | 3.00 | 4.00 | 2.00 | 1.50 | 2.00 |" in text
