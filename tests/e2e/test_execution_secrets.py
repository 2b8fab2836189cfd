"""What a failed task says about its secret env override never reaches the state, the backend's files or the
console in plaintext (`BlaxelJobExecution`, the dynamic face: executions have no native resource).

The program (tests/e2e/programs/execution_secrets) runs a job with the secret env override `DATABASE_URL`;
its second task fails with a message that quotes the URL as is and JSON-escaped (the local Blaxel API
expands `${NAME}` and `${NAME:json}` in a task's `"fail_message"` from the execution's env). The URL holds
a `"` and a `\\`, so that its JSON-escaped form differs from it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import BlaxelApi
from tests.e2e.pulumi_cli import PulumiProject, diagnostics, is_secret, ops

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "execution_secrets"
EXECUTION = "pulumi-python:dynamic/blaxel:JobExecution"
MARK = "canary-pw-4e1d"
"""In every form of the URL (as is, JSON-escaped, inside an encoded state): searched for."""
DATABASE_URL = f'postgres://app:{MARK}"q\\z@db/app'


def files_containing(root: Path, needle: str, skip: Path) -> list[str]:
    """Files under ``root`` (except under ``skip``) whose bytes contain ``needle``."""
    return [
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and not path.is_relative_to(skip) and needle.encode() in path.read_bytes()
    ]


def _project(make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path) -> PulumiProject:
    home = tmp_path / "user-home"
    home.mkdir(exist_ok=True)
    project = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    project.config_set("databaseUrl", DATABASE_URL, secret=True)
    return project


def test_a_failed_task_quoting_a_secret_env_value_leaves_it_nowhere_in_plaintext(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    """Before: with wait=False, the failed task's message, quoting the URL, was in plain in the state's
    `failed_tasks` after a refresh (exports, history, backups); the error of a failed `up` (wait=True) was
    masked by the engine only (`[secret]`). Now: the known secret values are redacted from what tasks say
    (every form), and `failed_tasks` is a secret."""
    project = _project(make_project, blaxel, tmp_path)
    project.config_set("wait", "false")
    started = project.up()
    assert ops(started, EXECUTION) == {"create": 1}
    execution_id = project.outputs()["execution_id"]
    # the API did quote the URL (so not finding it below means something)
    [state] = project.resources(EXECUTION)
    job_name = state["inputs"]["job"]
    seen = blaxel.public.get(f"/jobs/{job_name}/executions/{execution_id}")
    deadline = time.monotonic() + 30
    while seen.json()["status"] not in ("failed", "succeeded") and time.monotonic() < deadline:
        time.sleep(0.2)
        seen = blaxel.public.get(f"/jobs/{job_name}/executions/{execution_id}")
    assert seen.json()["status"] == "failed"
    assert DATABASE_URL in seen.text or json.dumps(DATABASE_URL)[1:-1] in seen.text

    project.refresh()  # reads the ended run: its failed tasks are recorded
    [state] = project.resources(EXECUTION)
    assert is_secret(state["outputs"]["failed_tasks"]), state["outputs"]["failed_tasks"]
    shown = project.run("stack", "export", "--show-secrets", "--stack", project.stack).json()
    [shown_state] = [r for r in shown["deployment"]["resources"] if r["type"] == EXECUTION]
    [message] = json.loads(shown_state["outputs"]["failed_tasks"]["plaintext"])
    assert message.startswith("task-1: ") and "cannot connect to [redacted]" in message, message
    assert '{"url": "[redacted]"}' in message, message
    project.run("stack", "output", "--json", "--stack", project.stack)
    state_text = project.export_stack_text()

    project.config_set("wait", "true")  # a new run, waited for: it fails, and so does `up`
    project.config_set("runKey", "2")
    failed = project.up(check=False)
    assert failed.returncode != 0
    errors = "\n".join(diagnostics(failed, "error"))
    assert "ended with status 'failed'" in errors and "task-1" in errors, errors
    assert "cannot connect to [redacted]" in errors, errors
    project.destroy()

    assert MARK not in state_text
    printed = [r.output for r in project.history if "--show-secrets" not in r.args]  # asked for: skipped
    assert MARK not in "\n".join(printed)
    assert files_containing(tmp_path, MARK, skip=blaxel.db_path.parent) == []
