"""Every error this package raises, and the one place where HTTP statuses become exception classes.

The tree is shallow::

    BlaxelError
    ├── BlaxelConfigError            a setting is missing or invalid
    ├── BlaxelConnectionError        Blaxel could not be reached, or the connection broke
    │   └── BlaxelTimeoutError       Blaxel did not answer in time
    ├── BlaxelAPIError               Blaxel answered with an error status
    │   ├── InvalidRequest (400, 422), Unauthorized (401), Forbidden (403), NotFound (404),
    │   │   MethodNotAllowed (405), Conflict (409), RateLimited (429), ServerError (5xx)
    │   └── BlaxelProtocolError      Blaxel answered, but not with what the API documents
    └── DeploymentError              a job did not reach DEPLOYED
        ├── DeploymentFailed
        └── DeploymentTimeout

Messages are plain sentences that say what happened and what to do. They never contain the API key,
the value of an ``Authorization`` header, or any string the caller asks to redact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from blaxel_pulumi.models import CoreEvent
from blaxel_pulumi.retry import parse_retry_after

__all__ = [
    "DEPLOYMENT_EVENTS_SHOWN",
    "REQUEST_ID_HEADERS",
    "SERVER_MESSAGE_MAX_CHARS",
    "BlaxelAPIError",
    "BlaxelConfigError",
    "BlaxelConnectionError",
    "BlaxelError",
    "BlaxelProtocolError",
    "BlaxelTimeoutError",
    "Conflict",
    "DeploymentError",
    "DeploymentFailed",
    "DeploymentTimeout",
    "Forbidden",
    "InvalidRequest",
    "MethodNotAllowed",
    "NotFound",
    "RateLimited",
    "ServerError",
    "Unauthorized",
    "error_from_response",
    "protocol_error",
    "redact",
]

REQUEST_ID_HEADERS = ("x-cf-request-id", "x-request-id", "cf-ray")
"""Response headers that carry a request id, in the order they are looked at."""
SERVER_MESSAGE_MAX_CHARS = 500
"""Longest server message quoted in an exception message; longer ones are cut."""
DEPLOYMENT_EVENTS_SHOWN = 5
"""How many of the latest deployment events a :class:`DeploymentError` message lists."""

_REDACTED = "[redacted]"
_MIN_REDACTED_LINE = 8  # a line of a multi-line secret shorter than this is too common to redact alone
_JOB_PATH = re.compile(r"^/jobs/([^/?#]+)")


class BlaxelError(Exception):
    """Base of every error raised by ``blaxel_pulumi``."""

    def append_detail(self, sentence: str) -> None:
        """Add ``sentence`` to the end of this error's message (used to say how many attempts were made)."""
        first = str(self.args[0]) if self.args else ""
        self.args = (f"{first} {sentence}".strip(), *self.args[1:])


class BlaxelConfigError(BlaxelError):
    """A setting (API key, workspace, URL, environment name, config file) is missing or invalid.

    The message names every place that was looked at and how to set the value.
    """


class BlaxelConnectionError(BlaxelError):
    """Blaxel could not be reached, or the connection broke before a complete response arrived.

    Attributes:
        method: HTTP method of the request, e.g. ``GET``.
        path: Path of the request relative to the API base URL, e.g. ``/jobs/my-job``.
        url: The API base URL that was used.
    """

    def __init__(self, message: str, *, method: str, path: str, url: str) -> None:
        """Build the error from a complete message and the request it concerns."""
        super().__init__(message)
        self.method = method
        self.path = path
        self.url = url


class BlaxelTimeoutError(BlaxelConnectionError):
    """Blaxel did not accept the connection, or did not answer, within the configured timeout."""


