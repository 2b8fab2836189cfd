"""The kinds of object Blaxel's API serves, each declared once: the word for one, its routes, its model.

Every kind of the vendored spec has the same shape on the wire (``metadata`` with ``name`` and ``labels``,
``spec``, mostly ``status`` and ``events``) and the same routes (``GET``/``POST`` on its collection,
``GET``/``PUT``/``DELETE`` on ``{collection}/{name}``), so one client serves them all:
:meth:`~blaxel_pulumi.api.client.BlaxelClient.get` and the calls beside it take an :class:`ApiKind`. A new
kind is one more declaration here, with its wire model (jobs: :mod:`blaxel_pulumi.api.models`, written by
hand; every other kind: :mod:`blaxel_pulumi.api.spec_models`, generated from the spec).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from blaxel_pulumi.api.models import Job
from blaxel_pulumi.api.spec_models import (
    Agent,
    Drive,
    Function,
    IntegrationConnection,
    Model,
    Policy,
    Sandbox,
    Volume,
    VolumeTemplate,
)
from blaxel_pulumi.api.wire import read_object

__all__ = [
    "AGENTS",
    "DRIVES",
    "FUNCTIONS",
    "INTEGRATION_CONNECTIONS",
    "JOBS",
    "MODELS",
    "OBJECT_KINDS",
    "POLICIES",
    "SANDBOXES",
    "VOLUMES",
    "VOLUME_TEMPLATES",
    "ApiKind",
]


_O = TypeVar("_O", bound=BaseModel)


@dataclass(frozen=True)
class ApiKind(Generic[_O]):
    """One kind of object of Blaxel's API.

    Args:
        word: How one is named in messages and in Blaxel's CLI (``job``: "Job 'etl' ...", ``bl get job``).
        collection: The path of its collection under the API's base URL (``/jobs``).
        model: Its wire model (a :class:`~pydantic.BaseModel` with ``metadata``, ``spec``, ``status`` and
            ``events``).
    """

    word: str
    collection: str
    model: type[_O]

    @property
    def title(self) -> str:
        """The word that starts a sentence about one object (``Job``)."""
        return self.word[:1].upper() + self.word[1:]

    def path(self, name: str) -> str:
        """The path of object ``name`` (quoted: a name is never read as a path of its own).

        Raises:
            ValueError: ``name`` is empty.
        """
        if not name:
            raise ValueError(f"A {self.word} name is required.")
        return f"{self.collection}/{quote(name, safe='')}"

    def read(self, data: Any) -> _O:
        """One object from a response body, read leniently (see :func:`~blaxel_pulumi.api.wire.read_object`).

        Raises:
            ValueError: ``data`` is no object of any kind (no ``metadata.name``); the message says why.
        """
        return read_object(self.model, data)


JOBS: ApiKind[Job] = ApiKind("job", "/jobs", Job)
"""Batch jobs."""

POLICIES: ApiKind[Policy] = ApiKind("policy", "/policies", Policy)
"""Governance policies (where and on what hardware deployments run, token limits): ready at once."""
INTEGRATION_CONNECTIONS: ApiKind[IntegrationConnection] = ApiKind(
    "integration connection", "/integrations/connections", IntegrationConnection
)
"""Connections to external services (LLM providers, APIs) with their credentials: ready at once."""
VOLUME_TEMPLATES: ApiKind[VolumeTemplate] = ApiKind("volume template", "/volume_templates", VolumeTemplate)
"""Templates of pre-configured volumes: ready at once."""
VOLUMES: ApiKind[Volume] = ApiKind("volume", "/volumes", Volume)
"""Persistent volumes that sandboxes attach."""
DRIVES: ApiKind[Drive] = ApiKind("drive", "/drives", Drive)
"""Persistent drives that agents, functions and sandboxes mount."""
MODELS: ApiKind[Model] = ApiKind("model", "/models", Model)
"""Gateway endpoints to external LLM providers: they roll out."""
FUNCTIONS: ApiKind[Function] = ApiKind("function", "/functions", Function)
"""MCP servers: they roll out."""
AGENTS: ApiKind[Agent] = ApiKind("agent", "/agents", Agent)
"""Serverless agents: they roll out."""
SANDBOXES: ApiKind[Sandbox] = ApiKind("sandbox", "/sandboxes", Sandbox)
"""Sandboxes (light virtual machines): they roll out."""

OBJECT_KINDS: tuple[ApiKind[Any], ...] = (
    POLICIES,
    INTEGRATION_CONNECTIONS,
    VOLUME_TEMPLATES,
    VOLUMES,
    DRIVES,
    MODELS,
    FUNCTIONS,
    AGENTS,
    SANDBOXES,
)
"""Every kind but jobs (which have revisions, executions and rollouts of their own)."""
