"""The Pulumi package schema of the native face, derived from the field table and the kinds' declarations.

Every other kind is a resource too (``blaxel:index:Policy``, ...: its declaration's inputs and outputs, its
nested types from the wire models generated from the spec), and each kind has a lookup function
(``blaxel:index:getVolume``, ...). The resource ``blaxel:index:Job`` takes the inputs of
:class:`~blaxel_pulumi.core.schema.JobInputs` (without the internal ones the provider fills in) and has the
outputs of ``JobOutputs``, under their camelCase names; nested objects are the wire models
(``blaxel:index:JobRuntime``, ...). Descriptions, ``secret`` and ``replaceOnChanges`` come from the same field
declarations as ``check`` and the diff. The schema is written to ``schema.json`` beside this module by
``scripts/gen_schema.py`` (``--check`` fails when it is stale) and served by the provider's ``GetSchema`` with
the package version added.
"""

from __future__ import annotations

import enum
import functools
import json
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from blaxel_pulumi.api.models import CoreEvent
from blaxel_pulumi.api.settings import CONFIG_KEYS, DEFAULT_REQUEST_TIMEOUT, ENV_VARS
from blaxel_pulumi.api.wire import marker
from blaxel_pulumi.core.kind_docs import INTERNAL_DOCS, description, is_model
from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS
from blaxel_pulumi.core.property_names import camel
from blaxel_pulumi.core.resource_kind import ResourceKind
from blaxel_pulumi.core.schema import INTERNAL_KEYS, PROGRAM_OPTION_KEYS, JobInputs, JobOutputs

__all__ = [
    "CONFIG_DESCRIPTIONS",
    "IDENTITY_CONFIG_KEY",
    "IDENTITY_STACK_KEY",
    "JOB_TOKEN",
    "OBJECT_KIND_TOKENS",
    "PACKAGE",
    "SCHEMA_PATH",
    "build_schema",
    "config_keys",
    "input_names",
    "load_schema",
    "lookup_token",
    "output_names",
    "secret_config_keys",
]

PACKAGE = "blaxel"
"""The Pulumi package name: plugin ``pulumi-resource-blaxel``, config namespace ``blaxel:``."""
JOB_TOKEN = f"{PACKAGE}:index:Job"
"""The resource token of a job."""
OBJECT_KIND_TOKENS: Mapping[str, ResourceKind[Any]] = {
    f"{PACKAGE}:index:{kind.api.model.__name__}": kind for kind in OBJECT_RESOURCE_KINDS.values()
}
"""The resource token of every other kind (``blaxel:index:Policy``, ...) and its declaration."""
SCHEMA_PATH = Path(__file__).with_name("schema.json")
"""The committed schema (without the version, which is added when served)."""
REPOSITORY = "https://github.com/blaxel-pulumi/blaxel-pulumi"
"""The project's repository (homepage of the package)."""
PLUGIN_DOWNLOAD_URL = "github://api.github.com/blaxel-pulumi/blaxel-pulumi"
"""Where the engine downloads ``pulumi-resource-blaxel`` when a program needs it: the release assets of the
repository (``make plugin`` builds ``pulumi-resource-blaxel-v<version>-<os>-<arch>.tar.gz``, the name the
engine asks for)."""
DESCRIPTION = (
    "Manage Blaxel with Pulumi: batch jobs, agents, functions, models, sandboxes, policies, volumes and the "
    "rest (native provider of blaxel-pulumi)."
)
"""What the package is, in the schema and the SDKs' package metadata."""
LOGO_URL = "https://raw.githubusercontent.com/blaxel-pulumi/blaxel-pulumi/main/docs/assets/logo.svg"
"""The package's logo for the Pulumi registry."""
LANGUAGE: Mapping[str, Mapping[str, Any]] = {
    "nodejs": {
        "packageName": "@blaxel-pulumi/blaxel",
        "packageDescription": DESCRIPTION,
        "respectSchemaVersion": True,
    },
    "go": {
        "importBasePath": "github.com/blaxel-pulumi/blaxel-pulumi/sdk/go/blaxel",
        "generateResourceContainerTypes": True,
        "respectSchemaVersion": True,
    },
    "python": {
        "packageName": "pulumi_blaxel",
        "readme": (
            "# pulumi_blaxel\n\n"
            f"{DESCRIPTION}\n\n"
            "Typed Python SDK of the native provider `pulumi-resource-blaxel` (package `blaxel`), generated "
            "by Pulumi's code generator from its schema: `pulumi_blaxel.Job`, `pulumi_blaxel.Volume`, ..., "
            "and the lookups `pulumi_blaxel.get_volume(...)`. The provider plugin comes with the "
            f"`blaxel-pulumi` package. Documentation: {REPOSITORY}.\n"
        ),
        "pyproject": {"enabled": True},
        "respectSchemaVersion": True,
    },
}
"""What Pulumi's SDK generators need per language (``scripts/gen-sdks.sh`` writes ``sdk/<language>``)."""
IDENTITY_CONFIG_KEY = "stackIdentity"
"""The provider input, drawn by the provider itself, that job ownership markers derive from (see
:mod:`blaxel_pulumi.native.identity`); not a setting users write."""
IDENTITY_STACK_KEY = "stackIdentityOf"
"""The provider input, written by the provider itself, naming the stack (``<project>/<stack>``) its
identity was drawn for: a provider that ``pulumi state move`` copied into another stack draws a new one."""

