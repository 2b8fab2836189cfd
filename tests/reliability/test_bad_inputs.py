"""Bad input: `pulumi preview` fails with a message naming the field, without a traceback or any request.

The program (programs/inputs) builds one `BlaxelJob` from a JSON blob in stack config, so each preview
tries a new input without editing code. Pulumi stops a preview at the first resource whose check fails,
but reports every failure of that resource: the fast test merges cases that set disjoint fields into one
resource (a handful of previews for the whole table); the heavy one previews each case alone.
"""

from __future__ import annotations

import json
import re
import time

import pytest

from tests.e2e.pulumi_cli import CommandResult, PulumiProject, diagnostics
from tests.reliability.bad_inputs import CASES, Case, bundle
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import INPUTS, LocalApi, record

pytestmark = pytest.mark.e2e

_FAILURE = re.compile(r"resource '(?P<resource>[^']*)' has a problem: ", re.S)
_TOP_LEVEL = re.compile(r"^[a-z_]+")


def check_failures(result: CommandResult) -> list[tuple[str, str, str]]:
    """(resource, top-level property, reason) of every check failure the engine reported. The reason starts
    with the field's full path; the engine prints no property value beside it (no dump of a whole input)."""
    found = []
    for message in diagnostics(result, "error"):
        match = _FAILURE.search(message)
        if match:
            reason = message[match.end() :].strip()
            prop = _TOP_LEVEL.match(reason)
            found.append((match["resource"], prop[0] if prop else "", reason))
    return found


def preview_cases(project: PulumiProject, api: LocalApi, cases: list[Case], props: dict[str, object]) -> None:
    api.clear_requests()
    project.config_set("cases", json.dumps({"bad": props}))
    result = project.preview(check=False)
    assert result.returncode != 0, f"preview accepted {[c.id for c in cases]}"
    assert "Traceback" not in result.output
    assert "value {map[" not in result.output, "the engine dumped a whole input beside a failure"
    failures = check_failures(result)
    assert failures, result.output[-3000:]
    assert {resource for resource, _, _ in failures} == {"bad"}
    for case in cases:
        matching = [
            reason
            for _, prop, reason in failures
            if prop == case.prop and reason.startswith(case.path) and case.fragment in reason
        ]
        assert matching, f"{case.id}: no failure on `{case.prop}` starting with {case.path!r}: {failures}"
    assert api.requests() == [], "preview sent requests to Blaxel"


def test_invalid_inputs_fail_preview_naming_the_field(local_api: MakeApi, make_project: MakeProject) -> None:
    started = time.monotonic()
    api = local_api()
    project = make_project(INPUTS, api.env())
    groups = bundle(CASES)
    for cases, props in groups:
        preview_cases(project, api, cases, props)
    record(
        f"4. bad inputs, bundled ({len(CASES)} cases)",
        runs=f"preview x{len(groups)}",
        outcome=f"{len(CASES)} inputs rejected naming the field; no traceback, no request",
        seconds=time.monotonic() - started,
    )


@pytest.mark.heavy
def test_each_invalid_input_alone_fails_preview(local_api: MakeApi, make_project: MakeProject) -> None:
    started = time.monotonic()
    api = local_api()
    project = make_project(INPUTS, api.env())
    for case in CASES:
        preview_cases(project, api, [case], case.props)
    record(
        f"4. bad inputs, one preview each ({len(CASES)} cases, heavy)",
        runs=f"preview x{len(CASES)}",
        outcome=f"{len(CASES)} inputs rejected naming the field; no traceback, no request",
        seconds=time.monotonic() - started,
    )


def test_inputs_given_as_strings_do_not_cause_a_perpetual_diff(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """`memory: "2048"` (what `pulumi.Config().get` returns) and `enabled: "true"` pass the check, and the
    check stores them converted, so later previews compare 2048 with the 2048 Blaxel reports: no update."""
    api = local_api()
    project = make_project(INPUTS, api.env())
    props = {
        "name": "coerced",
        "enabled": "true",
        "runtime": {"image": "blaxel/worker:1.0", "memory": "2048"},
    }
    project.config_set("cases", json.dumps({"coerced": props}))
    up = project.up(check=False)
    # The README promises these are accepted (stored as validated), not rejected.
    assert up.returncode == 0, check_failures(up) or up.output[-3000:]
    stored = {j["job"]["metadata"]["name"]: j["job"] for j in api._control("GET", "/jobs")}
    assert stored["coerced"]["spec"]["runtime"]["memory"] == 2048
    preview = project.preview()
    steps = [s["op"] for s in preview.json().get("steps", []) if s.get("urn", "").endswith("::coerced")]
    assert steps in ([], ["same"]), f"perpetual diff after up: {steps}"
