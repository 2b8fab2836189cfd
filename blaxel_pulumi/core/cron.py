"""Cron schedules of a job's triggers: what is wrong with one, naming the field and its range.

croniter decides what it accepts (imported on first use: only a job with a cron trigger needs it); the
message says which of the five fields is out of range before that.
"""

from __future__ import annotations

import re

__all__ = ["cron_problem"]


def _valid_cron(schedule: str) -> bool:
    """Whether croniter accepts ``schedule`` (imported here: only a job with a cron trigger needs it)."""
    from croniter import croniter

    return bool(croniter.is_valid(schedule))


_CRON_FIELDS = (
    ("minute", 0, 59),
    ("hour", 0, 23),
    ("day-of-month", 1, 31),
    ("month", 1, 12),
    ("day-of-week", 0, 7),
)
"""The five fields of a cron expression, with the range of their numbers."""


def cron_problem(schedule: str) -> str | None:
    """What is wrong with ``schedule`` (naming the field and its range), or None when croniter accepts it."""
    fields = schedule.split()
    if len(fields) != len(_CRON_FIELDS):
        one = len(fields) == 1
        return f"there {'is' if one else 'are'} {len(fields)} field{'' if one else 's'}, not 5"
    wrong = []
    for text, (name, low, high) in zip(fields, _CRON_FIELDS, strict=True):
        for part in text.split(","):
            values = part.split("/", 1)[0]  # a step after `/` is a count, not a value of the field
            if any(not low <= int(number) <= high for number in re.findall(r"\d+", values)):
                wrong.append(f"the {name} field `{text}` is out of range ({low}-{high})")
                break
    if wrong:
        return ", and ".join(wrong)
    if not _valid_cron(schedule):
        return "a field is not a number, a range, a list, a step or a name of its field"
    return None
