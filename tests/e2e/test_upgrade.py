"""Upgrades never break a stack: stacks written by every released version keep working with the working tree.

For each release of `tests/e2e/releases.py` (rebuilt from this repository's history, cached), the same program
(`programs/upgrade`, written against 0.1.0's public API) is run on two stacks with the release's package:
`dev` is created and refreshed, `untouched` is only created. Then the same stacks are driven by the working
tree's package (its virtualenv first on `PATH`: the language host and the dynamic-provider plugin run the
first `python` there) and must show: no replacement and no change in `preview`, no drift in `refresh`, an
update that sends exactly one `PUT` and changes nothing else on the server, a `destroy` (straight from the
release's state, too) that leaves nothing behind, and no secret in plaintext in any state, console output,
file or request log on the way. The stored state must also agree with the provider's upgrade steps
(`blaxel_pulumi.core.state`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi.core.state import STATE_VERSION, VERSION_KEY, Part, upgrade
from tests.e2e.blaxel_api import JOB, BlaxelApi, by_method, writes
from tests.e2e.pulumi_cli import REPO_ROOT, CommandResult, PulumiProject, change_summary, is_secret, ops
from tests.e2e.releases import RELEASES, release_bin

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "upgrade"
READY = "pulumi-python:dynamic/blaxel:JobsReady"

API_TOKEN = "canary-upgrade-token-6c1f"
DB_PASSWORD = "canary-upgrade-db-pw-0a7d"
SECRETS = {"apiToken": API_TOKEN, "dbPassword": DB_PASSWORD}

IN_PLACE_UPDATES_ON_UPGRADE: dict[str, frozenset[str]] = {version: frozenset() for version in RELEASES}
"""Per release: the resources (by name) that the first `pulumi up` after upgrading from it may update in
place. Empty: an upgrade changes nothing. Each entry needs its reason in CHANGELOG.md."""

NEW_RESOURCES_ON_UPGRADE: dict[str, frozenset[str]] = {"0.1.0": frozenset({"blaxel-stack-identity"})}
"""Per release: resources (by name) that the first `pulumi up` after upgrading from it creates. 0.1.0 had no
stack identity (CHANGELOG: "Ownership"); the jobs keep the markers they were created with."""

KNOWN_ONLY_AFTER_A_READ: dict[str, str] = {
    "server_fields": "what the job has beyond the program: 0.1.0 did not record it, the next read does",
    "workspace": (
        "a read stores it among the inputs only when it differs from the configured workspace (0.1.0 always "
        "did, which showed as `- workspace` in the next diff): only the provider's configuration tells"
    ),
}
"""``{key: reason}``: stored keys whose value after a refresh may differ from what the upgrade steps make of
a release's state, because only the server knows it (e.g. something a release did not store). Every other
key must agree (see `_agrees_with_upgrade`)."""


def _leaks(text: str, canaries: list[str]) -> list[str]:
    return [c for c in canaries if c in text]


def _files_with(root: Path, canaries: list[str], skip: Path) -> list[str]:
    """``file: canary`` for every file under ``root`` (except under ``skip``) holding a canary."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_relative_to(skip):
            data = path.read_bytes()
            found += [f"{path.relative_to(root)}: {c}" for c in canaries if c.encode() in data]
    return found


def _resources(state: Mapping[str, Any], type_token: str = JOB) -> dict[str, dict[str, Any]]:
    """The resources of ``type_token`` of an exported state, by resource name."""
    resources = state["deployment"].get("resources") or []
    return {r["urn"].rsplit("::", 1)[-1]: r for r in resources if r.get("type") == type_token}


def _ops_by_resource(result: CommandResult) -> list[tuple[str, str]]:
    """``(resource name, operation)`` of every step a command planned (`--json` preview) or announced."""
    text = result.stdout.strip()
    if text.startswith("{") and "\n{" not in text:  # a `--json` preview: one document with its steps
        return [(step["urn"].rsplit("::", 1)[-1], step["op"]) for step in json.loads(text).get("steps", [])]
    events = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    return [
        (meta["urn"].rsplit("::", 1)[-1], meta["op"])
        for meta in (e["resourcePreEvent"]["metadata"] for e in events if "resourcePreEvent" in e)
    ]


