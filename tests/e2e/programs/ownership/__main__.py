"""Resources declared as the stack config `jobs` says: a JSON list of objects, one per resource.

Keys of each: `resource` (its Pulumi name), `kind` (the word of a Blaxel kind: `job`, the default, `policy`,
`volume`, ...), `face` (`dynamic`: `BlaxelJob`, `BlaxelPolicy`, ...; `native`: `blaxel:index:Job`, ... through
the generated SDK), `parent` (None: the stack; `A` or `B`: a component of type `test:index:A` /
`test:index:B` named `group`), `aliases` (URNs it had before), `name` (the object's name; None: an
auto-name), `adopt`, `image`, `memory`, `display` (its display name), `ignore` (`ignore_changes` paths),
`retain` (`retain_on_delete`).

A job takes `image` and `memory` as its runtime's; any other kind takes `image` as its display name (when
`display` is not set) and `memory` as one field a `PUT` changes (see `ARGS`: a volume's size, a policy's
resource types, ...), its other fields fixed (a volume's region is never changed: that replaces it).
Exports `names`: the object name of each resource, by `<parent>/<resource>`.
"""

import json
from collections.abc import Callable
from typing import Any

import pulumi
import pulumi_blaxel as native  # the generated Python SDK (sdk/python)

import blaxel_pulumi as blaxel

REGION = "us-pdx-1"

ARGS: dict[str, tuple[str, Callable[[int], dict[str, Any]]]] = {
    "policy": (
        "Policy",
        lambda memory: {
            "type": "location",
            "locations": [{"name": "EU", "type": "continent"}],
            "resource_types": ["agent"] if memory <= 2048 else ["agent", "model"],
        },
    ),
    "integration connection": (
        "IntegrationConnection",
        lambda memory: {
            "integration": "openai",
            "config": {"org": f"acme-{memory}"},
            "secret": {"apiKey": "k"},
        },
    ),
    "volume template": ("VolumeTemplate", lambda memory: {"default_size": memory}),
    "volume": ("Volume", lambda memory: {"size": memory, "region": REGION}),
    "drive": (
        "Drive",
        lambda memory: {
            "region": REGION,
            "permissions": [{"labels": {"team": "data"}, "mode": "read-write" if memory <= 2048 else "read"}],
        },
    ),
    "model": (
        "Model",
        lambda memory: {
            "runtime": {"type": "openai", "model": "gpt-4.1" if memory <= 2048 else "gpt-4.1-mini"}
        },
    ),
    "function": (
        "Function",
        lambda memory: {"runtime": {"image": "registry.example.com/mcp:1", "memory": memory}},
    ),
    "agent": (
        "Agent",
        lambda memory: {"runtime": {"image": "registry.example.com/agent:1", "memory": memory}},
    ),
    "sandbox": ("Sandbox", lambda memory: {"runtime": {"image": "blaxel/base:latest", "memory": memory}}),
}
"""Each kind but jobs: its class's name and its fields for a `memory` (one field a `PUT` changes)."""


class Group(pulumi.ComponentResource):
    """A component that holds resources (its type is `test:index:<kind>`)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"test:index:{kind}", "group")
        self.register_outputs({})


groups: dict[str, Group] = {}
names: dict[str, pulumi.Output[str | None]] = {}
for declared in json.loads(pulumi.Config().get("jobs") or "[]"):
    parent = declared.get("parent")
    if parent and parent not in groups:
        groups[parent] = Group(parent)
    opts = pulumi.ResourceOptions(
        parent=groups[parent] if parent else None,
        aliases=declared.get("aliases") or None,
        ignore_changes=declared.get("ignore") or None,
        retain_on_delete=declared.get("retain") or None,
    )
    image, memory = declared["image"], declared.get("memory") or 2048
    kind = declared.get("kind") or "job"
    native_face = declared.get("face") == "native"
    resource: Any
    if kind != "job":
        title, args = ARGS[kind]
        cls = getattr(native, title) if native_face else getattr(blaxel, f"Blaxel{title}")
        resource = cls(
            declared["resource"],
            name=declared.get("name"),
            adopt=declared.get("adopt"),
            display_name=declared.get("display") or image,
            opts=opts,
            **args(memory),
        )
    elif native_face:
        resource = native.Job(
            declared["resource"],
            name=declared.get("name"),
            adopt=declared.get("adopt"),
            display_name=declared.get("display"),
            runtime=native.JobRuntimeArgs(image=image, memory=memory),
            opts=opts,
        )
    else:
        resource = blaxel.BlaxelJob(
            declared["resource"],
            name=declared.get("name"),
            adopt=declared.get("adopt"),
            display_name=declared.get("display"),
            runtime=blaxel.JobRuntimeArgs(image=image, memory=memory),
            opts=opts,
        )
    names[f"{parent or ''}/{declared['resource']}"] = resource.name

pulumi.export("names", names)
