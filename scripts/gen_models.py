"""Generate the wire models of every kind but jobs from the vendored OpenAPI spec (datamodel-code-generator).

Blaxel's kinds (policies, volumes, agents, ...) share one shape on the wire (``metadata``, ``spec``, mostly
``status`` and ``events``); their models are not written by hand: this script takes the schemas of the
kinds in :data:`KINDS` and every schema they refer to out of ``spec/blaxel-openapi/controlplane.yml``,
lays the overlay below on top, and has datamodel-code-generator write them as pydantic models on our
:class:`~blaxel_pulumi.api.models.WireModel` (camelCase on the wire, snake_case in Python, unknown fields
kept) into ``blaxel_pulumi/api/spec_models.py``.

The overlay holds what the spec does not say in a form the code can use, each with its source: the markers
the rest of the package reads (:func:`blaxel_pulumi.api.wire.marker`), and the name rule Blaxel's API
enforces. Jobs keep their hand-written models (``blaxel_pulumi/api/models.py``): their state is a contract
older than this generator.

Run `python scripts/gen_models.py` after changing the spec or the overlay; `make lint` fails when the
committed file is not what this script writes (`--check`).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from generated import formatted, write_or_check

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "spec" / "blaxel-openapi" / "controlplane.yml"
TARGET = ROOT / "blaxel_pulumi" / "api" / "spec_models.py"

KINDS = (
    "Policy",
    "Volume",
    "VolumeTemplate",
    "IntegrationConnection",
    "Agent",
    "Function",
    "Model",
    "Sandbox",
    "Drive",
)
"""The kinds whose models are generated (with every schema they refer to)."""

NAME_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""The name rule of every kind (``blaxel_pulumi.api.names``: Blaxel refuses other names)."""

OVERLAY: dict[tuple[str, str], dict[str, Any]] = {
    # The spec: "lowercase alphanumeric with hyphens, max 49 characters. Immutable after creation."
    ("Metadata", "name"): {
        "pattern": NAME_PATTERN,
        "minLength": 1,
        "maxLength": 49,
        "x-replace_on_change": True,
    },
    # The spec: "max 63 characters".
    ("Metadata", "displayName"): {"maxLength": 63},
    # The spec: "Computed by the policies listing endpoint": never sent.
    ("Policy", "usage"): {"x-read_only": True},
    # The spec: "Encrypted credentials and API keys": a Pulumi secret, never quoted.
    ("IntegrationConnectionSpec", "secret"): {"x-secret": True},
    # Fields a PUT cannot change: a change replaces the object. The spec's VolumeSpec: "Immutable volume
    # configuration set at creation time (size and region cannot be changed after creation)"; its `size`
    # says "Can be increased after creation but not decreased" (and docs.blaxel.ai's "Volume resizing for
    # running sandboxes": "You can increase a volume's size but cannot decrease it"), so only the region.
    ("VolumeSpec", "region"): {"x-replace_on_change": True},
    # The spec's DriveSpec: "Immutable drive configuration set at creation time". Its `permissions` are
    # changed by a PUT (Blaxel's sdk-python, tests/integration/core/sandbox/test_drive_acl.py,
    # TestDriveACLUpdatePermissions), so only the region.
    ("DriveSpec", "region"): {"x-replace_on_change": True},
    # The spec's SandboxRuntime.extraArgs: "Determines which kernel variant the workload runs on.
    # Immutable after creation." (sdk-python: test_extra_args.py, test_extra_args_immutable_after_creation).
    ("SandboxRuntime", "extraArgs"): {"x-replace_on_change": True},
}
"""What the generated fields get beyond the spec, by (schema, property): constraints and markers."""

MARKERS = ("read_only", "replace_on_change", "secret")
"""The markers the overlay and ``readOnly`` set (in ``json_schema_extra``)."""

HEADER = '''"""Wire models of Blaxel's kinds other than jobs, generated from the vendored OpenAPI spec.

Do not edit: written by ``scripts/gen_models.py`` (datamodel-code-generator, with the overlay of markers
and name rules that script declares). Markers live in each field's ``json_schema_extra`` (read them with
:func:`blaxel_pulumi.api.wire.marker`): ``read_only`` (filled by Blaxel, never sent),
``replace_on_change`` (a change replaces the object), ``secret`` (a Pulumi secret, never quoted).
"""

# ruff: noqa: E501
'''


def _closure(schemas: dict[str, Any]) -> dict[str, Any]:
    """The schemas of :data:`KINDS` and every schema they refer to."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                if name not in found:
                    found.add(name)
                    walk(schemas[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in KINDS:
        found.add(kind)
        walk(schemas[kind])
    return {name: schemas[name] for name in sorted(found)}


def _properties(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ``properties`` map of ``schema``, its ``allOf`` parts included."""
    maps = [schema["properties"]] if isinstance(schema.get("properties"), dict) else []
    for part in schema.get("allOf") or []:
        if isinstance(part, dict):
            maps += _properties(part)
    return maps


def _overlaid(schemas: dict[str, Any]) -> dict[str, Any]:
    """``schemas`` with ``readOnly`` as the ``read_only`` marker and :data:`OVERLAY` laid on top."""
    schemas = json.loads(json.dumps(schemas))
    for schema in schemas.values():
        for props in _properties(schema):
            for prop in props.values():
                if isinstance(prop, dict) and prop.get("readOnly"):
                    prop["x-read_only"] = True
    for (name, key), extra in OVERLAY.items():
        maps = [props for props in _properties(schemas[name]) if key in props]
        if not maps:
            raise SystemExit(f"overlay: {name}.{key} is not in the spec any more")
        maps[0][key].update(extra)
    return schemas


def generate() -> str:
    """The text of ``spec_models.py``."""
    spec = yaml.safe_load(SPEC.read_text())
    schemas = _overlaid(_closure(spec["components"]["schemas"]))
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Blaxel kinds", "version": str(spec.get("info", {}).get("version", ""))},
        "paths": {},
        "components": {"schemas": schemas},
    }
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "kinds.json", Path(tmp) / "spec_models.py"
        source.write_text(json.dumps(document, indent=1))
        command = [
            *(sys.executable, "-m", "datamodel_code_generator"),
            *("--input", str(source), "--input-file-type", "openapi", "--output", str(out)),
            *("--output-model-type", "pydantic_v2.BaseModel", "--target-python-version", "3.10"),
            *("--base-class", "blaxel_pulumi.api.models.WireModel", "--snake-case-field"),
            *("--use-annotated", "--field-constraints", "--use-standard-collections", "--use-union-operator"),
            *("--use-schema-description", "--enum-field-as-literal", "all", "--disable-timestamp"),
            "--collapse-root-models",
            *("--formatters", "builtin", "--field-extra-keys-without-x-prefix"),
            *(f"x-{marker}" for marker in MARKERS),
        ]
        proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"datamodel-codegen failed:\n{proc.stderr}")
        body = out.read_text()
    lines = body.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("from "))
    return formatted(HEADER + "\n" + "\n".join(lines[start:]) + "\n", TARGET, sort_imports=True)


def main() -> int:
    """Write ``spec_models.py``, or with ``--check`` fail when the committed one is out of date."""
    return write_or_check(__doc__, "gen_models.py", {TARGET: generate()})


if __name__ == "__main__":
    sys.exit(main())
