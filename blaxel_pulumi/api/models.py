"""Wire models of Blaxel's job API, written from the public OpenAPI spec.

These models are the single declaration of every job field: its wire name (camelCase alias), its Python
name (snake_case), its type, its documented constraint, and markers kept in the field's
``json_schema_extra`` (read them with :func:`blaxel_pulumi.api.wire.marker`):

* ``read_only``: filled by the server; never sent in a request body (see ``wire.request_body``).
* ``replace_on_change``: changing it forces Pulumi to replace the job (``metadata.name``).
* ``keyed_by``: a list whose items have an identity, held by that key (env vars by ``name``, ...); its order
  does not matter, items are matched by key (see :data:`blaxel_pulumi.api.wire.LIST_KEYS`).
* ``unordered``: a list of strings that is a set (see :data:`blaxel_pulumi.api.wire.SET_LISTS`).
* ``secret``: a value that is a Pulumi secret in the state and never quoted (a trigger's callback secret).

Everything else about a field derives from these declarations: ``check`` (the resource's input model), the
diff (replacements, normal forms), the mapping onto properties, the generated input classes and output
declarations (``scripts/gen_args.py``), the reference pages (``scripts/gen_docs.py``), and the local
Blaxel API.

The resource's ``check`` validates user inputs with these models (strictly), the client serializes them,
and the local Blaxel API parses requests with them. Responses are *not* inputs: they are read without
validation, unknown fields kept (see :mod:`blaxel_pulumi.api.wire`).

Sources: ``spec/blaxel-openapi/controlplane.yml`` (2026-08) and ``controlplane-2026-04-14.yml`` (the last
version with ``runtime.maxConcurrentTasks``, which the seed page of ``PUT /jobs/{jobId}`` shows).
"""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from blaxel_pulumi.api.names import JOB_NAME_MAX_LENGTH, JOB_NAME_PATTERN

__all__ = [
    "JOB_NAME_MAX_LENGTH",
    "JOB_NAME_PATTERN",
    "CoreEvent",
    "Env",
    "ErrorBody",
    "GithubRunner",
    "Job",
    "JobList",
    "JobName",
    "JobRuntime",
    "JobSpec",
    "JobStatus",
    "JobVolume",
    "Metadata",
    "PaginationMeta",
    "Port",
    "Revision",
    "Trigger",
    "TriggerConfiguration",
    "WireModel",
]


_READ_ONLY: dict[str, Any] = {"read_only": True}
_UNORDERED: dict[str, Any] = {"unordered": True}


def _keyed_by(key: str) -> dict[str, Any]:
    return {"keyed_by": key}


JobName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=JOB_NAME_MAX_LENGTH,
        pattern=JOB_NAME_PATTERN,
        description=(
            "Unique name of the job in its workspace: lowercase letters, digits and hyphens, at most 49 "
            "characters (source: the spec). Immutable: changing it replaces the job."
        ),
        json_schema_extra={"replace_on_change": True},
    ),
]


class JobStatus(str, enum.Enum):
    """Deployment status of a job, as reported by Blaxel."""

    DELETING = "DELETING"
    TERMINATED = "TERMINATED"
    FAILED = "FAILED"
    DEACTIVATED = "DEACTIVATED"
    DEACTIVATING = "DEACTIVATING"
    UPLOADING = "UPLOADING"
    BUILDING = "BUILDING"
    BUILT = "BUILT"
    DEPLOYING = "DEPLOYING"
    DEPLOYED = "DEPLOYED"


class WireModel(BaseModel):
    """Base of every wire model: camelCase on the wire, snake_case in Python, unknown fields kept.

    Unknown fields are kept (in ``model_extra``) so that what Blaxel reports is never lost; they are never
    part of a request body built by ``wire.request_body``. User inputs never reach a model with unknown
    keys: ``check`` rejects those first."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        loc_by_alias=False,
        validate_assignment=False,
    )


class Env(WireModel):
    """An environment variable injected into the job's tasks."""

    name: str = Field(
        min_length=1,
        description=(
            "Name of the variable, required and not empty (source: the spec says envs support the Kubernetes "
            "EnvVar format, whose `name` is required)."
        ),
    )
    value: str | None = Field(
        default=None,
        description="Value of the variable. Masked by the server when `secret` is true.",
    )
    secret: bool | None = Field(
        default=None,
        description="Whether the value is secret: stored encrypted, masked on read, secret in Pulumi state.",
    )


class Port(WireModel):
    """A port the job's container listens on."""

    target: int = Field(
        ge=1,
        le=65535,
        description="Port number inside the container, 1-65535 (source: a TCP/UDP port number, RFC 6335).",
    )
    name: str | None = Field(default=None, description="Name of the port, e.g. `http`.")
    protocol: Literal["HTTP", "TCP", "UDP", "TLS"] | None = Field(
        default=None, description="Protocol of the port: HTTP, TCP, UDP or TLS."
    )


