"""Generate what derives from the field table (the wire models and the resource's input/output models).

The wire models are the single declaration of every field (type, description, constraint, markers); this
script writes from them:

* `blaxel_pulumi/dynamic/args.py`: the typed `@pulumi.input_type` classes and TypedDicts users import (enum
  inputs
  typed as `Literal`), so they cannot drift from what `check` validates;
* `blaxel_pulumi/dynamic/outputs.py`: the resource's output declarations (`BlaxelJobOutputs`, typed nested
  outputs
  as TypedDicts: outputs are read leniently, so their enums stay `str`);
* the property keys of the benchmark's no-op twin (`bench/programs/noop/noop_job.py`), which must not
  import this package.

Run `python scripts/gen_args.py` after changing a model; the unit tests fail when a committed file is not
what this script writes (`--check`).
"""

from __future__ import annotations

import sys
import textwrap
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generated import formatted, replace_region, write_or_check
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from blaxel_pulumi.api import models  # noqa: E402
from blaxel_pulumi.core.schema import INTERNAL_KEYS, SECRET_KEYS, JobInputs, JobOutputs  # noqa: E402

TARGET = ROOT / "blaxel_pulumi" / "dynamic" / "args.py"
OUTPUTS_TARGET = ROOT / "blaxel_pulumi" / "dynamic" / "outputs.py"
NOOP = ROOT / "bench" / "programs" / "noop" / "noop_job.py"


@dataclass
class Spec:
    """One generated class."""

    name: str
    model: type[BaseModel]
    doc: str
    exclude: tuple[str, ...] = ()
    overrides: dict[str, str] = field(default_factory=dict)


SPECS = [
    Spec(
        "EnvVarArgs",
        models.Env,
        "An environment variable of the job's tasks. Set `secret=True` to keep the value "
        "a Pulumi secret in the state and masked by Blaxel.",
    ),
    Spec("PortArgs", models.Port, "A port the job's container listens on."),
    Spec("RevisionArgs", models.Revision, "Which revision serves executions, and the canary traffic split."),
    Spec(
        "TriggerConfigurationArgs",
        models.TriggerConfiguration,
        "Settings of a trigger.",
        exclude=("callback_secret",),
    ),
    Spec(
        "TriggerArgs",
        models.Trigger,
        "A cron schedule or HTTP endpoint that starts the job. `id` defaults to `<type>-<index>`.",
    ),
    Spec("VolumeArgs", models.JobVolume, "An ephemeral volume mounted into each task."),
    Spec("GithubRunnerArgs", models.GithubRunner, "Run GitHub Actions workflow jobs on this Blaxel job."),
    Spec("JobRuntimeArgs", models.JobRuntime, "How the job's tasks run."),
    Spec(
        "BlaxelJobArgs",
        JobInputs,
        "The inputs of a `BlaxelJob`: every field of Blaxel's job, plus resource options.",
        exclude=INTERNAL_KEYS,
    ),
]
MODEL_TO_CLASS = {spec.model: spec.name for spec in SPECS}


def _scalar(tp: Any, *, literal: bool = True) -> str:
    if typing.get_origin(tp) is typing.Literal:
        if not literal:
            return "str"
        return "Literal[" + ", ".join(repr(v).replace("'", '"') for v in typing.get_args(tp)) + "]"
    if tp is str:
        return "str"
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp is typing.Any:
        return "Any"
    if typing.get_origin(tp) is typing.Annotated:
        return _scalar(typing.get_args(tp)[0], literal=literal)
    raise TypeError(f"unsupported type {tp!r}")


def _strip_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    if typing.get_origin(tp) is typing.Annotated:
        return _strip_optional(typing.get_args(tp)[0])
    return tp


def input_type(tp: Any) -> str:
    """The `pulumi.Input[...]` annotation of a model field type."""
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and origin is None and issubclass(tp, BaseModel):
        cls = MODEL_TO_CLASS[tp]
        return f"pulumi.Input[{cls} | {cls}Dict]"
    if origin is list:
        (item,) = typing.get_args(tp)
        return f"pulumi.Input[Sequence[{input_type(item)}]]"
    if origin is dict:
        _key, value = typing.get_args(tp)
        value = _strip_optional(value)
        if value is typing.Any:
            return "pulumi.Input[Mapping[str, Any]]"
        return f"pulumi.Input[Mapping[str, {input_type(value)}]]"
    return f"pulumi.Input[{_scalar(tp)}]"


