"""The native provider of the ``blaxel`` package (``blaxel:index:Job``, ``blaxel:index:Policy``, ...): the
logic of ``BlaxelJob`` and of every other kind's Python class, served to any Pulumi program.

One behaviour, two faces: every method converts the engine's camelCase properties into the snake_case dicts
of the dynamic face (:mod:`blaxel_pulumi.core.property_names`, :mod:`blaxel_pulumi.native.values`), calls the
same method of the resource type's operations (:class:`~blaxel_pulumi.core.job_operations.JobOperations`
for jobs, :class:`~blaxel_pulumi.core.object_kinds.ObjectOperations` of the kind for the others: check,
normalisation, wire mapping, client, retries, waits, redaction, state version are all theirs), and converts
the answer back. What
only the native face has is added around it: the provider's own configuration and stack identity
(:mod:`blaxel_pulumi.native.identity`), a detailed diff, known outputs in previews, ``pulumi import``.

The engine calls the methods concurrently (``grpc.aio``). The job logic is synchronous (httpx) and waits for
deployments for minutes: each call runs in a thread of this provider's own pool (:data:`MAX_CONCURRENT_CALLS`
threads), never on the event loop, and never in asyncio's default pool, which has ``min(32, cpus + 4)``
threads (6 on two cores) and would queue the seventh create that waits for its rollout.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from pulumi.dynamic import CreateResult
from pulumi.output import Unknown
from pulumi.provider.experimental import provider as p
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN as UNKNOWN_ID
from pydantic import BaseModel

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.settings import CONFIG_KEYS
from blaxel_pulumi.core import ownership
from blaxel_pulumi.core.console import SINK, warn
from blaxel_pulumi.core.diff import detailed_diff
from blaxel_pulumi.core.job_changes import API_URL_KEY
from blaxel_pulumi.core.job_operations import JobOperations
from blaxel_pulumi.core.job_recovery import RolloutUnfinished
from blaxel_pulumi.core.kind_operations import KindOperations
from blaxel_pulumi.core.normalize import contains_unknown, normalize
from blaxel_pulumi.core.object_kinds import ObjectOperations
from blaxel_pulumi.core.options import Operation
from blaxel_pulumi.core.property_names import camel, camel_text, from_camel, to_camel_props
from blaxel_pulumi.core.resource_kind import ResourceKind
from blaxel_pulumi.core.schema import JobOutputs
from blaxel_pulumi.core.secret_envs import split_secrets
from blaxel_pulumi.core.state import upgrade
from blaxel_pulumi.native.errors import NativeError, UnfinishedCreate, clean_error
from blaxel_pulumi.native.identity import kept_identity
from blaxel_pulumi.native.locating import LOCATING_KEYS, api_moved
from blaxel_pulumi.native.schema import (
    IDENTITY_CONFIG_KEY,
    IDENTITY_STACK_KEY,
    JOB_TOKEN,
    OBJECT_KIND_TOKENS,
    config_keys,
    input_names,
    load_schema,
    lookup_token,
    output_names,
    secret_config_keys,
)
from blaxel_pulumi.native.values import from_values, secret_keys, to_values

__all__ = ["MAX_CONCURRENT_CALLS", "JobProvider"]

MAX_CONCURRENT_CALLS = 64
"""Calls (creates waiting for their rollout, reads, ...) one provider process runs at once."""

_T = TypeVar("_T")
_UNKNOWN: Any = Unknown()  # type: ignore[no-untyped-call]
_KEPT_OUTPUTS = ("created_at", "created_by", "plan", "url", "claim", "trigger_callback_secrets")
"""Outputs that an update keeps (known in its preview); the others change with any update."""


_DERIVED_OUTPUTS = {"labels": ("effectiveLabels",)}
"""Outputs that hold the values of an input (schema names): secret whenever that input is."""


def _secret(props: Mapping[str, PropertyValue], kind: ResourceKind[Any]) -> set[str]:
    """The schema names of the properties that hold a secret: the kind's secret properties (an integration
    connection's ``secret``, ``secretEnvValues``, ...) whether or not the program made them secret, the
    ones ``props`` holds as secrets (stored outputs of a stack moved from the dynamic face, with an alias,
    are snake_case until their first refresh or update), and the outputs derived from them
    (:data:`_DERIVED_OUTPUTS`)."""
    names = {camel(k) for k in (*secret_keys(props), *kind.secret_keys)}
    return names.union(*(_DERIVED_OUTPUTS.get(name, ()) for name in names))


def _diff_kind(had: bool, has: bool, replace: bool) -> p.PropertyDiffKind:
    if not had:
        return p.PropertyDiffKind.ADD_REPLACE if replace else p.PropertyDiffKind.ADD
    if not has:
        return p.PropertyDiffKind.DELETE_REPLACE if replace else p.PropertyDiffKind.DELETE
    return p.PropertyDiffKind.UPDATE_REPLACE if replace else p.PropertyDiffKind.UPDATE


def _resource_name(urn: str) -> str:
    return urn.split("::")[-1] if "::" in urn else urn


class JobProvider(p.Provider):
    """The ``blaxel`` package's provider: one instance per provider resource of a stack (its own process)."""

    def __init__(self, version: str, log: Callable[[str, str, str], None] | None = None) -> None:
        """``version``: the package version (served with the schema); ``log(severity, message, urn)`` writes
        to the engine's console (None: nowhere)."""
        self._version = version
        self._log = log
        self._job = JobOperations()
        self._kinds: dict[str, KindOperations] = {
            JOB_TOKEN: self._job,
            **{token: ObjectOperations.of(k.api.word, None) for token, k in OBJECT_KIND_TOKENS.items()},
        }
        """The operations of each resource type, by token (they share the provider's configuration)."""
        self._identity: str | None = None
        self._drawn: str | None = None
        """The identity ``check_config`` drew anew (none stored or given), if it did."""
        self._id: str | None = None
        """The id the engine configures this provider under (see :meth:`configured_as`)."""
        self._explicit: bool | None = None
        """Whether this process serves a provider the program declared (its settings are its arguments) or
        the default provider (its settings are the stack config); None until ``check_config`` says."""
        self._pool = ThreadPoolExecutor(max_workers=MAX_CONCURRENT_CALLS, thread_name_prefix="blaxel")

    # -- plumbing ----------------------------------------------------------------------------------------

    async def _run(self, urn: str, fn: Callable[..., _T], *args: Any) -> _T:
        """Run the synchronous ``fn(*args)`` in this provider's pool, its console messages attached to
        ``urn``; errors become a :class:`NativeError` (a clean message, no traceback, no secret of
        ``args``)."""
        log = self._log

        def sink(severity: str, message: str) -> None:
            if log is not None:
                log(severity, message, urn)

        context = contextvars.copy_context()
        context.run(SINK.set, sink)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, functools.partial(context.run, fn, *args))
        except NativeError:
            raise
        except Exception as exc:
            token = _token(urn) if _token(urn) in self._kinds else JOB_TOKEN
            kind = self._kinds[token].kind
            secrets = [v for arg in args if isinstance(arg, Mapping) for v in kind.secret_values(arg)]
            secrets += self._job.secret_settings()
            raise clean_error(exc, _resource_name(urn), secrets, token, kind.api.word) from None

    def _ops(self, urn: str) -> KindOperations:
        """The operations of the resource type ``urn`` names.

        Raises:
            NativeError: This package has no such type.
        """
        token = _token(urn)
        if token not in self._kinds:
            known = ", ".join(f"`{t}`" for t in self._kinds)
            raise NativeError(f"Unknown resource type '{token}': this provider manages {known}.")
        return self._kinds[token]

    # -- provider configuration --------------------------------------------------------------------------

    async def get_schema(self, request: p.GetSchemaRequest) -> p.GetSchemaResponse:
        """The package schema (generated from the field table)."""
        return p.GetSchemaResponse(schema=load_schema(self._version))

    async def check_config(self, request: p.CheckRequest) -> p.CheckResponse:
        """Keep every ``blaxel:*`` setting as given, and the provider's stack identity: the stored one, or a
        new one the first time (see :mod:`blaxel_pulumi.native.identity`)."""
        olds = from_values(request.old_inputs)
        news = dict(request.new_inputs)
        self._explicit = not request.urn.rsplit("::", 1)[-1].startswith("default")
        for key in secret_config_keys() & news.keys():  # the API key: a secret even when given in plain
            news[key] = news[key].with_secret(True)
        identity, drawn_for = kept_identity(olds, from_values(request.new_inputs), request.urn)
        given = (olds.get(IDENTITY_CONFIG_KEY), from_values(request.new_inputs).get(IDENTITY_CONFIG_KEY))
        self._drawn = identity if identity not in given else None
        news[IDENTITY_CONFIG_KEY] = PropertyValue(identity)
        news[IDENTITY_STACK_KEY] = PropertyValue(drawn_for)
        return p.CheckResponse(inputs=news)

    async def diff_config(self, request: p.DiffRequest) -> p.DiffResponse:
        """What a change of settings does, as first-class providers decide it for a region or a cluster.

        A change of the API the jobs live on (``apiUrl``, or ``env`` or ``workspace`` when the URL follows
        from them) replaces the provider, and so the engine replaces each of its jobs: created on the new
        API by the new provider, then deleted from the old API by the old provider (the delete of a
        replaced resource runs with the configuration it was created with). Any other change (``apiKey``,
        ``workspace``, ``requestTimeout``, ...) updates the provider in place, so the next calls use it: a
        job that moves with ``workspace`` is then replaced by its own diff (and deleted from the workspace
        its state records), one with its own ``workspace`` input stays. The stack identity counts only when
        it was drawn anew (see :func:`blaxel_pulumi.native.identity.kept_identity`): an update in place.
        """
        olds, news = from_values(request.old_state), from_values(request.new_inputs)
        # A new identity (the provider was copied into another stack by `pulumi state move`) is an update
        # in place: the engine configures an unchanged provider with its old inputs. Its stack recorded for
        # the first time is no change.
        changed = sorted(k for k in {*olds, *news} if k != IDENTITY_STACK_KEY and olds.get(k) != news.get(k))
        if IDENTITY_CONFIG_KEY not in olds:
            changed = [k for k in changed if k != IDENTITY_CONFIG_KEY]
        if not changed:
            return p.DiffResponse(changes=False)
        replaces = [k for k in changed if k in LOCATING_KEYS] if api_moved(olds, news) else []
        details = {k: p.PropertyDiff(_diff_kind(k in olds, k in news, k in replaces), True) for k in changed}
        return p.DiffResponse(changes=True, replaces=replaces, diffs=changed, detailed_diff=details)

    async def configure(self, request: p.ConfigureRequest) -> p.ConfigureResponse:
        """Keep the settings (typed arguments, else the ``blaxel:*`` variables) and the stack identity."""
        values = {k: v for k, v in from_values(request.args).items() if v is not None}
        arguments = set(values)
        for key, variable in request.variables.items():
            package, _, name = key.partition(":")
            name = name.removeprefix("config:")
            if package == "blaxel" and name and name not in values:
                values[name] = variable
        values.pop(IDENTITY_STACK_KEY, None)
        identity = values.pop(IDENTITY_CONFIG_KEY, None)
        self._identity = identity if isinstance(identity, str) and identity else None
        config: dict[str, str] = {}
        unknown = False
        for name, setting in config_keys().items():
            value = values.get(name)
            if isinstance(value, Unknown):  # an output of another resource, during a preview
                unknown = True
            elif value is not None:
                text = str(value).lower() if isinstance(value, bool) else str(value)
                if isinstance(value, float) and value.is_integer():
                    text = str(int(value))
                config[CONFIG_KEYS[setting]] = text
        if unknown:  # the settings are known at `up`: check them then, not in this preview
            config[CONFIG_KEYS["skip_credentials_check"]] = "true"
        for operations in self._kinds.values():
            operations.use_config(config, self._origins(arguments & set(config_keys())))
        return p.ConfigureResponse(accept_secrets=True, supports_preview=True, accept_resources=False)

    def configured_as(self, provider_id: str) -> None:
        """Note the id the engine configures this provider under, before :meth:`configure`: the unknown id
        (:data:`pulumi.runtime.rpc.UNKNOWN`) when a preview plans to create it."""
        self._id = provider_id

    def _identity_for_this_preview(self) -> bool:
        """Whether the stack identity was drawn for a preview only: the provider is new (the engine
        configures it under the unknown id) and ``check_config`` drew it, so the ``up`` that creates the
        provider draws another one. What derives from it (auto-names, owner markers) is then unknown."""
        return self._identity is not None and self._identity == self._drawn and self._id == UNKNOWN_ID

    def _origins(self, arguments: set[str]) -> dict[str, str]:
        """Where each of the provider's ``arguments`` (schema names) came from, for messages: the explicit
        provider's argument, or the stack config (the default provider's arguments are the stack config)."""
        if self._explicit is False:
            return {}
        origins = {}
        for name in arguments:
            if self._explicit:
                origins[f"blaxel:{name}"] = f"the provider's `{name}` argument"
            else:  # a refresh or destroy without the program: check_config did not run
                origins[f"blaxel:{name}"] = (
                    f"the provider's `{name}` (its argument, or stack config blaxel:{name})"
                )
        return origins

    # -- check / diff ------------------------------------------------------------------------------------

    async def check(self, request: p.CheckRequest) -> p.CheckResponse:
        """Validate the inputs as ``BlaxelJob`` does (nothing is sent but an adoption's GET); secret env
        values move to ``secretEnvValues``; a new resource gets its ownership marker and auto-name."""
        ops = self._ops(request.urn)
        secret = _secret(request.new_inputs, ops.kind)
        olds = from_camel(from_values(request.old_inputs), _names(ops))
        news = from_camel(from_values(request.new_inputs), _names(ops))
        if "secret_env_values" in ops.kind.internal_keys:
            news = _split_secret_envs(news)
        if self._identity is not None:
            # Never the program's (the schema has no such inputs); an existing resource keeps its own.
            news["owner"] = ownership.owner_of(self._identity, request.urn)
            news["owner_stack"] = ownership.stack_of(request.urn)
            news["auto_name"] = ownership.auto_name_of(self._identity, request.urn)
            if self._identity_for_this_preview():  # `up` draws the identity it keeps: never show these
                news["owner"] = news["auto_name"] = _UNKNOWN
        result = await self._run(request.urn, ops.check, olds, news)
        failures = [
            p.CheckFailure(camel_text(f.property or ""), camel_text(f.reason)) for f in result.failures
        ]
        inputs = to_values(to_camel_props(result.inputs, _names(ops)), secret)
        return p.CheckResponse(inputs=inputs, failures=failures)

    async def diff(self, request: p.DiffRequest) -> p.DiffResponse:
        """The shared decision (update or replace), and where each change is. A job found on another API
        than the provider's (``BL_API_URL`` changed: the provider's settings did not) is replaced, deleted
        first from the API it lives on."""
        ops = self._ops(request.urn)
        olds = from_camel(from_values(request.old_state), _names(ops))
        news = from_camel(from_values(request.new_inputs), _names(ops))
        changed, replaces = await self._run(request.urn, ops.changes, olds, news)
        if not changed and not replaces:
            return p.DiffResponse(changes=False)
        details = detailed_diff(upgrade(olds, "outputs"), upgrade(news, "inputs"), changed, replaces)
        # Also for an update: the engine may make it a replacement (`replaceOnChanges`) after this answer.
        keeps_name = await self._run(request.urn, ops.keeps_name, olds, news)
        return p.DiffResponse(
            changes=True,
            replaces=[camel(k) for k in replaces],
            diffs=sorted({camel(k) for k in (*changed, *replaces)}),
            detailed_diff=details,
            delete_before_replace=keeps_name or API_URL_KEY in replaces,  # see KindOperations.diff
        )

    # -- lookups -----------------------------------------------------------------------------------------

    async def invoke(self, request: p.InvokeRequest) -> p.InvokeResponse:
        """A lookup function (``blaxel:index:getVolume``, ...): read the object of that kind and name,
        whoever holds it, without adopting or changing it; its secret properties are secret."""
        tokens = {lookup_token(token): token for token in self._kinds}
        if request.tok not in tokens:
            known = ", ".join(f"`{t}`" for t in tokens)
            raise NativeError(f"Unknown function '{request.tok}': this provider serves {known}.")
        ops = self._kinds[tokens[request.tok]]
        args = from_values(request.args)
        name, workspace = args.get("name"), args.get("workspace")
        if not isinstance(name, str) or not name:
            word = ops.kind.api.word
            return p.InvokeResponse(failures=[p.CheckFailure("name", f"the name of the {word} to look up")])
        props = {"workspace": workspace} if isinstance(workspace, str) and workspace else {}
        result = await self._run("", ops.looked_up, name, props)  # (no resource: messages go to the stack)
        names = output_names(request.tok)
        outs = {k: v for k, v in to_camel_props(result.outs or {}, _names(ops)).items() if k in names}
        return p.InvokeResponse(return_value=to_values(outs, _secret({}, ops.kind)))

    # -- create / read / update / delete -----------------------------------------------------------------

    async def create(self, request: p.CreateRequest) -> p.CreateResponse:
        """Create the job (the shared create: adopt, take over its own, roll back on failure); in a preview,
        the outputs that are known already. A job whose rollout outlives the wait (``customTimeouts``,
        ``deploymentTimeout``) is kept: the engine records it in the state with the error
        (:class:`~blaxel_pulumi.native.errors.UnfinishedCreate`), and the next update waits for it again."""
        ops = self._ops(request.urn)
        secret = _secret(request.properties, ops.kind)
        props = from_camel(from_values(request.properties), _names(ops))
        if request.preview:
            outs = dict(props)
            outs.update(dict.fromkeys(ops.kind.output_keys, _UNKNOWN))
            outs["workspace"] = props.get("workspace") or ops.configured_workspace() or _UNKNOWN
            return p.CreateResponse(
                resource_id=None, properties=to_values(to_camel_props(outs, _names(ops)), secret)
            )
        props = _with_timeout(props, "create", request.timeout)

        def create(props: dict[str, Any]) -> CreateResult | RolloutUnfinished:
            try:
                return ops.create(props, keep_unfinished=True)
            except RolloutUnfinished as unfinished:
                return unfinished

        result = await self._run(request.urn, create, props)
        if isinstance(result, RolloutUnfinished):
            token, word = _token(request.urn), ops.kind.api.word
            message = str(clean_error(result.error, _resource_name(request.urn), (), token, word))
            outs = to_values(to_camel_props(_without_options(ops.kind, result.outs), _names(ops)), secret)
            raise UnfinishedCreate(message, result.id, outs)
        outs = to_values(to_camel_props(_without_options(ops.kind, result.outs), _names(ops)), secret)
        return p.CreateResponse(result.id, outs)

    async def read(self, request: p.ReadRequest) -> p.ReadResponse:
        """Read the object. With no stored properties (``pulumi import``), the inputs are what the object
        has, in the form ``check`` gives them: pasted into the program, they show no change."""
        ops = self._ops(request.urn)
        props = from_camel(from_values(request.properties), _names(ops))
        secret = _secret(request.properties, ops.kind)
        if not props:
            return await self._import(request, ops)
        result = await self._run(request.urn, ops.read, request.resource_id, props)
        if not result.id:
            return p.ReadResponse(resource_id=None)
        return p.ReadResponse(
            result.id,
            to_values(to_camel_props(result.outs or {}, _names(ops)), secret),
            to_values(to_camel_props(result.inputs or {}, _names(ops)), _secret(request.inputs, ops.kind)),
        )

    async def _import(self, request: p.ReadRequest, ops: KindOperations) -> p.ReadResponse:
        kind = ops.kind

        def read() -> Any:
            settings = ops.settings()
            with BlaxelClient(settings) as client:
                obj = client.get(kind.api, request.resource_id)
            template = {k: v for k, v in kind.from_wire(obj).items() if k in kind.declared_keys}
            # Importing adopts the object: it is stored with the holder it has now (so that this resource
            # may write and delete it), and the next update writes this resource's owner marker.
            holder = ownership.holder_of(obj.metadata.labels)
            template["owner"] = holder.owner
            template["owner_stack"] = ownership.stack_of(request.urn)
            if self._identity is not None and holder.owner not in (
                None,
                ownership.owner_of(self._identity, request.urn),
            ):
                warn(
                    f"{kind.api.word} {request.resource_id}: imported, and it carries the ownership label of "
                    f"another stack or resource ({holder.describe()}): the next `pulumi up` writes this "
                    "resource's, after which that other stack or resource can no longer change or delete it.",
                )
            return ops.read(request.resource_id, template)

        result = await self._run(request.urn, read)
        if not result.id:
            return p.ReadResponse(resource_id=None)
        # Only what a program can write: the engine checks imported inputs against the schema and warns of
        # any other (`_state_version`, ...); check() fills those in again at the next preview.
        names = input_names(_token(request.urn))
        inputs = {k: v for k, v in to_camel_props(result.inputs or {}, _names(ops)).items() if k in names}
        secret = _secret({}, kind)
        outs = to_values(to_camel_props(result.outs or {}, _names(ops)), secret)
        return p.ReadResponse(result.id, outs, to_values(inputs, secret))

    async def update(self, request: p.UpdateRequest) -> p.UpdateResponse:
        """Update the object (one PUT when a declared field changed); in a preview, the outputs that stay.
        The update the engine runs after an unfinished create (nothing changed) waits for the rollout
        again."""
        ops = self._ops(request.urn)
        secret = _secret(request.news, ops.kind)
        olds = from_camel(from_values(request.olds), _names(ops))
        news = from_camel(from_values(request.news), _names(ops))
        if request.preview:
            return p.UpdateResponse(
                to_values(to_camel_props(_predicted(ops.kind, olds, news), _names(ops)), secret)
            )
        news = _with_timeout(news, "update", request.timeout)
        update = functools.partial(ops.update, resume=True)
        result = await self._run(request.urn, update, request.resource_id, olds, news)
        return p.UpdateResponse(
            to_values(to_camel_props(_without_options(ops.kind, result.outs), _names(ops)), secret)
        )

    async def delete(self, request: p.DeleteRequest) -> None:
        """Delete the object and wait until it is gone (one already gone is fine)."""
        ops = self._ops(request.urn)
        props = _with_timeout(
            from_camel(from_values(request.properties), _names(ops)), "delete", request.timeout
        )
        await self._run(request.urn, ops.delete, request.resource_id, props)


