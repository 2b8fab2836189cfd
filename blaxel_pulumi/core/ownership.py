"""Who holds a job: the one place that decides whether a job is this resource's to create, write or delete.

A job that blaxel-pulumi creates carries the label :data:`OWNER_LABEL`. Its value is the *holder*: the
resource that made it (its *owner marker*) and, after a dot, the *claim* drawn by the create that wrote it::

    blaxel-pulumi.owner: 3f9a0c41d2e8 7b15c0de99a4e1f03c22 . 5e0c7a19
                         stack part   resource part          claim

* The owner marker (32 hex digits) identifies the resource as the Pulumi engine does: the stack instance
  (its random identity, see :mod:`blaxel_pulumi.dynamic.stack_identity`), the resource's qualified type
  (the types of its parent chain and its own) and its name. Two resources of one stack are two owners, even
  with the same name under two components; its first 12 digits depend on the stack alone, so a job held by
  another resource of the same stack is told apart from one of another stack. A resource keeps the marker
  it was created with for good (aliases, a new way of computing it, a moved stack never disown a job).
  A resource that ``pulumi state move`` brings into another stack takes that stack's marker
  (:func:`kept_owner`): its next update writes it to the job's label.
* The claim (8 hex digits) is drawn by each create, so that when two instances of one resource meet (a
  replacement created before the old one is deleted, a copy of the stack's state), the one that created or
  took over the job last holds it, and the other neither writes nor deletes it.

Jobs created before the claim existed carry the owner marker alone (claim ``None``); jobs created before
the stack part existed carry a marker whose first digits mean nothing: both keep working, compared as
they were written.

The decisions, each with one wording: :func:`create_conflict` (a create found the name taken),
:func:`held_elsewhere` (an update or delete found the job held by another).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from blaxel_pulumi.api.names import JOB_NAME_MAX_LENGTH

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import FoundAfterCreate

__all__ = [
    "AUTO_SUFFIX_LENGTH",
    "CLAIM_LENGTH",
    "IDENTITY_RESOURCE_NAME",
    "OWNER_LABEL",
    "OWNER_LENGTH",
    "STACK_PART_LENGTH",
    "Decision",
    "Holder",
    "Verdict",
    "adopted_from",
    "adopted_left",
    "auto_name",
    "auto_name_of",
    "create_conflict",
    "digest",
    "draw_claim",
    "draw_identity",
    "found_after_create",
    "held_elsewhere",
    "holder_of",
    "holds",
    "kept_owner",
    "label_value",
    "labels_with_holder",
    "on_adopt",
    "on_delete",
    "on_name_taken",
    "on_read",
    "on_write",
    "owner_marker",
    "owner_of",
    "qualified_type",
    "reserved_label_problem",
    "split_holder",
    "stack_of",
    "urn_parts",
]

IDENTITY_RESOURCE_NAME = "blaxel-stack-identity"
"""The Pulumi name of the one stack identity resource of a stack (see
:mod:`blaxel_pulumi.dynamic.stack_identity`)."""
OWNER_LABEL = "blaxel-pulumi.owner"
"""The label holding a job's holder (owner marker and claim)."""
OWNER_LENGTH = 32
"""Hex digits of an owner marker."""
STACK_PART_LENGTH = 12
"""Leading hex digits of an owner marker that depend on the stack instance alone."""
CLAIM_LENGTH = 8
"""Hex digits of a claim."""
AUTO_SUFFIX_LENGTH = 7
"""Hex digits of an auto-name's suffix."""
_STACK_TYPE = "pulumi:pulumi:Stack"
_HEX = re.compile(r"^[0-9a-f]+$")


def digest(identity: str, *parts: str) -> str:
    """A short, stable digest of ``identity`` and ``parts`` (64 hex digits)."""
    return hashlib.sha256("/".join((identity, *parts)).encode()).hexdigest()


def qualified_type(type_token: str, parent_urn: str | None = None) -> str:
    """The qualified type of a resource of type ``type_token`` whose parent has URN ``parent_urn``: the
    parent's qualified type and ``$`` before its own, as in the resource's URN (a resource parented to the
    stack itself has its own type alone)."""
    if not parent_urn:
        return type_token
    parts = parent_urn.split("::")
    parent_type = parts[2] if len(parts) >= 4 else ""
    if not parent_type or parent_type == _STACK_TYPE:
        return type_token
    return f"{parent_type}${type_token}"


def urn_parts(urn: str) -> tuple[str, str]:
    """The qualified type and the name of a resource, from its URN
    (``urn:pulumi:<stack>::<project>::<qualified type>::<name>``)."""
    parts = urn.split("::", 3)
    if len(parts) < 4:
        return "", urn
    return parts[2], parts[3]


