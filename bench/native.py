"""The native provider (``pulumi-resource-blaxel``, ``blaxel:index:Job``): concurrency and overhead.

Two measurements, on the real `pulumi` CLI against the local Blaxel API (its own process, loopback):

* **Concurrency**: `pulumi up` creating N = 16 jobs whose rollouts take D = 2 s, each create waiting for its
  deployment. The goal (issue 15) is ``up / D <= 1.3``; PASS/FAIL is printed on that figure, as measured.
  The CLI's own fixed cost (engine, program, plugin start) is about 0.8 x D on a 2-CPU machine whatever
  the provider, so ``(up - up at D = 0) / D`` is given beside it: the time the waits themselves add. Set-ups:
  the engine's default ``--parallel`` (4 x nproc) and ``--parallel 16`` (one slot per job); the reference
  at D = 0 uses the default.
* **Overhead**: the lifecycle of ``bench/lifecycle.py`` (preview of a new stack, create N, no-op preview,
  update N, refresh, destroy) on three programs: ``programs/native`` (the native provider), ``programs/jobs``
  (the dynamic ``BlaxelJob``) and ``programs/noop`` (the no-op dynamic provider with the same shape: the
  floor the dynamic resource is compared with). The three alternate per operation; figures are medians.

    python -m bench.native            # both, 3 repeats (~6 min on 2 CPUs)
    python -m bench.native --quick    # 1 repeat, N = 1, 10 (~2 min)

`python -m bench.run` (`make bench`) runs it too: the part ``native`` of ``results.json``, this section at
the end of ``results.md``, and its goal rows in the goals table (``bench/goals.py``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.concurrency import overlap
from bench.emulator import Emulator, classify
from bench.lifecycle import COMMANDS, MEMORY_AFTER, MEMORY_BEFORE, OPERATIONS
from bench.machine import nproc
from bench.workspace import DESTROY, UP, Workspace
from tests.e2e.pulumi_cli import REPO_ROOT, CommandResult, PulumiProject, pulumi_bin_dir

PROGRAMS = REPO_ROOT / "bench" / "programs"
KINDS = {"native": PROGRAMS / "native", "dynamic": PROGRAMS / "jobs", "noop": PROGRAMS / "noop"}
"""The programs of the overhead comparison, by kind."""
GOAL = 1.3
"""Issue 15's goal for the native provider: ``up <= 1.3 x D`` for 16 waiting jobs."""
CONCURRENCY_VARIANTS: tuple[tuple[str, str, tuple[str, ...], bool], ...] = (
    ("reference", "D = 0 (nothing to wait for), engine default --parallel", (), False),
    ("default", "wait, engine default --parallel", (), True),
    ("parallel16", "wait, --parallel 16", ("--parallel", "16"), True),
)
"""Key, label, `up` flags, and whether rollouts take D (else 0) of each concurrency set-up."""

Log = Callable[[str], None]


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def concurrency(
    workspace: Workspace, emulator: Emulator, *, jobs: int, deploy_seconds: float, repeats: int, log: Log
) -> dict[str, Any]:
    """Each set-up ``repeats`` times (rotated): `up` creating ``jobs`` native jobs (timed), then destroy."""
    records: list[dict[str, Any]] = []
    for repeat in range(repeats):
        shift = repeat % len(CONCURRENCY_VARIANTS)
        for key, _label, flags, waits in CONCURRENCY_VARIANTS[shift:] + CONCURRENCY_VARIANTS[:shift]:
            stack = workspace.stack(KINDS["native"], f"nc{repeat}-{key}", {"count": str(jobs)})
            emulator.set_deploy_seconds(deploy_seconds if waits else 0.0)
            emulator.clear_requests()
            result = stack.run(*UP, *flags)
            entries = emulator.requests()
            emulator.set_deploy_seconds(0.0)
            stack.run(*DESTROY, *flags)
            record = {
                "repeat": repeat,
                "variant": key,
                "seconds": result.seconds,
                "requests": dict(classify(entries)),
                **overlap(entries),
            }
            records.append(record)
            log(
                f"  native {key:<11} up {result.seconds:6.2f}s  peak waits "
                f"{record['peak_concurrent_waits']:>2}  requests {record['requests']}"
            )
    return {
        "jobs": jobs,
        "deploy_seconds": deploy_seconds,
        "engine_default_parallel": 4 * nproc(),
        "goal_up_over_deploy": GOAL,
        "variants": [{"key": k, "label": label, "flags": list(f)} for k, label, f, _ in CONCURRENCY_VARIANTS],
        "records": records,
    }