class Revision(WireModel):
    """Which revision of the job serves executions, and how traffic is split with a canary."""

    active: str | None = Field(default=None, description="Active revision id, e.g. `rev-abc123`.")
    canary: str | None = Field(default=None, description="Canary revision id.")
    canary_percent: int | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Share of traffic sent to the canary, 0-100 (source: the spec calls it a percent).",
    )
    sticky_session_ttl: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Sticky session time-to-live in seconds, 0 or more; 0 disables it (source: the spec's "
            '"0 = disabled"; blaxel-pulumi\'s rule: a duration is never negative).'
        ),
    )
    traffic: int | None = Field(
        default=None, ge=0, le=100, description="Traffic percentage, 0-100 (source: the spec's description)."
    )


class TriggerConfiguration(WireModel):
    """Configuration of a trigger: schedule and tasks for cron, path and callback for HTTP triggers."""

    authentication_type: str | None = Field(
        default=None,
        description="Authentication type of the trigger, e.g. `blaxel` or `public`.",
    )
    callback_secret: str | None = Field(
        default=None,
        description="Secret used to sign async callbacks. Generated by Blaxel (read-only), a Pulumi secret.",
        json_schema_extra={**_READ_ONLY, "secret": True},
    )
    callback_url: str | None = Field(
        default=None,
        description="URL called back when an async execution ends, e.g. `https://myapp.com/hook`.",
    )
    path: str | None = Field(default=None, description="HTTP path of the trigger, e.g. `/invoke`.")
    retry: int | None = Field(
        default=None,
        ge=0,
        description=(
            "How many times the trigger is retried, 0 or more (source: blaxel-pulumi's rule: a count is "
            "never negative)."
        ),
    )
    schedule: str | None = Field(
        default=None,
        description=(
            "Cron schedule of a cron trigger: five fields, e.g. `0 * * * *` (source: the spec's "
            '"cron expression * * * * *"; checked at preview).'
        ),
    )
    tasks: list[dict[str, Any]] | None = Field(
        default=None, description="Tasks started at each run of a cron trigger: one JSON object per task."
    )
    timeout: int | None = Field(
        default=None,
        ge=1,
        le=900,
        description=(
            "Timeout in seconds of async triggers, 1-900 (source: the spec for 900; blaxel-pulumi's rule "
            "for 1: a call needs time to run)."
        ),
    )


class Trigger(WireModel):
    """A way to start the job: a cron schedule or an HTTP endpoint."""

    id: str | None = Field(
        default=None,
        description=(
            "Identifier of the trigger. blaxel-pulumi requires ids to be unique within the job (its diff "
            "matches triggers by id); Blaxel itself disambiguates duplicates (source: the spec)."
        ),
    )
    type: Literal["http", "http-async", "cron"] | None = Field(
        default=None, description="Kind of trigger: `cron`, `http` or `http-async`."
    )
    enabled: bool | None = Field(default=None, description="Whether the trigger is active (default true).")
    configuration: TriggerConfiguration | None = Field(default=None, description="Settings of the trigger.")


class JobVolume(WireModel):
    """An ephemeral volume created when a task starts and destroyed when it ends."""

    name: str = Field(description="Name of the volume.")
    mount_path: str = Field(
        pattern=r"^/",
        description="Absolute path where the volume is mounted, starting with `/` (source: the spec).",
    )
    type: Literal["ephemeral"] = Field(description="Type of volume; only `ephemeral` is supported.")
    size_mb: int = Field(
        ge=1,
        description="Capacity in megabytes, at least 1 (source: blaxel-pulumi's rule: a size is positive).",
    )
    read_only: bool | None = Field(default=None, description="Mount the volume read-only.")


class GithubRunner(WireModel):
    """Run GitHub Actions workflow jobs of these repositories on this Blaxel job."""

    repositories: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]] | None = Field(
        default=None,
        description="Repositories in `owner/repo` form served by this runner (source: the spec).",
        json_schema_extra=_UNORDERED,
    )


class JobRuntime(WireModel):
    """How the job's tasks run: image, resources, environment, retries and timeouts."""

    envs: list[Env] | None = Field(
        default=None,
        description="Environment variables injected into the tasks.",
        json_schema_extra=_keyed_by("name"),
    )
    generation: Literal["mk2", "mk3"] | None = Field(
        default=None, description="Infrastructure generation: `mk2` (containers) or `mk3` (micro-VMs)."
    )
    image: str | None = Field(default=None, description="Container image the tasks run.")
    max_concurrent_tasks: int | None = Field(
        default=None,
        ge=1,
        description=(
            "Most tasks that run at once within one execution, at least 1 (source: blaxel-pulumi's rule: "
            "with 0 no task would ever run)."
        ),
    )
    max_retries: int | None = Field(
        default=None,
        ge=0,
        description=(
            "Retries of a failed task before it fails, 0 or more (source: blaxel-pulumi's rule: a count is "
            "never negative)."
        ),
    )
    memory: int | None = Field(
        default=None,
        ge=1,
        description=(
            "Memory in megabytes, at least 1; CPU cores = memory / 2048 (source: blaxel-pulumi's rule: a "
            "size is positive; Blaxel's smallest size is not documented, so it is left to Blaxel)."
        ),
    )
    ports: list[Port] | None = Field(
        default=None, description="Ports the container listens on.", json_schema_extra=_keyed_by("target")
    )
    timeout: int | None = Field(
        default=None,
        ge=1,
        description=(
            "Longest a task may run, in seconds, at least 1 (source: blaxel-pulumi's rule: a task needs "
            "time to run)."
        ),
    )
    disk_percent: int | None = Field(
        default=None,
        ge=10,
        le=95,
        description="Share of the VM's memory used as disk, 10-95, mk3 (source: the spec's \"valid range\").",
    )