def owner_marker(identity: str, qualified: str, name: str) -> str:
    """The owner marker of the resource of qualified type ``qualified`` and name ``name`` in the stack
    instance ``identity`` (see the module docstring)."""
    stack = digest(identity, "stack")[:STACK_PART_LENGTH]
    return stack + digest(identity, qualified, name)[: OWNER_LENGTH - STACK_PART_LENGTH]


def draw_identity() -> str:
    """A new stack identity: 32 random hex digits (the dynamic face's stack identity resource and the native
    provider each draw one per stack instance)."""
    return secrets.token_hex(16)


def stack_of(urn: str) -> str:
    """The stack a resource of URN ``urn`` (``urn:pulumi:<stack>::<project>::...``) is in, as
    ``<project>/<stack>``."""
    parts = urn.split("::")
    stack = parts[0].removeprefix("urn:pulumi:")
    project = parts[1] if len(parts) > 1 else ""
    return f"{project}/{stack}"


def owner_of(identity: str, urn: str) -> str:
    """The owner marker of the resource with URN ``urn`` in the stack instance ``identity``."""
    qualified, name = urn_parts(urn)
    return owner_marker(identity, qualified, name)


def auto_name_of(identity: str, urn: str) -> str:
    """The job name of the resource with URN ``urn`` when it sets no ``name`` (see :func:`auto_name`)."""
    qualified, name = urn_parts(urn)
    return auto_name(name, identity, qualified)


def kept_owner(stored: Any, stored_stack: Any, current: Any, current_stack: Any) -> tuple[Any, Any]:
    """The owner marker of a resource that exists, and the stack (``<project>/<stack>``) it was made in.

    The ``stored`` marker it was created with is kept for good (aliases, a new way of computing markers, a
    job imported from the other face of the same stack never disown a job), unless the resource was made in
    another stack (``stored_stack``) than the one it is in now (``current_stack``): a ``pulumi state move``
    brought it here. Then it takes this stack's marker for it (``current``), which the next update writes to
    the job's label, so that the stack it came from no longer recognises the job as one it made. A resource
    stored before its stack was recorded records it now, and keeps its marker."""
    if (
        isinstance(stored_stack, str)
        and isinstance(current_stack, str)
        and stored_stack != current_stack
        and isinstance(current, str)
    ):
        return current, current_stack
    return stored, stored_stack if isinstance(stored_stack, str) else current_stack


def auto_name(resource_name: str, identity: str, qualified: str) -> str:
    """A valid job name for the resource: a cleaned prefix of its name and a suffix stable for this
    resource of this stack instance (two resources of one name under two components get two names)."""
    prefix = re.sub(r"[^a-z0-9]+", "-", resource_name.lower()).strip("-") or "job"
    prefix = prefix[: JOB_NAME_MAX_LENGTH - AUTO_SUFFIX_LENGTH - 1].rstrip("-")
    return f"{prefix}-{digest(identity, 'name', qualified, resource_name)[:AUTO_SUFFIX_LENGTH]}"