def _operation(stack: PulumiProject, op: str) -> CommandResult:
    if op == "update":
        stack.write_config({"memory": str(MEMORY_AFTER)})
    return stack.run(*COMMANDS[op])


def overhead(
    workspace: Workspace, emulator: Emulator, *, sizes: Sequence[int], repeats: int, log: Log
) -> dict[str, Any]:
    """A discarded warm-up at the smallest size, then ``repeats`` lifecycles per size of the three programs,
    alternating per operation (D = 0)."""
    emulator.set_deploy_seconds(0.0)
    kinds = list(KINDS)
    records: list[dict[str, Any]] = []
    rounds = [(-1, min(sizes))] + [(r, n) for r in range(repeats) for n in sizes]
    for repeat, count in rounds:
        name = "nw" if repeat < 0 else f"n{repeat}-{count}"
        config = {"count": str(count), "memory": str(MEMORY_BEFORE)}
        # one stack name per kind: the stack name prefixes the job names, and all share one local API
        stacks = {kind: workspace.stack(source, f"{name}-{kind}", config) for kind, source in KINDS.items()}
        for index, (op, _label) in enumerate(OPERATIONS):
            shift = (max(repeat, 0) + index) % len(kinds)
            for kind in kinds[shift:] + kinds[:shift]:
                emulator.clear_requests()
                result = _operation(stacks[kind], op)
                records.append(
                    {
                        "repeat": repeat,
                        "warmup": repeat < 0,
                        "size": count,
                        "kind": kind,
                        "op": op,
                        "seconds": result.seconds,
                        "requests": dict(classify(emulator.requests())) if kind != "noop" else {},
                    }
                )
            line = "  ".join(f"{r['kind']} {r['seconds']:5.2f}s" for r in records[-len(kinds) :])
            log(f"  n={count:<3} {op:<13} {line}{'  (warm-up)' if repeat < 0 else ''}")
    return {"sizes": list(sizes), "repeats": repeats, "records": records}


def summarize(part: dict[str, Any]) -> dict[str, Any]:
    """Medians and ratios of a run's raw records (``part`` as :func:`run` returns it)."""
    summary: dict[str, Any] = {}
    conc = part.get("concurrency")
    if conc:
        deploy = conc["deploy_seconds"]
        ups = {
            v["key"]: _median([r["seconds"] for r in conc["records"] if r["variant"] == v["key"]])
            for v in conc["variants"]
        }
        ref = ups.get("reference", float("nan"))
        summary["concurrency"] = {
            key: {
                "up_seconds_median": up,
                "up_over_deploy": up / deploy,
                "waiting_over_deploy": (up - ref) / deploy,
                "peak_concurrent_waits_median": _median(
                    [r["peak_concurrent_waits"] for r in conc["records"] if r["variant"] == key]
                ),
                "verdict": None if key == "reference" else ("PASS" if up / deploy <= GOAL else "FAIL"),
            }
            for key, up in ups.items()
        }
    over = part.get("overhead")
    if over:
        cells: dict[str, dict[str, dict[str, float]]] = {}
        measured = [r for r in over["records"] if not r["warmup"]]
        for size in over["sizes"]:
            for op, _label in OPERATIONS:
                medians = {
                    kind: _median(
                        [
                            r["seconds"]
                            for r in measured
                            if (r["size"], r["op"], r["kind"]) == (size, op, kind)
                        ]
                    )
                    for kind in KINDS
                }
                medians["native_over_noop"] = medians["native"] / medians["noop"]
                medians["dynamic_over_noop"] = medians["dynamic"] / medians["noop"]
                cells.setdefault(str(size), {})[op] = medians
        summary["overhead"] = cells
    return summary


