"""What a resource of any kind does: check, diff, create, read, update, delete, through its declaration.

:class:`KindOperations` runs every operation through a :class:`~blaxel_pulumi.core.resource_kind.ResourceKind`
(its API path and model, property sets, mapping, checks, whether it rolls out); a kind's operations class
names its declaration and adds what only it has (jobs: :class:`~blaxel_pulumi.core.job_operations.
JobOperations`). The pickled providers are thin classes that the program imports without pydantic or httpx;
each of their calls builds an operations object with its stack configuration and runs the method of the
same name here. An HTTP client (and httpx with it) is imported and built only by the calls that send a
request.

Every method has the same shape: resolve settings, call the client, map the response back to properties.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from blaxel_pulumi.api.connect import open_client
from blaxel_pulumi.api.settings import Settings, resolve_settings
from blaxel_pulumi.api.unmanaged import body_keeping_unmanaged, unmanaged
from blaxel_pulumi.api.waits import DELETE_TIMEOUT, FAILURE_STATUSES
from blaxel_pulumi.core import job_changes, ownership
from blaxel_pulumi.core.configured import ConfiguredProvider
from blaxel_pulumi.core.console import report as _report, warn as _warn
from blaxel_pulumi.core.job_changes import API_URL_KEY
from blaxel_pulumi.core.job_mapping import known_fields
from blaxel_pulumi.core.job_recovery import (
    RolloutUnfinished,
    kept_unfinished,
    moved_left,
    restore,
    roll_back,
    with_detail,
)
from blaxel_pulumi.core.kind_keys import LOOKUP_KEY
from blaxel_pulumi.core.normalize import normalize, project
from blaxel_pulumi.core.numbers import FLOAT_PATHS_KEY, float_paths
from blaxel_pulumi.core.rebase import rebase_props
from blaxel_pulumi.core.secret_envs import split_secrets
from blaxel_pulumi.core.state import stamp, upgrade
from blaxel_pulumi.core.wait import OperationBound, delete_and_wait, deployment_timeout, wait_as_configured
from blaxel_pulumi.errors import (
    BlaxelError,
    Conflict,
    DeploymentError,
    DeploymentTimeout,
    NotFound,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from blaxel_pulumi.api.client import BlaxelClient, FoundAfterCreate
    from blaxel_pulumi.core.resource_kind import ResourceKind

__all__ = ["KindOperations"]

_LONG_AGO = datetime(2000, 1, 1, tzinfo=timezone.utc)
"""The time of the change a resumed wait follows: any failure the object reports is about its unfinished
create (nothing changed it since)."""


class KindOperations(ConfiguredProvider):
    """Manages one Blaxel object per resource through Blaxel's REST API, as its kind declares it (never
    pickled: a provider class builds one per call).

    What it knows of the objects comes from their declaration, :attr:`kind`: the API path and model, the
    property sets, the mapping to and from the wire, the checks, whether a change rolls out."""

    kind: ResourceKind[Any]
    """The kind of object each resource manages (set by each kind's operations class)."""

    @property
    def word(self) -> str:
        """How one object is named in messages (``job``)."""
        return self.kind.api.word

    def _refused(self, verdict: ownership.Verdict, name: str) -> Conflict:
        """The error of an update or delete of object ``name`` that :mod:`.ownership` refuses (a 409: the
        object is another's; found by the GET before it)."""
        return Conflict(verdict.message or "", status=409, method="GET", path=self.kind.api.path(name))

    def _judge(self, obj: BaseModel, workspace: str) -> FoundAfterCreate:
        """How a create of ``obj`` tells its own object when its request failed (see :mod:`.ownership`)."""
        metadata = obj.metadata  # type: ignore[attr-defined]
        return ownership.found_after_create(metadata.labels, metadata.name, workspace, self.word)

    def _settings(self, props: Mapping[str, Any]) -> Settings:
        """The settings for the job of ``props``: its workspace, and the API it lives on (stored outputs)."""
        return self.settings(props.get("workspace"), props.get(API_URL_KEY))

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
        inputs, failures = self.kind.check(upgrade(_olds, "inputs"), news)
        settings = self.settings_failures(news.get("workspace"))
        if not failures and not settings and isinstance(inputs.get("adopt_name"), str):
            self._announce_adoption(inputs)
        # Reported without a property: the engine would print the whole top-level value beside the reason
        # (`property runtime value {map[envs:...` for one bad env var); each reason starts with the field's
        # full path instead.
        return CheckResult(stamp(inputs), [CheckFailure("", f.reason) for f in failures] + settings)

    def _announce_adoption(self, inputs: Mapping[str, Any]) -> None:
        """Say at preview what ``adopt`` will do: one GET, the only request ``check`` ever sends."""
        name, w = str(inputs["adopt_name"]), self.word
        try:
            settings = self._settings(inputs)
            with open_client(settings) as client:
                client.get(self.kind.api, name)
        except NotFound:
            _warn(f"{w} {name}: adopt=True, but no such {w} exists in the workspace: a new {w} is created.")
        except BlaxelError as exc:
            _warn(f"{w} {name}: adopt=True, and whether the {w} exists could not be checked: {exc}")
        else:
            _warn(
                f"{w} {name}: exists in workspace '{settings.workspace}' and will be adopted (adopt=True): "
                "its settings become the program's. Adoption happens at this resource's first create only; "
                "remove `adopt` once it is done."
            )

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Compare the program's inputs with the last known state of the job (outputs, refreshed or not).
        A job that moves to another API is deleted there before it is created on the new one: if both
        URLs reach the same API, a create first would take the job over and the delete then remove it."""
        changed, replaces = self.changes(olds, news)
        delete_first = self.keeps_name(olds, news) or API_URL_KEY in replaces
        if not changed and not replaces:
            return DiffResult(changes=False, replaces=[], stables=[], delete_before_replace=delete_first)
        # Where each change is, as the native face says it (the engine then shows those fields only).
        from blaxel_pulumi.core.diff import detailed_diff
        from blaxel_pulumi.core.diff_result import DetailedDiffResult

        details = detailed_diff(upgrade(olds, "outputs"), upgrade(news, "inputs"), changed, replaces, str)
        return DetailedDiffResult(
            changes=True,
            replaces=replaces,
            delete_before_replace=delete_first,
            diffs=sorted({*changed, *replaces}),
            detailed_diff=details,
        )

    def keeps_name(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """Whether a replacement keeps the job's name (see :func:`.job_changes.keeps_name`)."""
        return job_changes.keeps_name(olds, news, self)

    def changes(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
        """The properties that changed and those whose change replaces the job (see
        :func:`.job_changes.changes`; both faces decide with it)."""
        kind = self.kind
        return job_changes.changes(
            olds,
            news,
            self,
            compared=kind.compared_keys,
            replacing=kind.replace_keys,
            replacing_paths=kind.replace_paths,
            word=kind.api.word,
        )

    # -- create ------------------------------------------------------------------------------------------

    def create(self, props: dict[str, Any], *, keep_unfinished: bool = False) -> CreateResult:
        """POST the job (or adopt it, see below), wait for DEPLOYED, and never leave an untracked job.

        Each create draws a new claim (see :mod:`blaxel_pulumi.core.ownership`). A 409 means the name is
        taken: if the existing job carries this resource's owner marker (an earlier, interrupted ``pulumi
        up`` made it, or this is a replacement created before the old instance is deleted), it is taken
        over, with this create's claim, so that the old instance's delete leaves it alone. With
        ``adopt=True`` the first create of the resource takes over the job it names (``adopt_name``, set by
        ``check``). Otherwise the create fails and says whose the job is and how to proceed.

        If anything fails after the job was created (a failed deployment, a 401 during the wait, ...), the
        job is deleted again, since the state will not hold it; if that fails too, the error names the job
        left behind and how to remove it. With ``keep_unfinished`` (a face whose state can hold an
        unfinished create), an object whose rollout outlived the wait is kept instead:
        :class:`RolloutUnfinished` carries its outputs, and a later :meth:`update` with ``resume`` waits for
        it again.
        """
        settings = self._settings(props)
        props = {**props, "claim": ownership.draw_claim()}
        bound = OperationBound(props, "create", deployment_timeout(props))
        secrets = self.kind.secret_values(props)
        obj = self.kind.to_wire(props)
        name = obj.metadata.name
        since = datetime.now(timezone.utc)
        # Only with adopt=True, only at the resource's first create, only the job named then (`adopt_name`,
        # set by check): a replacement never adopts.
        adopting = bool(props.get("adopt")) and props.get("adopt_name") == name
        with open_client(settings, secrets=secrets) as client:
            existing = self._to_adopt(client, name) if adopting else None
            if existing is not None:
                _report(
                    f"{self.word} {name}: exists, adopting it (adopt=True): its settings become the program's"
                )
                adoption = ownership.on_adopt(existing.metadata.labels, props.get("owner"), name, self.word)
                if adoption.message:
                    _warn(adoption.message)
                result = client.update(self.kind.api, name, obj, body=body_keeping_unmanaged(obj, existing))
            else:
                try:
                    result = client.create(self.kind.api, obj, judge=self._judge(obj, settings.workspace))
                except Conflict:
                    result = self._take_over_own(client, obj, props, settings)
            try:
                outs = self._outputs(
                    self._rolled_out(client, result, props, since, bound), props, obj, settings.api_url
                )
            except Exception as exc:
                if keep_unfinished and isinstance(exc, DeploymentTimeout):
                    raise self._unfinished(client, exc, result, props, obj) from None
                if existing is not None:
                    raise with_detail(
                        exc, ownership.adopted_left(name, settings.workspace, self.word)
                    ) from None
                raise with_detail(exc, roll_back(client, name, settings.workspace, self.kind)) from None
        return CreateResult(id_=name, outs=outs)

    def _unfinished(
        self, client: BlaxelClient, exc: DeploymentTimeout, answered: Any, props: Mapping[str, Any], obj: Any
    ) -> RolloutUnfinished:
        """The create of ``obj`` kept unfinished: its outputs from the object as Blaxel has it now (as the
        create ``answered`` when it cannot be read)."""
        name = obj.metadata.name
        try:
            seen = client.get(self.kind.api, name)
        except BlaxelError:
            seen = answered
        exc.append_detail(
            kept_unfinished(name, seen.metadata.workspace or client.settings.workspace, self.word)
        )
        return RolloutUnfinished(exc, name, self._outputs(seen, props, obj, client.settings.api_url))

    def _to_adopt(self, client: BlaxelClient, name: str) -> Any:
        """The object ``name`` to adopt, or None when there is none."""
        try:
            return client.get(self.kind.api, name)
        except NotFound:
            return None

    def _take_over_own(
        self, client: BlaxelClient, obj: Any, props: Mapping[str, Any], settings: Settings
    ) -> Any:
        name = obj.metadata.name
        existing = client.get(self.kind.api, name)
        verdict = ownership.on_name_taken(
            existing.metadata.labels, props.get("owner"), name, settings.workspace, self.word
        )
        if verdict.decision != "proceed":
            raise Conflict(
                verdict.message or "",
                status=409,
                method="POST",
                path=self.kind.api.collection,
                code="Resource already exists",
            )
        _report(verdict.message or f"{self.word} {name}: taking it over")
        return client.update(self.kind.api, name, obj, body=body_keeping_unmanaged(obj, existing))

    # -- read / update / delete --------------------------------------------------------------------------

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        """GET the job; a job that no longer exists (404), or that another resource or stack holds now (see
        :mod:`blaxel_pulumi.core.ownership`), is removed from the state and left as it is. A lookup (see
        :meth:`looked_up`) reads the object whoever holds it."""
        if props.get(LOOKUP_KEY):
            return self.looked_up(id_, props)
        props = upgrade(props, "outputs")
        settings = self._settings(props)
        with open_client(settings, secrets=self.kind.secret_values(props)) as client:
            try:
                found = client.get(self.kind.api, id_)
            except NotFound:
                return ReadResult(None, {})
        owner, claim = props.get("owner"), props.get("claim")
        verdict = ownership.on_read(found.metadata.labels, owner, claim, id_, self.word)
        if verdict.decision != "proceed":
            _warn(verdict.message or f"{self.word} {id_}: left as it is")
            return ReadResult(None, {})
        outs = self._outputs(found, props, self.kind.to_wire(props, strict=False), settings.api_url)
        kind = self.kind
        inputs = {
            k: outs[k]
            for k in (*kind.declared_keys, *kind.option_keys, *kind.internal_keys)
            if outs.get(k) is not None
        }
        if inputs.get("workspace") == self._configured_workspace():
            # Stored inputs are what the program says: the configured workspace is not an input of its own
            # (kept, it would show as `- workspace` in the next diff, which reads as a replacement).
            del inputs["workspace"]
        return ReadResult(id_, outs, stamp(inputs))

    def looked_up(self, id_: str, props: Mapping[str, Any]) -> ReadResult:
        """Read object ``id_`` for a lookup (``BlaxelPolicy.get(...)``: the engine reads it at every ``up``
        and ``refresh``, and never creates, updates or deletes it): its outputs are the object as Blaxel
        has it now, whoever holds it, and nothing is adopted; its secret fields as Blaxel reports them
        (masked, or in clear if it reveals them), which the resource keeps as Pulumi secrets. A missing
        object fails the read, naming the kind, the name and the workspace; at a ``pulumi refresh`` (the
        engine passes the stored outputs, the API among them) it leaves the state instead, with a warning,
        so that a refresh, or a ``pulumi destroy --refresh``, still runs."""
        settings = self._settings(props)
        w = self.word
        with open_client(settings) as client:
            try:
                found = client.get(self.kind.api, id_)
            except NotFound as exc:
                if props.get(API_URL_KEY):
                    _warn(
                        f"{w} {id_}: looked up, and no longer in workspace '{settings.workspace}': it leaves "
                        "this stack's state; a lookup of it fails until it exists again."
                    )
                    return ReadResult(None, {})
                raise NotFound(
                    f"{w} {id_}: not found in workspace '{settings.workspace}'. A lookup (`.get`) only reads "
                    f"an existing {w}, it never creates one: create the {w} first, or correct the name.",
                    status=exc.status,
                    method=exc.method,
                    path=exc.path,
                    message=exc.message,
                    code=exc.code,
                    request_id=exc.request_id,
                ) from None
        kind = self.kind
        seen = kind.from_wire(found)
        given = {k: seen.get(k) for k in kind.declared_keys if seen.get(k) is not None}
        given.update(self._reported_secrets(found))
        outs = self._outputs(found, given, kind.to_wire(given, strict=False), settings.api_url)
        outs[LOOKUP_KEY] = True
        return ReadResult(id_, outs, {LOOKUP_KEY: True})

    def _reported_secrets(self, found: Any) -> dict[str, Any]:
        """The secret properties of object ``found`` as Blaxel reports them (its secret spec fields, the
        values of its secret env vars): what a lookup has of them."""
        spec = getattr(found, "spec", None)
        fields = known_fields(spec) if spec is not None else {}
        out = {k: fields.get(k) for k in self.kind.secret_keys if k in self.kind.declared_keys}
        if "secret_env_values" in self.kind.secret_keys:
            out["secret_env_values"] = split_secrets(fields.get("runtime"))[1] or None
        return out

    def update(
        self, id_: str, olds: dict[str, Any], news: dict[str, Any], *, resume: bool = False
    ) -> UpdateResult:
        """PUT the job when a declared field changed (a GET, then one PUT), then wait for DEPLOYED.

        The update starts from the job as Blaxel has it now and changes only what the program changed since
        the state (see :mod:`blaxel_pulumi.core.rebase`): what CI or another tool changed, and what
        ``ignoreChanges`` names, is kept as it is. A job that another resource or stack holds now is not
        touched (see :mod:`blaxel_pulumi.core.ownership`). A job deleted outside Pulumi is created again. A
        change of resource options only (``wait_for_deployment``, ``deployment_timeout``, ``adopt``,
        ``custom_timeouts``) sends nothing; with ``resume`` (the update the engine runs after an unfinished
        create, see :meth:`create`), it waits for the rollout of an object whose stored status says it was
        still rolling out.
        """
        olds = upgrade(olds, "outputs")
        settings = self._settings(news)
        bound = OperationBound(news, "update", deployment_timeout(news))
        declared_change = any(
            normalize(news.get(k), (k,)) != normalize(olds.get(k), (k,))
            for k in (*self.kind.declared_keys, *self.kind.secret_inputs)
        )
        if not declared_change and not job_changes.rehomed(olds, news):
            if resume and self._rolling_out(olds, news):
                return UpdateResult(outs=self._resumed(id_, news, settings, bound))
            outs = {k: v for k, v in olds.items() if k != "__provider"}
            options = (*self.kind.option_keys, *self.kind.program_option_keys)
            outs.update({k: news.get(k) for k in options if k != "workspace"})
            return UpdateResult(outs=outs)
        with open_client(settings, secrets=self.kind.secret_values(news, olds)) as client:
            since = datetime.now(timezone.utc)
            try:
                current = client.get(self.kind.api, id_)
            except NotFound:
                _report(f"{self.word} {id_}: no longer exists (deleted outside Pulumi); creating it again")
                claimed = {**news, "claim": ownership.draw_claim()}
                return UpdateResult(outs=self._recreate(client, claimed, since, settings.workspace, bound))
            labels = current.metadata.labels
            verdict = ownership.on_write(
                labels, olds.get("owner"), olds.get("claim"), "changed", id_, settings.workspace, self.word
            )
            if verdict.decision != "proceed":
                raise self._refused(verdict, id_)
            # The claim stays with the resource instance; a job this resource adopts (an import, an
            # owner marker written for the first time) gets a claim of its own.
            same_owner = news.get("owner") == olds.get("owner")
            claim = olds.get("claim") if same_owner else ownership.draw_claim()
            kind = self.kind
            seen = kind.from_wire(current)
            # Secret fields are masked on read: what Blaxel has is the last value this resource sent.
            seen.update({k: olds.get(k) for k in kind.secret_keys if k in kind.declared_keys})
            rebased = rebase_props(olds, news, seen, kind.declared_keys)
            obj = kind.to_wire({**rebased, "claim": claim}, strict=False)
            previous = kind.to_wire(olds, strict=False)  # what the program removed since is not kept
            result = client.update(kind.api, id_, obj, body=body_keeping_unmanaged(obj, current, previous))
            try:
                result = self._rolled_out(client, result, news, since, bound)
            except DeploymentError as exc:
                restore(client, current, olds, bound.seconds(), exc, kind)
                raise
        managed = self.kind.to_wire(news, strict=False)
        return UpdateResult(outs=self._outputs(result, news, managed, settings.api_url))

    def _rolling_out(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
        """Whether the stored outputs ``olds`` say the object was still rolling out (not DEPLOYED, not
        failed) and ``news`` ask to wait for it."""
        status = olds.get("status")
        return (
            self.kind.rolls_out
            and news.get("wait_for_deployment", True) is not False
            and isinstance(status, str)
            and status != "DEPLOYED"
            and status not in FAILURE_STATUSES
        )

    def _resumed(
        self, id_: str, news: Mapping[str, Any], settings: Settings, bound: OperationBound
    ) -> dict[str, Any]:
        """Wait again for the rollout of object ``id_``, which nothing changed since its unfinished create;
        one gone since is created again."""
        with open_client(settings, secrets=self.kind.secret_values(news)) as client:
            try:
                current = client.get(self.kind.api, id_)
            except NotFound:
                _report(f"{self.word} {id_}: no longer exists (deleted outside Pulumi); creating it again")
                claimed = {**news, "claim": ownership.draw_claim()}
                return self._recreate(client, claimed, datetime.now(timezone.utc), settings.workspace, bound)
            status = current.status or "no status yet"
            _report(f"{self.word} {id_}: {status}, waiting for the rollout its create left")
            result = self._rolled_out(client, current, news, _LONG_AGO, bound)
        return self._outputs(result, news, self.kind.to_wire(news, strict=False), settings.api_url)

    def _recreate(
        self,
        client: BlaxelClient,
        news: Mapping[str, Any],
        since: datetime,
        workspace: str,
        bound: OperationBound,
    ) -> dict[str, Any]:
        """Create again a job that was deleted outside Pulumi (the update found it gone)."""
        obj = self.kind.to_wire(news)
        result = client.create(self.kind.api, obj, judge=self._judge(obj, workspace))
        try:
            result = self._rolled_out(client, result, news, since, bound)
        except Exception as exc:
            raise with_detail(exc, roll_back(client, obj.metadata.name, workspace, self.kind)) from None
        return self._outputs(result, news, obj, client.settings.api_url)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """DELETE the job and wait until it is gone, on the API it lives on; a job already gone is fine.

        A job that another resource or instance of this stack holds now (it adopted the job, or replaced
        this one) is left to it; one that another stack holds is not deleted either, and the delete fails
        saying whose it is (see :mod:`blaxel_pulumi.core.ownership`)."""
        if props.get(LOOKUP_KEY):  # the engine never deletes a lookup's object: nor does this
            return
        props = upgrade(props, "outputs")
        settings = self._settings(props)
        try:
            with open_client(settings) as client:
                self._delete_if_held(client, id_, props, settings.workspace)
        except BlaxelError as exc:
            if job_changes.moved(props, self):
                exc.append_detail(moved_left(id_, settings, self.word))
            raise

    def _delete_if_held(
        self, client: BlaxelClient, id_: str, props: Mapping[str, Any], workspace: str
    ) -> None:
        try:
            current = client.get(self.kind.api, id_)
        except NotFound:
            return
        owner, claim = props.get("owner"), props.get("claim")
        verdict = ownership.on_delete(current.metadata.labels, owner, claim, id_, workspace, self.word)
        if verdict.decision == "leave":
            _warn(verdict.message or f"{self.word} {id_}: not deleted")
            return
        if verdict.decision == "refuse":
            raise self._refused(verdict, id_)
        if not self.kind.rolls_out:
            with contextlib.suppress(NotFound):
                client.delete(self.kind.api, id_)
            return
        delete_and_wait(client, id_, OperationBound(props, "delete", DELETE_TIMEOUT), self.kind.api)

    def _rolled_out(
        self,
        client: BlaxelClient,
        result: Any,
        props: Mapping[str, Any],
        since: datetime,
        bound: OperationBound,
    ) -> Any:
        """``result`` (what a create or update answered) once it has rolled out, when the kind rolls out and
        ``props`` ask to wait (see :func:`~blaxel_pulumi.core.wait.wait_as_configured`); else as it is."""
        if not self.kind.rolls_out:
            return result
        return wait_as_configured(client, result, props, since, bound, self.kind.api)

    # -- mapping -----------------------------------------------------------------------------------------

    def _outputs(self, obj: Any, props: Mapping[str, Any], managed: Any, api_url: str) -> dict[str, Any]:
        """Outputs: the declared fields as Blaxel reports them, options and internals from ``props``, what
        Blaxel fills in, what the object has beyond ``managed`` (the object the program declares), and the
        API it lives on (``api_url``). Secret values come from ``props`` (Blaxel masks them on read)."""
        kind = self.kind
        seen = kind.from_wire(obj)
        outs: dict[str, Any] = {}
        for key in kind.declared_keys:
            if key in kind.secret_keys:  # Blaxel masks them: the value is the one the program gave
                outs[key] = props.get(key)
                continue
            outs[key] = normalize(project(seen.get(key), props.get(key), (key,)), (key,), ordered=True)
        outs["name"] = obj.metadata.name
        for key in (*kind.option_keys, *kind.internal_keys):
            outs[key] = props.get(key)
        outs.update(self._secret_outputs(seen, props))
        for key in kind.output_keys:
            outs[key] = seen.get(key)
        outs["workspace"] = seen.get("workspace") or props.get("workspace")
        outs["server_fields"] = unmanaged(obj, managed)
        outs[API_URL_KEY] = api_url
        # Where Blaxel gave a whole number as a float: the engine will make every number one.
        seen_numbers = {k: outs[k] for k in (*kind.declared_keys, "server_fields") if outs.get(k) is not None}
        outs[FLOAT_PATHS_KEY] = float_paths(seen_numbers) or None
        return stamp(outs)

    def _secret_outputs(self, seen: Mapping[str, Any], props: Mapping[str, Any]) -> dict[str, Any]:
        """The secret properties of the outputs, given what Blaxel reports (``seen``, masked) and the
        properties (``props``) that hold the values: here, as ``props`` has them."""
        return {key: props.get(key) for key in self.kind.secret_inputs}