def draw_claim() -> str:
    """A new claim (see the module docstring)."""
    return secrets.token_hex(CLAIM_LENGTH // 2)


@dataclass(frozen=True)
class Holder:
    """Who holds a job, as its :data:`OWNER_LABEL` says: an owner marker and a claim (None when the label
    has none), or nobody (no label: a job blaxel-pulumi did not create)."""

    owner: str | None
    """The owner marker, or None."""
    claim: str | None = None
    """The claim written with it, or None."""

    def same_stack(self, owner: str) -> bool:
        """Whether this holder is a resource of the stack instance of the owner marker ``owner``."""
        return bool(
            self.owner
            and len(self.owner) == len(owner) == OWNER_LENGTH
            and self.owner[:STACK_PART_LENGTH] == owner[:STACK_PART_LENGTH]
        )

    def in_stack_of(self, owner: str) -> bool:
        """Whether this holder is the resource of owner marker ``owner`` (another instance of it: a
        replacement) or another resource of its stack instance (one that adopted the job): a delete then
        leaves the job to it."""
        return self.owner == owner or self.same_stack(owner)

    def describe(self) -> str:
        """The label's value as it stands, for messages."""
        if self.owner is None:
            return "no ownership label"
        return f"`{OWNER_LABEL}: {label_value(self.owner, self.claim)}`"


def label_value(owner: str, claim: str | None) -> str:
    """The value of :data:`OWNER_LABEL` for ``owner`` and ``claim``."""
    return f"{owner}.{claim}" if claim else owner


def labels_with_holder(labels: Mapping[str, Any] | None, owner: Any, claim: Any) -> dict[str, Any]:
    """``labels`` as sent to Blaxel: with :data:`OWNER_LABEL` for ``owner`` and ``claim`` (none without an
    owner)."""
    sent = dict(labels or {})
    if owner:
        sent[OWNER_LABEL] = label_value(str(owner), str(claim) if claim else None)
    return sent


def split_holder(labels: Mapping[str, Any] | None) -> tuple[dict[str, Any], Holder]:
    """A job's labels as the program sees them (without :data:`OWNER_LABEL`), and the holder they name."""
    kept = dict(labels or {})
    holder = holder_of(kept)
    kept.pop(OWNER_LABEL, None)
    return kept, holder


def reserved_label_problem(labels: Mapping[str, Any]) -> str | None:
    """Why a program's ``labels`` cannot be sent: they set :data:`OWNER_LABEL` themselves."""
    if OWNER_LABEL in labels:
        reserved = f"labels: `{OWNER_LABEL}` is reserved for blaxel-pulumi's ownership marker"
        return f"{reserved}; use another label key."
    return None


def holder_of(labels: Mapping[str, Any] | None) -> Holder:
    """The holder a job's labels name."""
    value = (labels or {}).get(OWNER_LABEL)
    if not isinstance(value, str) or not value:
        return Holder(None)
    owner, dot, claim = value.partition(".")
    if dot and _HEX.match(claim):
        return Holder(owner, claim)
    return Holder(value)


def holds(holder: Holder, owner: str | None, claim: str | None) -> bool:
    """Whether ``holder`` is the resource instance with ``owner`` and ``claim`` (a stored resource with no
    claim, from before claims, accepts any claim of its owner; one with no owner, any job)."""
    if owner is None:
        return True
    if holder.owner != owner:
        return False
    return claim is None or holder.claim == claim


def _title(word: str) -> str:
    """``word`` starting a sentence (``Job``)."""
    return word[:1].upper() + word[1:]


def create_conflict(name: str, workspace: str, holder: Holder, owner: str | None, word: str = "job") -> str:
    """The message of a create that found job ``name`` taken by ``holder`` (not this resource's)."""
    where = f"A {word} named '{name}' already exists in workspace '{workspace}'"
    adopt = (
        "To manage it with this resource, set `adopt=True` (`adopt: true`) on it (its settings are replaced "
        "by the program's; adoption happens at the resource's first create only) or `pulumi import` it; "
        "otherwise choose another `name`."
    )
    if owner is not None and holder.same_stack(owner):
        return (
            f"{where} and another resource of this stack holds it ({holder.describe()}). If this resource "
            "is that one, moved or renamed (into or out of a component, a new name or type), declare where "
            "it was with the `aliases` resource option, so that the engine moves it instead of creating it "
            "again; if it is another resource, give it another `name`. Nothing was changed."
        )
    if holder.owner is None:
        return f"{where} and was not created by blaxel-pulumi (it has no `{OWNER_LABEL}` label). {adopt}"
    return (
        f"{where} and no resource of this stack holds it ({holder.describe()}): another stack made it (or "
        "took it with `pulumi state move`: then remove the resource from this stack's program), or it was "
        f"kept by `retainOnDelete` / a `pulumi state delete` (a resource keeps a {word} only while its state "
        f"holds it). {adopt}"
    )


def adopted_from(name: str, holder: Holder, word: str = "job") -> str:
    """The warning of an adoption (``adopt=True``) of job ``name`` from ``holder``, another resource."""
    return (
        f"{word} {name}: adopted from another stack or resource ({holder.describe()}): from now on that one "
        "can neither change nor delete it (its next `pulumi refresh` drops it). If this was not meant, "
        f"remove `adopt=True` from this resource, and give the {word} back with `adopt=True` on the other "
        "resource."
    )


def held_elsewhere(action: str, name: str, workspace: str, holder: Holder, word: str = "job") -> str:
    """The message of an update or delete (``action``) refused because job ``name`` is held by ``holder``,
    not by the resource asking."""
    return (
        f"{_title(word)} '{name}' in workspace '{workspace}' is no longer this resource's, so it was not "
        f"{action}: its ownership label is now {holder.describe()}. Another stack or resource adopted or "
        "took it over, or it was deleted and made again by someone else. Run `pulumi refresh`: it drops "
        f"the {word} from this stack's state and leaves it as it is; then `pulumi up` says how to adopt it, "
        "if this resource should manage it again."
    )


def found_after_create(
    sent_labels: Mapping[str, Any] | None, name: str, workspace: str, word: str = "job"
) -> FoundAfterCreate:
    """How a create that sent ``sent_labels`` for job ``name`` judges the job it finds after a failed
    request (the ``judge`` of :meth:`~blaxel_pulumi.api.client.BlaxelClient.create_job`): its own only when
    it carries the same :data:`OWNER_LABEL` value (marker and claim)."""
    ours = (sent_labels or {}).get(OWNER_LABEL)
    where = f"{_title(word)} '{name}' exists in workspace '{workspace}'"
    fix = f"Choose another name, or take the existing {word} over on purpose (adopt or import it)."

    def judge(labels: Mapping[str, Any] | None, reason: str) -> str | None:
        theirs = (labels or {}).get(OWNER_LABEL)
        if ours is not None and theirs == ours:
            return None
        if ours is None:
            return (
                f"{where}, but the create request failed ({reason}) and, without a `{OWNER_LABEL}` label on "
                f"the {word}, there is no telling whether that request made it. Check it with `bl get {word} "
                f"{name}`. {fix}"
            )
        return f"{where} and belongs to someone else (its `{OWNER_LABEL}` label differs). {fix}"

    return judge


# -- the decisions: what a resource may do with the job it finds, in one wording per case -----------------

Decision = Literal["proceed", "leave", "refuse"]
"""``proceed``: the job is the resource's (take it over, keep it, write or delete it); ``leave``: another
resource of this stack or another stack holds it, the resource lets go and changes nothing; ``refuse``:
the operation fails with the verdict's message and nothing is changed."""


@dataclass(frozen=True)
class Verdict:
    """What a resource may do with a job it found, and what to tell the user."""

    decision: Decision
    """See :data:`Decision`."""
    message: str | None = None
    """A progress note (``proceed``), a warning (``leave``) or the error (``refuse``); None: none."""


def on_name_taken(
    labels: Mapping[str, Any] | None, owner: Any, name: str, workspace: str, word: str = "job"
) -> Verdict:
    """A create found job ``name`` already there (409): take it over only when it carries this resource's
    owner marker (an interrupted run made it, or it is the instance this one replaces)."""
    holder = holder_of(labels)
    if owner and holder.owner == owner:
        return Verdict(
            "proceed",
            f"{word} {name}: found with this resource's owner marker (made by an interrupted run, or the "
            "instance this one replaces); taking it over",
        )
    return Verdict("refuse", create_conflict(name, workspace, holder, str(owner) if owner else None, word))


def on_adopt(labels: Mapping[str, Any] | None, owner: Any, name: str, word: str = "job") -> Verdict:
    """An adoption (``adopt=True``) of job ``name``: it proceeds, with a warning when another resource held
    the job (that one then lets it go)."""
    holder = holder_of(labels)
    if holder.owner is not None and holder.owner != owner:
        return Verdict("proceed", adopted_from(name, holder, word))
    return Verdict("proceed")


def on_read(
    labels: Mapping[str, Any] | None, owner: Any, claim: Any, name: str, word: str = "job"
) -> Verdict:
    """A read (``pulumi refresh``) of job ``name``: a job another resource instance holds now leaves this
    stack's state and stays as it is."""
    holder = holder_of(labels)
    if holds(holder, owner, claim):
        return Verdict("proceed")
    return Verdict(
        "leave",
        f"{word} {name}: another resource or stack holds it now ({holder.describe()}): it leaves this "
        "stack's state and stays as it is on Blaxel.",
    )


def on_write(
    labels: Mapping[str, Any] | None,
    owner: Any,
    claim: Any,
    action: str,
    name: str,
    workspace: str,
    word: str = "job",
) -> Verdict:
    """An update (``action``: "changed") of job ``name``: only by the resource instance that holds it."""
    holder = holder_of(labels)
    if holds(holder, owner, claim):
        return Verdict("proceed")
    return Verdict("refuse", held_elsewhere(action, name, workspace, holder, word))


def on_delete(
    labels: Mapping[str, Any] | None, owner: Any, claim: Any, name: str, workspace: str, word: str = "job"
) -> Verdict:
    """A delete of job ``name``: by the instance that holds it; a job another resource of this stack holds
    now (a replacement, an adoption) stays with it; any other holder refuses the delete."""
    holder = holder_of(labels)
    if holds(holder, owner, claim):
        return Verdict("proceed")
    if isinstance(owner, str) and holder.in_stack_of(owner):
        return Verdict(
            "leave",
            f"{word} {name}: not deleted: another resource of this stack holds it now "
            f"({holder.describe()}); it stays with that resource.",
        )
    return Verdict("refuse", held_elsewhere("deleted", name, workspace, holder, word))


def adopted_left(name: str, workspace: str, word: str = "job") -> str:
    """What became of an adopted job whose create failed after the adoption: it stays, untracked."""
    return (
        f"The {word} '{name}' in workspace '{workspace}' was adopted (its settings are now the program's) "
        "but is not in the Pulumi state, and it was not deleted since this stack did not create it. Fix the "
        "cause and run `pulumi up` again (the adoption is retried), or remove `adopt` to leave the "
        f"{word} alone."
    )