def _doc(text: str, indent: str) -> str:
    lines = textwrap.wrap(text, 110 - len(indent) - 6)
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""\n'
    body = "\n".join(f"{indent}{line}" for line in lines)
    return f'{indent}"""\n{body}\n{indent}"""\n'


def render_class(spec: Spec) -> str:
    fields = [(n, f) for n, f in spec.model.model_fields.items() if n not in spec.exclude]
    out = []
    out.append(f"class {spec.name}Dict(TypedDict, total=False):\n")
    out.append(_doc(spec.doc + " (Plain-dict form of `" + spec.name + "`.)", "    "))
    for name, info in fields:
        optional = "" if info.is_required() else " | None"
        out.append(f"\n    {name}: {input_type(info.annotation)}{optional}\n")
        out.append(_doc(info.description or name, "    "))
    out.append("\n\n@pulumi.input_type\n")
    out.append(f"class {spec.name}(_Args):\n")
    out.append(_doc(spec.doc, "    "))
    params = []
    for name, info in fields:
        annotation = input_type(info.annotation)
        if info.is_required():
            params.append(f"        {name}: {annotation},\n")
        else:
            params.append(f"        {name}: {annotation} | None = None,\n")
    out.append("\n    def __init__(\n        self,\n        *,\n" + "".join(params) + "    ) -> None:\n")
    out.append(_doc(f"Build `{spec.name}`; every argument is documented on its property.", "        "))
    for name, _info in fields:
        out.append(f'        pulumi.set(self, "{name}", {name})\n')
    for name, info in fields:
        annotation = input_type(info.annotation)
        optional = "" if info.is_required() else " | None"
        out.append(f"\n    @property\n    @pulumi.getter\n    def {name}(self) -> {annotation}{optional}:\n")
        out.append(_doc(info.description or name, "        "))
        out.append(f'        return pulumi.get(self, "{name}")  # type: ignore[no-any-return]\n')
        out.append(f"\n    @{name}.setter\n    def {name}(self, value: {annotation}{optional}) -> None:\n")
        out.append(f'        pulumi.set(self, "{name}", value)\n')
    return "".join(out)


HEADER = '''"""Typed Pulumi inputs of `BlaxelJob`.

GENERATED by `python scripts/gen_args.py` from the wire models: do not edit by hand.

Each `XArgs` class has a plain-dict twin `XArgsDict`; every input also accepts `pulumi.Input` values
(outputs of other resources). Property names are snake_case; the provider maps them to Blaxel's camelCase.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import pulumi
from typing_extensions import TypedDict

__all__ = [
{names}
]


class _Args:
    """Base of the generated input classes: conversion to a plain dict of the properties that are set."""

    def to_dict(self) -> dict[str, Any]:
        """The properties that are set, nested input classes converted too."""
        return {{k: _plain(v) for k, v in vars(self).items() if v is not None}}


def _plain(value: Any) -> Any:
    if isinstance(value, _Args):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {{k: _plain(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_plain(value: Any) -> Any:
    """Convert input classes, at any depth of dicts and lists, to plain dicts; other values stay."""
    return _plain(value)
'''


def render() -> str:
    names = sorted([s.name for s in SPECS] + [s.name + "Dict" for s in SPECS] + ["to_plain"])
    text = HEADER.format(names="\n".join(f'    "{n}",' for n in names))
    for spec in SPECS:
        text += "\n\n" + render_class(spec)
    return text


# -- outputs -----------------------------------------------------------------------------------------------

OUTPUT_NAMES = {spec.model: spec.name.removesuffix("Args") + "Output" for spec in SPECS[:-1]}
"""The TypedDict of each nested model's outputs (`JobRuntimeArgs` -> `JobRuntimeOutput`)."""


@dataclass(frozen=True)
class TypeStyle:
    """How a type is written: the name of a nested model, the forms of lists, maps and scalars."""

    model: Callable[[type[BaseModel]], str]
    list_form: str
    map_form: str
    any_name: str
    scalar: Callable[[Any], str]


