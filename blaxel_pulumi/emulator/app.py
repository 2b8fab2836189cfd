"""The Starlette application of the local Blaxel API: ``/v0`` routes of jobs, their executions and every
other kind, ``/_emulator``.

Layers, outermost first: request log and request ids, fault injection (``/v0`` only), routing. Every
``/v0`` response carries ``x-request-id``; errors use Blaxel's ``{"error", "code", "message"}`` body and
the ``x-blaxel-error-code`` header. Database work runs in Starlette's thread pool, one transaction per
call, so slow requests never block the event loop and concurrent writes are serialized by the store.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from blaxel_pulumi.emulator.api_errors import error_response
from blaxel_pulumi.emulator.auth import Principal
from blaxel_pulumi.emulator.config import EmulatorConfig
from blaxel_pulumi.emulator.control import control_routes
from blaxel_pulumi.emulator.endpoints import flag, guard, json_body
from blaxel_pulumi.emulator.faults import FaultMiddleware
from blaxel_pulumi.emulator.listing import ListQuery, api_version
from blaxel_pulumi.emulator.objects import ObjectService
from blaxel_pulumi.emulator.requestlog import RequestLogMiddleware
from blaxel_pulumi.emulator.state import EmulatorState

__all__ = ["EmulatorState", "create_app"]


class _JobsApi:
    """Handlers of the ``/v0/jobs`` routes."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    def _who(self, request: Request) -> Principal:
        return self.state.keyring.authenticate(request.headers)

    async def jobs(self, request: Request) -> Response:
        """``GET`` (list) and ``POST`` (create) ``/v0/jobs``."""
        service = self.state.service
        who = self._who(request)
        if request.method in ("GET", "HEAD"):
            query = ListQuery.parse(request.query_params, api_version(request.headers))
            listing = await run_in_threadpool(
                service.list_jobs, who, query, show_secrets=flag(request, "show_secrets")
            )
            return JSONResponse(listing)
        payload = await json_body(request)
        job = await run_in_threadpool(
            service.create, who, payload, show_secrets=flag(request, "show_secrets")
        )
        return JSONResponse(job)

    async def job(self, request: Request) -> Response:
        """``GET``, ``PUT`` and ``DELETE /v0/jobs/{jobId}``."""
        service = self.state.service
        name: str = request.path_params["job_id"]
        who = self._who(request)
        show = flag(request, "show_secrets")
        if request.method in ("GET", "HEAD"):
            job = await run_in_threadpool(service.get, who, name, show_secrets=show)
        elif request.method == "PUT":
            payload = await json_body(request)
            job = await run_in_threadpool(service.update, who, name, payload, show_secrets=show)
        else:
            job = await run_in_threadpool(service.delete, who, name, show_secrets=show)
        return JSONResponse(job)

    async def revisions(self, request: Request) -> Response:
        """``GET /v0/jobs/{jobId}/revisions``."""
        who = self._who(request)
        revisions = await run_in_threadpool(self.state.service.revisions, who, request.path_params["job_id"])
        return JSONResponse(revisions)


class _ObjectsApi:
    """Handlers of the routes of one kind other than jobs: ``/v0/{collection}[/{name}]``."""

    def __init__(self, state: EmulatorState, service: ObjectService) -> None:
        self.state = state
        self.service = service

    async def collection(self, request: Request) -> Response:
        """``GET`` (list) and ``POST`` (create) ``/v0/{collection}``."""
        who = self.state.keyring.authenticate(request.headers)
        show = flag(request, "show_secrets")
        if request.method in ("GET", "HEAD"):
            query = ListQuery.parse(request.query_params, api_version(request.headers))
            listing = await run_in_threadpool(self.service.list_objects, who, query, show_secrets=show)
            return JSONResponse(listing)
        payload = await json_body(request)
        return JSONResponse(await run_in_threadpool(self.service.create, who, payload, show_secrets=show))

    async def item(self, request: Request) -> Response:
        """``GET``, ``PUT`` and ``DELETE /v0/{collection}/{name}``."""
        who = self.state.keyring.authenticate(request.headers)
        name: str = request.path_params["name"]
        show = flag(request, "show_secrets")
        if request.method in ("GET", "HEAD"):
            found = await run_in_threadpool(self.service.get, who, name, show_secrets=show)
        elif request.method == "PUT":
            payload = await json_body(request)
            found = await run_in_threadpool(self.service.update, who, name, payload, show_secrets=show)
        else:
            found = await run_in_threadpool(self.service.delete, who, name, show_secrets=show)
        return JSONResponse(found)


