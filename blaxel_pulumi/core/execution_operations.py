"""The provider of `BlaxelJobExecution`: one execution of a job per run, started once, never by accident.

* **The id is chosen here, before the POST**, and is the same for every attempt of one run: a digest of the
  resource's owner marker (stack identity + resource name) and its run inputs
  (:data:`~blaxel_pulumi.core.execution_check.RUN_KEYS`). A retried POST, a second ``pulumi up`` after
  an interrupted one, or a create that failed after the POST all use the same ``executionId``: ``create``
  first GETs it and follows an execution that exists; Blaxel answers 409 to a POST of an id it has, read as
  "already started". (A run key is not meant to be reused: run inputs used before in the same stack map to
  the execution they started, as long as Blaxel keeps it.)
* **A replacement is a new run with a new id.** The resource is replaced delete-before-replace (its
  default option, and its diffs say so), so the old resource's ``delete`` runs first, in this same
  provider process, and notes the id it leaves (:func:`_release`); the ``create`` that follows starts the
  next *generation* of the run's id (``<id>-1``, ``<id>-2``, ...), never the old one, and the old
  resource's delete can never cancel the new run. A create that no delete preceded (a first create, or
  one after an interrupted ``pulumi up``) follows the newest generation Blaxel has of its run, or starts
  the first: an interrupted replacement resumed by the next ``up`` finds the run it started. (The engine
  checks a replacement with no old inputs and ``pulumi up --replace`` calls no ``diff``, so the old
  resource is known to the provider only through its delete.)
* Changing a run input replaces the resource (a new execution). Any other change is an update that sends
  nothing.
* **Nothing else starts an execution**: ``read`` (refresh) and ``update`` only read, and an execution that
  Blaxel has expired from its history (404) keeps its recorded outputs. ``delete`` cancels the execution
  only while it has not ended.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.api.connect import open_client
from blaxel_pulumi.api.execution_models import (
    ENDED_STATUSES,
    FAILED_STATUSES,
    CreateJobExecutionRequest,
    JobExecution,
)
from blaxel_pulumi.api.poll import Clock, Deadline, poll_until
from blaxel_pulumi.api.waits import TRANSIENT_ERRORS
from blaxel_pulumi.core.configured import ConfiguredProvider
from blaxel_pulumi.core.console import report as _report
from blaxel_pulumi.core.execution_check import (
    DEFAULT_EXECUTION_TIMEOUT,
    RUN_KEYS,
    check_execution,
    integral,
)
from blaxel_pulumi.core.normalize import contains_unknown
from blaxel_pulumi.core.state import stamp, upgrade
from blaxel_pulumi.errors import ExecutionFailed, ExecutionTimeout, NotFound

if TYPE_CHECKING:
    from blaxel_pulumi.api.client import BlaxelClient
    from blaxel_pulumi.api.executions import ExecutionStart

__all__ = [
    "EXECUTION_STATE_VERSION",
    "INPUT_KEYS",
    "MAX_GENERATIONS",
    "OUTPUT_KEYS",
    "ExecutionOperations",
    "execution_id",
    "generation_id",
]

ENV_DIGEST_ITERATIONS = 100_000
"""PBKDF2 iterations over the env values when deriving an execution id."""
EXECUTION_STATE_VERSION = 1
"""The version of the state `BlaxelJobExecution` writes (see :mod:`blaxel_pulumi.core.state`)."""
INPUT_KEYS = (*RUN_KEYS, "wait", "timeout", "allow_queue", "owner")
"""The resource's inputs (``owner`` is internal)."""
OUTPUT_KEYS = ("execution_id", "status", "stats", "created_at", "started_at", "completed_at", "failed_tasks")
"""What the resource adds to its inputs."""
_POLL_WAIT_KEYS = ("wait", "timeout", "allow_queue")
MAX_GENERATIONS = 1000
"""Most generations of one run's id looked up (one ``GET`` each) when a create looks for its run."""

