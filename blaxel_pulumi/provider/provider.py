"""The dynamic provider of `BlaxelJob`: check, diff, create, read, update, delete.

The provider is stateless and pickles by reference (it lives in this installed module and holds no
constructor arguments): the only thing it keeps is the stack configuration handed to ``configure()``, which
runs inside the provider process and is never pickled. An HTTP client is built per operation.

Every method has the same shape: resolve settings, call the client, map the response back to properties.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import pulumi
from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.client import BlaxelClient
from blaxel_pulumi.errors import BlaxelError, Conflict, DeploymentError, NotFound
from blaxel_pulumi.models import Job
from blaxel_pulumi.provider.base import ConfiguredProvider
from blaxel_pulumi.provider.check import check_inputs
from blaxel_pulumi.provider.normalize import contains_unknown, normalize, project
from blaxel_pulumi.provider.schema import (
    DEFAULT_DEPLOYMENT_TIMEOUT,
    INTERNAL_KEYS,
    METADATA_KEYS,
    OPTION_KEYS,
    OUTPUT_KEYS,
    OWNER_LABEL,
    SPEC_KEYS,
    from_wire,
    to_wire,
)
from blaxel_pulumi.provider.wait import wait_for_deletion, wait_for_deployment
from blaxel_pulumi.settings import Settings, resolve_settings

__all__ = ["BlaxelJobProvider"]

DECLARED_KEYS = METADATA_KEYS + SPEC_KEYS
"""Properties that are sent to Blaxel and compared with what it reports."""
COMPARED_KEYS = (*DECLARED_KEYS, "wait_for_deployment", "deployment_timeout", "adopt", "secret_env_values")
"""Properties whose change is an update (``name`` and ``workspace`` replace instead)."""


def _report(message: str) -> None:
    pulumi.log.info(f"blaxel: {message}")


def _timeout(props: Mapping[str, Any]) -> float:
    return float(props.get("deployment_timeout") or DEFAULT_DEPLOYMENT_TIMEOUT)


def _delete_and_wait(client: BlaxelClient, name: str) -> None:
    """DELETE the job and wait until it is gone (bounded); a job already gone is fine."""
    try:
        client.delete_job(name)
    except NotFound:
        return
    wait_for_deletion(client, name, report=_report)


def _wait(client: BlaxelClient, job: Job, props: Mapping[str, Any], since: datetime) -> Job:
    """Wait for DEPLOYED as the resource's options say (`wait_for_deployment`, `deployment_timeout`)."""
    if props.get("wait_for_deployment", True) is False:
        return job
    return wait_for_deployment(client, job, timeout=_timeout(props), since=since, report=_report)