class _ExecutionsApi:
    """Handlers of the ``/v0/jobs/{jobId}/executions`` routes (see :mod:`.executions`)."""

    def __init__(self, state: EmulatorState) -> None:
        self.state = state

    async def executions(self, request: Request) -> Response:
        """``GET`` (list) and ``POST`` (start) ``/v0/jobs/{jobId}/executions``."""
        service = self.state.executions
        who = self.state.keyring.authenticate(request.headers)
        job: str = request.path_params["job_id"]
        if request.method in ("GET", "HEAD"):
            version = api_version(request.headers)
            listing = await run_in_threadpool(service.list, who, job, request.query_params, version)
            return JSONResponse(listing)
        payload = await json_body(request)
        return JSONResponse(await run_in_threadpool(service.create, who, job, payload))

    async def execution(self, request: Request) -> Response:
        """``GET`` and ``DELETE`` (cancel) ``/v0/jobs/{jobId}/executions/{executionId}``."""
        service = self.state.executions
        who = self.state.keyring.authenticate(request.headers)
        job: str = request.path_params["job_id"]
        execution_id: str = request.path_params["execution_id"]
        call = service.get if request.method in ("GET", "HEAD") else service.cancel
        return JSONResponse(await run_in_threadpool(call, who, job, execution_id))

    async def tasks(self, request: Request) -> Response:
        """``GET /v0/jobs/{jobId}/executions/{executionId}/tasks``."""
        who = self.state.keyring.authenticate(request.headers)
        params = request.path_params
        page = await run_in_threadpool(
            self.state.executions.tasks, who, params["job_id"], params["execution_id"], request.query_params
        )
        return JSONResponse(page)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = (
            f"There is no route {request.method} {request.url.path}: the local Blaxel API serves /v0/jobs, "
            "/v0/jobs/{jobId}, /v0/jobs/{jobId}/revisions, /v0/jobs/{jobId}/executions[/{executionId}"
            "[/tasks]], the other kinds' /v0/{collection}[/{name}] and /_emulator/."
        )
    elif exc.status_code == 405:
        allowed = ", ".join(sorted((exc.headers or {}).get("Allow", "").replace(" ", "").split(",")))
        message = f"{request.method} is not allowed on {request.url.path}: use {allowed}."
        return error_response(405, message, headers={"Allow": allowed})
    else:
        message = str(exc.detail)
    return error_response(exc.status_code, message, headers=exc.headers)


def create_app(config: EmulatorConfig | None = None, *, state: EmulatorState | None = None) -> Starlette:
    """Build the local Blaxel API as a Starlette application.

    Without ``state`` the app opens its own (from ``config``, default :class:`EmulatorConfig`) and closes it
    at lifespan shutdown; with ``state`` the caller owns it. The state is ``app.state.emulator``.
    """
    owned = state is None
    if state is None:
        state = EmulatorState.open(config or EmulatorConfig())
    jobs = _JobsApi(state)
    runs = _ExecutionsApi(state)
    routes: list[BaseRoute] = [
        Route("/v0/jobs", guard(jobs.jobs), methods=["GET", "POST"]),
        Route("/v0/jobs/{job_id}", guard(jobs.job), methods=["GET", "PUT", "DELETE"]),
        Route("/v0/jobs/{job_id}/revisions", guard(jobs.revisions), methods=["GET"]),
        Route("/v0/jobs/{job_id}/executions", guard(runs.executions), methods=["GET", "POST"]),
        Route(
            "/v0/jobs/{job_id}/executions/{execution_id}", guard(runs.execution), methods=["GET", "DELETE"]
        ),
        Route("/v0/jobs/{job_id}/executions/{execution_id}/tasks", guard(runs.tasks), methods=["GET"]),
    ]
    for collection, service in state.objects.items():
        handlers = _ObjectsApi(state, service)
        routes += [
            Route(f"/v0{collection}", guard(handlers.collection), methods=["GET", "POST"]),
            Route(f"/v0{collection}/{{name}}", guard(handlers.item), methods=["GET", "PUT", "DELETE"]),
        ]
    if state.config.control_api:
        routes += control_routes(state, guard=guard)

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                state.close()

    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(RequestLogMiddleware, log=state.requests),
            Middleware(FaultMiddleware, injector=state.faults),
        ],
        exception_handlers={HTTPException: _http_exception},
        lifespan=lifespan,
    )
    app.state.emulator = state
    return app