_LOCK = threading.Lock()
_RELEASED: dict[str, str] = {}
"""``{owner: execution id}`` of the resources deleted by this provider process (this deployment), for the
create of their replacement that follows (see the module docstring)."""
_TRACKED: dict[str, str] = {}
"""``{owner: execution id}`` of the runs that a create of this process (this deployment) found already
started and recorded: the delete of a replaced resource that tracked the same run (create-before-delete,
when a program turns off the default delete-before-replace) leaves it alone."""


def _release(owner: str, chosen: str) -> None:
    with _LOCK:
        _RELEASED[owner] = chosen


def _released(owner: str) -> str | None:
    with _LOCK:
        return _RELEASED.pop(owner, None)


def _track(owner: str, chosen: str) -> None:
    with _LOCK:
        _TRACKED[owner] = chosen


def _tracked(owner: str) -> str | None:
    with _LOCK:
        return _TRACKED.get(owner)


def _upgrade(props: Mapping[str, Any], part: Any) -> dict[str, Any]:
    return upgrade(props, part, steps={}, current=EXECUTION_STATE_VERSION)


def _plain(props: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k != "__provider"}


def execution_id(owner: str, props: Mapping[str, Any]) -> str:
    """The execution id of the run that ``props`` (the resource's inputs) define, for the resource whose
    owner marker is ``owner``: the same for every attempt of that run, another for any other run inputs.

    The env values enter through PBKDF2 salted with ``owner`` (which Blaxel never sees), so the id, stored
    in plaintext, does not give away a guessable secret cheaply.
    """
    env = props.get("env") if isinstance(props.get("env"), Mapping) else {}
    shape = {k: props.get(k) for k in RUN_KEYS if k != "env"}
    shape["env_names"] = sorted(env or {})
    values = json.dumps(env or {}, sort_keys=True).encode()
    env_digest = hashlib.pbkdf2_hmac("sha256", values, owner.encode(), ENV_DIGEST_ITERATIONS).hex()
    text = f"{owner}/{json.dumps(shape, sort_keys=True, default=str)}/{env_digest}"
    return f"pulumi-{hashlib.sha256(text.encode()).hexdigest()[:24]}"


def generation_id(base: str, generation: int) -> str:
    """The id of generation ``generation`` of the run whose first id is ``base``: ``base`` itself, then
    ``base-1``, ``base-2``, ... (one per replacement of the resource with the same run inputs)."""
    return base if generation == 0 else f"{base}-{generation}"


def _generation(base: str, chosen: str) -> int | None:
    """Which generation of ``base`` the id ``chosen`` is (None: another run's id)."""
    if chosen == base:
        return 0
    suffix = chosen.removeprefix(f"{base}-") if chosen.startswith(f"{base}-") else ""
    return int(suffix) if suffix.isdigit() else None


def _env_values(props: Mapping[str, Any]) -> list[str]:
    """The env override values of ``props``: never quoted in errors or outputs (a task may print them)."""
    env = props.get("env")
    return [v for v in env.values() if isinstance(v, str) and v] if isinstance(env, Mapping) else []