def markdown(part: dict[str, Any]) -> str:
    """The section of ``results.md`` for ``part`` (with its ``summary``)."""
    summary = part["summary"]
    out = ["## Native provider (`pulumi-resource-blaxel`, `blaxel:index:Job`)", ""]
    conc = part.get("concurrency")
    if conc:
        deploy, jobs = conc["deploy_seconds"], conc["jobs"]
        out += [
            f"### Concurrency: `pulumi up` creating N = {jobs} jobs, rollouts of D = {deploy:g} s, "
            "each waiting",
            "",
            f"Goal: `up / D <= {GOAL}`. `(up - ref) / D` removes the CLI's fixed cost (the `up` at D = 0, "
            "same N). The engine's default `--parallel` here is 4 x nproc = "
            f"{conc['engine_default_parallel']}.",
            "",
            "| set-up | up (s, median) | up / D | (up - ref) / D | peak waits | goal |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for variant in conc["variants"]:
            cell = summary["concurrency"][variant["key"]]
            out.append(
                f"| {variant['label']} | {cell['up_seconds_median']:.2f} | {cell['up_over_deploy']:.2f} | "
                f"{cell['waiting_over_deploy']:.2f} | {cell['peak_concurrent_waits_median']:.0f} | "
                f"{cell['verdict'] or '-'} |"
            )
        out.append("")
    over = part.get("overhead")
    if over:
        out += [
            "### Overhead against the no-op floor (D = 0)",
            "",
            "Median seconds of each operation for the native provider, the dynamic `BlaxelJob` and the no-op "
            "dynamic provider of the same shape (`programs/noop`, the floor of the lifecycle table); "
            f"{over['repeats']} repeat(s) after a discarded warm-up.",
            "",
            "| N | operation | native | dynamic | no-op | native / no-op | dynamic / no-op |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for size, ops in summary["overhead"].items():
            for op, label in OPERATIONS:
                c = ops[op]
                out.append(
                    f"| {size} | {label} | {c['native']:.2f} | {c['dynamic']:.2f} | {c['noop']:.2f} | "
                    f"{c['native_over_noop']:.2f} | {c['dynamic_over_noop']:.2f} |"
                )
        out.append("")
    return "\n".join(out) + "\n"


def run(
    bin_dir: Path,
    *,
    quick: bool = False,
    jobs: int = 16,
    deploy_seconds: float = 2.0,
    log: Log = print,
    skip_overhead: bool = False,
) -> dict[str, Any]:
    """Both measurements in a work directory of their own, against a local Blaxel API of their own; the
    raw records and their ``summary``."""
    repeats = 1 if quick else 3
    sizes = [1, 10]
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="blaxel-bench-native-"))
    part: dict[str, Any] = {}
    try:
        with Emulator(workdir / "emulator") as emulator:
            workspace = Workspace(workdir, bin_dir, emulator.environment())
            log(f"native: concurrency N={jobs}, D={deploy_seconds:g}s, {repeats} repeat(s)")
            part["concurrency"] = concurrency(
                workspace, emulator, jobs=jobs, deploy_seconds=deploy_seconds, repeats=repeats, log=log
            )
            if not skip_overhead:
                log(f"native: overhead, N={sizes}, native / dynamic / no-op, {repeats} repeat(s)")
                part["overhead"] = overhead(workspace, emulator, sizes=sizes, repeats=repeats, log=log)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    part["summary"] = summarize(part)
    part["seconds"] = time.perf_counter() - started
    return part


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the section; ``--json PATH`` also writes the raw part."""
    parser = argparse.ArgumentParser(prog="python -m bench.native", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1 repeat")
    parser.add_argument("--jobs", type=int, default=16, help="N of the concurrency runs (16)")
    parser.add_argument("--deploy-seconds", type=float, default=2.0, help="D of the concurrency runs (2)")
    parser.add_argument("--skip-overhead", action="store_true", help="only the concurrency figure")
    parser.add_argument("--json", type=Path, help="write the raw records and summary here")
    parser.add_argument("--pulumi-bin-dir", help="directory of the pulumi CLI")
    args = parser.parse_args(argv)
    part = run(
        pulumi_bin_dir(args.pulumi_bin_dir),
        quick=args.quick,
        jobs=args.jobs,
        deploy_seconds=args.deploy_seconds,
        skip_overhead=args.skip_overhead,
    )
    if args.json:
        args.json.write_text(json.dumps(part, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(markdown(part))
    return 0


if __name__ == "__main__":
    sys.exit(main())
