"""Generate the resource classes of every kind but jobs (`BlaxelPolicy`, `BlaxelVolume`, ...) from their
declarations.

Each kind's declaration (:mod:`blaxel_pulumi.core.object_kinds`, derived from the wire models generated from
the spec) gives the class its inputs (keyword arguments typed as the models type them, documented with the
spec's descriptions), its outputs and its secret properties. The classes are written to
`blaxel_pulumi/dynamic/kinds.py`, on :class:`~blaxel_pulumi.dynamic.object_resource.BlaxelObject`.

It also writes each kind's property names into the benchmark's no-op twin of the kinds
(`bench/programs/noop/noop_kinds.py`), and the kinds table of the README and the guide.

Run `python scripts/gen_kinds.py` after changing a model or a declaration; the unit tests fail when the
committed file is not what this script writes (`--check`).
"""

from __future__ import annotations

import sys
import textwrap
import types
import typing
from pathlib import Path
from typing import Any

from generated import formatted, replace_region, write_or_check
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from blaxel_pulumi.core.kind_docs import description, is_model  # noqa: E402
from blaxel_pulumi.core.kind_keys import INTERNAL_KEYS, OUTPUT_KEYS  # noqa: E402
from blaxel_pulumi.core.object_kinds import OBJECT_RESOURCE_KINDS  # noqa: E402
from blaxel_pulumi.core.resource_kind import ResourceKind  # noqa: E402

TARGET = ROOT / "blaxel_pulumi" / "dynamic" / "kinds.py"
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "guides" / "kinds.md"
NOOP = ROOT / "bench" / "programs" / "noop" / "noop_kinds.py"
TABLE_START, TABLE_END = (
    "<!-- kinds table: written by scripts/gen_kinds.py -->",
    "<!-- end of kinds table -->",
)

HEADER = '''"""The resource classes of every kind but jobs: one per kind Blaxel's `bl apply` manages.

Do not edit: written by ``scripts/gen_kinds.py`` from each kind's declaration
(:mod:`blaxel_pulumi.core.object_kinds`), whose fields come from the vendored OpenAPI spec. Each class is a
:class:`~blaxel_pulumi.dynamic.object_resource.BlaxelObject`: its inputs are the kind's ``metadata`` and
``spec`` fields, flattened; a change of ``name``, ``workspace`` or a field Blaxel does not let an update
change (each class names them) replaces the object; a kind with a ``status`` is waited for until
``DEPLOYED``. Each class's ``get`` looks up an existing object (read only).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi

from blaxel_pulumi.dynamic.object_resource import BlaxelObject

'''


def _annotation(annotation: Any) -> str:
    """The input type of a field, as source text (nested models as plain mappings)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        kept = [a for a in args if a is not type(None)]
        return " | ".join(_annotation(a) for a in kept)
    if origin is typing.Literal:
        return f"Literal[{', '.join(repr(a) for a in args)}]"
    if origin is typing.Annotated:
        return _annotation(args[0])
    if origin is list:
        return f"Sequence[pulumi.Input[{_annotation(args[0])}]]"
    if origin is dict:
        return f"Mapping[str, pulumi.Input[{_annotation(args[1])}]]"
    if is_model(annotation):
        return "Mapping[str, Any]"
    if annotation in (str, int, bool, float):
        return str(annotation.__name__)
    return "Any"


def _doc(text: str | None, first: int, rest: int) -> str:
    """``text`` on lines of at most 110 characters, the first starting at column ``first``, the others
    indented by ``rest``."""
    body = " ".join((text or "").split()) or "See Blaxel's documentation of the field."
    if not body.endswith("."):
        body += "."
    lines = textwrap.wrap(body, 105 - first)
    if len(lines) > 1:
        lines = [lines[0], *textwrap.wrap(" ".join(lines[1:]), 105 - rest)]
    return ("\n" + " " * rest).join(lines)


def _inputs(kind: ResourceKind[Any]) -> list[str]:
    """The keyword arguments of the kind's class, in order."""
    model = _inputs_model(kind)
    return [k for k in (*kind.declared_keys, *kind.option_keys) if k in model.model_fields]


def _replacing(kind: ResourceKind[Any]) -> tuple[str, ...]:
    """The properties and paths whose change replaces an object of ``kind``."""
    return (*kind.replace_keys, *kind.replace_paths)


