"""Every kind but jobs passes the same lifecycle on the real CLI against the local Blaxel API, on both faces
(the Python class `Blaxel<Kind>` and the native provider's `blaxel:index:<Kind>` through the generated SDK
`pulumi_blaxel`): preview sends nothing; create; a no-op `up` writes nothing; a one-field change is one PUT
(after the GET that checks whose it is); drift shows on refresh and `up` reverts it; a rename replaces; a
secret never shows in plaintext in the state or the output; bad input is named at preview with no request;
destroy leaves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS
from blaxel_pulumi.core.property_names import camel
from tests.e2e.blaxel_api import BlaxelApi, summary, writes
from tests.e2e.pulumi_cli import PulumiProject, detailed_diff, diagnostics, is_secret, ops

pytestmark = pytest.mark.e2e

PROGRAM = Path(__file__).parent / "programs" / "kinds"
OWNER_LABEL = "blaxel-pulumi.owner"
CANARY = "sk-canary-kinds-7c1d"
"""The integration connection's secret (distinctive, to be searched for)."""


CHANGED = {
    "policy": "resource_types",
    "integration connection": "config",
    "volume template": "default_size",
    "volume": "size",
    "drive": "permissions",
    "model": "runtime",
    "function": "runtime",
    "agent": "runtime",
    "sandbox": "runtime",
}
"""The property variant `b` changes, by kind."""
FACES = ("dynamic", "native")
"""The two faces of every kind (the program's config `face`)."""


