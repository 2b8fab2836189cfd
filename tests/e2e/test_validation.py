"""Input mistakes stop `pulumi preview` and `pulumi up` before any request, naming the field to fix."""

from __future__ import annotations

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject
from tests.e2e.pulumi_cli import diagnostics

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("example", "key", "value", "field"),
    [
        ("scheduled", "schedule", "61 * * * *", "triggers[0].configuration.schedule"),
        ("quickstart", "name", "Bad_Name", "name: String should match pattern"),
    ],
    ids=["cron-minute-61", "name-pattern"],
)
def test_bad_input_fails_at_preview_naming_the_field_and_sends_no_request(
    example_project: ExampleProject, blaxel: BlaxelApi, example: str, key: str, value: str, field: str
) -> None:
    project = example_project(example, blaxel, config={key: value})

    preview = project.preview(check=False)
    assert preview.returncode != 0, preview.output[-3000:]
    errors = diagnostics(preview, "error")
    assert any(field in message for message in errors), errors
    assert "Traceback" not in preview.output, preview.output[-3000:]
    assert preview.requests == []

    # `pulumi up` as a person runs it (console text, which shows no debug messages): same failure
    up = project.run("up", "--yes", "--skip-preview", check=False)
    assert up.returncode != 0, up.output[-3000:]
    assert field in up.output
    assert "Traceback" not in up.output, up.output[-3000:]
    assert up.requests == []

    assert blaxel.requests() == []
    assert blaxel.stored_jobs() == {}
    assert project.resources(JOB) == []
