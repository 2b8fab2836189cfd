"""Helpers shared by the HTTP handlers: error conversion, JSON bodies, boolean query parameters."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from blaxel_pulumi.emulator.api_errors import ApiError, error_response

__all__ = ["MAX_BODY_BYTES", "Endpoint", "flag", "guard", "json_body"]

MAX_BODY_BYTES = 1 << 20
"""Largest accepted request body (1 MiB); larger ones get 413."""

Endpoint = Callable[[Request], Awaitable[Response]]
"""A Starlette request handler."""

_log = logging.getLogger("blaxel_pulumi.emulator")


def guard(handler: Endpoint) -> Endpoint:
    """Turn :class:`ApiError` and unexpected exceptions into Blaxel error responses."""

    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except ApiError as exc:
            return exc.response()
        except Exception:
            _log.exception("Unexpected error in %s %s", request.method, request.url.path)
            return error_response(500, "The local Blaxel API failed unexpectedly; see its log for details.")

    return endpoint


def flag(request: Request, name: str) -> bool:
    """A boolean query parameter (``true``/``false``/``1``/``0``); 400 on other values."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return False
    value = raw.lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no"):
        return False
    raise ApiError(
        400, f"{name}: {raw!r} is not a boolean; use true or false.", error="Invalid query parameter"
    )


async def json_body(request: Request) -> Any:
    """The request's JSON body, or a 400/413 :class:`ApiError`."""
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise ApiError(413, f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    if not raw.strip():
        raise ApiError(400, "The request body is empty: send a JSON document.", error="Invalid request body")
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(
            400, f"The request body is not valid JSON: {exc}.", error="Invalid request body"
        ) from None
