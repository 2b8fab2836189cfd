"""Request bodies against Blaxel's official OpenAPI specs: valid, no unknown key, no read-only field.

The specs are vendored in ``spec/blaxel-openapi/`` (its README says where each comes from). They are the only
check that our aliases match the real API's names.
"""

from __future__ import annotations

import hashlib
import sys
import types
import typing
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]  # no stubs; types-jsonschema is not a dependency
import pytest
import yaml
from pydantic import BaseModel, Field
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from blaxel_pulumi.api.models import Job, JobRuntime, JobSpec, JobStatus
from blaxel_pulumi.api.wire import request_body
from tests.unit._jobs import full_job, seed_request, seed_response

NEW_SPEC = "controlplane.yml"
OLD_SPEC = "controlplane-2026-04-14.yml"
SPEC_URI = "urn:blaxel:controlplane"

# Fields of our models that a spec does not list (and must therefore not be sent to that API version).
MODEL_ONLY = {
    NEW_SPEC: {"spec.runtime.maxConcurrentTasks"},
    OLD_SPEC: {"metadata.externalId"},
}
# Writable fields of a spec that our models do not declare.
SPEC_ONLY: dict[str, set[str]] = {NEW_SPEC: set(), OLD_SPEC: set()}


SPEC_DIR = Path(__file__).resolve().parents[2] / "spec" / "blaxel-openapi"
"""The vendored specs, inside the repository."""


@cache
def load_spec(name: str) -> dict[str, Any]:
    """The parsed spec document ``name``; fails the test (never skips) when it is missing."""
    path = SPEC_DIR / name
    if not path.is_file():
        pytest.fail(f"Blaxel's OpenAPI spec {path} is missing: restore it from git.", pytrace=False)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (safe loader)
    return data


def job_validator(name: str) -> Any:
    """A validator of ``components/schemas/Job`` with ``$ref``s resolved against the whole spec document.

    OpenAPI 3.0 schemas are a draft-4 dialect; its extra keywords (``nullable``, ``example``,
    ``readOnly``) are unknown to draft 4 and ignored.
    """
    resource: Resource[Any] = DRAFT4.create_resource(load_spec(name))
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
    schema = {"$ref": f"{SPEC_URI}#/components/schemas/Job"}
    return jsonschema.Draft4Validator(schema, registry=registry)


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _properties(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, dict[str, Any]]:
    node = _resolve(spec, node)
    props = dict(node.get("properties", {}))
    for part in node.get("allOf", []):
        props.update(_properties(spec, part))
    return props


def _read_only(spec: dict[str, Any], node: dict[str, Any]) -> bool:
    return bool(node.get("readOnly") or _resolve(spec, node).get("readOnly"))


def spec_paths(spec: dict[str, Any], node: dict[str, Any], prefix: str = "") -> dict[str, bool]:
    """Every property path under ``node`` (``spec.runtime.envs[].name``) -> whether it is read-only."""
    out: dict[str, bool] = {}
    node = _resolve(spec, node)
    if node.get("type") == "array" and "items" in node:
        return spec_paths(spec, node["items"], prefix + "[]")
    for key, prop in _properties(spec, node).items():
        path = f"{prefix}.{key}" if prefix else key
        read_only = _read_only(spec, prop)
        out[path] = read_only
        for sub, sub_read_only in spec_paths(spec, prop, path).items():
            out[sub] = read_only or sub_read_only
    return out


