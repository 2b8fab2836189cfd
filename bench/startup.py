"""Provider start-up cost: import times, and a provider process's time to its first answer.

The engine starts ``python -u -m pulumi.dynamic`` (the ``pulumi-resource-pulumi-python`` plugin), which
imports ``pulumi.dynamic`` and prints its gRPC port; the provider's own module is imported on the first call,
when the pickled ``__provider`` is loaded. So the provider's share of start-up is the import of
``blaxel_pulumi.provider`` on top of ``pulumi.dynamic``, paid once per provider process (once per pulumi
command that calls it).
"""

from __future__ import annotations

import base64
import importlib
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi.dynamic.dynamic import ResourceProvider, serialize_provider

from tests.e2e.pulumi_cli import REPO_ROOT

NOOP_DIR = REPO_ROOT / "bench" / "programs" / "noop"
IMPORTS = {
    "python (nothing)": "pass",
    "pulumi.dynamic": "import pulumi.dynamic",
    "program: blaxel_pulumi.BlaxelJob": "import pulumi.dynamic, blaxel_pulumi; blaxel_pulumi.BlaxelJob",
    "provider, check/diff": "import pulumi.dynamic, blaxel_pulumi.core.job_operations",
    "provider, a call that sends a request": (
        # as in the provider process: without httpx's command-line client (provider/host.py)
        "import sys; sys.modules['httpx._main'] = None; "
        "import pulumi.dynamic, blaxel_pulumi.core.job_operations, blaxel_pulumi.api.client"
    ),
}
"""What `python -c` runs for each import measurement: the program's side, the provider process's for a
preview (check, diff: pydantic and the models, no httpx) and for a call that sends a request (httpx too)."""
BREAKDOWN = ("program: blaxel_pulumi.BlaxelJob", "provider, a call that sends a request")
"""The imports whose packages are listed one by one."""
_IMPORTTIME = re.compile(r"^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)")


