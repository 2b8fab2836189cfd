"""When and how long to wait before retrying a call to Blaxel.

This module decides delays only; which failures are retried is the client's business
(:mod:`blaxel_pulumi.api.client`). It depends on the standard library alone, so every other module may use it.
"""

from __future__ import annotations

import math
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

__all__ = [
    "DEFAULT_INITIAL_BACKOFF",
    "DEFAULT_MAX_ATTEMPTS",
    "DEFAULT_MAX_BACKOFF",
    "DEFAULT_MAX_RETRY_AFTER",
    "DEFAULT_MAX_TOTAL",
    "RetryPolicy",
    "backoff_delay",
    "parse_retry_after",
]

DEFAULT_MAX_ATTEMPTS = 5
"""Attempts per call, the first one included."""
DEFAULT_INITIAL_BACKOFF = 0.5
"""Base delay in seconds before the first retry; doubled for each further retry."""
DEFAULT_MAX_BACKOFF = 8.0
"""Longest computed backoff delay in seconds."""
DEFAULT_MAX_RETRY_AFTER = 30.0
"""Longest ``Retry-After`` in seconds that is honoured; the client gives up rather than wait longer."""
DEFAULT_MAX_TOTAL = 60.0
"""No retry starts later than this many seconds after the first attempt of a call."""

_SECONDS = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class RetryPolicy:
    """How many times, and how patiently, a failed call is retried.

    ``max_attempts=1`` (or :meth:`none`) disables retries. ``sleep``, ``random`` and ``clock`` are
    injectable so tests run without waiting and with deterministic jitter.

    Attributes:
        max_attempts: Attempts per call, the first one included (at least 1).
        initial_backoff: Base delay in seconds before the first retry; doubled for each further retry.
        max_backoff: Cap in seconds of the computed backoff.
        max_retry_after: Longest server-requested ``Retry-After`` in seconds that is honoured.
        max_total: Seconds after the first attempt past which no retry starts.
        jitter: Randomize delays ("equal jitter": between half and all of the backoff).
        sleep: Function that waits a number of seconds (``time.sleep``).
        random: Function returning a float in ``[0, 1)`` (``random.random``).
        clock: Monotonic clock in seconds (``time.monotonic``).
    """

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    initial_backoff: float = DEFAULT_INITIAL_BACKOFF
    max_backoff: float = DEFAULT_MAX_BACKOFF
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    max_total: float = DEFAULT_MAX_TOTAL
    jitter: bool = True
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)
    clock: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Reject settings that cannot work (no attempt at all, negative delays)."""
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}.")
        for name in ("initial_backoff", "max_backoff", "max_retry_after", "max_total"):
            value = getattr(self, name)
            if not value >= 0 or math.isinf(value):
                raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value}.")

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never retries: one attempt per call."""
        return cls(max_attempts=1)

    @property
    def enabled(self) -> bool:
        """Whether this policy allows any retry."""
        return self.max_attempts > 1


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Parse a ``Retry-After`` header into seconds to wait.

    Accepts a non-negative number of seconds (``"3"``, ``"1.5"``) or an HTTP date
    (``"Wed, 21 Oct 2015 07:28:00 GMT"``, compared with ``now``, default the current UTC time; a date in
    the past gives ``0.0``). Anything else, negative numbers included, gives ``None``.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _SECONDS.match(text):
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(policy: RetryPolicy, attempt: int, retry_after: float | None) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1 for the first) before the next one.

    A server-given ``retry_after`` wins, capped at ``policy.max_retry_after``. Otherwise the delay is
    ``initial_backoff * 2 ** (attempt - 1)`` capped at ``max_backoff``; with ``jitter`` it is drawn
    uniformly between half and all of that ("equal jitter"), so retries of many clients spread out
    while each still waits a minimum.
    """
    if retry_after is not None:
        return min(max(retry_after, 0.0), policy.max_retry_after)
    exponent = min(max(attempt, 1) - 1, 62)
    base = min(policy.max_backoff, policy.initial_backoff * 2.0**exponent)
    if not policy.jitter:
        return base
    return base / 2 + policy.random() * base / 2
