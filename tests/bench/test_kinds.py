"""The 10-kind benchmark's arithmetic (bench/kinds.py, its parts of bench/report.py, bench/state.py and
bench/emulator.py): requests split by collection, ratios, requests per object, state per object."""

from __future__ import annotations

import json
from typing import Any

from bench.emulator import classify_by_collection
from bench.kind_program import KINDS, OPERATIONS
from bench.kinds import count_requests
from bench.report import kinds_lines, summarize_kinds
from bench.state import analyze_kinds, kind_title


def _entry(seq: int, method: str, path: str, status: int = 200) -> dict[str, Any]:
    return {"seq": seq, "method": method, "path": path, "status": status}


def test_requests_are_split_by_the_longest_collection_their_path_starts_with() -> None:
    entries = [
        _entry(1, "POST", "/v0/integrations/connections"),
        _entry(2, "GET", "/v0/integrations/connections/a"),
        _entry(3, "POST", "/v0/jobs"),
        _entry(4, "GET", "/v0/jobs-x/b", 404),
    ]

    split = classify_by_collection(entries, ["/integrations", "/integrations/connections", "/jobs"])

    assert split == {
        "": {"GET": 1, "HTTP 404": 1},
        "/integrations/connections": {"POST": 1, "GET poll": 1},
        "/jobs": {"POST": 1},
    }
    assert count_requests(entries[:1])["requests_by_kind"] == {"integration connection": {"POST": 1}}


def test_the_ten_kinds_are_the_nine_object_kinds_and_jobs() -> None:
    assert len(KINDS) == 10
    assert len({collection for _word, collection, _title in KINDS}) == 10
    assert kind_title("pulumi-python:dynamic/bench:NoopVolumeTemplate") == "VolumeTemplate"
    assert kind_title("pulumi-python:dynamic/blaxel:VolumeTemplate") == "VolumeTemplate"


def _export(entries: dict[str, int]) -> str:
    resources: list[dict[str, Any]] = [{"type": "pulumi:pulumi:Stack", "urn": "s"}]
    for token, pad in entries.items():
        resources.append({"type": token, "outputs": {"x": "y" * pad}})
    return json.dumps({"deployment": {"resources": resources}})


def test_summary_ratios_requests_per_object_and_state_per_object() -> None:
    count = 2
    records = [
        {
            "repeat": repeat,
            "warmup": warm,
            "size": count,
            "provider": provider,
            "op": op,
            "seconds": seconds * (100.0 if warm else 1.0) + repeat,
            **(
                {
                    "requests": {"POST": 20},
                    "requests_by_kind": {"policy": {"POST": 2}, "job": {"POST": 2, "GET": 1}},
                }
                if provider == "ours"
                else {}
            ),
        }
        for warm, repeats in ((True, [0]), (False, [0, 1]))
        for repeat in repeats
        for op, _label in OPERATIONS
        for provider, seconds in (("ours", 3.0), ("noop", 2.0))
    ]
    ours_state = analyze_kinds(
        _export(
            {"pulumi-python:dynamic/blaxel:Policy": 90, "pulumi-python:dynamic/blaxel:StackIdentity": 10}
        ),
        "ours",
        count,
    )
    noop_state = analyze_kinds(_export({"pulumi-python:dynamic/bench:NoopPolicy": 40}), "noop", count)
    part: dict[str, Any] = {
        "count": count,
        "repeats": 2,
        "records": records,
        "state": {"2": {"ours": {"after_create": ours_state}, "noop": {"after_create": noop_state}}},
        "leftover_jobs": [],
    }

    part["summary"] = summary = summarize_kinds(part)

    create = summary["wall"]["create"]
    assert (create["ours"]["median"], create["noop"]["median"], create["ratio"]) == (3.5, 2.5, 3.5 / 2.5)
    assert create["requests_per_job"] == {"POST": 10.0}  # per copy of the 10 objects
    assert summary["requests_per_object"]["refresh"]["job"] == {"GET": 0.5, "POST": 1.0}
    assert summary["requests_per_object"]["refresh"]["drive"] == {}
    assert ours_state["objects_in_state"] == 1  # the stack identity is not an object
    assert ours_state["export_bytes_per_object"] == ours_state["export_bytes"]
    entry = summary["state"]["entry_bytes"]
    assert entry["StackIdentity"] == {
        "ours": ours_state["resource_bytes_mean"]["StackIdentity"],
        "noop": None,
        "ratio": None,
    }
    assert entry["Policy"]["ratio"] == entry["Policy"]["ours"] / entry["Policy"]["noop"]
    text = "\n".join(kinds_lines(part))
    assert "| up: create 10 x N | 3.50 [3.00-4.00] | 2.50 [2.00-3.00] | 1.40 |" in text
    assert "| job | 1 POST, 0.5 GET | 1 POST, 0.5 GET | 1 POST, 0.5 GET | 1 POST, 0.5 GET |" in text
    assert "| drive | none | none | none | none |" in text
    assert "| `StackIdentity` | " in text and " | - | - |" in text
