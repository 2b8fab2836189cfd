"""The local Blaxel API against the official spec: bodies generated from the spec, responses validated by it.

Nothing here reads ``blaxel_pulumi.api.models``: the request bodies come from the spec's ``Job`` schema
(:mod:`tests.contract.spec`), and every response whose status the spec documents is validated against the
spec's schema for that status. A stateful machine runs create -> get -> update -> list -> delete sequences
over a few names and checks each outcome against a model of what exists. Bounded: a fixed seed and a fixed
number of examples.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema  # type: ignore[import-untyped]  # no stubs
import pytest
from hypothesis import HealthCheck, Phase, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from blaxel_pulumi.emulator import ApiKey, EmulatorConfig, EmulatorServer

from .spec import request_schema, response_schema
from .strategies import from_schema

KEY = ApiKey(key="contract-key", workspace="contract", admin=True, principal="contract@example.com")
HEADERS = {"Authorization": f"Bearer {KEY.key}", "Blaxel-Version": "2026-04-28"}
NAMES = ("alpha", "beta-2", "c")
"""The job names the sequences use: few, so that get/update/delete often meet an existing job."""

EXAMPLES = 40
"""Sequences per run; each runs up to ``STEPS`` calls."""
STEPS = 12


def validate(response: httpx.Response, path: str) -> None:
    """The response matches the spec's schema for its status; an undocumented status is an error body."""
    schema = response_schema(path, response.request.method, response.status_code)
    body = response.json()
    if schema is not None:
        jsonschema.Draft4Validator(schema).validate(body)
        return
    assert response.status_code >= 400, f"{response.status_code} is not documented by the spec"
    assert isinstance(body, dict) and isinstance(body.get("error"), str), body


def job_bodies(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Jobs valid under the spec, named ``name``."""
    return from_schema(request_schema()).map(
        lambda body: {**body, "metadata": {**body["metadata"], "name": name}}
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorServer]:
    db: Path = tmp_path_factory.mktemp("contract") / "emulator.sqlite"
    with EmulatorServer(EmulatorConfig(db_path=db, keys=(KEY,))) as running:
        yield running


class JobsContract(RuleBasedStateMachine):
    """Random sequences of job calls against one local API, checked against the spec and a model."""

    http: httpx.Client

    def __init__(self) -> None:
        super().__init__()
        self.http.delete("/_emulator/jobs").raise_for_status()
        self.existing: dict[str, dict[str, Any]] = {}

    def call(self, method: str, path: str, template: str, body: Any = None) -> httpx.Response:
        response = self.http.request(method, f"/v0{path}", json=body, headers=HEADERS)
        validate(response, template)
        return response

    @rule(data=st.data(), name=st.sampled_from(NAMES))
    def create(self, data: st.DataObject, name: str) -> None:
        body = data.draw(job_bodies(name))
        response = self.call("POST", "/jobs", "/jobs", body)
        if name in self.existing:
            assert response.status_code == 409, response.text
            return
        assert response.status_code == 200, response.text
        assert response.json()["metadata"]["name"] == name
        self.existing[name] = body

    @rule(name=st.sampled_from(NAMES))
    def get(self, name: str) -> None:
        response = self.call("GET", f"/jobs/{name}", "/jobs/{jobId}")
        assert response.status_code == (200 if name in self.existing else 404), response.text

    @rule(data=st.data(), name=st.sampled_from(NAMES))
    def update(self, data: st.DataObject, name: str) -> None:
        body = data.draw(job_bodies(name))
        response = self.call("PUT", f"/jobs/{name}", "/jobs/{jobId}", body)
        assert response.status_code == (200 if name in self.existing else 404), response.text
        if name in self.existing:
            self.existing[name] = body

    @rule(name=st.sampled_from(NAMES))
    def delete(self, name: str) -> None:
        response = self.call("DELETE", f"/jobs/{name}", "/jobs/{jobId}")
        assert response.status_code == (200 if name in self.existing else 404), response.text
        self.existing.pop(name, None)

    @invariant()
    def listing(self) -> None:
        response = self.call("GET", "/jobs", "/jobs")
        assert response.status_code == 200, response.text
        listed = {job["metadata"]["name"] for job in response.json()["data"]}
        assert listed == set(self.existing)


def test_job_endpoints_follow_the_spec(server: EmulatorServer) -> None:
    with httpx.Client(base_url=server.url, timeout=10) as http:
        JobsContract.http = http
        run_state_machine_as_test(
            JobsContract,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                database=None,
                derandomize=True,
                phases=(Phase.explicit, Phase.generate),  # no shrinking: a failure shows its sequence at once
                suppress_health_check=list(HealthCheck),
            ),
        )


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/jobs"), ("POST", "/jobs"), ("GET", "/jobs/x"), ("PUT", "/jobs/x"), ("DELETE", "/jobs/x")],
)
def test_every_job_endpoint_requires_credentials(server: EmulatorServer, method: str, path: str) -> None:
    """The spec's security: every job operation needs a bearer API key or an OAuth2 token."""
    body = {"metadata": {"name": "x"}, "spec": {}} if method in ("POST", "PUT") else None
    with httpx.Client(base_url=server.api_url, timeout=10) as http:
        response = http.request(method, path, json=body)
    assert response.status_code == 401
    validate(response, "/jobs" if path == "/jobs" else "/jobs/{jobId}")