def type_text(tp: Any, style: TypeStyle) -> str:
    """``tp`` (a model field's type, optional or not) written in ``style``."""
    tp = _strip_optional(tp)
    origin = typing.get_origin(tp)
    if isinstance(tp, type) and origin is None and issubclass(tp, BaseModel):
        return style.model(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        return style.list_form.format(type_text(item, style))
    if origin is dict:
        _key, value = typing.get_args(tp)
        value = _strip_optional(value)
        return style.map_form.format(style.any_name if value is typing.Any else type_text(value, style))
    return style.scalar(tp)


OUTPUT_STYLE = TypeStyle(
    model=lambda m: OUTPUT_NAMES[m],
    list_form="list[{}]",
    map_form="dict[str, {}]",
    any_name="Any",
    scalar=lambda tp: _scalar(tp, literal=False),
)
"""Python types of outputs: dicts as TypedDicts, enums as `str` (outputs are read leniently)."""


def output_type(tp: Any) -> str:
    """The Python type of an output."""
    return type_text(tp, OUTPUT_STYLE)


OUTPUTS_ALWAYS_HIDDEN = "The outputs that always hold secrets (the fields the field table marks `secret`)."


def render_outputs() -> str:
    out = [OUTPUTS_HEADER]
    for spec in SPECS[:-1]:
        fields = [(n, f) for n, f in spec.model.model_fields.items() if n not in spec.exclude]
        out.append(f"\n\nclass {OUTPUT_NAMES[spec.model]}(TypedDict, total=False):\n")
        out.append(_doc(f"{spec.doc} (As Blaxel reports it, a plain dict.)", "    "))
        for name, info in fields:
            out.append(f"\n    {name}: {output_type(info.annotation)}\n")
            out.append(_doc(info.description or name, "    "))
    secrets = repr(list(SECRET_KEYS)).replace("'", '"')
    out.append(f"\n\nSECRET_OUTPUTS = {secrets}\n")
    out.append(
        _doc("The outputs that always hold secrets (the fields marked `secret` in the field table).", "")
    )
    out.append("\n\nclass BlaxelJobOutputs:\n")
    out.append(
        _doc("The output properties of `BlaxelJob` (each an `Output`; None where Blaxel has none).", "    ")
    )
    for name, info in JobOutputs.model_fields.items():
        required = " | None" if name not in ("name", "workspace") else ""
        out.append(f"\n    {name}: pulumi.Output[{output_type(info.annotation)}{required}]\n")
        out.append(_doc(info.description or name, "    "))
    return "".join(out)


OUTPUTS_HEADER = '''"""Typed outputs of `BlaxelJob`.

GENERATED by `python scripts/gen_args.py` from the field table: do not edit by hand.

`BlaxelJobOutputs` declares every output property of the resource; nested outputs are plain dicts, typed by
the TypedDicts below.
"""

from __future__ import annotations

from typing import Any

import pulumi
from typing_extensions import TypedDict

__all__ = [
{names}
]
'''


def outputs_text() -> str:
    names = ["SECRET_OUTPUTS", *sorted([*OUTPUT_NAMES.values(), "BlaxelJobOutputs"])]
    return render_outputs().replace("{names}", "\n".join(f'    "{n}",' for n in names))


# -- the reference pages' types (scripts/gen_docs.py) and the no-op twin -------------------------------------


DOCS_STYLE = TypeStyle(
    model=lambda m: f"`{MODEL_TO_CLASS[m]}`",
    list_form="list[{}]",
    map_form="map[str, {}]",
    any_name="any",
    scalar=lambda tp: _scalar(tp).replace('"', "`"),
)
"""Types as the reference pages' tables write them (`scripts/gen_docs.py`)."""


def _type_text(tp: Any) -> str:
    return type_text(tp, DOCS_STYLE)


def _constraints(info: Any) -> str:
    """The documented constraints of a field (`>= 128`, `<= 100`, `63 chars max`, the pattern), as text."""
    found = []
    for item in info.metadata:
        for attr, text in (("ge", ">= {}"), ("le", "<= {}"), ("max_length", "{} chars max")):
            value = getattr(item, attr, None)
            if value is not None:
                found.append(text.format(value))
        pattern = getattr(item, "pattern", None)
        if pattern:
            found.append(f"`{pattern}`")
    return f" Constraint: {', '.join(found)}." if found else ""


def noop_text() -> str:
    keys = "".join(f'    "{k}",\n' for k in JobOutputs.model_fields)
    return replace_region(NOOP.read_text(), "property-keys", f"PROPERTY_KEYS = (\n{keys})\n", "# ")


def main() -> int:
    files = {
        TARGET: formatted(render(), TARGET),
        OUTPUTS_TARGET: formatted(outputs_text(), OUTPUTS_TARGET),
        NOOP: noop_text(),
    }
    return write_or_check(__doc__, "gen_args.py", files)


if __name__ == "__main__":
    raise SystemExit(main())
