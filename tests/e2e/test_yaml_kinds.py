"""The other kinds on the native provider from YAML programs, on the real CLI against the local Blaxel API:
`examples/yaml-platform` (a volume and the sandbox attaching it, a policy and the agent naming it: created
in dependency order, a no-op `up` writes nothing, one field is one `PUT`, destroyed in reverse order), the
lookup function `blaxel:index:getVolume` (an object made outside the program is read and never written; a
missing one fails with the kind and the name), and `pulumi import` of every kind round-tripping to "no
changes".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.e2e.blaxel_api import BlaxelApi, ExampleProject, summary, writes
from tests.e2e.pulumi_cli import PulumiProject, diagnostics, ops
from tests.e2e.test_language_hosts import language_host
from tests.kind_specs import COLLECTIONS, SPECS, TOKENS

pytestmark = pytest.mark.e2e

PROGRAMS = Path(__file__).parent / "programs"


def _first(requests: list[str], entry: str) -> int:
    return requests.index(entry)


def test_the_yaml_platform_example_creates_in_dependency_order_and_destroys_in_reverse(
    bin_dir: Path, example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    language_host(bin_dir, "pulumi-language-yaml")
    project = example_project("yaml-platform", blaxel, config={"volumeSize": "1024"})
    preview = project.preview()
    assert preview.requests == []
    assert ops(preview, TOKENS["volume"]) == {"create": 1}

    up = project.up()
    for word in ("policy", "volume", "sandbox", "agent"):
        assert ops(up, TOKENS[word]) == {"create": 1}, word
    posts = writes(up.requests)
    assert _first(posts, "POST /v0/volumes") < _first(posts, "POST /v0/sandboxes")
    assert _first(posts, "POST /v0/policies") < _first(posts, "POST /v0/agents")
    sandbox = blaxel.stored_objects("/sandboxes")["yaml-workbench"]
    assert sandbox["spec"]["volumes"] == [{"name": "yaml-data", "mountPath": "/data"}]
    assert blaxel.stored_objects("/agents")["yaml-assistant"]["spec"]["policies"] == ["yaml-residency"]
    assert project.outputs()["volumeStatus"] == "DEPLOYED"

    noop = project.up()
    assert writes(noop.requests) == []

    project.config_set("volumeSize", "2048")
    changed = project.up()
    assert ops(changed, TOKENS["volume"]) == {"update": 1}
    assert writes(changed.requests) == ["PUT /v0/volumes/yaml-data"]
    assert blaxel.stored_objects("/volumes")["yaml-data"]["spec"]["size"] == 2048

    destroy = project.destroy()
    deletes = writes(destroy.requests)
    assert _first(deletes, "DELETE /v0/sandboxes/yaml-workbench") < _first(
        deletes, "DELETE /v0/volumes/yaml-data"
    )
    assert _first(deletes, "DELETE /v0/agents/yaml-assistant") < _first(
        deletes, "DELETE /v0/policies/yaml-residency"
    )
    for collection in ("/policies", "/volumes", "/sandboxes", "/agents"):
        assert blaxel.stored_objects(collection) == {}, collection


def _yaml_project(
    make_project: Callable[..., PulumiProject], bin_dir: Path, blaxel: BlaxelApi, tmp_path: Path, source: Path
) -> PulumiProject:
    language_host(bin_dir, "pulumi-language-yaml")
    home = tmp_path / "user-home"
    home.mkdir()
    project = make_project(source, env={**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    return project


def test_the_lookup_function_reads_a_volume_made_elsewhere_and_never_writes_it(
    make_project: Callable[..., PulumiProject], bin_dir: Path, blaxel: BlaxelApi, tmp_path: Path
) -> None:
    body = {
        "metadata": {"name": "shared-data", "labels": {"made-by": "console"}},
        "spec": {"size": 4096, "region": "eu-lon-1"},
    }
    blaxel.public.post("/volumes", json=body).raise_for_status()
    before = blaxel.stored_objects("/volumes")["shared-data"]
    project = _yaml_project(make_project, bin_dir, blaxel, tmp_path, PROGRAMS / "native_lookup_yaml")

    up = project.up()
    assert ops(up, TOKENS["sandbox"]) == {"create": 1}
    assert writes(up.requests) == ["POST /v0/sandboxes"], summary(up.requests)
    assert "GET /v0/volumes/shared-data -> 200" in summary(up.requests)
    box = blaxel.stored_objects("/sandboxes")["lookup-box"]
    assert box["spec"]["region"] == "eu-lon-1"
    assert box["spec"]["volumes"] == [{"name": "shared-data", "mountPath": "/shared"}]
    outputs = project.outputs()
    assert outputs["sharedSize"] == 4096 and outputs["sharedLabels"] == {"made-by": "console"}

    project.destroy()
    assert blaxel.stored_objects("/sandboxes") == {}
    assert blaxel.stored_objects("/volumes")["shared-data"]["metadata"] == before["metadata"]

    project.config_set("volumeName", "nowhere")
    missing = project.preview(check=False)
    assert missing.returncode != 0
    text = "\n".join(diagnostics(missing))
    assert "volume nowhere: not found in workspace 'local'" in text, project.all_output()
    assert "Traceback" not in missing.stdout + missing.stderr


@pytest.mark.parametrize("word", sorted(SPECS))
def test_an_import_of_every_kind_round_trips_to_no_changes(
    word: str, bin_dir: Path, blaxel: BlaxelApi, tmp_path: Path
) -> None:
    language_host(bin_dir, "pulumi-language-yaml")
    source = tmp_path / "src" / "imported"
    source.mkdir(parents=True)
    (source / "Pulumi.yaml").write_text("name: imported\nruntime: yaml\nresources: {}\n", encoding="utf-8")
    home = tmp_path / "user-home"
    home.mkdir()
    project = PulumiProject.from_dir(source, tmp_path, bin_dir, {**blaxel.env, "HOME": str(home)})
    project.request_log = blaxel
    body = {"metadata": {"name": "legacy", "labels": {"made-by": "console"}}, "spec": SPECS[word]}
    blaxel.public.post(COLLECTIONS[word], json=body).raise_for_status()

    generated = tmp_path / "generated.yaml"
    imported = project.run("import", TOKENS[word], "legacy", "legacy", "--yes", "--out", str(generated))
    assert writes(imported.requests) == [], summary(imported.requests)
    [resource] = project.resources(TOKENS[word])
    assert resource["id"] == "legacy"
    code = yaml.safe_load(generated.read_text(encoding="utf-8"))
    path = project.workdir / "Pulumi.yaml"
    program = yaml.safe_load(path.read_text(encoding="utf-8"))
    program["resources"] = code["resources"]
    path.write_text(yaml.safe_dump(program, sort_keys=False), encoding="utf-8")

    preview = project.preview()
    assert ops(preview, TOKENS[word]).keys() <= {"same"}, ops(preview, TOKENS[word])
    assert preview.requests == []
    up = project.up()
    assert ops(up, TOKENS[word]) == {"same": 1}
    assert summary(up.requests) == []
