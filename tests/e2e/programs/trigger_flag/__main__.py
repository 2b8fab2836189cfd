"""One job with a cron trigger whose `enabled` is the config value `enabled` as typed (a string)."""

from typing import Any

import pulumi

import blaxel_pulumi as blaxel

# A string where a boolean belongs, as a user may write it: the check must refuse it.
trigger: Any = {
    "type": "cron",
    "enabled": pulumi.Config().get("enabled"),
    "configuration": {"schedule": "0 2 * * *"},
}
blaxel.BlaxelJob(
    "flagged", runtime=blaxel.JobRuntimeArgs(image="blaxel/hello-world:latest"), triggers=[trigger]
)
