"""Job bodies shared by the unit tests: the seed page's examples and a job with every field set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.core.ownership import OWNER_LABEL

__all__ = ["SECRET_ENV_VALUE", "full_job", "minimal_job", "seed_request", "seed_response"]

DATA = Path(__file__).parent / "data"
SECRET_ENV_VALUE = "env-canary-0b7c1d"
"""Value of the secret env var of :func:`full_job`; must never appear in an error message."""


def seed_request() -> dict[str, Any]:
    """The request body of the seed page (PUT /v0/jobs/{jobId}), copied verbatim."""
    data: dict[str, Any] = json.loads((DATA / "seed_request.json").read_text())
    return data


def seed_response() -> dict[str, Any]:
    """The response body of the seed page, copied verbatim."""
    data: dict[str, Any] = json.loads((DATA / "seed_response.json").read_text())
    return data


def minimal_job(name: str = "nightly-report", owner: str | None = None, **labels: str) -> Job:
    """A small valid job; ``owner`` sets the ownership label."""
    all_labels = dict(labels)
    if owner is not None:
        all_labels[OWNER_LABEL] = owner
    return Job.model_validate(
        {
            "metadata": {"name": name, "labels": all_labels or None},
            "spec": {"runtime": {"image": "job/nightly-report:1", "memory": 2048}},
        }
    )


def full_job() -> Job:
    """A job with every field of the models set, read-only ones included."""
    return Job.model_validate(
        {
            "metadata": {
                "name": "full-job",
                "displayName": "Full job",
                "labels": {"team": "data", OWNER_LABEL: "stack/urn"},
                "externalId": "ext-123",
                "createdAt": "2026-01-01T00:00:00Z",
                "updatedAt": "2026-01-02T00:00:00Z",
                "createdBy": "alice",
                "updatedBy": "bob",
                "plan": "pro",
                "url": "https://run.blaxel.ai/ws/jobs/full-job",
                "workspace": "ws",
            },
            "spec": {
                "enabled": True,
                "policies": ["eu-only"],
                "region": "eu-lon-1",
                "revision": {
                    "active": "rev-1",
                    "canary": "rev-2",
                    "canaryPercent": 10,
                    "stickySessionTtl": 60,
                    "traffic": 90,
                },
                "runtime": {
                    "envs": [
                        {"name": "MODE", "value": "batch", "secret": False},
                        {"name": "TOKEN", "value": SECRET_ENV_VALUE, "secret": True},
                    ],
                    "generation": "mk3",
                    "image": "job/full-job:1",
                    "maxConcurrentTasks": 4,
                    "maxRetries": 2,
                    "memory": 4096,
                    "ports": [{"target": 8080, "name": "http", "protocol": "HTTP"}],
                    "timeout": 900,
                    "diskPercent": 50,
                },
                "triggers": [
                    {
                        "id": "hourly",
                        "type": "cron",
                        "enabled": True,
                        "configuration": {
                            "authenticationType": "blaxel",
                            "callbackSecret": "cb-secret",
                            "callbackUrl": "https://example.com/done",
                            "path": "/invoke",
                            "retry": 1,
                            "schedule": "0 * * * *",
                            "tasks": [{"n": 1}],
                            "timeout": 300,
                        },
                    }
                ],
                "volumes": [
                    {
                        "name": "scratch",
                        "mountPath": "/mnt/scratch",
                        "type": "ephemeral",
                        "sizeMb": 1024,
                        "readOnly": False,
                    }
                ],
                "githubRunner": {"repositories": ["my-org/repo-a"]},
            },
            "events": [
                {
                    "type": "deployment",
                    "status": "DEPLOYED",
                    "message": "Deployment successful",
                    "revision": "rev-1",
                    "canaryRevision": "rev-2",
                    "time": "2026-01-02T00:00:00Z",
                }
            ],
            "status": "DEPLOYED",
        }
    )
