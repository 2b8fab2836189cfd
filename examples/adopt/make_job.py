"""Create a job outside Pulumi, as `bl apply` or the console would: the job this example adopts.

Usage: ``python make_job.py NAME``, with ``BL_API_URL``, ``BL_WORKSPACE`` and ``BL_API_KEY`` set (the local
Blaxel API's values in this example's README).
"""

from __future__ import annotations

import os
import sys

import httpx

name = sys.argv[1] if len(sys.argv) > 1 else "legacy-etl"
response = httpx.post(
    f"{os.environ['BL_API_URL']}/jobs",
    headers={
        "Authorization": f"Bearer {os.environ['BL_API_KEY']}",
        "X-Blaxel-Workspace": os.environ["BL_WORKSPACE"],
    },
    json={
        "metadata": {"name": name, "labels": {"made-by": "console"}},
        "spec": {"runtime": {"image": "blaxel/legacy:0.9", "memory": 1024}},
    },
    timeout=30,
)
response.raise_for_status()
print(f"created job {name} in workspace {os.environ['BL_WORKSPACE']}")
