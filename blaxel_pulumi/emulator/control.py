"""The control API of the local Blaxel API, under ``/_emulator/`` (no authentication, never faulted).

=======================================  ==================================================================
``GET /_emulator/health``                ``{"status": "ok", "pid", "db", "workspaces", "uptime_seconds",
                                         "settings"}``
``GET|POST|DELETE /_emulator/faults``    list / append (a rule object or a list of them) / remove fault
                                         rules; answers ``{"rules": [...]}`` with ``id``, ``remaining``,
                                         ``matched`` and ``fired`` counters (see :mod:`.faults`)
``GET /_emulator/requests``              request log entries (see :mod:`.requestlog`), filtered by
                                         ``?since=SEQ``, ``?method=M``, ``?path=REGEX``
``DELETE /_emulator/requests``           clear the log (``seq`` keeps counting); ``{"cleared": n}``
``GET|POST /_emulator/settings``         ``{"deploy_seconds", "delete_seconds", "fail_image_pattern",
                                         "execution_seconds", "execution_retention_seconds"}``; POST
                                         changes any of them for later rollouts, deletions, executions
``GET /_emulator/jobs``                  stored jobs of every workspace or ``?workspace=W``, secrets
                                         masked unless ``?show_secrets=true`` (a local tool: no admin
                                         check here)
``DELETE /_emulator/jobs``               remove every job (of ``?workspace=W``) at once, no ``DELETING``,
                                         and their execution history
``GET|DELETE /_emulator/{collection}``   the same for every other kind (``/_emulator/policies``): stored
                                         objects with secrets in clear, or remove them all
=======================================  ==================================================================
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable

import pydantic
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from blaxel_pulumi.emulator.api_errors import ApiError
from blaxel_pulumi.emulator.config import ConfigError
from blaxel_pulumi.emulator.endpoints import Endpoint, flag, json_body
from blaxel_pulumi.emulator.faults import FaultRuleSpec
from blaxel_pulumi.emulator.objects import ObjectService
from blaxel_pulumi.emulator.state import EmulatorState

__all__ = ["control_routes"]


def _bad(message: str) -> ApiError:
    return ApiError(400, message, error="Invalid control request")


def control_routes(state: EmulatorState, *, guard: Callable[[Endpoint], Endpoint]) -> list[BaseRoute]:
    """Routes of the control API bound to ``state``."""

    async def health(request: Request) -> Response:
        return JSONResponse(
            {
                "status": "ok",
                "pid": os.getpid(),
                "db": str(state.store.path),
                "workspaces": list(state.config.workspaces),
                "uptime_seconds": round(time.time() - state.started_at, 3),
                "settings": state.settings.current().as_json(),
            }
        )

    async def faults(request: Request) -> Response:
        if request.method == "POST":
            payload = await json_body(request)
            items = payload if isinstance(payload, list) else [payload]
            specs = []
            for index, item in enumerate(items):
                try:
                    specs.append(FaultRuleSpec.model_validate(item))
                except pydantic.ValidationError as exc:
                    problems = "; ".join(
                        f"{'.'.join(str(p) for p in e['loc']) or 'rule'}: {e['msg']}"
                        for e in exc.errors(include_input=False)
                    )
                    raise _bad(f"Fault rule {index}: {problems}.") from None
            state.faults.add(specs)
        elif request.method == "DELETE":
            state.faults.clear()
        return JSONResponse({"rules": state.faults.rules()})

    async def requests(request: Request) -> Response:
        if request.method == "DELETE":
            return JSONResponse({"cleared": state.requests.clear()})
        params = request.query_params
        try:
            since = int(params.get("since", "0"))
        except ValueError:
            raise _bad("since must be an integer (a request seq).") from None
        try:
            path = re.compile(params["path"]) if "path" in params else None
        except re.error as exc:
            raise _bad(f"path is not a valid regular expression: {exc}.") from None
        method = params.get("method")
        return JSONResponse(state.requests.entries(since=since, method=method and method.upper(), path=path))

    async def settings(request: Request) -> Response:
        if request.method == "POST":
            payload = await json_body(request)
            if not isinstance(payload, dict):
                raise _bad('Send a JSON object such as {"deploy_seconds": 0.5}.')
            try:
                state.settings.update(payload)
            except ConfigError as exc:
                raise _bad(str(exc)) from None
        return JSONResponse(state.settings.current().as_json())

    async def jobs(request: Request) -> Response:
        workspace = request.query_params.get("workspace") or None
        if request.method == "DELETE":
            removed = await run_in_threadpool(_remove_all, state, workspace)
            return JSONResponse({"removed": removed})
        listing = await run_in_threadpool(
            state.service.stored_jobs, workspace, show_secrets=flag(request, "show_secrets")
        )
        return JSONResponse(listing)

    def objects(service: ObjectService) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            workspace = request.query_params.get("workspace") or None
            if request.method == "DELETE":
                return JSONResponse(
                    {"removed": await run_in_threadpool(_remove_objects, state, service, workspace)}
                )
            return JSONResponse(await run_in_threadpool(service.stored, workspace))

        return endpoint

    kinds: list[BaseRoute] = [
        Route(f"/_emulator{collection}", guard(objects(service)), methods=["GET", "DELETE"])
        for collection, service in state.objects.items()
    ]
    return [
        *kinds,
        Route("/_emulator/health", guard(health), methods=["GET"]),
        Route("/_emulator/faults", guard(faults), methods=["GET", "POST", "DELETE"]),
        Route("/_emulator/requests", guard(requests), methods=["GET", "DELETE"]),
        Route("/_emulator/settings", guard(settings), methods=["GET", "POST"]),
        Route("/_emulator/jobs", guard(jobs), methods=["GET", "DELETE"]),
    ]


def _remove_all(state: EmulatorState, workspace: str | None) -> int:
    now = time.time()
    with state.store.write() as tx:
        tx.purge_gone(now)
        rows = tx.list_jobs(workspace, now)
        for row in rows:
            tx.remove_job(row.workspace, row.name)
            tx.connection.execute(
                "DELETE FROM executions WHERE workspace = ? AND job = ?", (row.workspace, row.name)
            )
    return len(rows)


def _remove_objects(state: EmulatorState, service: ObjectService, workspace: str | None) -> int:
    with state.store.write() as tx:
        kind = service.kind.collection.strip("/")
        stored = tx.list_objects(kind, workspace)
        for body in stored:
            metadata = body["metadata"]
            tx.remove_object(kind, str(metadata.get("workspace")), str(metadata.get("name")))
    return len(stored)