def _project(
    make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path, word: str, face: str
) -> PulumiProject:
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(PROGRAM, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    project.config_set("face", face)
    project.config_set("kind", word)
    project.config_set("secretValue", CANARY, secret=True)
    return project


def _name(face: str, key: str) -> str:
    """The name of property ``key`` on ``face`` (camelCase on the native face)."""
    return camel(key) if face == "native" else key


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("word", sorted(OBJECT_RESOURCE_KINDS))
def test_every_kind_lives_the_same_lifecycle(
    word: str, face: str, make_project: Callable[..., PulumiProject], blaxel: BlaxelApi, tmp_path: Path
) -> None:
    kind = OBJECT_RESOURCE_KINDS[word]
    collection = kind.api.collection
    title = kind.api.model.__name__
    token = f"blaxel:index:{title}" if face == "native" else f"pulumi-python:dynamic/blaxel:{title}"
    project = _project(make_project, blaxel, tmp_path, word, face)

    project.config_set("long", "true")
    bad = project.preview(check=False)
    assert bad.returncode != 0
    assert bad.requests == []
    too_long = f"{_name(face, 'display_name')}: String should have at most 63 characters"
    assert any(too_long in d for d in diagnostics(bad)), project.all_output()
    project.config_set("long", "false")

    preview = project.preview()
    assert ops(preview, token) == {"create": 1}
    assert preview.requests == []

    up = project.up()
    assert ops(up, token) == {"create": 1}
    assert writes(up.requests) == [f"POST /v0{collection}"]
    [name] = blaxel.stored_objects(collection)
    stored = blaxel.stored_objects(collection)[name]
    assert stored["metadata"]["labels"]["team"] == "platform"
    assert stored["metadata"]["labels"][OWNER_LABEL]
    assert stored["metadata"]["displayName"] == "Subject"
    if kind.rolls_out:
        assert stored["status"] == "DEPLOYED"

    noop = project.up()
    assert ops(noop, token) == {"same": 1}
    assert writes(noop.requests) == []

    project.config_set("variant", "b")
    planned = project.preview()
    assert ops(planned, token) == {"update": 1}
    paths = detailed_diff(planned, token)
    assert paths and {p.split(".")[0].split("[")[0] for p in paths} == {_name(face, CHANGED[word])}, paths
    changed = project.up()
    assert ops(changed, token) == {"update": 1}
    assert summary(changed.requests) == [
        f"GET /v0{collection}/{name} -> 200",
        f"PUT /v0{collection}/{name} -> 200",
    ]
    assert blaxel.stored_objects(collection)[name]["spec"] != stored["spec"]

    current = blaxel.stored_objects(collection)[name]
    labels = {**current["metadata"]["labels"], "team": "intruders"}
    body = {"metadata": {**current["metadata"], "labels": labels}, "spec": current["spec"]}
    blaxel.public.put(f"{collection}/{name}", json=body).raise_for_status()
    refresh = project.refresh()
    assert ops(refresh, token, outcome=True) == {"update": 1}
    [resource] = project.resources(token)
    assert resource["outputs"]["labels"] == {"team": "intruders"}
    reverted = project.up()
    assert ops(reverted, token) == {"update": 1}
    assert blaxel.stored_objects(collection)[name]["metadata"]["labels"]["team"] == "platform"
    assert ops(project.refresh(), token, outcome=True) == {"same": 1}

    project.config_set("name", f"{word.replace(' ', '-')}-renamed")
    renamed = project.up()
    assert ops(renamed, token) == {"replace": 1, "create-replacement": 1, "delete-replaced": 1}
    assert sorted(blaxel.stored_objects(collection)) == [f"{word.replace(' ', '-')}-renamed"]

    if "secret" in kind.secret_keys:
        assert CANARY not in project.export_stack_text()
        assert CANARY not in project.all_output()
        [resource] = project.resources(token)
        assert is_secret(resource["outputs"]["secret"])
        assert blaxel.stored_objects(collection)[f"{word.replace(' ', '-')}-renamed"]["spec"]["secret"] == {
            "apiKey": CANARY
        }

    if word == "agent":  # the program gives the agent a secret env var
        assert CANARY not in project.export_stack_text()
        assert CANARY not in project.all_output()
        [resource] = project.resources(token)
        runtime = resource["outputs"]["runtime"]
        assert [env for env in runtime["envs"] if env.get("secret")] == [{"name": "TOKEN", "secret": True}]
        assert is_secret(resource["outputs"][_name(face, "secret_env_values")])
        envs = blaxel.stored_objects(collection)[f"{word.replace(' ', '-')}-renamed"]["spec"]["runtime"][
            "envs"
        ]
        assert {"name": "TOKEN", "value": CANARY, "secret": True} in envs

    project.destroy()
    assert blaxel.stored_objects(collection) == {}


@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize(
    ("word", "key", "before", "after"),
    [("volume", "region", "us-pdx-1", "eu-lon-1"), ("sandbox", "kernel", "enabled", "disabled")],
)
def test_a_field_fixed_at_creation_replaces_the_object(
    word: str,
    key: str,
    before: str,
    after: str,
    face: str,
    make_project: Callable[..., PulumiProject],
    blaxel: BlaxelApi,
    tmp_path: Path,
) -> None:
    """A volume's region and a sandbox's kernel (`runtime.extra_args`) cannot be changed by a PUT (the
    spec): a change replaces the object, the old one deleted first (the name is kept), and exactly one is
    left, with the new value."""
    kind = OBJECT_RESOURCE_KINDS[word]
    collection = kind.api.collection
    title = kind.api.model.__name__
    token = f"blaxel:index:{title}" if face == "native" else f"pulumi-python:dynamic/blaxel:{title}"
    project = _project(make_project, blaxel, tmp_path, word, face)
    project.config_set("name", "fixed")
    project.config_set(key, before)
    project.up()

    def value(stored: dict[str, Any]) -> Any:
        spec = stored["spec"]
        return spec["region"] if word == "volume" else spec["runtime"]["extraArgs"]["tun"]

    assert value(blaxel.stored_objects(collection)["fixed"]) == before

    project.config_set(key, after)
    preview = project.preview()
    assert ops(preview, token) == {"replace": 1}
    assert preview.requests == []
    up = project.up()
    assert ops(up, token) == {"replace": 1, "create-replacement": 1, "delete-replaced": 1}
    assert writes(up.requests) == [f"DELETE /v0{collection}/fixed", f"POST /v0{collection}"]
    [stored] = blaxel.stored_objects(collection).values()
    assert value(stored) == after
    [resource] = project.resources(token)
    assert resource["outputs"]["region" if word == "volume" else "runtime"] == (
        after
        if word == "volume"
        else {"image": "blaxel/base:latest", "memory": 2048, _name(face, "extra_args"): {"tun": after}}
    )
