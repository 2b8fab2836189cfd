"""The three-way merge of an update: what the program changed, over the job as Blaxel has it now."""

from __future__ import annotations

from typing import Any

from blaxel_pulumi.core.rebase import rebase, rebase_props

ENVS = ("runtime", "envs")


def test_an_unchanged_value_is_blaxels_as_it_is_now() -> None:
    assert rebase("app:1", "app:1", "app:9", ("runtime", "image")) == "app:9"
    assert rebase(None, None, "by-ci", ("display_name",)) == "by-ci"
    assert rebase(2048, 2048.0, None, ("runtime", "memory")) is None  # gone on Blaxel: stays gone


def test_a_changed_value_is_the_programs() -> None:
    assert rebase("app:1", "app:2", "app:9", ("runtime", "image")) == "app:2"
    assert rebase(None, "new", None, ("display_name",)) == "new"


def test_maps_merge_key_by_key() -> None:
    olds = {"image": "app:1", "memory": 2048}
    news = {"image": "app:1", "memory": 4096}
    current = {"image": "app:9", "memory": 2048, "maxRetries": 7}
    assert rebase(olds, news, current, ("runtime",)) == {"image": "app:9", "memory": 4096, "maxRetries": 7}


def test_a_key_the_program_removed_is_removed_and_one_only_blaxel_has_is_kept() -> None:
    olds = {"team": "data", "gone": "soon"}
    news = {"team": "ml"}
    current = {"team": "data", "gone": "soon", "added": "by-hand"}
    assert rebase(olds, news, current, ("labels",)) == {"team": "ml", "added": "by-hand"}


def test_a_key_whose_merge_is_empty_is_left_out() -> None:
    assert rebase({"a": "1", "b": "x"}, {"a": "2", "b": "x"}, {"a": "1"}, ("labels",)) == {"a": "2"}


def test_keyed_list_items_merge_by_their_key() -> None:
    olds = [{"name": "MODE", "value": "a"}, {"name": "OLD", "value": "o"}]
    news = [{"name": "MODE", "value": "b"}, {"name": "NEW", "value": "n"}]
    current = [
        {"name": "MODE", "value": "a"},
        {"name": "OLD", "value": "o"},
        {"name": "ADDED", "value": "by-ci"},
        {"name": "HIDDEN", "secret": True},
    ]
    merged = rebase(olds, news, current, ENVS)
    assert merged == [
        {"name": "MODE", "value": "b"},  # changed by the program
        {"name": "NEW", "value": "n"},  # added by the program
        {"name": "ADDED", "value": "by-ci"},  # added outside, kept
    ]  # OLD: removed by the program; HIDDEN: a secret only Blaxel has, its value masked: never sent back


def test_an_unchanged_keyed_item_is_blaxels_and_one_gone_from_blaxel_stays_gone() -> None:
    olds = [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "3"}]
    news = [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}, {"name": "C", "value": "4"}]
    current = [{"name": "A", "value": "1x"}, {"name": "C", "value": "3"}]
    assert rebase(olds, news, current, ENVS) == [{"name": "A", "value": "1x"}, {"name": "C", "value": "4"}]


def test_keyed_items_without_a_key_are_the_programs() -> None:
    olds: list[Any] = [{"name": "A", "value": "1"}]
    news: list[Any] = [{"value": "no name"}, {"name": "A", "value": "2"}]
    assert rebase(olds, news, [{"name": "A", "value": "1"}], ENVS) == news


def test_a_secret_item_only_blaxel_has_is_kept_outside_the_envs() -> None:
    """Only env values are masked: a keyed item of another list with a `secret` key is kept."""
    olds = [{"id": "a", "type": "cron"}]
    news = [{"id": "a", "type": "http"}]
    current = [{"id": "a", "type": "cron"}, {"id": "b", "type": "cron", "secret": True}]
    merged = rebase(olds, news, current, ("triggers",))
    assert merged == [{"id": "a", "type": "http"}, {"id": "b", "type": "cron", "secret": True}]


def test_a_plain_list_is_the_programs_when_it_changed() -> None:
    assert rebase(["a"], ["a", "b"], ["c"], ("policies",)) == ["a", "b"]
    assert rebase(["a"], ["a"], ["c"], ("policies",)) == ["c"]


def test_rebase_props_merges_the_declared_keys_only() -> None:
    olds = {"runtime": {"image": "app:1"}, "display_name": "N", "adopt": None}
    news = {"runtime": {"image": "app:1", "memory": 1}, "display_name": "N", "adopt": True, "owner": "o"}
    current = {"runtime": {"image": "app:9"}, "display_name": "By hand"}
    merged = rebase_props(olds, news, current, ("runtime", "display_name"))
    assert merged == {
        "runtime": {"image": "app:9", "memory": 1},
        "display_name": "By hand",
        "adopt": True,
        "owner": "o",
    }
    assert news["runtime"] == {"image": "app:1", "memory": 1}  # the program's inputs are not changed


def test_lists_that_are_sets_compare_in_any_order_at_any_depth() -> None:
    assert rebase(["a", "b"], ["b", "a"], ["c"], ("policies",)) == ["c"]  # reordered only: unchanged
    merged = rebase({"policies": ["a", "b"]}, {"policies": ["b", "a"], "region": "eu"}, {"policies": ["c"]})
    assert merged == {"policies": ["c"], "region": "eu"}
    assert rebase_props(
        {"policies": ["a", "b"]}, {"policies": ["b", "a"]}, {"policies": ["c"]}, ("policies",)
    ) == {"policies": ["c"]}


def test_odd_shapes_are_merged_without_failing() -> None:
    assert rebase(None, {"a": "1"}, {"b": "2"}, ("labels",)) == {"a": "1", "b": "2"}
    assert rebase([{"name": "A"}], None, [{"name": "A"}], ENVS) is None  # the program removed every env
    news: list[Any] = ["odd", {"name": "A", "value": "2"}]
    assert rebase(["odd", {"name": "A", "value": "1"}], news, [{"name": "A", "value": "1"}], ENVS) == news


def test_an_item_the_program_declares_is_never_added_twice() -> None:
    assert rebase([], [{"name": "A", "value": "1"}], [{"name": "A", "value": "0"}], ENVS) == [
        {"name": "A", "value": "1"}
    ]


def test_every_item_only_blaxel_has_is_kept_after_a_masked_one() -> None:
    current = [{"name": "HIDDEN", "secret": True}, {"name": "ADDED", "value": "x"}]
    assert rebase([], [{"name": "A", "value": "1"}], current, ENVS) == [
        {"name": "A", "value": "1"},
        {"name": "ADDED", "value": "x"},
    ]
