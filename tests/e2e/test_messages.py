"""What a user reads when `pulumi up` fails on the dynamic face: the message alone, as the native face does.

Each test runs `pulumi up` as a person types it (console text, no `--json`) and asserts the job's error
whole, as printed under `Diagnostics:`; the parts that differ between runs (a request id, a duration) are
replaced by placeholders first. The traceback is only shown under `pulumi up --debug`.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.blaxel_api import JOB, BlaxelApi, ExampleProject
from tests.e2e.pulumi_cli import CommandResult, PulumiProject, _documents
from tests.e2e.releases import release_bin

pytestmark = pytest.mark.e2e

JOB_ROW = "pulumi-python:dynamic/blaxel:Job (hello-job):"
PROGRAMS = Path(__file__).parent / "programs"


def normalised(text: str) -> str:
    """``text`` with what differs between runs replaced: request ids, durations."""
    text = re.sub(r"Request id: req-[0-9a-f]+", "Request id: <id>", text)
    return re.sub(r"\b\d+(\.\d+)? s\b", "<n> s", text)


def resource_diagnostics(result: CommandResult, row: str = JOB_ROW) -> str:
    """The block a resource has under `Diagnostics:` in the console output, unindented."""
    assert "Diagnostics:" in result.stdout, result.output[-3000:]
    lines = result.stdout.split("Diagnostics:", 1)[1].splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == row), None)
    assert start is not None, f"no {row!r} under Diagnostics:\n{result.stdout[-3000:]}"
    block = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        block.append(line[4:])
    return "\n".join(block)


def closed_port() -> int:
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_a_403_shows_the_message_alone_and_the_traceback_only_under_debug(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    env = {**blaxel.env, "BL_WORKSPACE": "someone-else"}
    project = example_project("quickstart", blaxel, env=env)

    up = project.run("up", "--yes", "--skip-preview", check=False)

    assert up.returncode != 0
    assert normalised(resource_diagnostics(up)) == (
        "error: 403 from Blaxel on POST /jobs: the key has no access to workspace 'someone-else'. The key "
        "comes from environment variable BL_API_KEY, the workspace from environment variable BL_WORKSPACE: "
        "set a key of that workspace, or the workspace of the key, there. Blaxel said: Forbidden: The API "
        "key has no access to workspace 'someone-else': use a key of that workspace or change "
        "X-Blaxel-Workspace. Request id: <id>."
    )
    assert "Traceback" not in up.output and 'File "' not in up.output, up.output[-3000:]

    debug = project.run("up", "--yes", "--skip-preview", "--debug", check=False)
    assert debug.returncode != 0
    assert "Traceback (most recent call last):" in debug.stdout
    traceback_line = next(line for line in debug.stdout.splitlines() if "the traceback of the error" in line)
    assert "pulumi-python:dynamic/blaxel:Job hello-job" in traceback_line  # on the job's row
    assert "Traceback" not in resource_diagnostics(debug).split("\n", 1)[0]


def test_an_unreachable_api_shows_the_message_alone(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v0"
    project = example_project("quickstart", blaxel, env={**blaxel.env, "BL_API_URL": url})

    up = project.run("up", "--yes", "--skip-preview", check=False)

    assert up.returncode != 0
    assert normalised(resource_diagnostics(up)) == (
        f"error: Could not connect to Blaxel at {url} (POST /jobs): [Errno 111] Connection refused. Check "
        "your network connection, DNS and proxy settings, and that blaxel:apiUrl or BL_API_URL (or BL_ENV) "
        "names the right host. Gave up after 5 attempts over <n> s (at most 5 attempts)."
    )
    assert "Traceback" not in up.output and "httpx" not in up.output, up.output[-3000:]


def test_rollout_progress_is_on_the_job_row_one_message_each(
    example_project: ExampleProject, tmp_path: Path
) -> None:
    with BlaxelApi(tmp_path / "slow.sqlite", deploy_seconds=2.0) as api:
        project = example_project("quickstart", api)
        up = project.up()

    _, events = _documents(up)
    progress = [
        e["diagnosticEvent"]
        for e in events
        if "diagnosticEvent" in e and "blaxel: job" in e["diagnosticEvent"].get("message", "")
    ]
    assert len(progress) >= 3, up.stdout[-3000:]  # UPLOADING ... DEPLOYED
    job_urn = f"urn:pulumi:dev::blaxel-quickstart::{JOB}::hello-job"
    assert {d.get("urn") for d in progress} == {job_urn}
    assert {d["severity"] for d in progress} == {"info"}
    for diagnostic in progress:
        assert re.fullmatch(
            r"blaxel: job hello-job-[0-9a-f]+: [A-Z]+ after [0-9.]+s(, waiting for DEPLOYED)?\n?",
            diagnostic["message"],
        ), diagnostic


def test_an_api_url_without_v0_is_named_on_the_404_of_the_create(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    url = blaxel.server.url  # the server's root: BL_API_URL without /v0
    project = example_project("quickstart", blaxel, env={**blaxel.env, "BL_API_URL": url})

    up = project.run("up", "--yes", "--skip-preview", check=False)

    assert up.returncode != 0
    assert normalised(resource_diagnostics(up)) == (
        f"error: 404 from Blaxel on POST /jobs: the endpoint was not found: the API URL {url} does not end "
        "in /v0. Set blaxel:apiUrl or BL_API_URL to Blaxel's base URL, ending in /v0 (e.g. "
        "https://api.blaxel.ai/v0). Blaxel said: Resource not found: There is no route POST /jobs: the local "
        "Blaxel API serves /v0/jobs, /v0/jobs/{jobId}, /v0/jobs/{jobId}/revisions, "
        "/v0/jobs/{jobId}/executions[/{executionId}[/tasks]], the other kinds' /v0/{collection}[/{name}] and "
        "/_emulator/. Request id: <id>."
    )


def test_a_refresh_or_destroy_with_an_api_url_without_v0_fails_and_the_state_keeps_every_job(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    """A state written by 0.1.0 records no `api_url`: its refresh and destroy go to the configured API. With
    BL_API_URL missing /v0 each GET of a job answers 404 (no such route): that must fail with the message,
    never drop the jobs from the state (refresh) or forget them on Blaxel (destroy)."""
    user_home = tmp_path / "user-home"
    user_home.mkdir()
    project = make_project(PROGRAMS / "upgrade", env={**blaxel.env, "HOME": str(user_home)})
    project.request_log = blaxel
    project.config_set("apiToken", "canary-404-token", secret=True)
    project.config_set("dbPassword", "canary-404-pw", secret=True)
    project.python_bin = release_bin("0.1.0")
    project.up()
    project.python_bin = None
    before = sorted(r["id"] for r in project.resources(JOB))
    assert len(before) == 2 and all(blaxel.stored_jobs().get(name) for name in before)
    root = blaxel.server.url  # BL_API_URL without /v0
    project.env_extra = {**project.env_extra, "BL_API_URL": root}

    for command in ("refresh", "destroy"):
        result = project.run(command, "--yes", "--skip-preview", check=False)

        assert result.returncode != 0, result.output[-3000:]
        assert normalised(resource_diagnostics(result, f"{JOB} (full):")) == (
            "error: 404 from Blaxel on GET /jobs/upgrade-full-dev: the endpoint was not found: the API "
            f"URL {root} does not end in /v0. Set blaxel:apiUrl or BL_API_URL to Blaxel's base URL, "
            "ending in /v0 (e.g. https://api.blaxel.ai/v0). Whether job 'upgrade-full-dev' exists is "
            "unknown until the URL is right. Blaxel said: Resource not found: There is no route GET "
            "/jobs/upgrade-full-dev: the local Blaxel API serves /v0/jobs, /v0/jobs/{jobId}, "
            "/v0/jobs/{jobId}/revisions, /v0/jobs/{jobId}/executions[/{executionId}[/tasks]], the other "
            "kinds' /v0/{collection}[/{name}] and /_emulator/. Request id: <id>."
        ), command
        assert {(r["method"], r["status"]) for r in result.requests} == {("GET", 404)}, command
        assert sorted(r["id"] for r in project.resources(JOB)) == before, command
        assert all(blaxel.stored_jobs().get(name) for name in before), command


def test_status_polls_failing_during_a_wait_are_reported_once_with_url_deadline_and_what_stopping_leaves(
    example_project: ExampleProject, tmp_path: Path
) -> None:
    with BlaxelApi(tmp_path / "down.sqlite", deploy_seconds=2.0) as api:
        project = example_project("quickstart", api)
        drop = {"method": "GET", "path": r"^/v0/jobs/hello-job-[0-9a-f]+$", "kind": "drop", "count": 10}
        api.control.post("/faults", json=[drop]).raise_for_status()  # two polls fail (5 attempts each)
        up = project.up()

    messages = [
        d["message"].rstrip("\n")
        for d in (e["diagnosticEvent"] for e in _documents(up)[1] if "diagnosticEvent" in e)
        if "blaxel: job" in d.get("message", "")
    ]
    about_polls = [m for m in messages if "poll" in m]
    assert len(about_polls) == 2, messages  # the first failure and the recovery; not each failed poll
    url = api.server.api_url
    assert re.fullmatch(
        r"blaxel: job (hello-job-[0-9a-f]+): a status poll failed \(The connection to Blaxel at "
        + re.escape(url)
        + r" broke during GET /jobs/\1: Server disconnected without sending a response\); still waiting for "
        r"DEPLOYED, polling Blaxel at "
        + re.escape(url)
        + r" until the deadline at \d\d:\d\d:\d\d \(in (19m[0-5]\d|20m00)s\)\. Stopping is safe "
        r"\(Ctrl-C twice: one waits for the operations in flight\): the job stays in Blaxel as sent and a "
        r"later `pulumi up` takes it up again \(README: 'After an interrupted `pulumi up`'\)\.",
        about_polls[0],
    ), about_polls[0]
    assert re.fullmatch(
        r"blaxel: job hello-job-[0-9a-f]+: Blaxel at " + re.escape(url) + r" answers again after \d+s of "
        r"failed polls",
        about_polls[1],
    ), about_polls[1]


def test_an_explicit_providers_403_names_where_the_key_and_the_workspace_came_from(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(PROGRAMS / "native_yaml_provider", env={**blaxel.env, "HOME": str(home)})
    project.config_set("workspace", "someone-else")

    up = project.run("up", "--yes", "--skip-preview", check=False)

    assert up.returncode != 0
    assert normalised(resource_diagnostics(up, "blaxel:index:Job (nightly):")) == (
        "error: 403 from Blaxel on POST /jobs: the key has no access to workspace 'someone-else'. The key "
        "comes from environment variable BL_API_KEY, the workspace from the provider's `workspace` argument: "
        "set a key of that workspace, or the workspace of the key, there. Blaxel said: Forbidden: The API "
        "key has no access to workspace 'someone-else': use a key of that workspace or change "
        "X-Blaxel-Workspace. Request id: <id>."
    )


def test_a_bad_cron_echoes_the_value_and_names_the_fields_out_of_range(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project("scheduled", blaxel, config={"schedule": "61 25 * * *"})

    preview = project.run("preview", check=False)

    assert preview.returncode != 0
    errors = [line.strip() for line in preview.stdout.splitlines() if "has a problem" in line]
    assert errors, preview.stdout[-3000:]
    assert errors[0].split("error: ", 1)[1] == (
        "pulumi-python:dynamic/blaxel:Job resource 'nightly-etl' has a problem: "
        "triggers[0].configuration.schedule is not a valid cron expression: in `61 25 * * *`, the minute "
        "field `61` is out of range (0-59), and the hour field `25` is out of range (0-23). Use five fields: "
        "minute (0-59) hour (0-23) day-of-month (1-31) month (1-12) day-of-week (0-7), e.g. `*/15 * * * *`."
    )
    assert preview.requests == []


def problems(result: CommandResult) -> list[str]:
    """The engine's "resource 'x' has a problem: ..." lines of a console preview, without `error: `."""
    found = [line.split("error: ", 1)[1] for line in result.stdout.splitlines() if "has a problem" in line]
    assert found, result.stdout[-3000:]
    return found