class JobSpec(WireModel):
    """The desired configuration of a job."""

    enabled: bool | None = Field(
        default=None, description="When false, no new execution can start (default true)."
    )
    policies: list[str] | None = Field(
        default=None, description="Names of the policies applied to the job.", json_schema_extra=_UNORDERED
    )
    region: str | None = Field(
        default=None, description="Region of the job, e.g. `us-pdx-1`, `us-was-1`, `eu-lon-1`."
    )
    revision: Revision | None = Field(default=None, description="Revision and canary traffic settings.")
    runtime: JobRuntime | None = Field(default=None, description="How the tasks run.")
    triggers: list[Trigger] | None = Field(
        default=None, description="Cron and HTTP triggers of the job.", json_schema_extra=_keyed_by("id")
    )
    volumes: list[JobVolume] | None = Field(
        default=None, description="Ephemeral volumes of the tasks.", json_schema_extra=_keyed_by("name")
    )
    github_runner: GithubRunner | None = Field(default=None, description="GitHub Actions runner settings.")


class Metadata(WireModel):
    """Identity and bookkeeping of a job."""

    name: JobName
    display_name: str | None = Field(
        default=None,
        max_length=63,
        description="Human-readable name shown in the console, at most 63 characters (source: the spec).",
    )
    labels: dict[str, str] | None = Field(default=None, description="Key-value labels to organize jobs.")
    external_id: str | None = Field(
        default=None,
        max_length=64,
        pattern=r"^[A-Za-z0-9-]+$",
        description="Caller-owned identifier: letters, digits, dashes, at most 64 (source: the spec).",
    )
    created_at: str | None = Field(
        default=None, description="When the job was created.", json_schema_extra=_READ_ONLY
    )
    updated_at: str | None = Field(
        default=None, description="When the job last changed.", json_schema_extra=_READ_ONLY
    )
    created_by: str | None = Field(
        default=None, description="Who created the job.", json_schema_extra=_READ_ONLY
    )
    updated_by: str | None = Field(
        default=None, description="Who last changed the job.", json_schema_extra=_READ_ONLY
    )
    plan: str | None = Field(
        default=None, description="Billing plan of the workspace.", json_schema_extra=_READ_ONLY
    )
    url: str | None = Field(
        default=None, description="Endpoint URL of the job.", json_schema_extra=_READ_ONLY
    )
    workspace: str | None = Field(
        default=None, description="Workspace the job belongs to.", json_schema_extra=_READ_ONLY
    )


class CoreEvent(WireModel):
    """A deployment event of the job."""

    type: str | None = Field(default=None, description="Event type, e.g. `deployment`.")
    status: str | None = Field(default=None, description="Status the event reports, e.g. `DEPLOYED`.")
    message: str | None = Field(default=None, description="What happened.")
    revision: str | None = Field(default=None, description="Revision the event belongs to.")
    canary_revision: str | None = Field(default=None, description="Canary revision of the event.")
    time: str | None = Field(default=None, description="When it happened (RFC 3339).")


class Job(WireModel):
    """A Blaxel batch job: what ``GET``, ``POST``, ``PUT`` and ``DELETE /v0/jobs/...`` exchange."""

    metadata: Metadata
    spec: JobSpec
    events: list[CoreEvent] | None = Field(
        default=None, description="Deployment events.", json_schema_extra=_READ_ONLY
    )
    status: str | None = Field(
        default=None, description="Deployment status (see `JobStatus`).", json_schema_extra=_READ_ONLY
    )


class PaginationMeta(WireModel):
    """Pagination of a listing (API version 2026-04-28 and later)."""

    has_more: bool = False
    next_cursor: str | None = None
    total: int | None = None


class JobList(WireModel):
    """A page of jobs (API version 2026-04-28 and later)."""

    data: list[Job] = Field(default_factory=list)
    meta: PaginationMeta = Field(default_factory=PaginationMeta)


class ErrorBody(WireModel):
    """The error body of every failed call: `{"error", "code", "message"}`."""

    error: str
    code: int | None = None
    message: str | None = None
