"""The documentation's generated reference pages are current and complete, and what a user's run of the
examples writes is ignored by git."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from blaxel_pulumi.api.settings import CONFIG_KEYS, ENV_VARS
from blaxel_pulumi.api.wire import submodel
from blaxel_pulumi.core.execution_check import RUN_KEYS
from blaxel_pulumi.core.schema import INTERNAL_KEYS, REPLACE_KEYS, JobInputs
from blaxel_pulumi.native.schema import JOB_TOKEN, OBJECT_KIND_TOKENS, SCHEMA_PATH

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "docs" / "reference"


def _rows(page: str, section: str = "") -> dict[str, list[str]]:
    """``{first cell without backticks: the other cells}`` of every table row of ``page`` (of its
    ``## section`` alone when given)."""
    text = (REFERENCE / page).read_text(encoding="utf-8")
    if section:
        text = text.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def _input_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, info in model.model_fields.items():
        if not prefix and name in INTERNAL_KEYS:
            continue
        path = f"{prefix}{name}"
        paths.append(path)
        sub, is_list = submodel(info.annotation)
        if sub is not None:
            paths += _input_paths(sub, f"{path}[]." if is_list else f"{path}.")
    return [p for p in paths if not p.endswith("callback_secret")]


def test_reference_pages_are_generated_from_the_declarations() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_the_blaxel_job_page_lists_every_input_and_what_replaces_the_job() -> None:
    rows = _rows("blaxel-job.md")
    for path in _input_paths(JobInputs):
        assert path in rows, f"docs/reference/blaxel-job.md has no row for the input `{path}`"
        replaces = rows[path][2] == "replaces the job"
        assert replaces == (path in REPLACE_KEYS), (path, rows[path])
    assert rows["deployment_timeout"][1] == "`1200`"


def _pages() -> dict[str, str]:
    """The reference page of each resource of the native schema, by token."""
    pages = {JOB_TOKEN: "native-job.md"}
    for token in OBJECT_KIND_TOKENS:
        title = token.rsplit(":", 1)[1]
        pages[token] = "kinds/" + re.sub(r"(?<!^)([A-Z])", r"-\1", title).lower() + ".md"
    return pages


@pytest.mark.parametrize("token", sorted(_pages()))
def test_the_native_page_of_each_resource_lists_every_schema_property_and_type(token: str) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    resource = schema["resources"][token]
    page = _pages()[token]
    inputs = _rows(page, "Inputs")
    word = "job" if token == JOB_TOKEN else OBJECT_KIND_TOKENS[token].api.word
    for name, spec in resource["inputProperties"].items():
        assert name in inputs, name
        assert (f"replaces the {word}" in inputs[name]) == bool(spec.get("replaceOnChanges")), name
    rows = _rows(page)
    text = (REFERENCE / page).read_text(encoding="utf-8")
    pending, seen = [resource], set()
    while pending:  # every type the resource refers to, directly or through another type
        for ref in re.findall(r'"#/types/([^"]+)"', json.dumps(pending.pop())):
            if ref not in seen:
                seen.add(ref)
                pending.append(schema["types"][ref])
                assert f"### {ref.rsplit(':', 1)[1]}" in text, (page, ref)
                for name in schema["types"][ref]["properties"]:
                    assert name in rows, (page, ref, name)
    others = {t.rsplit(":", 1)[1] for t in schema["types"] if t not in seen}
    assert not {f"### {name}" for name in others} & set(text.splitlines()), page


def test_the_execution_page_says_which_inputs_run_the_job_again() -> None:
    rows = _rows("blaxel-job-execution.md")
    for name in ("job", "tasks", "env", "memory", "run_key", "wait", "timeout", "allow_queue", "workspace"):
        assert (rows[name][2] == "runs a new execution") == (name in RUN_KEYS), (name, rows[name])
    assert rows["job"][1] == "required"
    assert {"execution_id", "status", "stats", "failed_tasks"} <= set(rows)


def test_the_provider_page_names_every_setting_and_its_variable() -> None:
    rows = _rows("provider.md")
    for setting, key in CONFIG_KEYS.items():
        assert key in rows, key
        assert rows[key][0] == f"`{ENV_VARS[setting]}`"


def test_every_page_of_docs_is_in_the_site_navigation() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, dict):
            return [p for v in nav.values() for p in pages(v)]
        if isinstance(nav, list):
            return [p for v in nav for p in pages(v)]
        return []

    listed = set(pages(config["nav"]))
    on_disk = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert listed == on_disk


def test_an_examples_stack_config_is_ignored_by_git() -> None:
    """`pulumi stack init` and `pulumi config set` (an example README's block) write `Pulumi.<stack>.yaml`
    beside the example's `Pulumi.yaml`: it must not show as an untracked file of the clone."""
    paths = [
        "examples/typescript/Pulumi.dev.yaml",
        "examples/yaml/Pulumi.dev.yaml",
        "examples/adopt/Pulumi.x.yaml",
    ]
    proc = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=ROOT,
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=False,
    )
    assert sorted(proc.stdout.split()) == sorted(paths), proc.stdout + proc.stderr
    assert not re.search(r"Pulumi\.yaml", proc.stdout)