def test_an_execution_check_error_reads_like_a_jobs_and_names_no_value(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project("migrate-then-serve", blaxel, config={"timeout": "0"})

    preview = project.run("preview", check=False)

    assert preview.returncode != 0
    assert problems(preview)[0] == (
        "pulumi-python:dynamic/blaxel:JobExecution resource 'migrate-run' has a problem: timeout must be a "
        "number of seconds between 1 and 86400, e.g. 1800."
    )
    assert "{0}" not in preview.stdout and "property timeout value" not in preview.stdout


def test_a_word_for_a_boolean_is_rejected_not_taken_as_true(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi
) -> None:
    project = make_project(PROGRAMS / "trigger_flag", env=blaxel.env)
    project.config_set("enabled", "yes")

    preview = project.run("preview", check=False)

    assert preview.returncode != 0
    assert problems(preview)[0] == (
        "pulumi-python:dynamic/blaxel:Job resource 'flagged' has a problem: triggers[0].enabled is \"yes\", "
        "not a boolean: use true or false."
    )
    project.config_set("enabled", "false")
    assert project.run("preview").returncode == 0


def test_a_failed_deployment_quotes_the_events_without_double_punctuation(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    project = example_project("quickstart", blaxel, config={"image": "r/fail-on-purpose:1"})

    up = project.run("up", "--yes", "--skip-preview", check=False)

    assert up.returncode != 0
    message = resource_diagnostics(up)
    assert ".." not in message, message
    assert re.fullmatch(
        r"error: Job 'hello-job-[0-9a-f]+' in workspace 'local' failed to deploy \(last status FAILED\)\. "
        r"Last events: .*\(simulated failure\)\. Check the image and the job's settings, then run again; "
        r"`bl get job hello-job-[0-9a-f]+` shows the job's events\. The job was deleted again so that "
        r"nothing is left behind; fix the cause and run again\.",
        message,
    ), message


def test_a_job_someone_else_made_is_never_advised_for_deletion(
    example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    blaxel.create_job({"metadata": {"name": "theirs"}, "spec": {"runtime": {"image": "their/image:1"}}})
    project = example_project("quickstart", blaxel, config={"name": "theirs"})

    up = project.run("up", "--yes", "--skip-preview", check=False)

    assert up.returncode != 0
    assert resource_diagnostics(up) == (
        "error: A job named 'theirs' already exists in workspace 'local' and was not created by "
        "blaxel-pulumi (it has no `blaxel-pulumi.owner` label). To manage it with this resource, set "
        "`adopt=True` (`adopt: true`) on it (its settings are replaced by the program's; adoption happens at "
        "the resource's first create only) or `pulumi import` it; otherwise choose another `name`."
    )
    assert "bl delete" not in up.output
    assert blaxel.job("theirs")["spec"]["runtime"]["image"] == "their/image:1"


def test_a_job_deleted_after_a_401_on_gets_only_is_not_said_to_be_left_behind(
    example_project: ExampleProject, tmp_path: Path
) -> None:
    """Every GET of the job answers 401 (a key allowed to write but not to read): the create's wait fails,
    the job is deleted again (Blaxel accepts the DELETE) and only its disappearance cannot be checked."""
    with BlaxelApi(tmp_path / "gets-401.sqlite", deploy_seconds=1.0) as api:
        project = example_project("quickstart", api)
        rule = {"method": "GET", "path": "/jobs/hello-job-[0-9a-f]+$", "kind": "status", "status": 401}
        api.control.post("/faults", json=[rule]).raise_for_status()

        up = project.run("up", "--yes", "--skip-preview", check=False)

        assert up.returncode != 0
        name = up.requests[-1]["path"].rsplit("/", 1)[-1]
        statuses = [f"{r['method']} {r['status']}" for r in up.requests]
        assert statuses == ["POST 200", "GET 401", "DELETE 200", "GET 401"], statuses
        [error] = [line for line in resource_diagnostics(up).splitlines() if line.startswith("error:")]
        assert normalised(error) == (
            f"error: 401 from Blaxel on GET /jobs/{name}: the API key was rejected; set blaxel:apiKey "
            "(pulumi config set --secret) or BL_API_KEY. (`pulumi refresh` and `pulumi destroy` use the "
            "configuration of the last update: after changing the key, run `pulumi up` or add "
            "`--run-program`.) Blaxel said: Unauthorized: Injected fault: rule 1 (status) of the local "
            "Blaxel API. Request id: <id>. The job was deleted again so that nothing is left behind (Blaxel "
            f"accepted its DELETE), but that it is gone could not be checked (GET /jobs/{name} answered "
            f"401). Fix the cause and run again; if `bl get job {name}` still shows it then, `pulumi up` "
            "takes it over (it carries this resource's ownership label)."
        )
        assert api.stored_jobs() == {}  # deleted indeed (delete_seconds is 0 here)
