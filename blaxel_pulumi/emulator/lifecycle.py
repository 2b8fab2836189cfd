"""Deployment state machine of the local Blaxel API, computed from timestamps.

Every create, and every update that changes the spec (or follows a failed rollout), starts a *rollout*
of a new revision. A rollout is stored as four values: when it started, how long it takes, the failure
message if it is going to fail, and when a newer rollout superseded it. The status and the events at any
instant are derived from them, so there is no background thread, the result is deterministic for a
given clock, and a restart on the same database resumes where the rollout stands::

    elapsed / seconds:  [0, 0.2)     [0.2, 0.6)   [0.6, 1)     >= 1
    status:             UPLOADING    BUILDING     DEPLOYING    DEPLOYED (or FAILED)

With ``seconds == 0`` the rollout is settled the instant it starts, so the response of the ``POST`` or
``PUT`` already reports ``DEPLOYED`` (or ``FAILED``).
"""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime, timezone
from typing import Any

__all__ = [
    "BUILDING_AT",
    "DEPLOYING_AT",
    "Rollout",
    "deletion_event",
    "failure_for_image",
    "rfc3339",
]

BUILDING_AT = 0.2
"""Fraction of the rollout after which the job is ``BUILDING``."""
DEPLOYING_AT = 0.6
"""Fraction of the rollout after which the job is ``DEPLOYING``."""


def rfc3339(timestamp: float) -> str:
    """Format a POSIX timestamp as RFC 3339 UTC with milliseconds, e.g. ``2026-01-02T03:04:05.678Z``."""
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def failure_for_image(image: str | None, pattern: re.Pattern[str]) -> str | None:
    """Return why a rollout of ``image`` fails under the failure rule, or ``None`` if it succeeds."""
    if image is None or not pattern.search(image):
        return None
    return (
        f"Deployment failed: image {image!r} matches the emulator's failure pattern "
        f"{pattern.pattern!r} (simulated failure)."
    )


@dataclasses.dataclass(frozen=True, kw_only=True)
class Rollout:
    """One deployment of one revision of a job."""

    revision: str
    """Revision id, e.g. ``rev-1a2b3c4d``."""
    started: float
    """POSIX time the rollout started."""
    seconds: float
    """Duration from ``UPLOADING`` to the final status."""
    failure: str | None = None
    """Message of the ``FAILED`` event, or ``None`` when the rollout succeeds."""
    superseded: float | None = None
    """POSIX time a newer rollout replaced this one, if any."""
    image: str | None = None
    """Image being rolled out (for event messages)."""

    @property
    def final_status(self) -> str:
        """Status the rollout settles in: ``DEPLOYED`` or ``FAILED``."""
        return "FAILED" if self.failure else "DEPLOYED"

    @property
    def ends(self) -> float:
        """POSIX time the rollout settles."""
        return self.started + self.seconds

    def _phases(self) -> list[tuple[float, str, str]]:
        image = f"image {self.image!r}" if self.image else "no image"
        final_message = self.failure or "Deployment successful"
        return [
            (self.started, "UPLOADING", f"Uploading revision {self.revision} ({image})"),
            (self.started + BUILDING_AT * self.seconds, "BUILDING", f"Building revision {self.revision}"),
            (self.started + DEPLOYING_AT * self.seconds, "DEPLOYING", f"Deploying revision {self.revision}"),
            (self.ends, self.final_status, final_message),
        ]

    def status_at(self, now: float) -> str:
        """Status of the rollout at ``now``; a rollout superseded before it settled is ``TERMINATED``."""
        if self.superseded is not None and self.superseded < self.ends and now >= self.superseded:
            return "TERMINATED"
        status = "UPLOADING"
        for time, phase, _ in self._phases():
            if now >= time:
                status = phase
        return status

    def events_at(self, now: float) -> list[dict[str, Any]]:
        """Deployment events emitted by ``now`` (stopping when a newer rollout superseded this one)."""
        horizon = now if self.superseded is None else min(now, self.superseded)
        events = []
        for time, status, message in self._phases():
            if time > horizon:
                break
            events.append(
                {
                    "type": "deployment",
                    "status": status,
                    "message": message,
                    "revision": self.revision,
                    "time": rfc3339(time),
                }
            )
        return events


def deletion_event(started: float, revision: str) -> dict[str, Any]:
    """The event appended when a job is deleted."""
    return {
        "type": "deployment",
        "status": "DELETING",
        "message": "Deletion requested",
        "revision": revision,
        "time": rfc3339(started),
    }
