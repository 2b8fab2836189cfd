"""Errors of the native face: one clean message per failed call, naming the job, the workspace and the fix.

The SDK's gRPC server turns an exception into the call's error with a Python traceback appended
(``pulumi.provider.experimental.server``); the engine prints that under the resource. The provider raises
:class:`NativeError` instead, and the server of this package (:mod:`blaxel_pulumi.native.server`) sends its
message alone. A create that made its job but did not see it roll out in time raises
:class:`UnfinishedCreate`, which the server sends as a partial create (the job is recorded in the state).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterable

from pulumi.provider.experimental.property_value import PropertyValue

from blaxel_pulumi.api.messages import redact
from blaxel_pulumi.core.property_names import camel_text
from blaxel_pulumi.errors import BlaxelError, Conflict
from blaxel_pulumi.native.schema import JOB_TOKEN

__all__ = ["NativeError", "UnfinishedCreate", "clean_error", "find_native_error"]


class NativeError(Exception):
    """A failed call whose message is complete: sent to the engine as it is, without a traceback."""


class UnfinishedCreate(NativeError):  # noqa: N818 (what the engine calls a partial create)
    """A create that made its job, whose rollout outlived the wait (``customTimeouts``,
    ``deploymentTimeout``): sent as the protocol's ``ErrorResourceInitFailed``, so that the engine records
    the job in the state with this error (no job left on Blaxel without a resource) and updates it at the
    next ``pulumi up``."""

    def __init__(self, message: str, resource_id: str, properties: dict[str, PropertyValue]) -> None:
        """The failed create of ``resource_id``, whose outputs are ``properties``; ``message`` says why."""
        super().__init__(message)
        self.resource_id = resource_id
        self.properties = properties


def clean_error(
    exc: BaseException, resource: str, secrets: Iterable[str] = (), token: str = JOB_TOKEN, word: str = "job"
) -> NativeError:
    """``exc`` as a :class:`NativeError`. A :class:`~blaxel_pulumi.errors.BlaxelError` says all there is
    to say (its messages name the job, the workspace and the fix; secrets are redacted); anything else is a
    bug of this package: its traceback goes to the plugin's log (``pulumi --logtostderr -v=9``) only, both
    with the call's ``secrets`` (secret env values, callback secrets, the API key) redacted. ``token`` and
    ``word`` name the resource's type and kind (in the advice of a conflict)."""
    if isinstance(exc, Conflict):
        return NativeError(
            f"{camel_text(str(exc))} To manage it as it is, import it instead: "
            f"`pulumi import {token} {resource} <{word} name>` (then paste the code it prints)."
        )
    if isinstance(exc, BlaxelError):
        return NativeError(camel_text(str(exc)))
    secrets = list(secrets)
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    sys.stderr.write(redact(trace, secrets))
    return NativeError(
        f"blaxel-pulumi failed on resource '{resource}' ({type(exc).__name__}: {redact(str(exc), secrets)}). "
        "This is a bug of blaxel-pulumi: please report it with the output of `pulumi up --logtostderr -v=9`."
    )


def find_native_error(exc: BaseException | None) -> NativeError | None:
    """The :class:`NativeError` that ``exc`` is or was raised while handling (the SDK's server re-raises a
    provider's error as a new exception, the original kept as its context)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, NativeError):
            return exc
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None