CONFIG_DESCRIPTIONS: Mapping[str, tuple[str, str]] = {
    "api_key": (
        "string",
        f"Blaxel API key (a secret). Falls back to {ENV_VARS['api_key']}, then to the workspace's key in "
        "~/.blaxel/config.yaml (`bl login`).",
    ),
    "workspace": (
        "string",
        f"Workspace the jobs live in (a job's `workspace` input overrides it). Falls back to "
        f"{ENV_VARS['workspace']}, then to the current context of ~/.blaxel/config.yaml.",
    ),
    "api_url": (
        "string",
        f"Base URL of Blaxel's API, e.g. `https://api.blaxel.ai/v0`. Falls back to {ENV_VARS['api_url']}, "
        "then to the URL of `env`.",
    ),
    "env": ("string", f"Blaxel environment, `prod` (default) or `dev`. Falls back to {ENV_VARS['env']}."),
    "request_timeout": (
        "number",
        f"Seconds to wait for Blaxel to answer one request (default {DEFAULT_REQUEST_TIMEOUT:g}). Falls back "
        f"to {ENV_VARS['request_timeout']}.",
    ),
    "skip_credentials_check": (
        "boolean",
        "Preview without credentials (e.g. a pull request without secrets); `pulumi up` still needs them. "
        f"Falls back to {ENV_VARS['skip_credentials_check']}.",
    ),
}
"""Schema type and description of each provider setting (every ``blaxel:*`` key of the dynamic face)."""


def config_keys() -> dict[str, str]:
    """``{schema name: setting}`` of the provider's configuration, e.g. ``{"apiKey": "api_key"}``."""
    return {CONFIG_KEYS[setting].split(":", 1)[1]: setting for setting in CONFIG_DESCRIPTIONS}


class _Types:
    """The object types the schema declares, each under one token: its model's name, or, when a job's type
    has that name already (``Trigger``), the name prefixed by the kind that first reaches it
    (``FunctionTrigger``)."""

    def __init__(self) -> None:
        self.specs: dict[str, dict[str, Any]] = {}
        """The declaration of each type, by token."""
        self._tokens: dict[type[BaseModel], str] = {}
        self.prefix = ""
        """The kind whose properties are being declared (the prefix of a token taken by another type)."""

    def token(self, model: type[BaseModel]) -> str:
        """The token of ``model``'s type, declared (with the types it refers to) the first time."""
        if model not in self._tokens:
            token = f"{PACKAGE}:index:{model.__name__}"
            if token in self.specs:
                token = f"{PACKAGE}:index:{self.prefix}{model.__name__}"
            self._tokens[model] = token
            self.specs[token] = {}
            self.specs[token] = _object(model, self)
        return self._tokens[model]


def _type(annotation: Any, found: _Types) -> dict[str, Any]:
    """The schema type of a Python annotation (``X | None`` is ``X``: optional is the default)."""
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType):
        return _type(args[0], found) if len(args) == 1 else {"$ref": "pulumi.json#/Any"}
    if origin is typing.Annotated:
        return _type(args[0], found)
    if origin is typing.Literal:
        return {"type": "string"}
    if origin is list:
        return {"type": "array", "items": _type(args[0] if args else Any, found)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(args[1] if len(args) > 1 else Any, found)}
    if is_model(annotation):
        return {"$ref": f"#/types/{found.token(annotation)}"}
    if isinstance(annotation, type) and typing.get_origin(annotation) is None:
        if issubclass(annotation, bool):
            return {"type": "boolean"}
        if issubclass(annotation, int):
            return {"type": "integer"}
        if issubclass(annotation, float):
            return {"type": "number"}
        if issubclass(annotation, str | enum.Enum):
            return {"type": "string"}
    return {"$ref": "pulumi.json#/Any"}


