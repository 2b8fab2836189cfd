"""What changed between a job's stored state and the program's new inputs, and what that replaces.

Both faces decide with these functions (the dynamic provider's ``diff``, the native provider's ``Diff``):
which properties changed (an update), which force a new job (``name``, ``workspace``, a move to another
API, the paths of ``replace_on_changes``), and whether the old job goes first (a replacement that keeps its
name). What the configured stack says (the workspace and API URL a resource without its own would use) comes
from ``place``, the operations that hold the configuration.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from blaxel_pulumi.core.normalize import contains_unknown, normalize
from blaxel_pulumi.core.paths import PathError, changed_paths, matches, parse_path
from blaxel_pulumi.core.schema import METADATA_KEYS, PROGRAM_OPTION_KEYS, REPLACE_KEYS, SPEC_KEYS
from blaxel_pulumi.core.secret_envs import is_secret_flag
from blaxel_pulumi.core.state import upgrade
from blaxel_pulumi.errors import BlaxelConfigError

__all__ = [
    "API_URL_KEY",
    "COMPARED_KEYS",
    "DECLARED_KEYS",
    "ConfiguredPlace",
    "changes",
    "keeps_name",
    "moved",
    "rehomed",
]

DECLARED_KEYS = METADATA_KEYS + SPEC_KEYS
"""Properties that are sent to Blaxel and compared with what it reports."""
COMPARED_KEYS = (
    *DECLARED_KEYS,
    "wait_for_deployment",
    "deployment_timeout",
    "adopt",
    "secret_env_values",
    "timeouts",
)
"""Properties whose change is an update (``name`` and ``workspace`` replace instead). A change of the
options alone (``timeouts`` too: the next delete reads it from the stored outputs) sends nothing."""
API_URL_KEY = "api_url"
"""Output: the base URL of the API the job lives on (recorded by every create, read and update). A job is
read and deleted there, and replaced (deleted there first) when the configured API is another one; a
state written before it was recorded (0.x releases without it) is taken to be on the configured API."""


class ConfiguredPlace(Protocol):
    """Where a resource without its own workspace or API URL lives: the stack's configuration."""

    def configured_workspace(self) -> str | None:
        """The configured workspace, or None."""

    def configured_api_url(self) -> str | None:
        """The configured API URL, or None (an invalid one: ``check`` reports it)."""