def _model_of(annotation: Any) -> type[BaseModel] | None:
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and origin is None and issubclass(annotation, BaseModel):
        return annotation
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        for arg in args:
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def model_paths(model: type[BaseModel], prefix: str = "") -> dict[str, bool]:
    """Every wire path of ``model`` -> whether the field is marked read-only."""
    out: dict[str, bool] = {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        path = f"{prefix}.{key}" if prefix else key
        extra = field.json_schema_extra
        read_only = isinstance(extra, dict) and bool(extra.get("read_only"))
        out[path] = read_only
        sub = _model_of(field.annotation)
        if sub is not None:
            is_list = typing.get_origin(field.annotation) is list or any(
                typing.get_origin(a) is list for a in typing.get_args(field.annotation)
            )
            for sub_path, sub_read_only in model_paths(sub, path + ("[]" if is_list else "")).items():
                out[sub_path] = read_only or sub_read_only
    return out


def body_paths(value: Any, prefix: str = "", *, free: frozenset[str] = frozenset()) -> set[str]:
    """Every key path of a JSON body; maps under the ``free`` paths (labels, tasks) are not descended."""
    out: set[str] = set()
    if isinstance(value, list):
        for item in value:
            out |= body_paths(item, prefix + "[]", free=free)
    elif isinstance(value, dict) and prefix not in free:
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            out.add(path)
            out |= body_paths(item, path, free=free)
    return out


FREE_FORM = frozenset({"metadata.labels", "spec.triggers[].configuration.tasks[]"})


def job_paths(name: str) -> dict[str, bool]:
    spec = load_spec(name)
    return spec_paths(spec, spec["components"]["schemas"]["Job"])


def request_for(name: str) -> dict[str, Any]:
    """``request_body`` of the full job, minus the fields the spec ``name`` lacks."""
    body = request_body(full_job())
    for path in MODEL_ONLY[name]:
        *parents, last = path.split(".")
        target = body
        for part in parents:
            target = target[part]
        del target[last]
    return body


@pytest.mark.parametrize("name", [NEW_SPEC, OLD_SPEC])
def test_full_request_body_is_valid(name: str) -> None:
    errors = sorted(job_validator(name).iter_errors(request_for(name)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


@pytest.mark.parametrize("name", [NEW_SPEC, OLD_SPEC])
def test_every_key_sent_exists_in_the_spec_and_none_is_read_only(name: str) -> None:
    known = job_paths(name)
    sent = body_paths(request_for(name), free=FREE_FORM)
    unknown = sorted(p for p in sent if p not in known)
    assert not unknown, f"keys not in {name}: {unknown}"
    read_only = sorted(p for p in sent if known[p])
    assert not read_only, f"read-only keys sent: {read_only}"


@pytest.mark.parametrize("name", [NEW_SPEC, OLD_SPEC])
def test_models_and_spec_declare_the_same_fields(name: str) -> None:
    ours = model_paths(Job)
    theirs = job_paths(name)
    assert set(ours) - set(theirs) == MODEL_ONLY[name]
    assert {p for p, ro in theirs.items() if not ro} - set(ours) == SPEC_ONLY[name]
    # A field read-only in the spec is read-only in the models (or lies under one that is).
    assert {p for p in ours if p in theirs and theirs[p] and not ours[p]} == set()
    assert {p for p in ours if p in theirs and ours[p] and not theirs[p]} == set()


def test_full_job_sets_every_model_field() -> None:
    dumped = full_job().model_dump(by_alias=True, exclude_none=True)
    assert set(model_paths(Job)) <= body_paths(dumped, free=FREE_FORM)


@pytest.mark.parametrize("name", [NEW_SPEC, OLD_SPEC])
def test_seed_bodies_are_valid(name: str) -> None:
    validator = job_validator(name)
    validator.validate(seed_request())
    validator.validate(seed_response())


def test_a_misspelt_alias_would_be_caught() -> None:
    """A field whose wire name is misspelt (``maxRetry``) makes the package send a key the spec lacks, and the
    checks above see it: the body is built by the package's own ``request_body`` from models that differ
    from ours only by that alias."""

    class MisspeltRuntime(JobRuntime):
        max_retries: int | None = Field(default=None, alias="maxRetry")

    class MisspeltSpec(JobSpec):
        runtime: MisspeltRuntime | None = None

    class MisspeltJob(Job):
        spec: MisspeltSpec

    job = MisspeltJob.model_validate(full_job().model_dump(exclude_none=True))
    body = request_body(job)
    assert body["spec"]["runtime"]["maxRetry"] == full_job().spec.runtime.max_retries  # type: ignore[union-attr]
    sent = body_paths(body, free=FREE_FORM)
    unknown = {p for p in sent if p not in job_paths(NEW_SPEC)}
    assert unknown == {"spec.runtime.maxRetry", "spec.runtime.maxConcurrentTasks"}
    assert sorted(job_validator(NEW_SPEC).iter_errors(body), key=str) == [], (
        "the schema alone would not see it"
    )
    assert "spec.runtime.maxRetries" not in sent


def test_missing_spec_fails_instead_of_skipping(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys.modules[__name__], "SPEC_DIR", tmp_path)
    load_spec.cache_clear()
    try:
        with pytest.raises(pytest.fail.Exception, match="is missing: restore it from git"):
            load_spec(NEW_SPEC)
    finally:
        load_spec.cache_clear()


@pytest.mark.parametrize("name", [NEW_SPEC, OLD_SPEC])
def test_vendored_spec_is_the_one_its_readme_describes(name: str) -> None:
    """The README of spec/blaxel-openapi gives each file's sha256: an update must update the README too."""
    readme = (SPEC_DIR / "README.md").read_text(encoding="utf-8")
    row = next((line for line in readme.splitlines() if line.startswith(f"| `{name}` |")), None)
    assert row is not None, f"spec/blaxel-openapi/README.md has no row for {name}"
    digest = hashlib.sha256((SPEC_DIR / name).read_bytes()).hexdigest()
    assert f"`{digest}`" in row, f"{name} changed: update its row (source, version, sha256) in the README"


@pytest.mark.parametrize("name", [NEW_SPEC, OLD_SPEC])
def test_status_values_match(name: str) -> None:
    assert set(load_spec(name)["components"]["schemas"]["Status"]["enum"]) == {s.value for s in JobStatus}
