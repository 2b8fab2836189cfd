"""Blaxel's job contract, read from the vendored OpenAPI file only (never from ``blaxel_pulumi.api.models``).

The spec's ``$ref``s are inlined into plain JSON Schemas (draft 4, the dialect of OpenAPI 3.0). Two flavours:

* :func:`response_schema`: what a response of an operation must look like for a status code, read-only
  fields included;
* :func:`request_schema`: the ``Job`` a client may send, read-only fields left out, with the constraints
  that the spec states only in prose (a description) added as schema keywords: :data:`PROSE_RULES` quotes
  each one; and the bounds of values no job can run with (:data:`RUNNABLE_RULES`: a size that is not
  positive, a negative count or duration), which the spec does not state, which blaxel-pulumi rejects at
  preview and the local API rejects too, each with its reason. Nothing else is added: any other rule of
  ours that the spec does not state is not part of the contract.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["PROSE_RULES", "RUNNABLE_RULES", "SPEC_PATH", "document", "request_schema", "response_schema"]

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "blaxel-openapi" / "controlplane.yml"
"""The current spec (see its README for where it comes from)."""

# (schema name, property, keywords, the spec's own words). The path runs from a component schema.
PROSE_RULES: tuple[tuple[str, str, dict[str, Any], str], ...] = (
    (
        "Metadata",
        "name",
        {"pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "minLength": 1, "maxLength": 49},
        "Must be lowercase alphanumeric with hyphens, max 49 characters.",
    ),
    ("Metadata", "displayName", {"maxLength": 63}, "max 63 characters."),
    (
        "Metadata",
        "externalId",
        {"pattern": r"^[A-Za-z0-9-]+$", "maxLength": 64},
        "Max 64 chars, alphanumeric + dash.",
    ),
    ("JobRuntime", "diskPercent", {"minimum": 10, "maximum": 95}, "Valid range 10-95, default 50."),
    (
        "TriggerConfiguration",
        "timeout",
        {"maximum": 900},
        "The timeout in seconds for async triggers (max 900s",
    ),
    ("RevisionConfiguration", "canaryPercent", {"minimum": 0, "maximum": 100}, "Canary revision percent"),
    ("RevisionConfiguration", "traffic", {"minimum": 0, "maximum": 100}, "Traffic percentage"),
    (
        "Port",
        "target",
        {"minimum": 1, "maximum": 65535},
        "The target port of the port (a TCP/UDP port, RFC 6335)",
    ),
    (
        "Env",
        "name",
        {"minLength": 1},
        "Supports Kubernetes EnvVar format (whose name is required)",
    ),
    (
        "JobVolume",
        "mountPath",
        {"pattern": r"^/\S*$"},
        "Absolute filesystem path where the volume will be mounted inside the container",
    ),
    (
        "TriggerConfiguration",
        "schedule",
        {"enum": ["* * * * *", "0 * * * *", "*/15 * * * *", "0 3 * * 1-5", "30 2 1 * *"]},
        "The schedule of the trigger, cron expression * * * * *",
    ),
)
"""Constraints the spec states in a description rather than in schema keywords, with its words."""

# (schema name, property, keywords, why no job can run otherwise). Not the spec's: blaxel-pulumi's rules
# (the field table says so), which the local API applies too rather than deploy such a job.
RUNNABLE_RULES: tuple[tuple[str, str, dict[str, Any], str], ...] = (
    ("JobRuntime", "memory", {"minimum": 1}, "a size is positive"),
    ("JobRuntime", "maxRetries", {"minimum": 0}, "a count is never negative"),
    ("JobRuntime", "timeout", {"minimum": 1}, "a task needs time to run"),
    ("JobVolume", "sizeMb", {"minimum": 1}, "a size is positive"),
    ("RevisionConfiguration", "stickySessionTtl", {"minimum": 0}, "a duration is never negative"),
    ("TriggerConfiguration", "retry", {"minimum": 0}, "a count is never negative"),
    ("TriggerConfiguration", "timeout", {"minimum": 1}, "a call needs time to run"),
)
"""Bounds of values no job can run with, which the spec does not state (see the module docstring)."""

_REPOSITORY = {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"}
"""``GithubRunnerConfig.repositories``: "Repositories in owner/repo format"."""


@cache
def document() -> dict[str, Any]:
    """The parsed spec."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data: dict[str, Any] = yaml.load(SPEC_PATH.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    return data


def _inline(node: Any, schemas: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(schemas[node["$ref"].rsplit("/", 1)[-1]], schemas)
        return {k: _inline(v, schemas) for k, v in node.items() if k != "example"}
    if isinstance(node, list):
        return [_inline(v, schemas) for v in node]
    return node


def _without_read_only(node: Any) -> Any:
    if isinstance(node, dict):
        out = {k: _without_read_only(v) for k, v in node.items()}
        props = out.get("properties")
        if isinstance(props, dict):
            out["properties"] = {k: v for k, v in props.items() if not v.get("readOnly")}
        return out
    if isinstance(node, list):
        return [_without_read_only(v) for v in node]
    return node


def _with_prose_rules(schemas: dict[str, Any]) -> dict[str, Any]:
    schemas = copy.deepcopy(schemas)
    for name, prop, keywords, _words in (*PROSE_RULES, *RUNNABLE_RULES):
        schema = schemas[name]
        props = schema.get("properties") or next(
            part["properties"] for part in schema["allOf"] if "properties" in part
        )
        props[prop] = {**props[prop], **keywords}
    schemas["Env"] = {**schemas["Env"], "required": ["name"]}  # Kubernetes' EnvVar, see PROSE_RULES
    schemas["GithubRunnerConfig"]["properties"]["repositories"]["items"] = _REPOSITORY
    # A cron trigger's tasks are "objects"; JSON objects with string values keep the examples readable.
    schemas["TriggerConfigurationTask"] = {
        **schemas["TriggerConfigurationTask"],
        "additionalProperties": {"type": "string"},
    }
    return schemas


@cache
def request_schema() -> dict[str, Any]:
    """The ``Job`` a client may send: no read-only field, the prose and runnable rules as keywords."""
    schemas = _with_prose_rules(document()["components"]["schemas"])
    job: dict[str, Any] = _without_read_only(_inline(schemas["Job"], schemas))
    return job


def response_schema(path: str, method: str, status: int) -> dict[str, Any] | None:
    """The schema of the ``status`` response of ``method path``, or None when the spec documents none."""
    responses = document()["paths"][path][method.lower()]["responses"]
    response = responses.get(str(status))
    if response is None or "content" not in response:
        return None
    schemas = document()["components"]["schemas"]
    schema: dict[str, Any] = _inline(response["content"]["application/json"]["schema"], schemas)
    return schema
