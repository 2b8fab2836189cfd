"""The local Blaxel API: Blaxel's job endpoints on your machine, for Pulumi programs and tests.

Start it from a shell with ``python -m blaxel_pulumi.emulator`` (see ``__main__``), or in-process::

    from blaxel_pulumi.emulator import EmulatorConfig, EmulatorServer

    with EmulatorServer(EmulatorConfig(db_path="jobs.sqlite", deploy_seconds=0.3)) as server:
        os.environ.update(server.environment())   # BL_API_URL, BL_WORKSPACE, BL_API_KEY

It serves ``/v0/jobs`` (list, create), ``/v0/jobs/{jobId}`` (get, update, delete) and
``/v0/jobs/{jobId}/revisions`` with Blaxel's status codes and error bodies, keeps jobs in SQLite, moves
them through ``UPLOADING -> BUILDING -> DEPLOYING -> DEPLOYED`` (or ``FAILED``) over a configurable
duration, masks secrets, and offers an unauthenticated control API under ``/_emulator/`` for fault
injection, a request log and run-time settings.

Where Blaxel's real behaviour is not documented, the choices are stated in the modules that implement
them and summed up in ``README.md`` next to this file: :mod:`.jobs` (metadata, revisions, secrets,
triggers, conflicts while deleting), :mod:`.lifecycle` (statuses and timing), :mod:`.listing`
(pagination), :mod:`.auth`, :mod:`.faults` and :mod:`.requestlog`.
"""

from __future__ import annotations

import importlib.util

for _needed in ("starlette", "uvicorn"):
    if importlib.util.find_spec(_needed) is None:
        raise ImportError(
            f"The local Blaxel API needs {_needed}, part of the `emulator` extra: install the package "
            "with it (from a clone: pip install -e '/path/to/blaxel-pulumi[emulator]'), or "
            "pip install starlette uvicorn"
        )

from blaxel_pulumi.emulator.app import create_app  # noqa: E402
from blaxel_pulumi.emulator.config import (  # noqa: E402
    DEFAULT_API_KEY,
    DEFAULT_FAIL_IMAGE_PATTERN,
    DEFAULT_WORKSPACE,
    ApiKey,
    ConfigError,
    EmulatorConfig,
    load_config_file,
)
from blaxel_pulumi.emulator.jobs import SECRET_MASK  # noqa: E402
from blaxel_pulumi.emulator.server import EmulatorServer  # noqa: E402
from blaxel_pulumi.emulator.state import EmulatorState  # noqa: E402

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_FAIL_IMAGE_PATTERN",
    "DEFAULT_WORKSPACE",
    "SECRET_MASK",
    "ApiKey",
    "ConfigError",
    "EmulatorConfig",
    "EmulatorServer",
    "EmulatorState",
    "create_app",
    "load_config_file",
]