class BlaxelJobProvider(ConfiguredProvider):
    """Manages one Blaxel batch job per resource through Blaxel's REST API."""

    def _settings(self, props: Mapping[str, Any]) -> Settings:
        return self.settings(props.get("workspace"))

    def _configured_workspace(self) -> str | None:
        try:
            return resolve_settings(config=self._config or {}).workspace
        except BlaxelError:
            return None

    # -- check / diff ------------------------------------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        """Validate every input and the settings locally; fill in the auto-name and trigger ids."""
        inputs, failures = check_inputs(_olds, news)
        settings = self.settings_failures(news.get("workspace"))
        return CheckResult(inputs, [CheckFailure(f.property, f.reason) for f in failures] + settings)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the program's inputs with the last known state of the job (outputs, refreshed or not)."""
        replaces: list[str] = []
        if contains_unknown(news.get("name")) or news.get("name") != olds.get("name"):
            replaces.append("name")
        new_workspace = news.get("workspace")
        if contains_unknown(new_workspace):
            replaces.append("workspace")
        else:
            effective = new_workspace or self._configured_workspace()
            if effective and olds.get("workspace") and effective != olds.get("workspace"):
                replaces.append("workspace")
        changed = [
            key
            for key in COMPARED_KEYS
            if contains_unknown(news.get(key))
            or normalize(news.get(key), (key,)) != normalize(olds.get(key), (key,))
        ]
        return DiffResult(
            changes=bool(changed or replaces), replaces=replaces, stables=[], delete_before_replace=False
        )

    # -- create ------------------------------------------------------------------------------------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        """POST the job (or adopt it, see below), wait for DEPLOYED, and roll back a job this call created if
        the deployment fails.

        A 409 means the name is taken: if the existing job carries this resource's ownership marker (an
        earlier, interrupted ``pulumi up`` created it), it is taken over; with ``adopt=True`` any job is;
        otherwise the create fails and says how to proceed.
        """
        settings = self._settings(props)
        job = to_wire(props)
        name = job.metadata.name
        since = datetime.now(timezone.utc)
        with BlaxelClient(settings) as client:
            created = False
            if props.get("adopt"):
                result = self._adopt_or_create(client, job)
                created = result is None
                result = result or client.create_job(job)
            else:
                try:
                    result = client.create_job(job)
                    created = True
                except Conflict:
                    result = self._take_over_own(client, job, settings)
            try:
                result = _wait(client, result, props, since)
            except DeploymentError as exc:
                if created:
                    self._roll_back(client, name, exc)
                raise
        return CreateResult(id_=name, outs=self._outputs(result, props))

    def _adopt_or_create(self, client: BlaxelClient, job: Job) -> Job | None:
        """With ``adopt=True``: PUT over an existing job and return it; None when there is none to adopt."""
        try:
            client.get_job(job.metadata.name)
        except NotFound:
            return None
        _report(f"job {job.metadata.name}: exists, adopting it (adopt=True)")
        return client.update_job(job.metadata.name, job)

    def _take_over_own(self, client: BlaxelClient, job: Job, settings: Settings) -> Job:
        name = job.metadata.name
        existing = client.get_job(name)
        marker = (job.metadata.labels or {}).get(OWNER_LABEL)
        theirs = (existing.metadata.labels or {}).get(OWNER_LABEL)
        if marker and theirs == marker:
            _report(f"job {name}: found from an earlier, interrupted run of this stack; taking it over")
            return client.update_job(name, job)
        raise Conflict(
            f"A job named '{name}' already exists in workspace '{settings.workspace}' and this stack did not "
            "create it. To manage it with Pulumi, set `adopt=True` on the resource (its settings will be "
            "replaced by the program's), or choose another `name`.",
            status=409,
            method="POST",
            path="/jobs",
            code="Resource already exists",
        )

    def _roll_back(self, client: BlaxelClient, name: str, cause: DeploymentError) -> None:
        """Delete the job this create made, so that a failed `pulumi up` leaves nothing behind."""
        try:
            _delete_and_wait(client, name)
        except BlaxelError as exc:
            cause.append_detail(
                f"Rolling back (deleting the job) also failed: {exc}. Delete it with `bl delete job {name}`."
            )
            return
        cause.append_detail(
            "The job was deleted again so that nothing is left behind; fix the input and run again."
        )

    # -- read / update / delete --------------------------------------------------------------------------

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """GET the job; a job that no longer exists is removed from the state (404)."""
        settings = self._settings(props)
        with BlaxelClient(settings) as client:
            try:
                job = client.get_job(id_)
            except NotFound:
                return ReadResult(None, {})
        outs = self._outputs(job, props)
        inputs = {
            k: outs[k] for k in (*DECLARED_KEYS, *OPTION_KEYS, *INTERNAL_KEYS) if outs.get(k) is not None
        }
        return ReadResult(id_, outs, inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        """PUT the full job (one request) when a declared field changed, then wait for DEPLOYED.

        A change of resource options only (``wait_for_deployment``, ``deployment_timeout``, ``adopt``) sends
        nothing to Blaxel.
        """
        settings = self._settings(news)
        declared_change = any(
            normalize(news.get(k), (k,)) != normalize(olds.get(k), (k,))
            for k in (*DECLARED_KEYS, "secret_env_values")
        )
        if not declared_change:
            outs = {k: v for k, v in olds.items() if k != "__provider"}
            outs.update({k: news.get(k) for k in OPTION_KEYS if k != "workspace"})
            return UpdateResult(outs=outs)
        with BlaxelClient(settings) as client:
            since = datetime.now(timezone.utc)
            job = client.update_job(id_, to_wire(news))
            try:
                job = _wait(client, job, news, since)
            except DeploymentError as exc:
                self._restore(client, id_, olds, _timeout(news), exc)
                raise
        return UpdateResult(outs=self._outputs(job, news))

    def _restore(
        self, client: BlaxelClient, name: str, olds: Mapping[str, Any], timeout: float, cause: DeploymentError
    ) -> None:
        """Put the previous settings back after a failed update, so that Blaxel matches the state again (the
        state keeps the previous outputs when an update fails) and fixing the input is enough to converge."""
        _report(f"job {name}: the update did not deploy; putting the previous settings back")
        try:
            since = datetime.now(timezone.utc)
            job = client.update_job(name, to_wire(olds))
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
        settings = self._settings(props)
        with BlaxelClient(settings) as client:
            _delete_and_wait(client, id_)

    # -- mapping -----------------------------------------------------------------------------------------

    def _outputs(self, job: Job, props: Mapping[str, Any]) -> dict[str, Any]:
        """Outputs: the declared fields as Blaxel reports them, options and internals from ``props``, and
        what Blaxel fills in. Secret env values come from ``props`` (Blaxel masks them on read)."""
        seen = from_wire(job)
        outs: dict[str, Any] = {}
        for key in DECLARED_KEYS:
            outs[key] = normalize(project(seen.get(key), props.get(key), (key,)), (key,))
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
        return outs
