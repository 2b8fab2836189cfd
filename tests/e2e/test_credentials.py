"""Missing credentials stop `pulumi preview` (the resource's `check`) with one clear message and no request.

The message names every place to set the value: `pulumi config set --secret blaxel:apiKey`, `BL_API_KEY`,
`bl login` (`~/.blaxel/config.yaml`), and likewise for the workspace; it never names an argument the resource
does not have, and no Python traceback comes with it. `blaxel:skipCredentialsCheck` lets a preview without
secrets pass; `up` then still fails before any request.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject
from tests.e2e.pulumi_cli import CommandResult, PulumiProject, diagnostics, ops

pytestmark = pytest.mark.e2e

KEY_PLACES = ("No Blaxel API key found", "pulumi config set --secret blaxel:apiKey", "BL_API_KEY", "bl login")
SKIP = "pulumi config set blaxel:skipCredentialsCheck true"
WORKSPACE_PLACES = ("No Blaxel workspace found", "pulumi config set blaxel:workspace", "BL_WORKSPACE")


def _errors(result: CommandResult) -> str:
    assert result.returncode != 0, f"expected a failure:\n{result.output[-3000:]}"
    assert "Traceback" not in result.output, result.output[-3000:]
    assert "`api_key` argument" not in result.output  # a resource has no such argument
    return "\n".join(diagnostics(result, "error"))


def _nothing_happened(project: PulumiProject, blaxel: BlaxelApi) -> None:
    assert blaxel.requests() == [], "a request was sent without credentials"
    assert blaxel.stored_jobs() == {}
    assert project.resources(JOB) == []


def test_preview_without_any_credentials_fails_naming_where_to_set_them(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project("quickstart", blaxel, env={"BL_API_URL": blaxel.server.api_url})

    errors = _errors(project.preview(check=False))

    assert "resource 'hello-job' has a problem: No Blaxel API key found" in errors
    for needle in (*KEY_PLACES, *WORKSPACE_PLACES, "~/.blaxel/config.yaml", SKIP):
        assert needle in errors, f"{needle!r} not in:\n{errors}"
    # `pulumi up` as a person types it (console text): the same message, before any request
    up = project.run("up", "--yes", check=False)
    assert up.returncode != 0
    assert "Traceback" not in up.output, up.output[-3000:]
    for needle in KEY_PLACES:
        assert needle in up.output, f"{needle!r} not in:\n{up.output[-3000:]}"
    _nothing_happened(project, blaxel)


def test_preview_with_a_workspace_but_no_key_names_only_the_key(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    env = {"BL_API_URL": blaxel.server.api_url, "BL_WORKSPACE": blaxel.workspace}
    project = example_project("quickstart", blaxel, env=env)

    errors = _errors(project.preview(check=False))

    for needle in KEY_PLACES:
        assert needle in errors
    assert "No Blaxel workspace found" not in errors
    assert f"~/.blaxel/config.yaml (no entry for workspace '{blaxel.workspace}')" not in errors
    _nothing_happened(project, blaxel)


def test_skip_credentials_check_lets_preview_pass_and_up_still_fails_before_any_request(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project(
        "quickstart",
        blaxel,
        env={"BL_API_URL": blaxel.server.api_url},
        config={"blaxel:skipCredentialsCheck": "true"},
    )

    preview = project.preview()
    assert ops(preview, JOB) == {"create": 1}
    assert preview.requests == []

    up = project.up(check=False)
    assert up.returncode != 0
    assert "No Blaxel API key found" in up.output
    _nothing_happened(project, blaxel)


def test_credentials_from_bl_login_file_are_enough(
    example_project: ExampleProject, blaxel: BlaxelApi, tmp_path: Path
) -> None:
    """The third place the message names: `~/.blaxel/config.yaml` as `bl login` writes it."""
    login = {
        "context": {"workspace": blaxel.workspace},
        "workspaces": [{"name": blaxel.workspace, "credentials": {"apiKey": blaxel.key}}],
    }
    config_file = tmp_path / "user-home" / ".blaxel" / "config.yaml"  # the HOME example_project gives
    config_file.parent.mkdir(parents=True)
    config_file.write_text(yaml.safe_dump(login), encoding="utf-8")
    project = example_project("quickstart", blaxel, env={"BL_API_URL": blaxel.server.api_url})

    preview = project.preview()
    assert ops(preview, JOB) == {"create": 1}
    project.up()
    assert len(blaxel.stored_jobs()) == 1