def _python(code: str, *flags: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, *flags, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    return time.perf_counter() - started, proc.stderr


def import_times(runs: int) -> dict[str, dict[str, Any]]:
    """Wall time of `python -c <import>` for each of :data:`IMPORTS`: one discarded warm-up, then ``runs``
    rounds taking each in turn."""
    for code in IMPORTS.values():
        _python(code)
    samples: dict[str, list[float]] = {label: [] for label in IMPORTS}
    for _ in range(runs):
        for label, code in IMPORTS.items():
            samples[label].append(_python(code)[0])
    return {label: {"seconds": values} for label, values in samples.items()}


def _self_times(code: str) -> dict[str, int]:
    """Microseconds of ``-X importtime`` self time of each module ``code`` imports."""
    _, stderr = _python(code, "-X", "importtime")
    times: dict[str, int] = {}
    for line in stderr.splitlines():
        match = _IMPORTTIME.match(line)
        if match:
            times[match.group(4)] = int(match.group(1))
    return times


def import_breakdown(top: int = 8) -> dict[str, list[dict[str, Any]]]:
    """The modules each import of :data:`BREAKDOWN` loads that ``import pulumi.dynamic`` does not, their
    self time summed by top-level package (``blaxel_pulumi`` by module). One ``-X importtime`` run each:
    indicative only."""
    base = set(_self_times(IMPORTS["pulumi.dynamic"]))
    result = {}
    for label in BREAKDOWN:
        totals: Counter[str] = Counter()
        for module, us in _self_times(IMPORTS[label]).items():
            if module not in base:
                totals[module if module.startswith("blaxel_pulumi") else module.split(".")[0]] += us
        ranked = totals.most_common(top)
        result[label] = [{"package": pkg, "ms": round(us / 1000, 1)} for pkg, us in ranked if us > 500]
    return result


def _provider(kind: str) -> tuple[ResourceProvider, Path]:
    if kind == "ours":
        from blaxel_pulumi.provider import BlaxelJobProvider

        return BlaxelJobProvider(), REPO_ROOT
    sys.path.insert(0, str(NOOP_DIR))
    try:
        module = importlib.import_module("noop_job")
    finally:
        sys.path.remove(str(NOOP_DIR))
    provider: ResourceProvider = module.NoopJobProvider()
    return provider, NOOP_DIR


def serialized_sizes() -> dict[str, dict[str, int]]:
    """Length of ``serialize_provider(provider)`` (base64 text) and of the pickle itself, ours and no-op."""
    sizes = {}
    for kind in ("ours", "noop"):
        provider, _ = _provider(kind)
        text = serialize_provider(provider)
        sizes[kind] = {"base64_chars": len(text), "pickle_bytes": len(base64.b64decode(text))}
    return sizes


def _first_answer(kind: str) -> dict[str, float]:
    """Start ``python -u -m pulumi.dynamic`` as the engine does; time until it prints its port, and until it
    answers a ``Check`` call carrying the pickled provider (which imports the provider's module)."""
    grpc: Any = importlib.import_module("grpc")
    struct_pb2: Any = importlib.import_module("google.protobuf.struct_pb2")
    provider_pb2: Any = importlib.import_module("pulumi.runtime.proto.provider_pb2")
    provider_pb2_grpc: Any = importlib.import_module("pulumi.runtime.proto.provider_pb2_grpc")
    provider, cwd = _provider(kind)
    news = struct_pb2.Struct()
    news.update(
        {
            "__provider": serialize_provider(provider),
            "name": "startup-probe",
            "runtime": {"image": "blaxel/bench-worker:1.0", "memory": 2048},
        }
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.dynamic"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline().strip())
        port_seconds = time.perf_counter() - started
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            request = provider_pb2.CheckRequest(
                urn="urn:pulumi:bench::bench::pulumi-python:dynamic:Probe::probe",
                olds=struct_pb2.Struct(),
                news=news,
            )
            stub.Check(request, timeout=60)
        answer_seconds = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)
    return {"port_seconds": port_seconds, "first_answer_seconds": answer_seconds}


def provider_process(runs: int) -> dict[str, dict[str, list[float]]]:
    """:func:`_first_answer` ``runs`` times for ours and the no-op provider, alternating, after a warm-up."""
    _first_answer("ours")
    _first_answer("noop")
    samples: dict[str, dict[str, list[float]]] = {
        kind: {"port_seconds": [], "first_answer_seconds": []} for kind in ("ours", "noop")
    }
    for index in range(runs):
        for kind in ("ours", "noop") if index % 2 == 0 else ("noop", "ours"):
            result = _first_answer(kind)
            for key, value in result.items():
                samples[kind][key].append(value)
    return samples


def _per_call_ms(make: Callable[[], Any], calls: int = 20) -> float:
    make()
    started = time.perf_counter()
    for _ in range(calls):
        make()
    return (time.perf_counter() - started) / calls * 1000


def client_construction_ms() -> dict[str, float]:
    """What building an HTTP client costs, in-process: the provider builds one per operation, and a default
    ``httpx.Client`` loads the CA bundle into a new SSL context every time."""
    import ssl

    import httpx

    from blaxel_pulumi import BlaxelClient, resolve_settings

    settings = resolve_settings(
        config={"blaxel:apiKey": "k", "blaxel:workspace": "local", "blaxel:apiUrl": "http://127.0.0.1:9/v0"}
    )
    shared = ssl.create_default_context()

    def blaxel_client() -> None:
        with BlaxelClient(settings):
            pass

    def default_client() -> None:
        httpx.Client().close()

    def shared_context_client() -> None:
        httpx.Client(verify=shared).close()

    return {
        "BlaxelClient(settings)": _per_call_ms(blaxel_client),
        "httpx.Client()": _per_call_ms(default_client),
        "httpx.Client(verify=<one shared SSLContext>)": _per_call_ms(shared_context_client),
    }


def measure(runs: int) -> dict[str, Any]:
    """Every start-up figure."""
    imports = import_times(runs)
    return {
        "imports": imports,
        "import_medians": {label: statistics.median(v["seconds"]) for label, v in imports.items()},
        "import_breakdown_ms": import_breakdown(),
        "provider_process": provider_process(runs),
        "serialized_provider": serialized_sizes(),
        "client_construction_ms": client_construction_ms(),
    }
