"""The version of a `BlaxelJob`'s stored state, and the steps that bring an older state to the current shape.

Stored state is a contract: a stack written by any released version keeps working with every later one, with
no replacement and no perpetual diff (Terraform's ``SchemaVersion`` and ``StateUpgraders``, here for a
dynamic provider). Pulumi hands the provider what an older release stored: the previous **outputs** in
``diff``/``update`` (``olds``), ``read``/``delete`` (``props``) and in a refresh's ``diff`` (``olds``, freshly
read), and the previous **inputs** in ``check`` (``olds``) and in a refresh's ``diff`` (``news``). The
provider passes each of those through :func:`upgrade` (saying which of the two it is) before using it, and
records the version in what it returns with :func:`stamp`.

* The version lives under :data:`VERSION_KEY`, in the outputs and in the inputs alike (the engine may keep
  new inputs with old outputs, e.g. after an unchanged ``pulumi up``, so each dict says what shape it has).
  A dict without it was written by 0.1.0: version 1. An empty dict (a new resource) stays empty.
* :data:`UPGRADES` maps a version ``v`` to the step that turns a dict of version ``v`` into one of version
  ``v + 1``; :data:`STATE_VERSION` is the version this package writes. Steps run in order, oldest first.
* The provider's ``diff`` ignores :data:`VERSION_KEY`, so recording it never shows as a change.
* The pickled provider in every stored state is a reference to ``blaxel_pulumi.provider.provider.
  BlaxelJobProvider`` (and ``blaxel_pulumi.provider.ready.JobsReadyProvider``): those paths stay importable
  for good, or ``refresh`` and ``destroy`` of existing stacks fail.

Adding a step (whenever a release changes what is stored: a key renamed, moved or reshaped, a list reordered,
a value normalized differently):

1. write ``def _v<N>_to_v<N+1>(props: dict[str, Any], part: Part) -> dict[str, Any]`` below, register it
   as ``UPGRADES[N]`` and raise :data:`STATE_VERSION` to ``N + 1``;
2. the step gets a dict of inputs or of outputs and which one it is (``part``: ``"inputs"`` or
   ``"outputs"``; they share the keys of the job's fields, outputs add what Blaxel fills in). It may see a key
   missing or ``None``, and values not known yet during a preview (``pulumi.output.Unknown``): it leaves
   those as they are. It gets a shallow copy and returns the upgraded dict; nested values are shared with
   the caller, so it builds new ones instead of changing them in place;
3. it must never move a secret value (``secret_env_values``, ``trigger_callback_secrets``) to a key that is
   not a secret output of the resource: the engine re-marks secrets by key only;
4. add a unit test over a hand-made state of version ``N`` (``tests/unit/test_state.py``) and a CHANGELOG
   entry naming the step; the upgrade test (``tests/e2e/test_upgrade.py``) then checks it on the real CLI
   against stacks written by every released version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

__all__ = [
    "STATE_VERSION",
    "UPGRADES",
    "VERSION_KEY",
    "Part",
    "StateVersionError",
    "Upgrade",
    "stamp",
    "upgrade",
    "version_of",
]

Part = Literal["inputs", "outputs"]
"""Which stored dict a step is given: the resource's inputs or its outputs."""

Upgrade = Callable[[dict[str, Any], Part], dict[str, Any]]
"""One step: ``(props, part)`` of version ``v`` -> ``props`` of version ``v + 1``."""

VERSION_KEY = "_state_version"
"""Key of the state version in a job's stored inputs and outputs (internal: not a property users set)."""

STATE_VERSION = 3
"""The version of the state this package writes. 1: the shape of release 0.1.0. 2: labels split into the
program's (``labels``) and all (``effective_labels``); ``server_fields``; ``adopt_name``. 3: ``claim``."""