def _property(name: str, info: FieldInfo, found: _Types, description: str | None = None) -> dict[str, Any]:
    annotation: Any = CoreEvent if name == "events" else info.annotation
    spec = _type(list[annotation] if name == "events" else annotation, found)
    description = description or info.description
    if description:
        spec["description"] = description
    if marker(info, "secret"):
        spec["secret"] = True
    return spec


def _object(model: type[BaseModel], found: _Types) -> dict[str, Any]:
    props = {camel(n): _property(n, f, found) for n, f in model.model_fields.items()}
    required = sorted(camel(n) for n, f in model.model_fields.items() if f.is_required())
    doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    out: dict[str, Any] = {"type": "object", "description": doc, "properties": props}
    if required:
        out["required"] = required
    return out


def _job_resource(found: _Types) -> dict[str, Any]:
    inputs = {
        camel(n): _property(n, f, found) for n, f in JobInputs.model_fields.items() if n not in INTERNAL_KEYS
    }
    for n, f in JobInputs.model_fields.items():
        if marker(f, "replace_on_change") and camel(n) in inputs:
            inputs[camel(n)]["replaceOnChanges"] = True
    outputs = {
        camel(n): _property(n, f, found)
        for n, f in JobOutputs.model_fields.items()
        if n not in PROGRAM_OPTION_KEYS  # the engine applies these options on this face
    }
    return {
        "description": (
            "A Blaxel batch job. Changing `name` or `workspace` replaces it; everything else updates "
            "it in place with one PUT. Import an existing job with "
            "`pulumi import blaxel:index:Job <resource name> <job name>`."
        ),
        "inputProperties": inputs,
        "properties": outputs,
        "required": ["name", "workspace"],
    }


def _kind_resource(kind: ResourceKind[Any], found: _Types) -> dict[str, Any]:
    model = kind.inputs_model
    assert model is not None, kind.api.word
    found.prefix = kind.api.model.__name__
    inputs = {
        camel(n): _property(n, f, found, description(model, n))
        for n, f in model.model_fields.items()
        if n not in kind.internal_keys
    }
    for key in kind.replace_keys:
        inputs[camel(key)]["replaceOnChanges"] = True
    outputs = {
        camel(n): _property(n, f, found, description(model, n))
        for n, f in model.model_fields.items()
        if n not in kind.program_option_keys
    }
    for key, (annotation, doc) in INTERNAL_DOCS.items():
        if camel(key) in outputs:
            outputs[camel(key)] = _property(key, FieldInfo(annotation=annotation), found, doc)
    stored = kind.outputs_model
    assert stored is not None, kind.api.word
    for key in kind.output_keys:
        outputs[camel(key)] = _property(key, stored.model_fields[key], found, description(model, key))
    title, word = kind.api.model.__name__, kind.api.word
    waits = (
        "It rolls out: a create or an update waits for `DEPLOYED`."
        if kind.rolls_out
        else "It is ready at once."
    )
    replaces = " or ".join(f"`{camel(k)}`" for k in kind.replace_keys)
    about = " ".join((kind.api.model.__doc__ or "").split()).rstrip(".")
    return {
        "description": (
            f"A Blaxel {word}: {about}. {waits} Changing {replaces} replaces it; everything else updates "
            f"it in place with one PUT. Import an existing {word} with "
            f"`pulumi import {PACKAGE}:index:{title} <resource name> <{word} name>`."
        ),
        "inputProperties": inputs,
        "properties": outputs,
        "required": ["name", "workspace"],
    }


def lookup_token(token: str) -> str:
    """The token of the function that looks up an existing object of resource ``token``
    (``blaxel:index:Volume``: ``blaxel:index:getVolume``)."""
    module, name = token.rsplit(":", 1)
    return f"{module}:get{name}"