def _class(word: str, kind: ResourceKind[Any]) -> str:
    title = kind.api.model.__name__
    model = _inputs_model(kind)
    inputs = _inputs(kind)
    args = []
    docs = []
    for key in inputs:
        field = model.model_fields[key]
        args.append(f"        {key}: pulumi.Input[{_annotation(field.annotation)}] | None = None,")
        docs.append(f"            {key}: {_doc(description(model, key), 14 + len(key), 16)}")
    outputs = [
        f'    {key}: pulumi.Output[Any]\n    """{_doc(description(model, key), 7, 4)}"""'
        for key in (*inputs, *(k for k in (*kind.output_keys, *kind.secret_keys) if k not in inputs))
    ]
    properties = (*inputs, *kind.output_keys)
    waits = "rolls out: it is waited for until `DEPLOYED`" if kind.rolls_out else "is ready at once"
    keys = [f"`{k}`" for k in _replacing(kind)]
    replaces = f"A change of {', '.join(keys[:-1])} or {keys[-1]} replaces it; any other is an update."
    given = ", ".join(f'"{k}": {k}' for k in inputs)
    about = (kind.api.model.__doc__ or "").strip().rstrip(".")
    summary = f"{about}. Type token: `pulumi-python:dynamic/blaxel:{title}`. {replaces}"
    resource_doc = (
        f"The Pulumi name of the resource; also the prefix of the {word}'s name when `name` is not set."
    )
    lookup_summary = (
        f"Look up an existing {word}: a resource whose outputs are the {word} as Blaxel has it now."
    )
    lookup_doc = (
        f"Pulumi reads the {word} at every `pulumi up` and `pulumi refresh`, and never creates, updates or "
        "deletes it (`pulumi destroy` leaves it as it is); one that does not exist fails the update."
    )
    return f'''
class Blaxel{title}(BlaxelObject, module="blaxel", name="{title}"):
    """A Blaxel {word}: it {waits}.

    {_doc(summary, 4, 4)}
    """

{chr(10).join(outputs)}

    _KIND = "{word}"
    _PROPERTIES = {properties!r}
    _SECRET_PROPERTIES = {tuple(kind.secret_keys)!r}

    def __init__(
        self,
        resource_name: str,
        *,
{chr(10).join(args)}
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Blaxel {word}.

        Args:
            resource_name: {_doc(resource_doc, 27, 16)}
{chr(10).join(docs)}
            opts: Pulumi resource options.
        """
        super().__init__(
            self._KIND,
            "pulumi-python:dynamic/blaxel:{title}",
            resource_name,
            {{{given}}},
            self._PROPERTIES,
            self._SECRET_PROPERTIES,
            opts,
        )

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> Blaxel{title}:
        """{_doc(lookup_summary, 11, 8)}

        {_doc(lookup_doc, 8, 8)}

        Args:
            resource_name: The Pulumi name of the resource (the {word} keeps its own name).
            id: The {word}'s name on Blaxel (in the workspace the stack's settings name).
            opts: Pulumi resource options.
        """
        return Blaxel{title}._lookup(resource_name, id, opts)
'''


def _inputs_model(kind: ResourceKind[Any]) -> type[BaseModel]:
    """The inputs model the kind's check validates with (the first argument its checks close over)."""
    model = kind.inputs_model
    assert model is not None, kind.api.word
    return model


def generate() -> str:
    """The text of ``kinds.py``."""
    classes = [_class(word, kind) for word, kind in OBJECT_RESOURCE_KINDS.items()]
    names = sorted(f"Blaxel{kind.api.model.__name__}" for kind in OBJECT_RESOURCE_KINDS.values())
    text = HEADER + f"__all__ = {names!r}\n" + "\n".join(classes)
    return formatted(text, TARGET)


def noop_text() -> str:
    """``noop_kinds.py`` (the benchmark's no-op twin of the kinds) with each kind's property names: every
    property its class registers (``BlaxelObject``: its own, the internal, the output and the secret ones)."""
    keys, secrets = [], []
    for kind in OBJECT_RESOURCE_KINDS.values():
        title = kind.api.model.__name__
        names = dict.fromkeys(
            (*_inputs(kind), *kind.output_keys, *INTERNAL_KEYS, *OUTPUT_KEYS, *kind.secret_keys)
        )
        keys.append(f"    {title!r}: {tuple(names)!r},\n")
        secrets.append(f"    {title!r}: {tuple(kind.secret_keys)!r},\n")
    body = (
        f"KIND_KEYS: dict[str, tuple[str, ...]] = {{\n{''.join(keys)}}}\n"
        f"SECRET_KEYS: dict[str, tuple[str, ...]] = {{\n{''.join(secrets)}}}\n"
    )
    return formatted(replace_region(NOOP.read_text(), "kind-keys", body, "# "), NOOP)


def table() -> str:
    """The table of the kinds (the README's and the guide's): class, native token, waits, what replaces."""
    rows = [
        "| kind | Python class | native token | waits for `DEPLOYED` | replaced when these change |",
        "|---|---|---|---|---|",
        "| job | `BlaxelJob` | `blaxel:index:Job` | yes | `name`, `workspace` (and the API it lives on) |",
    ]
    for word, kind in OBJECT_RESOURCE_KINDS.items():
        replaces = ", ".join(f"`{key}`" for key in _replacing(kind))
        waits = "yes" if kind.rolls_out else "no (ready at once)"
        title = kind.api.model.__name__
        rows.append(f"| {word} | `Blaxel{title}` | `blaxel:index:{title}` | {waits} | {replaces} |")
    return "\n".join(rows)


def _with_table(text: str) -> str:
    """``text`` with the table between its markers replaced by :func:`table`."""
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    return text[:start] + "\n" + table() + "\n" + text[end:]


def main() -> int:
    """Write ``kinds.py`` and the kinds table of the README and the guide, or with ``--check`` fail when a
    committed one is out of date."""
    files = {
        TARGET: generate(),
        README: _with_table(README.read_text()),
        GUIDE: _with_table(GUIDE.read_text()),
        NOOP: noop_text(),
    }
    return write_or_check(__doc__, "gen_kinds.py", files)


if __name__ == "__main__":
    sys.exit(main())
