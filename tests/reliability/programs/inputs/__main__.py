"""One `BlaxelJob` per entry of the JSON object in config `cases`: `{"<resource name>": {<inputs>}}`.

The inputs are passed as given (a plain dict, keyword names), so every kind of mistake a program can make
reaches the provider's `check`.
"""

import json

import pulumi

import blaxel_pulumi as blaxel

cases = json.loads(pulumi.Config().require("cases"))
for resource_name, props in cases.items():
    blaxel.BlaxelJob(resource_name, props)
