"""One bounded poll loop, shared by the deployment wait, the deletion wait and `BlaxelJobsReady`.

Each round runs a step; the loop ends when the step returns a result. Between rounds it checks the deadline
(past it, the caller's error is raised, built from the time waited), lets the caller report, and sleeps a
pause that grows from `POLL_INITIAL` by `POLL_GROWTH` up to `POLL_MAX`, never past the deadline.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["POLL_GROWTH", "POLL_INITIAL", "POLL_MAX", "Clock", "Deadline", "poll_until"]

POLL_INITIAL = 0.2
"""Seconds before the first status poll."""
POLL_MAX = 5.0
"""Longest pause between two polls."""
POLL_GROWTH = 1.5
"""Factor by which the pause grows after each poll."""

T = TypeVar("T")


class Clock:
    """Time and sleep, injectable for tests."""

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        """Use ``monotonic`` to measure and ``sleep`` to wait."""
        self.monotonic = monotonic
        self.sleep = sleep


class Deadline:
    """``timeout`` seconds from now, measured on ``clock``."""

    def __init__(self, timeout: float, clock: Clock) -> None:
        """Start counting now."""
        self.timeout = timeout
        self.clock = clock
        self.started = clock.monotonic()

    def elapsed(self) -> float:
        """Seconds since the start."""
        return self.clock.monotonic() - self.started

    def remaining(self) -> float:
        """Seconds left (negative once past)."""
        return self.timeout - self.elapsed()


def poll_until(
    step: Callable[[Deadline], T | None],
    *,
    timeout: float,
    expired: Callable[[float], Exception],
    waiting: Callable[[float], None] | None = None,
    clock: Clock | None = None,
) -> T:
    """Run ``step`` until it returns something other than None, and return that.

    After a round without a result: past ``timeout`` seconds, raise ``expired(elapsed)``; otherwise call
    ``waiting(elapsed)`` (to report what is being waited for) and sleep before the next round. ``step`` may
    raise to end the wait with an error.
    """
    deadline = Deadline(timeout, clock or Clock())
    pause = POLL_INITIAL
    while True:
        result = step(deadline)
        if result is not None:
            return result
        elapsed = deadline.elapsed()
        if elapsed >= timeout:
            raise expired(elapsed)
        if waiting is not None:
            waiting(elapsed)
        deadline.clock.sleep(max(0.0, min(pause, timeout - elapsed)))
        pause = min(pause * POLL_GROWTH, POLL_MAX)
