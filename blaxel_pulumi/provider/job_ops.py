"""What the dynamic provider of `BlaxelJob` does: check, diff, create, read, update, delete.

The pickled provider, :class:`blaxel_pulumi.provider.provider.BlaxelJobProvider`, is a thin class that the
program imports without pydantic or httpx; each of its calls builds a :class:`JobOperations` with its stack
configuration and runs the method of the same name here. An HTTP client (and httpx with it) is imported and
built only by the calls that send a request.

Every method has the same shape: resolve settings, call the client, map the response back to properties.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.errors import BlaxelConfigError, BlaxelError, Conflict, DeploymentError, NotFound
from blaxel_pulumi.models import Job
from blaxel_pulumi.numbers import FLOAT_PATHS_KEY, float_paths
from blaxel_pulumi.provider.base import ConfiguredProvider, open_client
from blaxel_pulumi.provider.check import check_inputs
from blaxel_pulumi.provider.console import report as _report, warn as _warn
from blaxel_pulumi.provider.normalize import contains_unknown, normalize, project
from blaxel_pulumi.provider.schema import (
    DEFAULT_DEPLOYMENT_TIMEOUT,
    INTERNAL_KEYS,
    METADATA_KEYS,
    OPTION_KEYS,
    OUTPUT_KEYS,
    OWNER_LABEL,
    REPLACE_KEYS,
    SPEC_KEYS,
    from_wire,
    to_wire,
)
from blaxel_pulumi.provider.state import stamp, upgrade
from blaxel_pulumi.provider.wait import wait_for_deletion, wait_for_deployment
from blaxel_pulumi.settings import Settings, resolve_settings
from blaxel_pulumi.unmanaged import stored_unmanaged, unmanaged

if TYPE_CHECKING:
    from blaxel_pulumi.client import BlaxelClient

__all__ = ["COMPARED_KEYS", "DECLARED_KEYS", "JobOperations", "secret_values"]

DECLARED_KEYS = METADATA_KEYS + SPEC_KEYS
"""Properties that are sent to Blaxel and compared with what it reports."""
COMPARED_KEYS = (*DECLARED_KEYS, "wait_for_deployment", "deployment_timeout", "adopt", "secret_env_values")
"""Properties whose change is an update (``name`` and ``workspace`` replace instead)."""


def _timeout(props: Mapping[str, Any]) -> float:
    return float(props.get("deployment_timeout") or DEFAULT_DEPLOYMENT_TIMEOUT)


def _delete_and_wait(client: BlaxelClient, name: str) -> None:
    """DELETE the job and wait until it is gone (bounded); a job already gone is fine."""
    try:
        client.delete_job(name)
    except NotFound:
        return
    wait_for_deletion(client, name, report=_report)


def secret_values(*props: Mapping[str, Any]) -> list[str]:
    """The secret values ``props`` hold (env values, callback secrets): never quoted in messages or events."""
    found: list[str] = []
    for p in props:
        for key in ("secret_env_values", "trigger_callback_secrets"):
            values = p.get(key)
            if isinstance(values, Mapping):
                found += [v for v in values.values() if isinstance(v, str) and v]
    return found


def _with_detail(exc: Exception, sentence: str) -> BlaxelError:
    """``exc`` as a :class:`BlaxelError` with ``sentence`` appended (what became of the job)."""
    if isinstance(exc, BlaxelError):
        exc.append_detail(sentence)
        return exc
    error = BlaxelError(f"{type(exc).__name__}: {exc}. {sentence}")
    error.__cause__ = exc
    return error


def _adopted_left(name: str, workspace: str) -> str:
    return (
        f"The job '{name}' in workspace '{workspace}' was adopted (its settings are now the program's) but "
        "is not in the Pulumi state, and it was not deleted since this stack did not create it. Fix the "
        "cause and run `pulumi up` again (the adoption is retried), or remove `adopt` to leave the job alone."
    )


def _wait(client: BlaxelClient, job: Job, props: Mapping[str, Any], since: datetime) -> Job:
    """Wait for DEPLOYED as the resource's options say (`wait_for_deployment`, `deployment_timeout`)."""
    if props.get("wait_for_deployment", True) is False:
        return job
    return wait_for_deployment(client, job, timeout=_timeout(props), since=since, report=_report)