class BlaxelAPIError(BlaxelError):
    """Blaxel answered with an error status (or, for :class:`BlaxelProtocolError`, an unusable body).

    Attributes:
        status: HTTP status code of the response.
        code: Blaxel's error code: the body's ``error`` field, else the ``x-blaxel-error-code`` header.
        message: The server's own message (the body's ``message``), possibly empty.
        request_id: Request id from ``x-cf-request-id``, ``x-request-id`` or ``cf-ray``, for Blaxel support.
        method: HTTP method of the request.
        path: Path of the request relative to the API base URL.
    """

    def __init__(
        self,
        text: str,
        *,
        status: int,
        method: str,
        path: str,
        message: str = "",
        code: str | None = None,
        request_id: str | None = None,
    ) -> None:
        """Build the error; ``text`` is the complete human-readable message (``str(error)``)."""
        super().__init__(text)
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.method = method
        self.path = path


class InvalidRequest(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """400 or 422: Blaxel rejected the request body or parameters."""


class Unauthorized(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """401: the API key is missing, wrong or expired."""


class Forbidden(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """403: the API key has no access to the workspace or the operation."""


class NotFound(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """404: the job (or the endpoint) does not exist."""


class MethodNotAllowed(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """405: the endpoint does not accept this method (often a wrong base URL)."""


class Conflict(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """409: the job already exists (or changed concurrently). Never retried."""


class RateLimited(BlaxelAPIError):  # noqa: N818 (the name is the status)
    """429: Blaxel is rate limiting this client.

    Attributes:
        retry_after: Seconds the server asked to wait (from ``Retry-After``), if it said.
    """

    def __init__(self, text: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        """Build the error; ``retry_after`` is the parsed ``Retry-After`` header in seconds."""
        super().__init__(text, **kwargs)
        self.retry_after = retry_after


class ServerError(BlaxelAPIError):
    """5xx: Blaxel failed or is unavailable; usually temporary."""


class BlaxelProtocolError(BlaxelAPIError):
    """Blaxel answered with a success status but a body that is not JSON or not what the API documents."""


_STATUS_CLASSES: dict[int, type[BlaxelAPIError]] = {
    400: InvalidRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    405: MethodNotAllowed,
    409: Conflict,
    422: InvalidRequest,
    429: RateLimited,
}


def _forms(secret: str) -> set[str]:
    """The ways ``secret`` can stand in a text: as is, JSON-escaped (a PEM key's newlines as ``\\n``), and
    each of its lines when it has several (a server may print a multi-line value line by line)."""
    forms = {secret, json.dumps(secret)[1:-1]}
    lines = [line.strip() for line in secret.splitlines()]
    if len(lines) > 1:
        forms.update(line for line in lines if len(line) >= _MIN_REDACTED_LINE)
    return forms


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each non-empty string of ``secrets`` in ``text`` with ``[redacted]``.

    Run it on the text as received, before any truncation or whitespace folding: a secret cut in two or
    with its newlines folded would no longer be found."""
    forms = {form for s in secrets if s for form in _forms(s) if form}
    for secret in sorted(forms, key=len, reverse=True):
        text = text.replace(secret, _REDACTED)
    return text


def _lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _request_id(lower_headers: Mapping[str, str]) -> str | None:
    return next((lower_headers[h] for h in REQUEST_ID_HEADERS if lower_headers.get(h)), None)


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > SERVER_MESSAGE_MAX_CHARS:
        text = text[: SERVER_MESSAGE_MAX_CHARS - 3] + "..."
    return text


def _parse_body(body: bytes, secrets: Sequence[str]) -> tuple[str | None, str]:
    """Return ``(error code, message)`` from an error body, JSON or not, with ``secrets`` redacted before
    the message is folded onto one line and truncated."""
    text = redact(body.decode("utf-8", errors="replace"), secrets).strip()
    if not text:
        return None, ""
    try:
        data = json.loads(text)
    except ValueError:
        return None, _one_line(text)
    if not isinstance(data, dict):
        return None, _one_line(text)
    error = data.get("error")
    message = data.get("message")
    code = str(error) if isinstance(error, (str, int)) and str(error) else None
    if message in (None, ""):
        return code, ""
    return code, _one_line(redact(str(message), secrets))


def _job_name_from_path(path: str) -> str | None:
    """Return the job name of a ``/jobs/{name}...`` path (unquoted), or ``None`` for other paths."""
    match = _JOB_PATH.match(path)
    return unquote(match.group(1)) if match else None


def _explain(
    status: int,
    method: str,
    path: str,
    headers: dict[str, str],
    workspace: str | None,
    job_name: str | None,
    retry_after: float | None,
) -> str:
    ws = f"workspace '{workspace}'" if workspace else "the workspace"
    job = f"job '{job_name}'" if job_name else "the job"
    url_hint = "check that blaxel:apiUrl or BL_API_URL (or BL_ENV) points at the Blaxel API, including /v0"
    if status in (400, 422):
        return "Blaxel rejected the request as invalid; fix the setting the server names below and run again."
    if status == 401:
        return (
            "the API key was rejected; set blaxel:apiKey (pulumi config set --secret) or BL_API_KEY. "
            "(`pulumi refresh` and `pulumi destroy` use the configuration of the last update: after changing "
            "the key, run `pulumi up` or add `--run-program`.)"
        )
    if status == 403:
        return f"the key has no access to {ws}; check blaxel:workspace or BL_WORKSPACE."
    if status == 404:
        if job_name:
            return f"{job} does not exist in {ws}."
        return f"the endpoint does not exist; {url_hint}."
    if status == 405:
        return f"the endpoint does not accept {method}; {url_hint}."
    if status == 409:
        if method == "POST" and job_name:
            return (
                f"{job} already exists in {ws}; choose another name, or delete the existing job "
                f"(`bl delete job {job_name}`) and run again."
            )
        return f"{job} in {ws} conflicts with its current state (it may be changing); run again."
    if status == 429:
        wait = f" and asked to wait {retry_after:g} s" if retry_after is not None else ""
        return f"Blaxel is rate limiting this client{wait}; wait a moment and run again."
    if status >= 500:
        return (
            "Blaxel had a server error or is unavailable; run again later, and contact Blaxel support "
            "with the request id if it persists."
        )
    if 300 <= status < 400:
        location = headers.get("location")
        where = f" to {location}" if location else ""
        return (
            f"unexpected redirect{where}; set blaxel:apiUrl or BL_API_URL to the API's final URL, "
            "including /v0."
        )
    return "unexpected response from Blaxel."


def error_from_response(
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body_bytes: bytes,
    *,
    workspace: str | None = None,
    job_name: str | None = None,
    redact_values: Iterable[str] = (),
) -> BlaxelAPIError:
    """Turn an error response into the matching :class:`BlaxelAPIError` subclass.

    This is the only place where HTTP statuses map to exception classes. ``workspace`` and ``job_name``
    make the message name what was concerned (the job name is taken from ``path`` when not given);
    every string of ``redact_values`` (the API key, secret values that were sent) is removed from the
    server's message before it is quoted.
    """
    # Only what the server sent is redacted: our own wording is never mangled by a short secret.
    secrets = tuple(redact_values)
    low = {k: redact(v, secrets) for k, v in _lower_headers(headers).items()}
    body_code, server_message = _parse_body(body_bytes, secrets)
    code = _one_line(redact(body_code or low.get("x-blaxel-error-code") or "", secrets)) or None
    request_id = _request_id(low)
    job_name = job_name or _job_name_from_path(path)
    retry_after = parse_retry_after(low.get("retry-after")) if status == 429 else None

    text = f"{status} from Blaxel on {method} {path}: "
    text += _explain(status, method, path, low, workspace, job_name, retry_after)
    said = ": ".join(p for p in (code, server_message) if p and p != str(status))
    if said:
        text += f" Blaxel said: {said.rstrip('.')}."
    if request_id:
        text += f" Request id: {request_id}."
    fields: dict[str, Any] = {
        "status": status,
        "method": method,
        "path": path,
        "message": server_message,
        "code": code,
        "request_id": request_id,
    }
    if status == 429:
        return RateLimited(text, retry_after=retry_after, **fields)
    cls = _STATUS_CLASSES.get(status) or (ServerError if 500 <= status < 600 else BlaxelAPIError)
    return cls(text, **fields)


def protocol_error(
    method: str, path: str, status: int, headers: Mapping[str, str], problem: str
) -> BlaxelProtocolError:
    """Build the error for a success response with an unusable body; ``problem`` says what is wrong."""
    request_id = _request_id(_lower_headers(headers))
    text = (
        f"{status} from Blaxel on {method} {path}, but {problem}. Check that blaxel:apiUrl or BL_API_URL "
        "(or BL_ENV) points at the Blaxel API, including /v0; if it does, report this to Blaxel support."
    )
    if request_id:
        text += f" Request id: {request_id}."
    return BlaxelProtocolError(text, status=status, method=method, path=path, request_id=request_id)


def _format_event(event: CoreEvent) -> str:
    head = " ".join(p for p in (event.time, event.status) if p)
    body = event.message or event.type or ""
    return f"{head}: {body}" if head and body else head or body or "(empty event)"


class DeploymentError(BlaxelError):
    """A job did not reach ``DEPLOYED``; raised by the provider's wait loop.

    Attributes:
        job_name: Name of the job.
        workspace: Workspace of the job.
        last_status: The last status seen (``None`` if the job never reported one).
        events: The job's deployment events as last seen, oldest first.
    """

    def __init__(
        self,
        *,
        job_name: str,
        workspace: str,
        last_status: str | None,
        events: Sequence[CoreEvent] = (),
        detail: str | None = None,
    ) -> None:
        """Build the error; ``detail`` replaces the default sentence about what went wrong."""
        self.job_name = job_name
        self.workspace = workspace
        self.last_status = last_status
        self.events: list[CoreEvent] = list(events)
        super().__init__(self._compose(detail or self._what()))

    def _what(self) -> str:
        return f"did not deploy (last status {self.last_status or 'unknown'})."

    def _fix(self) -> str:
        return f"Check the job with `bl get job {self.job_name}` or in the Blaxel console."

    def _compose(self, what: str) -> str:
        text = f"Job '{self.job_name}' in workspace '{self.workspace}' {what}"
        shown = self.events[-DEPLOYMENT_EVENTS_SHOWN:]
        if shown:
            text += " Last events: " + "; ".join(_format_event(e) for e in shown) + "."
        return f"{text} {self._fix()}"


class DeploymentFailed(DeploymentError):  # noqa: N818 (the name is the status)
    """The job reached a failure status (``FAILED``, ``DEACTIVATED``, ...) while deploying."""

    def _what(self) -> str:
        return f"failed to deploy (last status {self.last_status or 'unknown'})."

    def _fix(self) -> str:
        return (
            f"Check the image and the job's settings, then run again; `bl get job {self.job_name}` "
            "shows the job's events."
        )


class DeploymentTimeout(DeploymentError):  # noqa: N818 (the name is the status)
    """The job did not reach ``DEPLOYED`` within the wait timeout.

    Attributes:
        waited: Seconds waited before giving up.
    """

    def __init__(
        self,
        *,
        job_name: str,
        workspace: str,
        last_status: str | None,
        waited: float,
        events: Sequence[CoreEvent] = (),
        detail: str | None = None,
    ) -> None:
        """Build the error; ``waited`` is how long the wait loop waited, in seconds."""
        self.waited = waited
        super().__init__(
            job_name=job_name, workspace=workspace, last_status=last_status, events=events, detail=detail
        )

    def _what(self) -> str:
        return f"was still {self.last_status or 'without a status'} after waiting {self.waited:g} s."

    def _fix(self) -> str:
        return (
            "Large rollouts can take about 20 minutes: raise the deployment timeout, or check the job "
            f"with `bl get job {self.job_name}`."
        )
