"""Jobs declared as the stack config `jobs` says: a JSON list of objects, one per job resource.

Keys of each: `resource` (its Pulumi name), `face` (`dynamic`: `BlaxelJob`; `native`: `blaxel:index:Job`),
`parent` (None: the stack; `A` or `B`: a component of type `test:index:A` / `test:index:B` named `group`),
`aliases` (URNs it had before), `name` (the job's name; None: an auto-name), `adopt`, `image`, `memory`,
`display` (its display name), `ignore` (`ignore_changes` paths), `retain` (`retain_on_delete`).
Exports `names`: the job name of each resource, by `<parent>/<resource>`.
"""

import json

import pulumi
import pulumi_blaxel as native  # the generated Python SDK (sdk/python)

import blaxel_pulumi as blaxel


class Group(pulumi.ComponentResource):
    """A component that holds jobs (its type is `test:index:<kind>`)."""

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
    if declared.get("face") == "native":
        job: native.Job | blaxel.BlaxelJob = native.Job(
            declared["resource"],
            name=declared.get("name"),
            adopt=declared.get("adopt"),
            runtime=native.JobRuntimeArgs(image=image, memory=memory),
            opts=opts,
        )
    else:
        job = blaxel.BlaxelJob(
            declared["resource"],
            name=declared.get("name"),
            adopt=declared.get("adopt"),
            runtime=blaxel.JobRuntimeArgs(image=image, memory=memory),
            opts=opts,
        )
    names[f"{parent or ''}/{declared['resource']}"] = job.name

pulumi.export("names", names)