def _with_timeout(props: Mapping[str, Any], operation: Operation, seconds: float) -> dict[str, Any]:
    """``props`` with the engine's ``customTimeouts`` of ``operation`` (``seconds``; 0: none) as the shared
    job logic reads it (see :mod:`blaxel_pulumi.core.options`)."""
    return {**props, "timeouts": {operation: float(seconds)} if seconds and seconds > 0 else None}


def _token(urn: str) -> str:
    """The resource type of ``urn`` (without its parents' types); a bare name is a job's."""
    kind = urn.split("::")[-2] if urn.count("::") >= 2 else JOB_TOKEN
    return kind.split("$")[-1]


def _names(ops: KindOperations) -> type[BaseModel]:
    """The model of the properties a resource of ``ops``'s kind stores (their camelCase names follow it)."""
    return ops.kind.outputs_model or JobOutputs


def _without_options(kind: ResourceKind[Any], outs: Mapping[str, Any] | None) -> dict[str, Any]:
    """Outputs without the dynamic face's program options (the engine applies them on this face)."""
    return {k: v for k, v in (outs or {}).items() if k not in kind.program_option_keys}


def _predicted(kind: ResourceKind[Any], olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """The outputs an update will have, as far as they are known before it runs: the new inputs, the old
    outputs that an update does not change (``url``, ``createdAt``, ...), unknown for the rest."""
    olds = upgrade(olds, "outputs")
    outs = dict(olds)
    declared = any(
        normalize(news.get(k), (k,)) != normalize(olds.get(k), (k,))
        for k in (*kind.declared_keys, *kind.secret_inputs)
    )
    outs.update({k: v for k, v in news.items() if k not in kind.output_keys})
    if declared:
        outs.update({k: _UNKNOWN for k in kind.output_keys if k not in _KEPT_OUTPUTS})
        if "trigger_callback_secrets" in kind.output_keys and (
            contains_unknown(news.get("triggers"))
            or normalize(news.get("triggers"), ("triggers",))
            != normalize(olds.get("triggers"), ("triggers",))
        ):
            outs["trigger_callback_secrets"] = _UNKNOWN  # a job's, whose triggers changed
    outs["workspace"] = olds.get("workspace")
    return outs


def _split_secret_envs(props: dict[str, Any]) -> dict[str, Any]:
    """Move the values of env vars marked ``secret`` into ``secret_env_values`` (as ``BlaxelJob`` does in
    the program), keeping the values already there (stored inputs, ``pulumi import``)."""
    runtime, found = split_secrets(props.get("runtime"))
    if not found:
        return props
    kept = props.get("secret_env_values")
    merged = {**(kept if isinstance(kept, Mapping) else {}), **found}
    return {**props, "runtime": runtime, "secret_env_values": merged}
