"""State size: bytes of `pulumi stack export` per job, and what a job's resource entry is made of; for the
10-kind program (:func:`analyze_kinds`), per resource and the mean entry of each kind."""

from __future__ import annotations

import json
import statistics
from typing import Any

JOB_TYPES = {"ours": "pulumi-python:dynamic/blaxel:Job", "noop": "pulumi-python:dynamic/bench:NoopJob"}
"""Type token of the benchmark's resources, by provider."""


def _size(value: Any) -> int:
    """Bytes of ``value`` as the export prints it (4-space indentation)."""
    return len(json.dumps(value, indent=4).encode())


def analyze(export_text: str, kind: str, count: int) -> dict[str, Any]:
    """Sizes of one exported stack holding ``count`` jobs of provider ``kind``."""
    deployment = json.loads(export_text)["deployment"]
    resources = [r for r in deployment.get("resources") or [] if r.get("type") == JOB_TYPES[kind]]
    sizes = [_size(r) for r in resources]
    parts: dict[str, list[int]] = {"__provider (inputs + outputs)": [], "events": [], "stackTrace": []}
    ciphertexts: list[int] = []
    for resource in resources:
        blobs = [resource.get(side, {}).get("__provider") for side in ("inputs", "outputs")]
        parts["__provider (inputs + outputs)"].append(sum(_size(b) for b in blobs if b is not None))
        ciphertexts += [len(b["ciphertext"]) for b in blobs if isinstance(b, dict) and "ciphertext" in b]
        parts["events"].append(_size(resource.get("outputs", {}).get("events") or []))
        parts["stackTrace"].append(_size(resource.get("stackTrace") or []))
    mean = statistics.mean(sizes) if sizes else 0.0
    breakdown = {name: statistics.mean(values) if values else 0.0 for name, values in parts.items()}
    return {
        "jobs_in_state": len(resources),
        "export_bytes": len(export_text.encode()),
        "export_bytes_per_job": len(export_text.encode()) / count,
        "resource_bytes_mean": mean,
        "resource_breakdown_bytes": {**breakdown, "rest": mean - sum(breakdown.values())},
        "provider_ciphertext_chars": statistics.median(ciphertexts) if ciphertexts else None,
    }


def kind_title(type_token: str) -> str:
    """The kind a benchmark resource's type token names, ours or the no-op twin's:
    ``pulumi-python:dynamic/blaxel:Policy`` and ``pulumi-python:dynamic/bench:NoopPolicy`` are ``Policy``."""
    title = type_token.rsplit(":", 1)[-1]
    return title.removeprefix("Noop")


def analyze_kinds(export_text: str, _kind: str, count: int) -> dict[str, Any]:
    """Sizes of one exported stack of the 10-kind program (``count`` copies), ours or no-op: bytes, bytes per
    object (each resource of a kind; ours' stack identity is one more resource, not an object), and the mean
    size of one resource entry of each kind (by :func:`kind_title`)."""
    deployment = json.loads(export_text)["deployment"]
    by_kind: dict[str, list[int]] = {}
    for resource in deployment.get("resources") or []:
        if str(resource.get("type", "")).startswith("pulumi-python:dynamic/"):
            by_kind.setdefault(kind_title(resource["type"]), []).append(_size(resource))
    objects = sum(len(sizes) for title, sizes in by_kind.items() if title != "StackIdentity")
    export_bytes = len(export_text.encode())
    return {
        "count": count,
        "objects_in_state": objects,
        "export_bytes": export_bytes,
        "export_bytes_per_object": export_bytes / objects if objects else 0.0,
        "resource_bytes_mean": {title: statistics.mean(sizes) for title, sizes in sorted(by_kind.items())},
    }
