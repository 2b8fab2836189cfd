"""A no-op dynamic provider with the shape of ``BlaxelJob``: same property keys, similar outputs, no HTTP.

It lives in an importable module (not ``__main__``) so that it is pickled by reference, like the real
provider, and imports nothing of blaxel_pulumi, so that the program and the provider process pay only pulumi's
own import cost. ``PROPERTY_KEYS`` copies ``BlaxelJob``'s property names (written by
``scripts/gen_args.py`` from the field table; the benchmark also checks that they still match).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from datetime import datetime, timezone
from typing import Any

import pulumi
from pulumi.dynamic import CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult

# <!-- generated:property-keys -->
PROPERTY_KEYS = (
    "name",
    "display_name",
    "labels",
    "external_id",
    "enabled",
    "policies",
    "region",
    "revision",
    "runtime",
    "triggers",
    "volumes",
    "github_runner",
    "workspace",
    "wait_for_deployment",
    "deployment_timeout",
    "adopt",
    "secret_env_values",
    "owner",
    "auto_name",
    "owner_stack",
    "secret_env_versions",
    "adopt_name",
    "replace_paths",
    "timeouts",
    "float_paths",
    "effective_labels",
    "server_fields",
    "status",
    "events",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "plan",
    "url",
    "trigger_callback_secrets",
    "claim",
)
# <!-- /generated:property-keys -->
"""Every property ``BlaxelJob`` declares (inputs, options, internals and outputs), in its order."""
_SECRET_OUTPUTS = ["secret_env_values", "trigger_callback_secrets"]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat().replace("+00:00", "Z")


def _filled(props: dict[str, Any], declared: Collection[str] | None = None) -> dict[str, Any]:
    """``props`` plus values for what Blaxel would fill in, of about the same size (of those a job has; with
    ``declared``, only those among them: see ``noop_kinds.py``)."""
    now = _now()
    name = props.get("name")
    event = {"type": "deployment", "status": "DEPLOYED", "message": "noop", "revision": "r1", "time": now}
    filled = {
        "workspace": props.get("workspace") or "local",
        "status": "DEPLOYED",
        "events": [event],
        "url": f"https://run.blaxel.ai/local/jobs/{name}",
        "plan": "free",
        "created_at": props.get("created_at") or now,
        "updated_at": now,
        "created_by": "emulator-user",
        "updated_by": "emulator-user",
    }
    return {**props, **{k: v for k, v in filled.items() if declared is None or k in declared}}


class NoopJobProvider(ResourceProvider):
    """Echoes inputs into outputs; every method is local and constant-time."""

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return CheckResult(news, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = any(
            olds.get(k) != news.get(k) for k in ("name", "labels", "runtime", "wait_for_deployment")
        )
        replaces = ["name"] if olds.get("name") != news.get("name") else []
        return DiffResult(changes=changed, replaces=replaces, stables=[], delete_before_replace=False)

    def _filled(self, props: dict[str, Any]) -> dict[str, Any]:
        return _filled(props)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(id_=str(props["name"]), outs=self._filled(props))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props, {k: props[k] for k in ("name", "labels", "runtime") if k in props})

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(outs=self._filled({**news, "created_at": olds.get("created_at")}))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class NoopResource(pulumi.dynamic.Resource):
    """A resource of the properties ``keys`` (each registered, most ``None``), managed by ``provider``
    (default :class:`NoopJobProvider`); a subclass gives the type token. The owner and auto-name are filled
    as blaxel-pulumi fills them (of the same size), the ``secret_keys`` given are Pulumi secrets."""

    def __init__(
        self,
        resource_name: str,
        keys: Sequence[str],
        secret_keys: Sequence[str],
        given: dict[str, Any],
        opts: pulumi.ResourceOptions | None,
        provider: NoopJobProvider | None = None,
    ) -> None:
        props: dict[str, Any] = dict.fromkeys(keys)
        digest = hashlib.sha256(
            f"{pulumi.get_project()}/{pulumi.get_stack()}/{resource_name}".encode()
        ).hexdigest()
        props.update(given, owner=digest[:20], auto_name=f"{given['name']}-{digest[:7]}")
        for key in secret_keys:
            if props.get(key) is not None:
                props[key] = pulumi.Output.secret(props[key])
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(additional_secret_outputs=list(secret_keys))
        )
        super().__init__(provider or NoopJobProvider(), resource_name, props, opts)


class NoopJob(NoopResource, module="bench", name="NoopJob"):
    """A resource with ``BlaxelJob``'s properties, managed by :class:`NoopJobProvider`."""

    def __init__(
        self,
        resource_name: str,
        *,
        name: str,
        labels: dict[str, Any],
        runtime: dict[str, Any],
        opts: pulumi.ResourceOptions | None = None,
        **more: Any,
    ) -> None:
        given = {"name": name, "labels": labels, "runtime": runtime, **more}
        super().__init__(resource_name, PROPERTY_KEYS, _SECRET_OUTPUTS, given, opts)
