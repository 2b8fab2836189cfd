"""Fault injection of the local Blaxel API, driven by ``POST /_emulator/faults``.

A rule matches ``/v0`` requests by ``method`` (``"*"`` for any) and ``path`` (a regular expression
searched in the full request path, e.g. ``"^/v0/jobs/my-job$"`` or ``"/jobs"``); the first rule that
matches and fires (``probability``, drawn from a generator seeded with ``seed`` when given) applies, at
most ``count`` times. Kinds:

* ``status``: answer ``status`` (default 503) with a Blaxel error body, and ``Retry-After: retry_after``
  if given (fractional seconds are sent as decimals), **without processing** the request.
* ``drop``: close the connection without any response (the client sees ``RemoteProtocolError``:
  "Server disconnected without sending a response"), **without processing** the request.
* ``latency``: wait ``delay`` seconds (default 1), then process the request normally.
* ``slow``: hang ``delay`` seconds (default 30, meant to exceed the client's timeout), then answer
  ``status`` (default 504) **without processing** the request.
* ``body``: answer ``status`` (default 200) with ``body`` (default empty) as ``content_type`` (default
  ``text/html``): an answer the client cannot read, such as a proxy's page. Meant with ``after: true``:
  Blaxel carried out the request, but its answer was lost on the way.

With ``after: true`` the request is processed first and its response discarded: ``status``, ``slow``
and ``body`` then answer the fault's status (and body), ``drop`` closes the connection (a lost response:
the job exists but the client never heard), ``latency`` delays the real response. The request log shows
the status the client saw and, for ``after`` rules, the ``processed_status``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import re
import threading
from typing import Any, Literal

import anyio
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from blaxel_pulumi.emulator.api_errors import error_response
from blaxel_pulumi.emulator.requestlog import FAULT_SCOPE_KEY

__all__ = ["FaultInjector", "FaultMiddleware", "FaultRule", "FaultRuleSpec"]

_DEFAULT_STATUS = {"status": 503, "slow": 504, "body": 200}
_DEFAULT_DELAY = {"latency": 1.0, "slow": 30.0}
_METHOD = re.compile(r"^(\*|[A-Z]+)$")


class FaultRuleSpec(BaseModel):
    """A fault rule as posted to ``/_emulator/faults``."""

    model_config = ConfigDict(extra="forbid")

    method: str = Field(default="*", description="HTTP method to match, or `*` for any.")
    path: str | None = Field(default=None, description="Regular expression searched in the request path.")
    kind: Literal["status", "drop", "latency", "slow", "body"] = Field(description="What the fault does.")
    status: int | None = Field(
        default=None, ge=200, le=599, description="Status of `status`/`slow` (400-599) and `body` faults."
    )
    body: str | None = Field(default=None, max_length=65536, description="Body of a `body` fault.")
    content_type: str | None = Field(default=None, description="Content type of a `body` fault.")
    retry_after: float | None = Field(default=None, ge=0, le=3600, description="`Retry-After` seconds.")
    delay: float | None = Field(default=None, ge=0, le=600, description="Seconds of `latency`/`slow` faults.")
    count: int | None = Field(default=None, ge=1, description="Apply to the next `count` matching requests.")
    probability: float = Field(default=1.0, ge=0, le=1, description="Chance a matching request is faulted.")
    seed: int | None = Field(default=None, description="Seed of the probability draws (reproducible runs).")
    after: bool = Field(default=False, description="Process the request before applying the fault.")

    @field_validator("method")
    @classmethod
    def _method(cls, value: str) -> str:
        value = value.upper()
        if not _METHOD.match(value):
            raise ValueError("use an HTTP method such as POST, or *")
        return value

    @field_validator("path")
    @classmethod
    def _path(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> FaultRuleSpec:
        if self.status is not None and self.kind not in _DEFAULT_STATUS:
            raise ValueError(f"status only applies to status, slow and body faults, not {self.kind}")
        if self.status is not None and self.status < 400 and self.kind != "body":
            raise ValueError(f"the status of a {self.kind} fault must be an error status (400-599)")
        if (self.body is not None or self.content_type is not None) and self.kind != "body":
            raise ValueError(f"body and content_type only apply to body faults, not {self.kind}")
        if self.delay is not None and self.kind not in _DEFAULT_DELAY:
            raise ValueError(f"delay only applies to latency and slow faults, not {self.kind}")
        return self


@dataclasses.dataclass
class FaultRule:
    """An installed rule and its counters."""

    id: int
    """Number of the rule (increasing, never reused)."""
    spec: FaultRuleSpec
    """The rule as posted."""
    remaining: int | None
    """How many more times it may fire (``None``: unlimited)."""
    matched: int = 0
    """Requests that matched method and path."""
    fired: int = 0
    """Requests the fault was applied to."""
    rng: random.Random = dataclasses.field(default_factory=random.Random, repr=False)
    """Generator of the probability draws."""

    @property
    def status(self) -> int:
        """Status answered by ``status``/``slow`` faults."""
        return self.spec.status or _DEFAULT_STATUS.get(self.spec.kind, 503)

    @property
    def delay(self) -> float:
        """Delay of ``latency``/``slow`` faults."""
        return self.spec.delay if self.spec.delay is not None else _DEFAULT_DELAY.get(self.spec.kind, 0.0)

    def matches(self, method: str, path: str) -> bool:
        """Whether the rule applies to this request (before the probability draw)."""
        if self.remaining == 0:
            return False
        if self.spec.method != "*" and self.spec.method != method:
            return False
        return self.spec.path is None or re.search(self.spec.path, path) is not None

    def as_json(self) -> dict[str, Any]:
        """The rule as the control API shows it."""
        return {
            "id": self.id,
            **self.spec.model_dump(),
            "remaining": self.remaining,
            "matched": self.matched,
            "fired": self.fired,
        }


class FaultInjector:
    """The installed rules; thread-safe."""

    def __init__(self) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        self._next_id = 1

    def add(self, specs: list[FaultRuleSpec]) -> list[FaultRule]:
        """Append rules (evaluated in order after the existing ones); return them."""
        with self._lock:
            added = []
            for spec in specs:
                rng = random.Random(spec.seed) if spec.seed is not None else random.Random()
                added.append(FaultRule(id=self._next_id, spec=spec, remaining=spec.count, rng=rng))
                self._next_id += 1
            self._rules.extend(added)
            return added

    def clear(self) -> int:
        """Remove every rule; return how many there were."""
        with self._lock:
            count = len(self._rules)
            self._rules.clear()
            return count

    def rules(self) -> list[dict[str, Any]]:
        """Every installed rule with its counters (exhausted ones included)."""
        with self._lock:
            return [rule.as_json() for rule in self._rules]

    def pick(self, method: str, path: str) -> FaultRule | None:
        """The rule that fires for this request, if any; updates the counters."""
        with self._lock:
            for rule in self._rules:
                if not rule.matches(method, path):
                    continue
                rule.matched += 1
                if rule.spec.probability < 1 and rule.rng.random() >= rule.spec.probability:
                    continue
                rule.fired += 1
                if rule.remaining is not None:
                    rule.remaining -= 1
                return rule
            return None


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


async def _drop_connection(receive: Receive) -> None:
    """Close the client connection without a response (uvicorn's HTTP protocols)."""
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if not isinstance(transport, asyncio.BaseTransport):
        raise RuntimeError(
            "The drop fault needs the uvicorn server (no transport found on the ASGI receive)."
        )
    transport.close()
    # Let uvicorn notice the connection is gone so that it does not try to answer a 500.
    with anyio.move_on_after(1.0):
        while (await receive())["type"] != "http.disconnect":
            pass


class FaultMiddleware:
    """ASGI middleware applying the rules of a :class:`FaultInjector` to ``/v0`` requests."""

    def __init__(self, app: ASGIApp, *, injector: FaultInjector) -> None:
        self.app = app
        self.injector = injector

    async def _capture(self, scope: Scope, receive: Receive) -> list[Message]:
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, keep)
        return messages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not (path == "/v0" or path.startswith("/v0/")):
            await self.app(scope, receive, send)
            return
        rule = self.injector.pick(scope["method"], path)
        if rule is None:
            await self.app(scope, receive, send)
            return
        spec = rule.spec
        record: dict[str, Any] = {"rule": rule.id, "kind": spec.kind, "after": spec.after}
        scope[FAULT_SCOPE_KEY] = record
        if spec.kind == "latency" and not spec.after:
            await anyio.sleep(rule.delay)
            await self.app(scope, receive, send)
            return
        if spec.after:
            messages = await self._capture(scope, receive)
            starts = [m for m in messages if m["type"] == "http.response.start"]
            record["processed_status"] = starts[0]["status"] if starts else None
        else:
            messages = []
            await _drain(receive)
        if spec.kind in ("latency", "slow"):
            await anyio.sleep(rule.delay)
        if spec.kind == "latency":
            for message in messages:
                await send(message)
            return
        if spec.kind == "drop":
            await _drop_connection(receive)
            return
        if spec.kind == "body":
            page = Response(
                (spec.body or "").encode(),
                status_code=rule.status,
                media_type=spec.content_type or "text/html",
            )
            await page(scope, receive, send)
            return
        headers = {}
        if spec.retry_after is not None:
            headers["Retry-After"] = f"{spec.retry_after:g}"
        response = error_response(
            rule.status,
            f"Injected fault: rule {rule.id} ({spec.kind}) of the local Blaxel API.",
            headers=headers,
        )
        await response(scope, receive, send)
