"""The resource options `BlaxelJob` applies itself: Go durations, Pulumi property paths, and what the program
passes to its provider (blaxel_pulumi/core/options.py, blaxel_pulumi/core/paths.py)."""

from __future__ import annotations

import pulumi
import pytest

from blaxel_pulumi.core.options import option_timeout, parse_duration, program_options
from blaxel_pulumi.core.paths import PathError, changed_paths, matches, parse_path


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("3s", 3.0),
        ("5m", 300.0),
        ("1h30m", 5400.0),
        ("1.5m", 90.0),
        ("250ms", 0.25),
        ("0", 0.0),
        ("2h", 7200.0),
    ],
)
def test_go_durations_read_as_the_engine_reads_them(text: str, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "3", "3 s", "s", "-1s", "1d", "5m3", "m5"])
def test_anything_else_is_not_a_duration(text: str) -> None:
    with pytest.raises(ValueError, match=r"Go duration|negative"):
        parse_duration(text)


def test_property_paths_read_as_pulumi_writes_them() -> None:
    assert parse_path("runtime.image") == ("runtime", "image")
    assert parse_path("runtime.envs[0].value") == ("runtime", "envs", 0, "value")
    assert parse_path('labels["a.b"]') == ("labels", "a.b")
    assert parse_path("triggers[*].configuration") == ("triggers", "*", "configuration")
    assert parse_path("*") == ("*",)
    for bad in ("", "runtime.", ".runtime", "runtime[x]", 'labels["a'):
        with pytest.raises(PathError):
            parse_path(bad)


def test_a_path_covers_itself_and_what_is_under_it() -> None:
    assert matches(("runtime",), ("runtime", "image"))
    assert matches(("runtime", "image"), ("runtime", "image"))
    assert matches(("*",), ("labels", "team"))
    assert matches(("runtime", "envs", "*", "value"), ("runtime", "envs", 2, "value"))
    assert not matches(("runtime", "image"), ("runtime",))  # a change of all of runtime is not named
    assert not matches(("runtime", "memory"), ("runtime", "image"))
    assert not matches(("runtime", "envs", 1), ("runtime", "envs", 2, "value"))


def test_changed_paths_name_the_nested_change_in_the_programs_names() -> None:
    old = {"image": "a", "max_retries": 1, "envs": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]}
    new = {"image": "b", "max_retries": 1, "envs": [{"name": "B", "value": "3"}, {"name": "A", "value": "1"}]}
    assert changed_paths("runtime", old, new) == {
        "runtime.image": "update",
        "runtime.envs[0].value": "update",
    }
    assert changed_paths("labels", {"a.b": "x"}, {"a.b": "y"}) == {'labels["a.b"]': "update"}
    assert changed_paths("runtime", None, {"image": "a"}) == {"runtime": "add"}
    assert changed_paths("runtime", old, old) == {}


def test_the_program_passes_the_two_options_it_sets() -> None:
    assert program_options(None) == {"replace_paths": None, "timeouts": None}
    opts = pulumi.ResourceOptions(
        replace_on_changes=["runtime.image"], custom_timeouts=pulumi.CustomTimeouts(create="3s", delete="1m")
    )
    assert program_options(opts) == {
        "replace_paths": ["runtime.image"],
        "timeouts": {"create": "3s", "delete": "1m"},
    }


def test_a_recorded_timeout_is_read_in_seconds() -> None:
    assert option_timeout({"timeouts": {"create": "1h30m"}}, "create") == (5400.0, "1h30m")
    assert option_timeout({"timeouts": {"create": 3.0}}, "create") == (3.0, "3s")  # the native face's
    assert option_timeout({"timeouts": {"create": "3s"}}, "update") is None
    assert option_timeout({"timeouts": {"delete": "0"}}, "delete") is None  # zero: no timeout
    assert option_timeout({"timeouts": {"delete": "soon"}}, "delete") is None  # never fails a destroy
    assert option_timeout({}, "create") is None
