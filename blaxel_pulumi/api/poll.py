"""One bounded poll loop, shared by the deployment wait, the deletion wait and `BlaxelJobsReady`.

Each round runs a step; the loop ends when the step returns a result. Between rounds it checks the deadline
(past it, the caller's error is raised, built from the time waited), lets the caller report, and sleeps a
pause (:func:`next_pause`), never past the deadline.

The pause is `POLL_FRACTION` of the time waited so far, at least `POLL_INITIAL` and at most `POLL_MAX`: a
rollout that ends after D seconds is seen at most max(`POLL_INITIAL`, `POLL_FRACTION` x D) later (within
~10% of D once D passes 2.5 s; at most `POLL_MAX` for long ones), and a wait of D seconds sends about
D / `POLL_INITIAL` requests up to 2.5 s, then one per 10% of growth, then one per `POLL_MAX`: 8 for 2 s, 25
for 10 s, ~45 for 1 min, ~90 for 5 min, ~270 for the 20-minute default timeout. A fixed short interval would
be chattier on long waits; a pause growing by a constant factor (1.5x before) sees a short rollout late (up
to 50% of D).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["POLL_FRACTION", "POLL_INITIAL", "POLL_MAX", "Clock", "Deadline", "next_pause", "poll_until"]

POLL_INITIAL = 0.25
"""Seconds before the first status poll, and the shortest pause between two polls."""
POLL_MAX = 5.0
"""Longest pause between two polls."""
POLL_FRACTION = 0.1
"""The pause as a fraction of the time waited so far (between the two bounds above)."""

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


def next_pause(elapsed: float) -> float:
    """Seconds to sleep before the next poll, ``elapsed`` seconds into the wait."""
    return min(POLL_MAX, max(POLL_INITIAL, POLL_FRACTION * elapsed))


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
    while True:
        result = step(deadline)
        if result is not None:
            return result
        elapsed = deadline.elapsed()
        if elapsed >= timeout:
            raise expired(elapsed)
        if waiting is not None:
            waiting(elapsed)
        deadline.clock.sleep(max(0.0, min(next_pause(elapsed), timeout - elapsed)))