def _lookup_function(
    token: str, resource: Mapping[str, Any], word: str, internal: set[str]
) -> dict[str, Any]:
    """The function that reads object ``name`` of resource ``token``'s kind: its outputs are the resource's
    (without the provider's bookkeeping)."""
    outputs = {k: v for k, v in resource["properties"].items() if k not in internal}
    return {
        "description": (
            f"Look up an existing {word} by name: read-only (nothing is created, changed or adopted), "
            f"failing when there is none. Its result has the outputs of `{token}`."
        ),
        "inputs": {
            "properties": {
                "name": {"type": "string", "description": f"The name of the {word}."},
                "workspace": {
                    "type": "string",
                    "description": f"The workspace of the {word} (default: the provider's).",
                },
            },
            "required": ["name"],
        },
        "outputs": {"properties": outputs, "required": ["name", "workspace"]},
    }


def _config() -> dict[str, Any]:
    variables: dict[str, Any] = {}
    for name, setting in config_keys().items():
        kind, description = CONFIG_DESCRIPTIONS[setting]
        variables[name] = {"type": kind, "description": description}
        if setting == "api_key":
            variables[name]["secret"] = True
    return variables


def build_schema() -> dict[str, Any]:
    """The package schema (without ``version``)."""
    found = _Types()
    resources = {JOB_TOKEN: _job_resource(found)}
    functions = {
        lookup_token(JOB_TOKEN): _lookup_function(
            JOB_TOKEN, resources[JOB_TOKEN], "job", {camel(k) for k in INTERNAL_KEYS}
        )
    }
    for token, kind in OBJECT_KIND_TOKENS.items():
        resources[token] = _kind_resource(kind, found)
        internal = {camel(k) for k in kind.internal_keys}
        functions[lookup_token(token)] = _lookup_function(token, resources[token], kind.api.word, internal)
    config = _config()
    provider_inputs = {k: dict(v) for k, v in config.items()}
    provider_inputs[IDENTITY_CONFIG_KEY] = {
        "type": "string",
        "description": (
            "Drawn by the provider on its first use in a stack and kept in the stack's state: the jobs' "
            "ownership markers derive from it. Never set it yourself."
        ),
    }
    provider_inputs[IDENTITY_STACK_KEY] = {
        "type": "string",
        "description": (
            "Written by the provider: the stack (`<project>/<stack>`) its `stackIdentity` was drawn for. "
            "Never set it yourself."
        ),
    }
    return {
        "name": PACKAGE,
        "displayName": "Blaxel",
        "description": DESCRIPTION,
        "keywords": ["pulumi", "blaxel", "category/cloud", "kind/native"],
        "homepage": REPOSITORY,
        "repository": REPOSITORY,
        "license": "Apache-2.0",
        "publisher": "blaxel-pulumi developers",
        "logoUrl": LOGO_URL,
        "pluginDownloadURL": PLUGIN_DOWNLOAD_URL,
        "meta": {"moduleFormat": "(.*)", "supportPack": True},
        "config": {"variables": config},
        "provider": {
            "description": "The Blaxel provider: credentials and workspace of the objects it manages.",
            "inputProperties": provider_inputs,
            "properties": {k: dict(v) for k, v in config.items()},
        },
        "types": dict(sorted(found.specs.items())),
        "resources": resources,
        "functions": functions,
        "language": LANGUAGE,
    }


def render() -> str:
    """The text of ``schema.json``."""
    return json.dumps(build_schema(), indent=2, sort_keys=False) + "\n"


def load_schema(version: str) -> str:
    """The committed schema with ``version`` added: what ``GetSchema`` serves."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return json.dumps({"name": schema["name"], "version": version, **schema})


@functools.cache
def input_names(token: str = JOB_TOKEN) -> frozenset[str]:
    """The input properties of resource ``token`` in the committed schema: what a program can write (and
    what ``pulumi import`` may hand back as inputs; the engine checks them against the schema)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return frozenset(schema["resources"][token]["inputProperties"])


@functools.cache
def output_names(function: str) -> frozenset[str]:
    """The outputs of function ``function`` (``blaxel:index:getVolume``) in the committed schema."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return frozenset(schema["functions"][function]["outputs"]["properties"])


@functools.cache
def secret_config_keys() -> frozenset[str]:
    """The provider's settings the schema declares secret (``apiKey``)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    inputs = schema["provider"]["inputProperties"]
    return frozenset(k for k, spec in inputs.items() if spec.get("secret"))
