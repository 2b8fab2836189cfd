"""Batch jobs, declared as a :class:`~blaxel_pulumi.core.resource_kind.ResourceKind`."""

from __future__ import annotations

from blaxel_pulumi.api.kinds import JOBS
from blaxel_pulumi.api.models import Job
from blaxel_pulumi.core.check import check_inputs
from blaxel_pulumi.core.job_changes import COMPARED_KEYS, DECLARED_KEYS
from blaxel_pulumi.core.job_mapping import from_wire, to_wire
from blaxel_pulumi.core.resource_kind import ResourceKind
from blaxel_pulumi.core.schema import (
    INTERNAL_KEYS,
    OPTION_KEYS,
    OUTPUT_KEYS,
    PROGRAM_OPTION_KEYS,
    REPLACE_KEYS,
    SECRET_KEYS,
    JobInputs,
    JobOutputs,
)

__all__ = ["JOB"]

JOB: ResourceKind[Job] = ResourceKind(
    api=JOBS,
    declared_keys=DECLARED_KEYS,
    compared_keys=COMPARED_KEYS,
    replace_keys=REPLACE_KEYS,
    option_keys=OPTION_KEYS,
    program_option_keys=PROGRAM_OPTION_KEYS,
    internal_keys=INTERNAL_KEYS,
    output_keys=OUTPUT_KEYS,
    secret_keys=SECRET_KEYS,
    to_wire=to_wire,
    from_wire=from_wire,
    check=check_inputs,
    rolls_out=True,
    inputs_model=JobInputs,
    outputs_model=JobOutputs,
)
"""Batch jobs: they roll out (``DEPLOYED``) after each create and update."""
