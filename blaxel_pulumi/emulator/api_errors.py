"""Errors of the local Blaxel API and their wire shape.

Every failed call answers ``{"error": str, "code": int, "message": str}`` (Blaxel's ``Error`` schema) with
the header ``x-blaxel-error-code`` set to the same numeric code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

__all__ = ["ERROR_CODE_HEADER", "ERROR_TITLES", "ApiError", "error_response"]

ERROR_CODE_HEADER = "x-blaxel-error-code"
"""Header carrying the numeric error code of a failed call."""

ERROR_TITLES: dict[int, str] = {
    400: "Bad request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Resource not found",
    405: "Method not allowed",
    408: "Request timeout",
    409: "Resource already exists",
    413: "Payload too large",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}
"""Default ``error`` value per status code."""


class ApiError(Exception):
    """A failed call: raised by the service layer, turned into an error response by the app."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        error: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        """HTTP status code."""
        self.error = error or ERROR_TITLES.get(status, "Error")
        """Short kind of error (the ``error`` field)."""
        self.message = message
        """Sentence saying what happened and how to fix it (the ``message`` field)."""
        self.headers = dict(headers or {})
        """Extra response headers, e.g. ``Allow`` or ``Retry-After``."""

    def body(self) -> dict[str, Any]:
        """The JSON error body."""
        return {"error": self.error, "code": self.status, "message": self.message}

    def response(self) -> JSONResponse:
        """The error as a response."""
        return error_response(self.status, self.message, error=self.error, headers=self.headers)


def error_response(
    status: int, message: str, *, error: str | None = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """Build an error response in Blaxel's shape."""
    body = {"error": error or ERROR_TITLES.get(status, "Error"), "code": status, "message": message}
    return JSONResponse(body, status_code=status, headers={**(headers or {}), ERROR_CODE_HEADER: str(status)})