class JobOperations(ConfiguredProvider):
    """Manages one Blaxel batch job per resource through Blaxel's REST API (the implementation of
    :class:`~blaxel_pulumi.provider.provider.BlaxelJobProvider`; never pickled)."""

    def _settings(self, props: Mapping[str, Any]) -> Settings:
        return self.settings(props.get("workspace"))

    def configured_workspace(self) -> str | None:
        """The workspace the settings name (stack config, environment, config file), or None."""
        return self._configured_workspace()

    def _configured_workspace(self) -> str | None:
        try:
            return resolve_settings(config=self._config or {}).workspace
        except BlaxelError:
            return None

    # -- check / diff ------------------------------------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate every input and the settings locally; fill in the auto-name and trigger ids."""
        inputs, failures = check_inputs(upgrade(_olds, "inputs"), news)
        settings = self.settings_failures(news.get("workspace"))
        if not failures and not settings and isinstance(inputs.get("adopt_name"), str):
            self._announce_adoption(inputs)
        # Reported without a property: the engine would print the whole top-level value beside the reason
        # (`property runtime value {map[envs:...` for one bad env var); each reason starts with the field's
        # full path instead.
        return CheckResult(stamp(inputs), [CheckFailure("", f.reason) for f in failures] + settings)

    def _announce_adoption(self, inputs: Mapping[str, Any]) -> None:
        """Say at preview what ``adopt`` will do: one GET, the only request ``check`` ever sends."""
        name = str(inputs["adopt_name"])
        try:
            settings = self._settings(inputs)
            with open_client(settings) as client:
                client.get_job(name)
        except NotFound:
            _warn(f"job {name}: adopt=True, but no such job exists in the workspace: a new job is created.")
        except BlaxelError as exc:
            _warn(f"job {name}: adopt=True, and whether the job exists could not be checked: {exc}")
        else:
            _warn(
                f"job {name}: exists in workspace '{settings.workspace}' and will be adopted (adopt=True): "
                "its settings become the program's. Adoption happens at this resource's first create only; "
                "remove `adopt` once it is done."
            )

    def _replaces(self, key: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """Whether the change of ``key`` (a field marked ``replace_on_change``) replaces the job. A workspace
        left out means the configured one, and a stored job with no recorded workspace is not moved."""
        new = news.get(key)
        if contains_unknown(new):
            return True
        if key == "workspace":
            new = new or self._configured_workspace()
            return bool(new and olds.get(key) and new != olds.get(key))
        return bool(new != olds.get(key))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the program's inputs with the last known state of the job (outputs, refreshed or not)."""
        changed, replaces = self.changes(olds, news)
        return DiffResult(
            changes=bool(changed or replaces), replaces=replaces, stables=[], delete_before_replace=False
        )

    def changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """The properties that changed and those whose change replaces the job, between the stored outputs
        ``olds`` and the new inputs ``news`` (both faces decide with this)."""
        olds, news = upgrade(olds, "outputs"), upgrade(news, "inputs")  # refresh: news are stored inputs
        replaces = [key for key in REPLACE_KEYS if self._replaces(key, olds, news)]
        if replaces and news.get("adopt") is True:
            raise BlaxelConfigError(
                f"Changing `{replaces[0]}` replaces job '{olds.get('name')}', and `adopt=True` is still set: "
                "the replacement would take over whatever job already has the new name. Remove `adopt=True` "
                "from the resource (adoption happens at a resource's first create only), then run again."
            )
        changed = [
            key
            for key in COMPARED_KEYS
            if contains_unknown(news.get(key))
            or normalize(news.get(key), (key,)) != normalize(olds.get(key), (key,))
        ]
        return changed, replaces

    # -- create ------------------------------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        """POST the job (or adopt it, see below), wait for DEPLOYED, and never leave an untracked job.

        A 409 means the name is taken: if the existing job carries this resource's ownership marker (an
        earlier, interrupted ``pulumi up`` of this stack created it), it is taken over. With ``adopt=True``
        the first create of the resource takes over the job it names (``adopt_name``, set by ``check``).
        Otherwise the create fails and says how to proceed.

        If anything fails after the job was created (a failed deployment, a 401 during the wait, ...), the
        job is deleted again, since the state will not hold it; if that fails too, the error names the job
        left behind and how to remove it.
        """
        settings = self._settings(props)
        job = to_wire(props)
        name = job.metadata.name
        since = datetime.now(timezone.utc)
        with open_client(settings, secrets=secret_values(props)) as client:
            existing = self._job_to_adopt(client, props, name)
            if existing is not None:
                _report(f"job {name}: exists, adopting it (adopt=True): its settings become the program's")
                result = client.update_job(name, job, unmanaged=unmanaged(existing, job))
            else:
                try:
                    result = client.create_job(job)
                except Conflict:
                    result = self._take_over_own(client, job, settings)
            try:
                outs = self._outputs(_wait(client, result, props, since), props, job)
            except Exception as exc:
                if existing is not None:
                    raise _with_detail(exc, _adopted_left(name, settings.workspace)) from None
                raise _with_detail(exc, self._roll_back(client, name, settings.workspace)) from None
        return CreateResult(id_=name, outs=outs)

    def _job_to_adopt(self, client: BlaxelClient, props: Mapping[str, Any], name: str) -> Job | None:
        """The job to adopt: only with ``adopt=True``, only at the resource's first create, only the job
        named then (``adopt_name``, set by ``check``); None when there is none to adopt."""
        if not props.get("adopt") or props.get("adopt_name") != name:
            return None
        try:
            return client.get_job(name)
        except NotFound:
            return None

    def _take_over_own(self, client: BlaxelClient, job: Job, settings: Settings) -> Job:
        name = job.metadata.name
        existing = client.get_job(name)
        marker = (job.metadata.labels or {}).get(OWNER_LABEL)
        theirs = (existing.metadata.labels or {}).get(OWNER_LABEL)
        if marker and theirs == marker:
            _report(f"job {name}: found from an earlier, interrupted run of this stack; taking it over")
            return client.update_job(name, job, unmanaged=unmanaged(existing, job))
        raise Conflict(
            f"A job named '{name}' already exists in workspace '{settings.workspace}' and this stack did not "
            "create it. To manage it with Pulumi, set `adopt=True` on a new resource that names it (its "
            "settings will be replaced by the program's; adoption happens at that resource's first create "
            "only), or choose another `name`.",
            status=409,
            method="POST",
            path="/jobs",
            code="Resource already exists",
        )

    def _roll_back(self, client: BlaxelClient, name: str, workspace: str) -> str:
        """Delete the job this create made (the state will not hold it); say what became of it."""
        try:
            _delete_and_wait(client, name)
        except BlaxelError as exc:
            return (
                f"The job '{name}' is left in workspace '{workspace}' and is not in the Pulumi state: "
                f"deleting it failed ({exc}). Run `pulumi up` again (it recognises the job by its ownership "
                f"label and takes it over) or delete it with `bl delete job {name}`."
            )
        return "The job was deleted again so that nothing is left behind; fix the cause and run again."

    # -- read / update / delete --------------------------------------------------------------------------

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """GET the job; a job that no longer exists is removed from the state (404)."""
        props = upgrade(props, "outputs")
        settings = self._settings(props)
        with open_client(settings, secrets=secret_values(props)) as client:
            try:
                job = client.get_job(id_)
            except NotFound:
                return ReadResult(None, {})
        outs = self._outputs(job, props, to_wire(props, strict=False))
        inputs = {
            k: outs[k] for k in (*DECLARED_KEYS, *OPTION_KEYS, *INTERNAL_KEYS) if outs.get(k) is not None
        }
        if inputs.get("workspace") == self._configured_workspace():
            # Stored inputs are what the program says: the configured workspace is not an input of its own
            # (kept, it would show as `- workspace` in the next diff, which reads as a replacement).
            del inputs["workspace"]
        return ReadResult(id_, outs, stamp(inputs))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """PUT the full job (one request) when a declared field changed, then wait for DEPLOYED.

        What the job has beyond the program (``server_fields``) is sent along unchanged. A job deleted outside
        Pulumi is created again. A change of resource options only (``wait_for_deployment``,
        ``deployment_timeout``, ``adopt``) sends nothing to Blaxel.
        """
        olds = upgrade(olds, "outputs")
        settings = self._settings(news)
        declared_change = any(
            normalize(news.get(k), (k,)) != normalize(olds.get(k), (k,))
            for k in (*DECLARED_KEYS, "secret_env_values")
        )
        if not declared_change:
            outs = {k: v for k, v in olds.items() if k != "__provider"}
            outs.update({k: news.get(k) for k in OPTION_KEYS if k != "workspace"})
            return UpdateResult(outs=outs)
        job = to_wire(news)
        with open_client(settings, secrets=secret_values(news, olds)) as client:
            since = datetime.now(timezone.utc)
            try:
                result = client.update_job(id_, job, unmanaged=stored_unmanaged(olds))
            except NotFound:
                _report(f"job {id_}: no longer exists (deleted outside Pulumi); creating it again")
                return UpdateResult(outs=self._recreate(client, job, news, since, settings.workspace))
            try:
                result = _wait(client, result, news, since)
            except DeploymentError as exc:
                self._restore(client, id_, olds, _timeout(news), exc)
                raise
        return UpdateResult(outs=self._outputs(result, news, job))

    def _recreate(
        self, client: BlaxelClient, job: Job, news: Mapping[str, Any], since: datetime, workspace: str
    ) -> dict[str, Any]:
        """Create again a job that was deleted outside Pulumi (the update found it gone)."""
        result = client.create_job(job)
        try:
            result = _wait(client, result, news, since)
        except Exception as exc:
            raise _with_detail(exc, self._roll_back(client, job.metadata.name, workspace)) from None
        return self._outputs(result, news, job)

    def _restore(
        self, client: BlaxelClient, name: str, olds: Mapping[str, Any], timeout: float, cause: DeploymentError
    ) -> None:
        """Put the previous settings back after a failed update, so that Blaxel matches the state again (the
        state keeps the previous outputs when an update fails) and fixing the input is enough to converge."""
        _report(f"job {name}: the update did not deploy; putting the previous settings back")
        try:
            since = datetime.now(timezone.utc)
            previous = to_wire(olds, strict=False)
            job = client.update_job(name, previous, unmanaged=stored_unmanaged(olds))
            wait_for_deployment(client, job, timeout=timeout, since=since, report=_report)
        except BlaxelError as exc:
            cause.append_detail(
                f"Putting the previous settings back also failed ({exc}); run `pulumi refresh`, "
                "fix the input, then `pulumi up`."
            )
            return
        cause.append_detail(
            "The job's previous settings were put back and deployed; fix the input and run again."
        )

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DELETE the job and wait until it is gone; a job already gone is fine."""
        settings = self._settings(upgrade(props, "outputs"))
        with open_client(settings) as client:
            _delete_and_wait(client, id_)

    # -- mapping -----------------------------------------------------------------------------------------

    def _outputs(self, job: Job, props: Mapping[str, Any], managed: Job) -> dict[str, Any]:
        """Outputs: the declared fields as Blaxel reports them, options and internals from ``props``, what
        Blaxel fills in, and what the job has beyond ``managed`` (the job the program declares). Secret env
        values come from ``props`` (Blaxel masks them on read)."""
        seen = from_wire(job)
        outs: dict[str, Any] = {}
        for key in DECLARED_KEYS:
            outs[key] = normalize(project(seen.get(key), props.get(key), (key,)), (key,), ordered=True)
        outs["name"] = job.metadata.name
        for key in (*OPTION_KEYS, *INTERNAL_KEYS):
            outs[key] = props.get(key)
        secrets = props.get("secret_env_values") or {}
        runtime = seen.get("runtime") or {}
        secret_names = {e.get("name") for e in runtime.get("envs") or [] if e.get("secret")}
        outs["secret_env_values"] = {k: v for k, v in secrets.items() if k in secret_names} or None
        for key in OUTPUT_KEYS:
            outs[key] = seen.get(key)
        outs["workspace"] = seen.get("workspace") or props.get("workspace")
        outs["server_fields"] = unmanaged(job, managed)
        # Where Blaxel gave a whole number as a float: the engine will make every number one.
        seen_numbers = {k: outs[k] for k in (*DECLARED_KEYS, "server_fields") if outs.get(k) is not None}
        outs[FLOAT_PATHS_KEY] = float_paths(seen_numbers) or None
        return stamp(outs)