def _no_change(
    result: CommandResult,
    what: str,
    allowed: frozenset[str] = frozenset(),
    new: frozenset[str] = frozenset(),
) -> None:
    """The command planned or made no change to any resource, beyond in-place updates of ``allowed`` and
    the creation of ``new`` resources (never a replacement or a deletion)."""
    changes = [(name, op) for name, op in _ops_by_resource(result) if op not in ("same", "read")]
    unexpected = [
        (name, op)
        for name, op in changes
        if not (op == "update" and name in allowed) and not (op == "create" and name in new)
    ]
    assert unexpected == [], f"{what}: {unexpected}\n{result.output[-4000:]}"
    assert set(change_summary(result)) <= {"same", "update", "create"}, f"{what}: {change_summary(result)}"


def _plain(props: Mapping[str, Any]) -> dict[str, Any]:
    """The non-secret properties of an exported resource (secret ones are ciphertext, checked apart); a key
    whose value is None is absent (the engine does not store nulls)."""
    return {k: v for k, v in props.items() if not is_secret(v) and k != "__provider" and v is not None}


def _agrees_with_upgrade(
    written: Mapping[str, Any], current: Mapping[str, Any], part: Part, what: str
) -> None:
    """``current`` (what the working tree stored after reading the job) holds every key that ``upgrade``
    makes of ``written`` (what the release stored for the same job), with the same value. Keys only the
    working tree writes may be missing from the upgraded state (the next read fills them in)."""
    upgraded = _plain(upgrade(_plain(written), part))
    upgraded = {k: v for k, v in upgraded.items() if k not in KNOWN_ONLY_AFTER_A_READ}
    now = _plain(current)
    stale = sorted(set(upgraded) - set(now))
    assert stale == [], f"{what}: the upgrade leaves keys the current version no longer writes: {stale}"
    differing = {k: (upgraded[k], now[k]) for k in upgraded if upgraded[k] != now[k]}
    assert differing == {}, f"{what}: upgraded (left) and current (right) state differ: {differing}"


def _wire_settings(job: Mapping[str, Any]) -> dict[str, Any]:
    """What a job on the server is made of: its metadata and spec, without the server's bookkeeping."""
    bookkeeping = {"createdAt", "updatedAt", "createdBy", "updatedBy", "url", "plan", "workspace"}
    return {
        "metadata": {k: v for k, v in job["metadata"].items() if k not in bookkeeping},
        "spec": job["spec"],
    }


def _callback_secrets(api: BlaxelApi) -> list[str]:
    """The callback secrets Blaxel generated for the http-async triggers of every job on the server."""
    found = []
    for entry in api.stored_jobs().values():
        for trigger in entry["job"]["spec"].get("triggers") or []:
            secret = (trigger.get("configuration") or {}).get("callbackSecret")
            if secret:
                found.append(secret)
    return found