def rehomed(olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    """Whether the resource took this stack's owner marker, having been made in another stack (``pulumi
    state move``, see :func:`blaxel_pulumi.core.ownership.kept_owner`): its update writes it to the job's
    label. An imported job (stored with the stack that imported it) takes this resource's marker at its next
    update of a declared field instead."""
    owner = news.get("owner")
    return (
        isinstance(owner, str)
        and bool(olds.get("owner"))
        and owner != olds.get("owner")
        and news.get("owner_stack") != olds.get("owner_stack")
    )


def _replaced_by_option(
    olds: Mapping[str, Any], news: Mapping[str, Any], changed: list[str], fixed: tuple[str, ...] = ()
) -> list[str]:
    """The properties among ``changed`` whose change the resource option ``replace_on_changes``
    (``replace_paths``), or the kind (``fixed``: the nested fields Blaxel does not let an update change),
    says replaces the object: one of their paths covers a changed path. A changed secret value counts as a
    change of ``runtime.envs[i].value`` (where the program declares it)."""
    patterns = []
    for text in [*fixed, *(news.get("replace_paths") or [])]:
        try:
            patterns.append(parse_path(str(text)))
        except PathError:
            continue  # reported by check
    if not patterns:
        return []
    found = []
    for key in (k for k in changed if k not in PROGRAM_OPTION_KEYS):
        paths: list[tuple[str | int, ...]]
        if key == "secret_env_values":
            paths = [("runtime", "envs", i, "value") for i in _changed_secret_envs(olds, news)] or [(key,)]
        else:
            paths = [parse_path(p) for p in changed_paths(key, olds.get(key), news.get(key))] or [(key,)]
        if any(matches(pattern, path) for pattern in patterns for path in paths):
            found.append("runtime" if key == "secret_env_values" else key)
    return list(dict.fromkeys(found))


def _changed_secret_envs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[int]:
    """Indexes (in the program's ``runtime.envs``) of the secret env vars whose value changed: in a preview
    where the values are not known yet as a whole, every secret one (each may change)."""
    before, after = olds.get("secret_env_values") or {}, news.get("secret_env_values") or {}
    runtime = news.get("runtime")
    envs = runtime.get("envs") if isinstance(runtime, Mapping) else None
    if not isinstance(envs, list):
        return []
    if not isinstance(after, Mapping):
        unknown = contains_unknown(after)
        return [
            i
            for i, env in enumerate(envs)
            if unknown and isinstance(env, Mapping) and is_secret_flag(env.get("secret"))
        ]
    if not isinstance(before, Mapping):
        return []
    names = {n for n in {*before, *after} if contains_unknown(after.get(n)) or before.get(n) != after.get(n)}
    return [i for i, env in enumerate(envs) if isinstance(env, Mapping) and env.get("name") in names]


def _replaces(key: str, olds: Mapping[str, Any], news: Mapping[str, Any], place: ConfiguredPlace) -> bool:
    """Whether the change of ``key`` (a field marked ``replace_on_change``) replaces the job. A workspace
    left out means the configured one, and a stored job with no recorded workspace is not moved."""
    new = news.get(key)
    if contains_unknown(new):
        return True
    if key == "workspace":
        new = new or place.configured_workspace()
        return bool(new and olds.get(key) and new != olds.get(key))
    return bool(new != olds.get(key))


def moved(olds: Mapping[str, Any], place: ConfiguredPlace) -> bool:
    """Whether the stored job lives on another API than the configured one (not known: no)."""
    stored = olds.get(API_URL_KEY)
    current = place.configured_api_url()
    return bool(isinstance(stored, str) and stored and current and stored != current)


def keeps_name(olds: Mapping[str, Any], news: Mapping[str, Any], place: ConfiguredPlace) -> bool:
    """Whether a replacement would make a job of the same name in the same workspace (a change that
    ``replace_on_changes`` turns into a replacement): the name cannot be shared, so the old job must be
    deleted before the new one is created (Pulumi's ``deleteBeforeReplace``, which users expect of a
    resource with a fixed name). Both faces answer the engine with it."""
    olds, news = upgrade(olds, "outputs"), upgrade(news, "inputs")
    name = news.get("name")
    if name is None or contains_unknown(name) or contains_unknown(news.get("workspace")):
        return False
    return bool(name == olds.get("name")) and not _replaces("workspace", olds, news, place)


def changes(
    olds: Mapping[str, Any],
    news: Mapping[str, Any],
    place: ConfiguredPlace,
    *,
    compared: tuple[str, ...] = COMPARED_KEYS,
    replacing: tuple[str, ...] = REPLACE_KEYS,
    replacing_paths: tuple[str, ...] = (),
    word: str = "job",
) -> tuple[list[str], list[str]]:
    """The properties that changed and those whose change replaces the job, between the stored outputs
    ``olds`` and the new inputs ``news`` (both faces decide with this). ``compared`` are the properties
    whose change is an update, ``replacing`` those whose change replaces the object and
    ``replacing_paths`` the paths inside a property whose change does (a kind's own, see
    :class:`~blaxel_pulumi.core.resource_kind.ResourceKind`; a job's by default); ``word`` names the kind."""
    olds, news = upgrade(olds, "outputs"), upgrade(news, "inputs")  # refresh: news are stored inputs
    replaces = [key for key in replacing if _replaces(key, olds, news, place)]
    if moved(olds, place):
        replaces.append(API_URL_KEY)
    if replaces and news.get("adopt") is True:
        raise BlaxelConfigError(
            f"Changing `{replaces[0]}` replaces {word} '{olds.get('name')}', and `adopt=True` is still set: "
            f"the replacement would take over whatever {word} already has the new name. Remove `adopt=True` "
            "from the resource (adoption happens at a resource's first create only), then run again."
        )
    changed = [
        key
        for key in compared
        if contains_unknown(news.get(key))
        or normalize(news.get(key), (key,)) != normalize(olds.get(key), (key,))
    ]
    replaces += [k for k in _replaced_by_option(olds, news, changed, replacing_paths) if k not in replaces]
    if rehomed(olds, news):
        changed.append("owner")
    return changed, replaces
