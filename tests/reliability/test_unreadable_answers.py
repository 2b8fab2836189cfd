"""Blaxel carried out a write but its answer cannot be read (issue 25 point 7).

A proxy or load balancer may swallow Blaxel's answer and return a 200 of its own: empty, or an HTML page.
The local API's `body` fault (with `after: true`) does exactly that: it processes the request, then answers
such a page. A create must then find its job with a GET and keep it in the state (before: `up` failed with
"the body is not JSON", the job was in no state, and a CI `destroy` exited 0 leaving it behind); an update
reads the job back; a delete waits for the job to go as usual.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.pulumi_cli import diagnostics
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import FLEET, JOB, faulted, record, state_jobs, successful_writes

pytestmark = pytest.mark.e2e

PAGE = "<html><head><title>OK</title></head><body>Request forwarded.</body></html>"
NAMES = ["rel-0", "rel-1"]


def unreadable(method: str, path: str, count: int, body: str = "") -> dict[str, object]:
    """A fault rule: carry out ``count`` matching requests, then answer 200 with ``body`` as HTML."""
    return {"method": method, "path": path, "kind": "body", "body": body, "after": True, "count": count}


def test_writes_whose_answers_cannot_be_read_are_tracked_and_destroyed(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    started = time.monotonic()
    api = local_api(deploy_seconds=0.5)
    project = make_project(FLEET, api.env())
    project.config_set("count", "2")
    api.add_faults([unreadable("POST", "^/v0/jobs$", 1), unreadable("POST", "^/v0/jobs$", 1, PAGE)])

    up = project.up(check=False)

    assert up.returncode == 0, "\n".join(diagnostics(up, "error"))[-4000:]
    log = api.requests()
    assert len(faulted(log)) == 2, "the faults did not fire: the test proves nothing"
    assert state_jobs(project) == NAMES, "a job created by an unreadable POST is not in the state"
    assert sorted(api.names()) == NAMES
    assert [e["method"] for e in successful_writes(log)] == ["POST", "POST"], "a job was posted twice"
    assert {n: j["revisions"] for n, j in api.by_name().items()} == dict.fromkeys(NAMES, 1)

    api.clear_requests()
    api.add_faults([unreadable("PUT", "^/v0/jobs/", 2, PAGE)])
    project.config_set("image", "blaxel/worker:2.0")
    update = project.up(check=False)
    assert update.returncode == 0, "\n".join(diagnostics(update, "error"))[-4000:]
    assert len(faulted(api.requests())) == 2
    images = {r["id"]: r["outputs"]["runtime"]["image"] for r in project.resources(JOB)}
    assert images == dict.fromkeys(NAMES, "blaxel/worker:2.0")

    api.clear_requests()
    api.add_faults([unreadable("DELETE", "^/v0/jobs/", 2, PAGE)])
    destroy = project.destroy(check=False)
    assert destroy.returncode == 0, "\n".join(diagnostics(destroy, "error"))[-4000:]
    assert len(faulted(api.requests())) == 2
    assert api.stored() == [], "destroy left jobs behind"
    assert state_jobs(project) == []
    record(
        "7. answers that cannot be read (empty / HTML 200 after the write)",
        runs="up, up (update), destroy",
        faults="2 POST, 2 PUT, 2 DELETE answered with an unreadable 200",
        outcome="jobs tracked once each, updated, destroyed",
        seconds=time.monotonic() - started,
    )
