"""The poll cadence shared by every wait: a rollout's end is seen soon after it, with bounded polls."""

from __future__ import annotations

import pytest

from blaxel_pulumi.api.poll import POLL_INITIAL, POLL_MAX, Clock, Deadline, poll_until


class FakeClock(Clock):
    """A clock that advances only when slept on (and by ``step_cost`` per poll)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []
        super().__init__(monotonic=lambda: self.now, sleep=self._sleep)

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _wait_for(ends_at: float, timeout: float = 3600.0) -> tuple[float, int]:
    """Poll a rollout that ends ``ends_at`` seconds in; return when the end was seen and the polls sent."""
    clock = FakeClock()
    polls = 0

    def step(_deadline: Deadline) -> bool | None:
        nonlocal polls
        polls += 1
        return True if clock.now >= ends_at else None

    poll_until(step, timeout=timeout, expired=lambda e: TimeoutError(e), clock=clock)
    return clock.now, polls - 1  # the first round reads the create's own response, not a GET


@pytest.mark.parametrize("duration", [0.5, 1.0, 2.0, 3.0, 10.0, 60.0, 300.0, 1200.0])
def test_the_end_of_a_rollout_is_seen_within_10_percent_or_one_short_pause(duration: float) -> None:
    seen, _polls = _wait_for(duration)
    assert seen >= duration
    assert seen - duration <= max(POLL_INITIAL, 0.1 * duration, 0) + 1e-9
    assert seen - duration <= POLL_MAX


@pytest.mark.parametrize(("duration", "most"), [(2.0, 8), (10.0, 25), (60.0, 45), (300.0, 95), (1200.0, 275)])
def test_a_wait_sends_a_bounded_number_of_polls(duration: float, most: int) -> None:
    _seen, polls = _wait_for(duration)
    assert polls <= most


def test_no_pause_is_shorter_than_the_first_or_longer_than_the_cap_nor_passes_the_deadline() -> None:
    clock = FakeClock()
    with pytest.raises(TimeoutError):
        poll_until(lambda _d: None, timeout=100.0, expired=lambda e: TimeoutError(e), clock=clock)
    assert clock.sleeps[0] == POLL_INITIAL
    assert all(s <= POLL_MAX for s in clock.sleeps)
    assert min(clock.sleeps[:-1]) >= POLL_INITIAL
    assert clock.now == pytest.approx(100.0)


def test_failed_status_polls_are_reported_first_then_at_doubling_intervals_then_the_recovery() -> None:
    import types
    from datetime import datetime, timezone

    from blaxel_pulumi.api.models import Job
    from blaxel_pulumi.api.waits import wait_for_deployment
    from blaxel_pulumi.errors import BlaxelConnectionError

    clock = FakeClock()
    job = Job.model_validate(
        {
            "metadata": {"name": "x", "workspace": "w"},
            "spec": {"runtime": {"image": "i"}},
            "status": "DEPLOYING",
        }
    )
    url = "https://api.example/v0"

    def get(kind: object, name: str, within: float | None = None) -> Job:
        if clock.now < 600:  # Blaxel down for 10 minutes
            raise BlaxelConnectionError(
                f"Could not connect to Blaxel at {url}. Check.", method="GET", path="/", url=url
            )
        return job.model_copy(update={"status": "DEPLOYED"})

    client = types.SimpleNamespace(get=get, settings=types.SimpleNamespace(api_url=url, workspace="w"))
    reports: list[str] = []

    wait_for_deployment(
        client,  # type: ignore[arg-type]
        job,
        timeout=1200,
        since=datetime.now(timezone.utc),
        report=reports.append,
        clock=clock,
    )

    about_polls = [r for r in reports if "poll" in r]
    assert len(about_polls) == 6, about_polls  # first; after 30 s, 1m30s, 3m30s, 7m30s of failures; recovery
    assert about_polls[0].startswith("job x: a status poll failed (Could not connect to Blaxel at ")
    assert (
        f"polling Blaxel at {url} until the deadline at " in about_polls[0]
        and "(in 20m00s)" in about_polls[0]
    )
    assert about_polls[1].startswith(f"job x: status polls of Blaxel at {url} have failed for 3")
    assert about_polls[-1].startswith(f"job x: Blaxel at {url} answers again after 10m0")
    assert about_polls[-1].endswith("s of failed polls")
