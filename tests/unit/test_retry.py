"""Retry-After parsing and backoff delays."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from blaxel_pulumi.api.retry import (
    DEFAULT_INITIAL_BACKOFF,
    DEFAULT_MAX_ATTEMPTS,
    DEFAULT_MAX_BACKOFF,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_MAX_TOTAL,
    RetryPolicy,
    backoff_delay,
    parse_retry_after,
)

NOW = datetime(2026, 4, 28, 12, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("3", 3.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("120", 120.0),
        ("Tue, 28 Apr 2026 12:00:10 GMT", 10.0),  # a date in the future
        ("Tue, 28 Apr 2026 11:59:00 GMT", 0.0),  # a date in the past: retry now
        ("Tue, 28 Apr 2026 12:00:05 +0000", 5.0),
        ("Tue, 28 Apr 2026 12:00:05", 5.0),  # no zone: UTC
        ("-1", None),
        ("-0.5", None),
        ("1e3", None),
        ("inf", None),
        ("nan", None),
        ("1.", None),
        ("soon", None),
        ("", None),
        ("   ", None),
        (None, None),
        ("Tue, 99 Foo 2026 25:00:00 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


def test_parse_retry_after_accepts_a_naive_now() -> None:
    assert parse_retry_after("Tue, 28 Apr 2026 12:00:10 GMT", now=NOW.replace(tzinfo=None)) == 10.0


def test_parse_retry_after_defaults_to_the_current_time() -> None:
    later = datetime.now(timezone.utc) + timedelta(seconds=100)
    value = later.strftime("%a, %d %b %Y %H:%M:%S GMT")
    delay = parse_retry_after(value)
    assert delay is not None
    assert 95 <= delay <= 100


def test_defaults_are_the_named_constants() -> None:
    policy = RetryPolicy()
    assert (policy.max_attempts, policy.initial_backoff, policy.max_backoff) == (5, 0.5, 8.0)
    assert (policy.max_retry_after, policy.max_total, policy.jitter) == (30.0, 60.0, True)
    assert (DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF) == (5, 0.5, 8.0)
    assert (DEFAULT_MAX_RETRY_AFTER, DEFAULT_MAX_TOTAL) == (30.0, 60.0)
    assert policy.enabled


def test_none_disables_retries() -> None:
    assert RetryPolicy.none().max_attempts == 1
    assert not RetryPolicy.none().enabled
    assert not RetryPolicy(max_attempts=1).enabled


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"initial_backoff": -1.0},
        {"max_backoff": float("nan")},
        {"max_total": float("inf")},
        {"max_retry_after": -0.1},
    ],
)
def test_invalid_policies_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_exponential_backoff_without_jitter_is_capped() -> None:
    policy = RetryPolicy(jitter=False)
    assert [backoff_delay(policy, n, None) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert backoff_delay(policy, 10_000, None) == 8.0
    assert backoff_delay(policy, 0, None) == 0.5


@pytest.mark.parametrize("attempt", range(1, 10))
def test_equal_jitter_stays_between_half_and_all_of_the_backoff(attempt: int) -> None:
    base = min(8.0, 0.5 * 2 ** (attempt - 1))
    low = backoff_delay(RetryPolicy(random=lambda: 0.0), attempt, None)
    high = backoff_delay(RetryPolicy(random=lambda: 0.999999), attempt, None)
    mid = backoff_delay(RetryPolicy(random=lambda: 0.5), attempt, None)
    assert low == base / 2
    assert base / 2 < mid < high < base
    assert mid == pytest.approx(0.75 * base)


def test_real_random_jitter_is_bounded() -> None:
    policy = RetryPolicy()
    for attempt in range(1, 8):
        for _ in range(50):
            delay = backoff_delay(policy, attempt, None)
            base = min(8.0, 0.5 * 2 ** (attempt - 1))
            assert base / 2 <= delay <= base


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [(0.0, 0.0), (2.5, 2.5), (30.0, 30.0), (45.0, 30.0), (-3.0, 0.0)],
)
def test_retry_after_wins_but_is_capped(retry_after: float, expected: float) -> None:
    policy = RetryPolicy(random=lambda: 0.0)
    assert backoff_delay(policy, 3, retry_after) == expected
