"""What an error response becomes: the message text, the status -> exception class mapping, redaction.

:func:`error_from_response` is the one place where an HTTP status becomes a class of
:mod:`blaxel_pulumi.errors`; its message says what happened, names the job and the workspace, says how to
fix it, and quotes the server's own words with every secret removed (:func:`redact`).
:func:`protocol_error` builds the error for a success response with an unusable body. These names are also
importable from :mod:`blaxel_pulumi.errors`, where they lived first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from blaxel_pulumi.errors import (
    BlaxelAPIError,
    BlaxelProtocolError,
    Conflict,
    Forbidden,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    RateLimited,
    ServerError,
    Unauthorized,
)

__all__ = [
    "REQUEST_ID_HEADERS",
    "SERVER_MESSAGE_MAX_CHARS",
    "error_from_response",
    "protocol_error",
    "redact",
]

REQUEST_ID_HEADERS = ("x-cf-request-id", "x-request-id", "cf-ray")
"""Response headers that carry a request id, in the order they are looked at."""
SERVER_MESSAGE_MAX_CHARS = 500
"""Longest server message quoted in an exception message; longer ones are cut."""

_REDACTED = "[redacted]"
_MIN_REDACTED_LINE = 8  # a line of a multi-line secret shorter than this is too common to redact alone
_JOB_PATH = re.compile(r"^/jobs/([^/?#]+)")

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
"""The class of each mapped 4xx status; a 5xx is a ServerError, any other status a BlaxelAPIError."""


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


def _versioned(api_url: str) -> bool:
    """Whether ``api_url`` ends in Blaxel's version prefix ``/v0`` (every path of the job API is under it)."""
    return api_url.rstrip("/").endswith("/v0")


def _blaxel_shaped(body: bytes) -> bool:
    """Whether an error body can be Blaxel's own: empty, or the spec's ``Error`` (a JSON object with
    ``error``). An HTML page, plain text or another service's JSON (``{"message": "no Route matched"}``)
    is not."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return True
    try:
        data = json.loads(text)
    except ValueError:
        return False
    return isinstance(data, dict) and "error" in data


def _untrusted_404(path: str, body: bytes, api_url: str | None) -> str | None:
    """Why a 404 on a job's path (``/jobs/{name}...``) cannot be Blaxel saying the job does not exist:
    ``"url"`` (the API URL lacks /v0: the request never reached the job API), ``"body"`` (the answer is not
    Blaxel's error object), or None (it is Blaxel's answer: the job, or what the path names under it, is
    not there)."""
    if _job_name_from_path(path) is None:
        return None
    if api_url and not _versioned(api_url):
        return "url"
    return None if _blaxel_shaped(body) else "body"


def _explain(
    status: int,
    method: str,
    path: str,
    headers: dict[str, str],
    workspace: str | None,
    job_name: str | None,
    retry_after: float | None,
    api_url: str | None = None,
    sources: Mapping[str, str] | None = None,
    untrusted: str | None = None,
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
        key_from, ws_from = (sources or {}).get("api_key"), (sources or {}).get("workspace")
        if key_from and ws_from:
            return (
                f"the key has no access to {ws}. The key comes from {key_from}, the workspace from "
                f"{ws_from}: set a key of that workspace, or the workspace of the key, there."
            )
        return f"the key has no access to {ws}; check blaxel:workspace or BL_WORKSPACE."
    if status == 404:
        names_job = bool(job_name and _job_name_from_path(path))
        if names_job and untrusted is None:  # Blaxel's answer on the job's own path: the job is not there
            return f"{job} does not exist in {ws}."
        unknown = f" Whether {job} exists is unknown until the URL is right." if names_job else ""
        if untrusted == "url" or (api_url and not _versioned(api_url)):
            return (
                f"the endpoint was not found: the API URL {api_url} does not end in /v0. Set "
                "blaxel:apiUrl or BL_API_URL to Blaxel's base URL, ending in /v0 (e.g. "
                f"https://api.blaxel.ai/v0).{unknown}"
            )
        at = f" at {api_url}" if api_url else ""
        if untrusted == "body":
            return (
                f"the endpoint was not found{at}, and the answer is not Blaxel's (its body is not Blaxel's "
                f"error object): a proxy or another service answered.{unknown} Check that blaxel:apiUrl or "
                "BL_API_URL (or BL_ENV) points at the Blaxel API, including /v0."
            )
        return f"the endpoint was not found{at}; {url_hint}."
    if status == 405:
        return f"the endpoint does not accept {method}; {url_hint}."
    if status == 409:
        if method == "POST" and job_name:
            return (
                f"{job} already exists in {ws}, and this request did not make it: it may be someone else's. "
                "Choose another name, or take the existing job over on purpose (adopt or import it)."
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
    api_url: str | None = None,
    sources: Mapping[str, str] | None = None,
    retry_after: float | None = None,
) -> BlaxelAPIError:
    """Turn an error response into the matching :class:`BlaxelAPIError` subclass.

    This is the only place where HTTP statuses map to exception classes. ``workspace`` and ``job_name``
    make the message name what was concerned (the job name is taken from ``path`` when not given);
    every string of ``redact_values`` (the API key, secret values that were sent) is removed from the
    server's message before it is quoted. ``api_url`` (the base URL the request went to) lets a 404 on a
    path that names no job say that the endpoint, not a job, was not found, and whether the URL lacks /v0.
    A 404 on a job's path is a :class:`NotFound` (the job is gone) only when it can be Blaxel's answer: the
    URL ends in /v0 and the body is empty or Blaxel's error object; otherwise it is a plain
    :class:`BlaxelAPIError` that says the job's existence is unknown, so that a refresh or a delete never
    takes a wrong URL's 404 for a deleted job;
    ``sources`` (:attr:`~blaxel_pulumi.api.settings.Settings.sources`) lets a 403 name where the key and the
    workspace came from. ``retry_after`` is the wait a 429 asked for, in seconds (its ``Retry-After``,
    parsed once by the caller, which waits it out).
    """
    # Only what the server sent is redacted: our own wording is never mangled by a short secret.
    secrets = tuple(redact_values)
    low = {k: redact(v, secrets) for k, v in _lower_headers(headers).items()}
    body_code, server_message = _parse_body(body_bytes, secrets)
    code = _one_line(redact(body_code or low.get("x-blaxel-error-code") or "", secrets)) or None
    request_id = _request_id(low)
    job_name = job_name or _job_name_from_path(path)
    retry_after = retry_after if status == 429 else None

    untrusted = _untrusted_404(path, body_bytes, api_url) if status == 404 else None

    text = f"{status} from Blaxel on {method} {path}: "
    text += _explain(status, method, path, low, workspace, job_name, retry_after, api_url, sources, untrusted)
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
    if untrusted is not None:  # says nothing of the job: never a NotFound, which reads as "it is gone"
        return BlaxelAPIError(text, **fields)
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