@pytest.mark.parametrize("version", list(RELEASES))
def test_stacks_written_by_a_release_keep_working_with_the_working_tree(
    version: str,
    make_project: Callable[..., PulumiProject],
    blaxel: BlaxelApi,
    tmp_path: Path,
) -> None:
    release = release_bin(version)
    user_home = tmp_path / "user-home"
    user_home.mkdir()
    env = {**blaxel.env, "HOME": str(user_home)}
    dev = make_project(PROGRAM, env=env)
    untouched = PulumiProject(dev.bin_dir, dev.workdir, dict(env), stack="untouched")
    untouched.run("stack", "init", "untouched")
    for project in (dev, untouched):
        project.request_log = blaxel
        for key, value in SECRETS.items():
            project.config_set(key, value, secret=True)

    # -- the release creates both stacks; `dev` is refreshed and previewed by it too -----------------------
    dev.python_bin = untouched.python_bin = release
    assert ops(dev.up(), JOB) == {"create": 2}
    package = dev.run("stack", "output", "package_file", "--stack", "dev").stdout.strip()
    assert Path(package).is_relative_to(release.parent), f"{version}'s program imported {package}"
    dev.refresh()  # what the release stores after a read (inputs included)
    # The release's own view, for failure messages only: the server here is the working tree's local API, and
    # a release may have had bugs against it (drift) that the working tree fixes.
    own = [(name, op) for name, op in _ops_by_resource(dev.preview()) if op not in ("same", "read")]
    own_view = f"(the release's own preview showed {own or 'no change'})"
    assert ops(untouched.up(), JOB) == {"create": 2}
    written = {"dev": dev.export_stack(), "untouched": untouched.export_stack()}
    jobs_written = {name: _wire_settings(entry["job"]) for name, entry in blaxel.stored_jobs().items()}
    assert len(jobs_written) == 4
    canaries = [API_TOKEN, DB_PASSWORD, *_callback_secrets(blaxel)]
    assert len(canaries) == 2 + 2 * 2  # one callback secret per http-async trigger
    allowed = IN_PLACE_UPDATES_ON_UPGRADE[version]
    new = NEW_RESOURCES_ON_UPGRADE.get(version, frozenset())

    # -- the same stacks with the working tree's package -------------------------------------------------
    dev.python_bin = untouched.python_bin = None
    preview = dev.preview()
    _no_change(preview, f"first preview after upgrading from {version} {own_view}", allowed, new)
    assert preview.requests == []
    dev.run("preview", "--diff")  # console text, searched for secrets below

    refresh = dev.refresh()
    assert set(ops(refresh, JOB, outcome=True)) == {"same"}, refresh.output[-4000:]
    assert set(by_method(refresh.requests)) == {"GET"}
    refreshed = dev.export_stack()
    for name, resource in _resources(refreshed).items():
        before = _resources(written["dev"])[name]
        assert resource["outputs"][VERSION_KEY] == STATE_VERSION
        assert resource["inputs"][VERSION_KEY] == STATE_VERSION
        for part in ("inputs", "outputs"):
            _agrees_with_upgrade(before[part], resource[part], part, f"{part} of {name} {own_view}")
        for key in ("secret_env_values", "trigger_callback_secrets"):
            assert is_secret(resource["outputs"][key]), f"{name}.{key} is not a secret after the upgrade"
    _no_change(dev.preview(), f"preview after refreshing a stack of {version}", allowed, new)

    first_up = dev.up()
    _no_change(first_up, f"first `pulumi up` after upgrading from {version}", allowed, new)
    first_writes = writes(first_up.requests)
    assert len(first_writes) <= len(allowed), first_writes  # in-place updates of `allowed` only, if any
    assert all(w.startswith("PUT ") for w in first_writes), first_writes
    package = dev.run("stack", "output", "package_file", "--stack", "dev").stdout.strip()
    assert Path(package).is_relative_to(REPO_ROOT), f"the working tree's program imported {package}"

    dev.config_set("memory", "4096")
    update = dev.up()
    assert ops(update, JOB) == {"update": 1, "same": 1}, update.output[-4000:]
    assert writes(update.requests) == ["PUT /v0/jobs/upgrade-full-dev"]
    expected = json.loads(json.dumps(jobs_written["upgrade-full-dev"]))
    expected["spec"]["runtime"]["memory"] = 4096
    after = {name: _wire_settings(entry["job"]) for name, entry in blaxel.stored_jobs().items()}
    assert after["upgrade-full-dev"] == expected, "the update changed more than the memory on the server"
    assert {k: v for k, v in after.items() if k != "upgrade-full-dev"} == {
        k: v for k, v in jobs_written.items() if k != "upgrade-full-dev"
    }
    updated = dev.export_stack()
    for name, resource in _resources(updated).items():
        assert resource["outputs"][VERSION_KEY] == STATE_VERSION, name
    _no_change(dev.preview(), "preview after the update")

    # -- `untouched`: previewed, then destroyed straight from the release's state --------------------------
    _no_change(untouched.preview(), f"preview of an untouched stack of {version}", allowed, new)
    untouched_state = untouched.export_stack_text()
    assert _resources(json.loads(untouched_state)) == _resources(written["untouched"])  # as the release wrote
    destroy = untouched.destroy()
    assert ops(destroy, JOB) == {"delete": 2}, destroy.output[-4000:]
    assert writes(destroy.requests).count("DELETE /v0/jobs/upgrade-full-untouched") == 1
    destroy = dev.destroy()
    assert ops(destroy, JOB) == {"delete": 2}
    assert blaxel.stored_jobs() == {}
    assert blaxel.listed_names() == []

    # -- no secret in plaintext anywhere on the way --------------------------------------------------------
    states = [json.dumps(s) for s in (*written.values(), refreshed, updated)] + [untouched_state]
    for text in states:
        assert _leaks(text, canaries) == [], "a secret is in plaintext in an exported state"
    for project in (dev, untouched):
        assert _leaks(project.all_output(), canaries) == [], f"a secret was printed ({project.stack})"
    assert _files_with(tmp_path, canaries, skip=blaxel.db_path.parent) == []
    assert _leaks(json.dumps(blaxel.requests()), canaries) == []