def _v1_to_v2(props: dict[str, Any], part: Part) -> dict[str, Any]:
    """Version 1 -> 2.

    * ``labels`` (outputs) held every label of the job; from version 2 it holds the program's only, and
      ``effective_labels`` every label: version 1's ``labels`` are exactly version 2's ``effective_labels``
      (the next read narrows ``labels``; until then it keeps what it had, which is what the program then
      compared against, so nothing shows as a change).
    * ``server_fields`` (outputs): what the job has beyond the program; not recorded by version 1, so it is
      unknown (None: an update sends only the program's fields, as version 1 did) until the next read.
    * ``adopt_name`` (outputs; inputs leave out what is None): the job a first create may adopt; a stored
      resource was created already, so it is None.
    * ``events`` (outputs): version 1 kept the latest 10 events; version 2 keeps the latest 5 of a job that
      is not ``DEPLOYED``, and none once it is.
    """
    if part == "outputs":
        events = props.get("events")
        if isinstance(events, list):
            props["events"] = None if props.get("status") == "DEPLOYED" else events[-5:] or None
        props.setdefault("adopt_name", None)
        props.setdefault("effective_labels", props.get("labels"))
        props.setdefault("server_fields", None)
    return props


def _v2_to_v3(props: dict[str, Any], part: Part) -> dict[str, Any]:
    """Version 2 -> 3.

    * ``claim`` (outputs): the claim written after the owner marker in the job's ownership label (see
      :mod:`blaxel_pulumi.core.ownership`); jobs created by version 2 have none (None: any instance of the
      resource holds them, as before), and keep none: an update writes the label as it was.
    """
    if part == "outputs":
        props.setdefault("claim", None)
    return props


UPGRADES: dict[int, Upgrade] = {1: _v1_to_v2, 2: _v2_to_v3}
"""``{v: step}``: the step that brings a version-``v`` dict to version ``v + 1``, for every ``v`` from 1 to
``STATE_VERSION - 1``."""


class StateVersionError(ValueError):
    """A stored state this package cannot read: written by a newer release, or an invalid version."""


def version_of(props: Mapping[str, Any]) -> int:
    """The state version of ``props`` (stored inputs or outputs): the recorded one, or 1 when none is."""
    raw = props.get(VERSION_KEY)
    if raw is None:
        return 1
    if isinstance(raw, bool) or not isinstance(raw, int | float) or int(raw) != raw or raw < 1:
        raise StateVersionError(
            f"The stored state of this job has an invalid state version {raw!r} (key `{VERSION_KEY}`): it "
            "was not written by blaxel-pulumi. Run `pulumi refresh` to read the job from Blaxel again."
        )
    return int(raw)  # the engine stores numbers as floats: 1.0 is 1


def stamp(props: Mapping[str, Any], version: int = STATE_VERSION) -> dict[str, Any]:
    """A copy of ``props`` that records ``version`` (the current one by default) under :data:`VERSION_KEY`."""
    return {**props, VERSION_KEY: version}


def upgrade(
    props: Mapping[str, Any],
    part: Part,
    *,
    steps: Mapping[int, Upgrade] = UPGRADES,
    current: int = STATE_VERSION,
) -> dict[str, Any]:
    """``props`` (stored ``part``, inputs or outputs, of any earlier version) brought to version ``current``,
    stamped.

    The steps of :data:`UPGRADES` run in order from the stored version; ``props`` itself is left as it was.
    An empty dict (nothing stored yet) is returned empty. A state newer than ``current`` (a downgrade of the
    package) raises :class:`StateVersionError`: guessing its shape could replace or rewrite the job.
    ``steps`` and ``current`` exist for tests; the provider uses the defaults.
    """
    if not props:
        return {}
    version = version_of(props)
    if version > current:
        raise StateVersionError(
            f"The stored state of this job has state version {version}, written by a newer blaxel-pulumi; "
            f"this one reads versions up to {current}. Install the newer blaxel-pulumi again (downgrading "
            "is not supported), then run the command again."
        )
    upgraded = dict(props)
    while version < current:
        step = steps.get(version)
        if step is None:
            raise StateVersionError(
                f"blaxel-pulumi has no upgrade step from state version {version} to {version + 1}: this is a "
                "bug of the package, please report it."
            )
        upgraded = step(dict(upgraded), part)
        version += 1
    return stamp(upgraded, current)
