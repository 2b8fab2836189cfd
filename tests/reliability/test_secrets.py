"""Secrets never appear in plaintext: not in the state, not in any command's output, not in errors or logs.

Canaries: the API key (stack config `blaxel:apiKey`, a secret, registered with the local Blaxel API), the
value of a secret env var (`pulumi config set --secret`), and the callback secrets Blaxel generates for
`http-async` triggers (read from the local API with `show_secrets`). Every command's stdout and stderr is
searched, verbose engine logs included, as is every file of the file backend (checkpoints, history and
backups), and the pickled provider.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from blaxel_pulumi.emulator import ApiKey
from blaxel_pulumi.provider import BlaxelJobProvider
from tests.e2e.pulumi_cli import CommandResult
from tests.reliability.conftest import MakeApi, MakeProject
from tests.reliability.support import FLEET, INPUTS, JOB, record

pytestmark = pytest.mark.e2e

API_KEY = "canary-apikey-3e9f1c7b"
WRONG_KEY = "canary-wrongkey-8d2a5e41"
ENV_VALUE = "canary-envvalue-b71f09d3"
WORKSPACE = "vault"


def leaks(text: str, canaries: list[str]) -> list[str]:
    """The canaries found in ``text`` (also base64-encoded: a pickle or a gRPC dump may carry them so)."""
    found = []
    for canary in canaries:
        encoded = base64.b64encode(canary.encode()).decode()[:16]
        if canary in text or encoded in text:
            found.append(canary)
    return found


def scan_files(root: Path, canaries: list[str]) -> dict[str, list[str]]:
    """Files under ``root`` that contain a canary."""
    hits = {}
    for path in root.rglob("*"):
        if path.is_file():
            found = leaks(path.read_text(encoding="utf-8", errors="replace"), canaries)
            if found:
                hits[str(path)] = found
    return hits


def test_canaries_never_appear_in_state_output_errors_or_logs(
    local_api: MakeApi, make_project: MakeProject, tmp_path: Path
) -> None:
    started = time.monotonic()
    api = local_api(keys=(ApiKey(key=API_KEY, workspace=WORKSPACE, admin=True),), deploy_seconds=0.3)
    logs = tmp_path / "glog"
    logs.mkdir()
    project = make_project(FLEET, {"BL_API_URL": api.api_url, "TMPDIR": str(logs)})
    project.config_set("count", "2")
    project.config_set("asyncTrigger", "true")
    project.config_set("blaxel:workspace", WORKSPACE)
    project.config_set("blaxel:apiKey", API_KEY, secret=True)
    project.config_set("secretEnv", ENV_VALUE, secret=True)
    results: dict[str, CommandResult] = {}

    results["preview --diff"] = project.run("preview", "--diff")
    results["up --diff"] = project.run("up", "--yes", "--skip-preview", "--diff")
    stored = api.stored(WORKSPACE, show_secrets=True)
    callbacks = [j["job"]["spec"]["triggers"][0]["configuration"]["callbackSecret"] for j in stored]
    envs = [e["value"] for j in stored for e in j["job"]["spec"]["runtime"]["envs"] if e.get("secret")]
    assert envs == [ENV_VALUE, ENV_VALUE], "the secret env value did not reach Blaxel"
    assert len(callbacks) == 2 and all(len(c) > 20 for c in callbacks)
    canaries = [API_KEY, WRONG_KEY, ENV_VALUE, *callbacks]
    outputs = project.outputs()  # --show-secrets: the values are in the state, encrypted
    assert outputs["secret_env_values"] == [{"TOKEN": ENV_VALUE}] * 2
    assert sorted(next(iter(c.values())) for c in outputs["callback_secrets"]) == sorted(callbacks)

    results["stack export"] = project.run("stack", "export", "--stack", project.stack)
    results["preview --diff (no change)"] = project.run("preview", "--diff")
    results["refresh --diff"] = project.run("refresh", "--yes", "--skip-preview", "--diff")
    results["stack output"] = project.run("stack", "output", "--json", "--stack", project.stack)
    results["preview --debug"] = project.run("preview", "--diff", "--debug")
    results["preview -v=9 --logtostderr"] = project.run("preview", "--diff", "--logtostderr", "-v=9")
    project.config_set("memory", "4096")
    results["up --diff --debug -v=9 (update)"] = project.run(
        "up", "--yes", "--skip-preview", "--diff", "--debug", "-v=9"
    )
    # Errors: a deployment that fails (its events are quoted), then a rejected key (401).
    project.config_set("images", json.dumps({"0": "blaxel/fail-worker:1"}))
    results["up (failed deployment)"] = project.run("up", "--yes", "--skip-preview", "--diff", check=False)
    assert "failed to deploy" in results["up (failed deployment)"].output
    project.run("config", "rm", "images", "--stack", project.stack)
    project.config_set("blaxel:apiKey", WRONG_KEY, secret=True)
    project.config_set("memory", "8192")  # so that `up` sends a request with the rejected key
    results["up (401)"] = project.run("up", "--yes", "--skip-preview", "--diff", check=False)
    assert "401 from Blaxel" in results["up (401)"].output
    results["refresh --run-program (401)"] = project.run(
        "refresh", "--yes", "--skip-preview", "--run-program", check=False
    )
    assert "401 from Blaxel" in results["refresh --run-program (401)"].output
    project.config_set("blaxel:apiKey", API_KEY, secret=True)
    results["refresh --run-program"] = project.run("refresh", "--yes", "--skip-preview", "--run-program")
    results["destroy --diff"] = project.run("destroy", "--yes", "--skip-preview", "--diff")
    assert api.stored(WORKSPACE) == []

    found = {name: leaks(result.output, canaries) for name, result in results.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}
    for name in ("up (failed deployment)", "up (401)", "refresh --run-program (401)"):
        assert results[name].returncode != 0 and "error:" in results[name].output, f"{name}: no error"
    backend = project.workdir.parent / "backend"
    assert scan_files(backend, canaries) == {}, "a checkpoint, history or backup file holds a canary"
    assert scan_files(logs, canaries) == {}, "a verbose log file holds a canary"
    assert list(logs.rglob("pulumi*")), "the -v=9 runs wrote no log file: the check above proves nothing"
    assert API_KEY not in (project.workdir / f"Pulumi.{project.stack}.yaml").read_text()
    record(
        "5. secrets canaries (key, secret env, callback secrets)",
        runs=", ".join(results),
        outcome=f"{len(canaries)} canaries absent from {len(results)} outputs, backend files, -v=9 logs",
        seconds=time.monotonic() - started,
    )


def test_the_pickled_provider_holds_no_canary_after_configure() -> None:
    provider = BlaxelJobProvider()
    raw = {"blaxel:apiKey": API_KEY, "blaxel:workspace": WORKSPACE, "blaxel:apiUrl": "http://127.0.0.1:9/v0"}
    provider.configure(ConfigureRequest(Config(raw_config=raw, project_name="p")))
    assert provider._settings({}).api_key == API_KEY  # configure() did take the key

    pickled = serialize_provider(provider)

    assert leaks(pickled, [API_KEY]) == []
    assert leaks(base64.b64decode(pickled).decode("latin-1"), [API_KEY, WORKSPACE]) == []


def test_a_secret_flag_given_as_a_string_never_stores_the_value_in_plaintext(
    local_api: MakeApi, make_project: MakeProject
) -> None:
    """`{"secret": "true"}` in a plain dict is read as the check reads it (true), so `BlaxelJob` moves the
    value out of `runtime` into the secret `secret_env_values`: never in plaintext in `preview --diff` or
    in the state."""
    api = local_api()
    project = make_project(INPUTS, api.env())
    env = {"name": "TOKEN", "value": ENV_VALUE, "secret": "true"}
    props = {"name": "flagged", "runtime": {"image": "blaxel/worker:1.0", "envs": [env]}}
    # The blob is secret config: plain config is printed by `--json` commands (their prelude event).
    project.config_set("cases", json.dumps({"flagged": props}), secret=True)

    preview = project.run("preview", "--diff", check=False)
    assert ENV_VALUE not in preview.output
    assert preview.returncode == 0, preview.output[-3000:]  # read as true, as the README promises
    up = project.up()
    state = project.export_stack_text()
    assert [r["id"] for r in project.resources(JOB)] == ["flagged"]
    assert leaks(preview.output + up.output, [ENV_VALUE]) == [], "the value is printed in plaintext"
    assert leaks(state, [ENV_VALUE]) == [], "the value is in the state in plaintext"