def _whole(value: Any) -> Any:
    """``value`` with whole floats as ints, at any depth: the engine turns every number into a float, and a
    task's ``{"shard": 1}`` must reach the job as ``1``, not ``1.0``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return value


def _failed_tasks(execution: JobExecution) -> list[str]:
    """``"name: message"`` of each failed task the response lists."""
    found = []
    for index, task in enumerate(execution.all_tasks()):
        if task.status != "failed":
            continue
        name = (task.metadata.name if task.metadata is not None else None) or f"task-{index}"
        messages = [c.message for c in task.conditions or [] if getattr(c, "message", None)]
        found.append(f"{name}: {messages[0]}" if messages else name)
    return found


def _observed(execution: JobExecution) -> dict[str, Any]:
    """The outputs that reflect what Blaxel reports of the execution."""
    meta = execution.metadata
    return {
        "status": execution.status,
        "stats": execution.stats_dict() or None,
        "created_at": meta.created_at if meta is not None else None,
        "started_at": meta.started_at if meta is not None else None,
        "completed_at": meta.completed_at if meta is not None else None,
        "failed_tasks": _failed_tasks(execution) or None,
    }


class ExecutionOperations(ConfiguredProvider):
    """Starts one execution of a job per run of the resource (see the module docstring): the implementation
    of :class:`~blaxel_pulumi.provider.execution.JobExecutionProvider`, never pickled."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate the inputs at preview (no request is sent)."""
        news = _plain(news)
        return CheckResult(stamp(news, EXECUTION_STATE_VERSION), check_execution(news))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """A change of a run input replaces: a new execution. Other changes update (and send nothing)."""
        olds, news = _upgrade(olds, "outputs"), _upgrade(news, "inputs")
        # `job` and `workspace` are unknown in the preview of any update of the BlaxelJob they come from
        # (the engine does not know which outputs stay stable): not a rerun on their own, a change to check
        # again at `up`, where they are known. Other run inputs unknown at preview may change: a rerun.
        late = ("job", "workspace")
        replaces = [
            k
            for k in RUN_KEYS
            if (contains_unknown(news.get(k)) and k not in late)
            or (not contains_unknown(news.get(k)) and news.get(k) != olds.get(k))
        ]
        changed = [k for k in late if contains_unknown(news.get(k))]
        changed += [k for k in _POLL_WAIT_KEYS if contains_unknown(news.get(k)) or news.get(k) != olds.get(k)]
        return DiffResult(
            changes=bool(replaces or changed), replaces=replaces, stables=[], delete_before_replace=True
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        """Start the execution (or find the one an earlier attempt started) and, unless ``wait`` is false,
        wait until it ends; fail when it did not succeed."""
        props = _plain(props)
        job = str(props["job"])
        owner = str(props.get("owner") or "")
        base = execution_id(owner, props)
        released = _released(owner) if owner else None
        memory = integral(props.get("memory"))
        request = CreateJobExecutionRequest(
            execution_id=base,
            tasks=[_whole(dict(t)) for t in props["tasks"]] if isinstance(props.get("tasks"), list) else None,
            env=dict(props["env"]) if isinstance(props.get("env"), Mapping) else None,
            memory=memory,
            allow_queue=props.get("allow_queue") if isinstance(props.get("allow_queue"), bool) else None,
        )
        settings = self.settings(props.get("workspace"))
        with open_client(settings, secrets=_env_values(props)) as client:
            started = self._start(client, job, request, base, released)
            if owner and started.already_started:
                _track(owner, started.execution_id)
            verb = "found already started" if started.already_started else "started"
            _report(f"execution {started.execution_id} of job '{job}' {verb}")
            if props.get("wait") is False:
                execution = self._peek(client, job, started.execution_id)
            else:
                execution = self._wait(client, job, started.execution_id, props)
        outs = {**props, "execution_id": started.execution_id, **dict.fromkeys(OUTPUT_KEYS[1:])}
        if execution is not None:
            outs.update(_observed(execution))
        return CreateResult(id_=started.execution_id, outs=stamp(outs, EXECUTION_STATE_VERSION))

    @staticmethod
    def _start(
        client: BlaxelClient,
        job: str,
        request: CreateJobExecutionRequest,
        base: str,
        released: str | None,
    ) -> ExecutionStart:
        """Start the next generation of the run when this resource's delete just released one (a
        replacement); otherwise follow the newest generation an earlier attempt started (an interrupted
        `up`, or a create that failed after its POST), or start the first."""
        from blaxel_pulumi.api.executions import ExecutionStart

        latest = ExecutionOperations._latest(client, job, base)
        previous = _generation(base, released) if released is not None else None
        if latest is None:
            generation = 0
        elif previous is None:
            return ExecutionStart(generation_id(base, latest), already_started=True)
        else:
            generation = max(previous, latest) + 1
        chosen = generation_id(base, generation)
        return client.start_execution(job, request.model_copy(update={"execution_id": chosen}))

    @staticmethod
    def _latest(client: BlaxelClient, job: str, base: str) -> int | None:
        """The newest generation of ``base`` Blaxel has (None: none), looked up in order."""
        latest = None
        for generation in range(MAX_GENERATIONS):
            try:
                client.get_execution(job, generation_id(base, generation))
            except NotFound:
                return latest
            latest = generation
        return latest

    @staticmethod
    def _peek(client: BlaxelClient, job: str, chosen: str) -> JobExecution | None:
        try:
            return client.get_execution(job, chosen)
        except TRANSIENT_ERRORS:
            return None

    def _wait(
        self,
        client: BlaxelClient,
        job: str,
        chosen: str,
        props: Mapping[str, Any],
        clock: Clock | None = None,
    ) -> JobExecution:
        timeout = float(props.get("timeout") or DEFAULT_EXECUTION_TIMEOUT)
        seen: dict[str, JobExecution | None] = {"last": None}

        def poll_round(deadline: Deadline) -> JobExecution | None:
            status = seen["last"].status if seen["last"] is not None else None
            with contextlib.suppress(*TRANSIENT_ERRORS):
                seen["last"] = client.get_execution(job, chosen)
            last = seen["last"]
            if last is not None and last.status != status:
                _report(f"execution {chosen} of job '{job}': {last.status} after {deadline.elapsed():.1f}s")
            if last is not None and last.status in ENDED_STATUSES:
                if last.status in FAILED_STATUSES:
                    raise self._error(ExecutionFailed, client, job, chosen, last)
                return last
            return None

        def expired(elapsed: float) -> Exception:
            return self._error(ExecutionTimeout, client, job, chosen, seen["last"], waited=elapsed)

        return poll_until(poll_round, timeout=timeout, expired=expired, clock=clock)

    @staticmethod
    def _error(
        cls: type[ExecutionFailed] | type[ExecutionTimeout],
        client: BlaxelClient,
        job: str,
        chosen: str,
        seen: JobExecution | None,
        waited: float | None = None,
    ) -> ExecutionFailed | ExecutionTimeout:
        return cls(
            job_name=job,
            workspace=client.settings.workspace,
            execution_id=chosen,
            status=seen.status if seen is not None else None,
            stats=seen.stats_dict() if seen is not None else {},
            failed_tasks=_failed_tasks(seen) if seen is not None else (),
            waited=waited,
        )

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """Read the execution; one Blaxel no longer has (expired from its history) keeps its recorded
        outputs. Never starts anything."""
        props = _upgrade(_plain(props), "outputs")
        job, chosen = props.get("job"), props.get("execution_id") or id_
        if isinstance(job, str) and job:
            try:
                with open_client(self.settings(props.get("workspace")), _env_values(props)) as client:
                    props.update(_observed(client.get_execution(job, str(chosen))))
            except NotFound:
                _report(
                    f"execution {chosen} of job '{job}' is no longer in Blaxel's history: kept as recorded"
                )
        inputs = {k: props.get(k) for k in INPUT_KEYS if props.get(k) is not None}
        return ReadResult(id_, stamp(props, EXECUTION_STATE_VERSION), stamp(inputs, EXECUTION_STATE_VERSION))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """Only ``wait``, ``timeout`` or ``allow_queue`` changed: record them, send nothing."""
        olds, news = _upgrade(_plain(olds), "outputs"), _plain(news)
        return UpdateResult(outs=stamp({**olds, **news}, EXECUTION_STATE_VERSION))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Cancel the execution if it has not ended; leave an ended (or expired) one alone, and one that a
        create of this deployment now tracks (see the module docstring)."""
        job, chosen = props.get("job"), str(props.get("execution_id") or id_)
        owner = props.get("owner")
        if isinstance(owner, str) and owner:
            if _tracked(owner) == chosen:
                _report(f"execution {chosen} of job '{job}' is now its replacement's: left as it is")
                return
            _release(owner, chosen)
        if not isinstance(job, str) or not job:
            return
        with open_client(self.settings(props.get("workspace")), _env_values(props)) as client:
            try:
                seen = client.get_execution(job, str(chosen))
                if seen.status in ENDED_STATUSES:
                    return
                client.cancel_execution(job, str(chosen))
            except NotFound:
                return
            _report(f"execution {chosen} of job '{job}' cancelled")
