"""What a failed operation does so that nothing is left behind, and what the error then says.

A create whose rollout fails deletes the job it made (:func:`roll_back`: the state will not hold it); an
update whose rollout fails puts the previous settings back (:func:`restore`: the state keeps the previous
outputs). Each says in the error what became of the job. Every kind that rolls out goes the same way: the
functions take the kind's declaration (jobs by default) and name the object by its word (``volume``). A face
that can record an unfinished create in the state (the native provider: a partial create) keeps a job whose
rollout outlived the wait instead (:class:`RolloutUnfinished`, :func:`kept_unfinished`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from blaxel_pulumi.api.settings import Settings
from blaxel_pulumi.api.unmanaged import body_keeping_unmanaged
from blaxel_pulumi.api.waits import DELETE_TIMEOUT, wait_for_deletion, wait_for_deployment
from blaxel_pulumi.core.console import report
from blaxel_pulumi.core.job_kind import JOB
from blaxel_pulumi.core.resource_kind import ResourceKind
from blaxel_pulumi.errors import BlaxelAPIError, BlaxelError, DeploymentError, DeploymentTimeout, NotFound

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import BlaxelClient

__all__ = ["RolloutUnfinished", "kept_unfinished", "moved_left", "restore", "roll_back", "with_detail"]


class RolloutUnfinished(Exception):  # noqa: N818 (a signal to the face, not an error of the package)
    """A create made its job, and the wait for its rollout ran out of time: the job is kept, for a face that
    records it in the state as an unfinished create (the native provider's partial create).

    Attributes:
        error: The timeout, its message saying that the job was kept (:func:`kept_unfinished`).
        id: The job's name, the resource's id.
        outs: The resource's outputs, from the job as last read (its status not DEPLOYED).
    """

    def __init__(self, error: DeploymentTimeout, id_: str, outs: dict[str, Any]) -> None:
        """The unfinished create of job ``id_`` with outputs ``outs``, which ``error`` ended."""
        super().__init__(str(error))
        self.error = error
        self.id = id_
        self.outs = outs


def _plural(word: str) -> str:
    return f"{word[:-1]}ies" if word.endswith("y") else f"{word}es" if word.endswith("x") else f"{word}s"


def kept_unfinished(name: str, workspace: str, word: str = "job") -> str:
    """What became of a job (an object of kind ``word``) whose create ran out of time waiting for its
    rollout, on a face that keeps it."""
    return (
        f"The {word} '{name}' is kept in workspace '{workspace}' and recorded in the Pulumi state as not "
        "finished: the next `pulumi up` waits for its rollout again (without changing it), `pulumi destroy` "
        "deletes it."
    )


def with_detail(exc: Exception, sentence: str) -> BlaxelError:
    """``exc`` as a :class:`BlaxelError` with ``sentence`` appended (what became of the job)."""
    if isinstance(exc, BlaxelError):
        exc.append_detail(sentence)
        return exc
    error = BlaxelError(f"{type(exc).__name__}: {exc}. {sentence}")
    error.__cause__ = exc
    return error


def moved_left(name: str, settings: Settings, word: str = "job") -> str:
    """What became of a job (an object of kind ``word``) whose delete failed on the API it was created on
    (not the configured one)."""
    return (
        f"The {word} '{name}' lives on {settings.api_url} (the API it was created on), not on the API now "
        "configured, and it is deleted there with the key now configured: it is still in the Pulumi "
        "state. If that key is not valid there, set `blaxel:apiUrl` and `blaxel:apiKey` back to that API, "
        f"run `pulumi destroy` (or remove the {_plural(word)} from the program and run `pulumi up`), then "
        "set the new API and run `pulumi up`."
    )


def roll_back(client: BlaxelClient, name: str, workspace: str, kind: ResourceKind[Any] = JOB) -> str:
    """Delete the job (the ``kind`` object) this create made (the state will not hold it); say what became
    of it: deleted, left (the DELETE failed), or deleted without a check that it is gone (the DELETE was
    accepted, the GETs that wait for it to disappear failed: a key that may write but not read, an
    outage)."""
    word = kind.api.word
    deleted = f"The {word} was deleted again so that nothing is left behind"
    try:
        client.delete(kind.api, name)
    except NotFound:
        return f"{deleted}; fix the cause and run again."
    except BlaxelError as exc:
        return (
            f"The {word} '{name}' is left in workspace '{workspace}' and is not in the Pulumi state: "
            f"deleting it failed ({exc}). Run `pulumi up` again (it recognises the {word} by its ownership "
            f"label and takes it over) or delete it with `bl delete {word} {name}`."
        )
    try:
        wait_for_deletion(client, name, timeout=DELETE_TIMEOUT, report=report, kind=kind.api)
    except BlaxelError as exc:
        why = f"{exc.method} {exc.path} answered {exc.status}" if isinstance(exc, BlaxelAPIError) else exc
        return (
            f"{deleted} (Blaxel accepted its DELETE), but that it is gone could not be checked "
            f"({why}). Fix the cause and run again; if `bl get {word} {name}` still shows it then, `pulumi "
            "up` takes it over (it carries this resource's ownership label)."
        )
    return f"{deleted}; fix the cause and run again."


def restore(
    client: BlaxelClient,
    previous: Any,
    olds: Mapping[str, Any],
    timeout: float,
    cause: DeploymentError,
    kind: ResourceKind[Any] = JOB,
) -> None:
    """Put the job (the ``kind`` object) back as it was before a failed update (``previous``, as Blaxel had
    it), so that Blaxel matches the state again (the state keeps the previous outputs when an update fails)
    and fixing the input is enough to converge. Their rollout is waited for ``timeout`` seconds; not at all
    when the custom timeout has run out."""
    name = previous.metadata.name
    word = kind.api.word
    report(f"{word} {name}: the update did not deploy; putting the previous settings back")
    try:
        since = datetime.now(timezone.utc)
        seen = kind.from_wire(previous)
        props = {**seen, "secret_env_values": olds.get("secret_env_values")}
        obj = kind.to_wire(props, strict=False)
        obj = client.update(kind.api, name, obj, body=body_keeping_unmanaged(obj, previous))
        if timeout <= 0:
            cause.append_detail(
                f"The {word}'s previous settings were sent back (their rollout was not waited for: the "
                "custom timeout had run out); fix the input and run again."
            )
            return
        wait_for_deployment(client, obj, timeout=timeout, since=since, report=report, kind=kind.api)
    except BlaxelError as exc:
        cause.append_detail(
            f"Putting the previous settings back also failed ({exc}); run `pulumi refresh`, "
            "fix the input, then `pulumi up`."
        )
        return
    cause.append_detail(
        f"The {word}'s previous settings were put back and deployed; fix the input and run again."
    )
