"""The lifecycle benchmark: six pulumi operations on N jobs, ours and the no-op provider alternating.

For each repeat and size N, two stacks are made, one of the jobs program (``BlaxelJob``) and one of the no-op
program (same resource count and property shape, no HTTP). Each operation runs on both before the next one
starts; which of the two goes first alternates with the repeat and the operation, so that drift in the machine
(caches, other load) is shared. The local Blaxel API's request log is cleared before each operation of ours
and read after it. After the six operations, the httpx floor (N creates, N deletes) runs once. At the
largest size, the peak resident memory of the provider process and of the program is sampled during each
operation (:mod:`bench.memory`).

:func:`state_after_updates` measures the state after a create and after 10 updates, on stacks of its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import state
from bench.emulator import Emulator, classify
from bench.floor import run_floor
from bench.memory import PeakRss
from bench.workspace import DESTROY, PREVIEW, REFRESH, UP, Workspace
from tests.e2e.pulumi_cli import REPO_ROOT, CommandResult, PulumiProject

PROGRAMS = REPO_ROOT / "bench" / "programs"
MEMORY_BEFORE, MEMORY_AFTER = 2048, 4096
"""The config value the update changes (mapped into every job's ``runtime.memory``)."""

OPERATIONS: tuple[tuple[str, str], ...] = (
    ("preview_new", "preview, new stack"),
    ("create", "up: create N"),
    ("preview_same", "preview, no changes"),
    ("update", "up: update N"),
    ("refresh", "refresh"),
    ("destroy", "destroy"),
)
"""Key and label of each measured operation, in the order they run."""
KINDS = ("ours", "noop")


COMMANDS = {
    "preview_new": PREVIEW,
    "create": UP,
    "preview_same": PREVIEW,
    "up_same": UP,
    "update": UP,
    "refresh": REFRESH,
    "destroy": DESTROY,
}
"""The pulumi command of each operation."""


def _operation(stack: PulumiProject, op: str) -> CommandResult:
    if op == "update":
        stack.write_config({"memory": str(MEMORY_AFTER)})
    return stack.run(*COMMANDS[op])


def _count_requests(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"requests": dict(classify(entries))}


@dataclass
class LifecycleRunner:
    """Runs lifecycles in one workspace against one emulator (rollouts settle at once: D = 0).

    By default the jobs program against the no-op one, the six :data:`OPERATIONS`, requests counted by
    :func:`~bench.emulator.classify`, the state by :func:`bench.state.analyze`, and the httpx floor after
    each measured lifecycle; :mod:`bench.kinds` runs its 10-kind program through the same runner.
    """

    workspace: Workspace
    emulator: Emulator
    log: Callable[[str], None]
    programs: Mapping[str, Path] = field(
        default_factory=lambda: {"ours": PROGRAMS / "jobs", "noop": PROGRAMS / "noop"}
    )
    """The program of ``ours`` and of ``noop``."""
    config: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """Config of each program beyond ``count`` and ``memory``, by kind (``ours``, ``noop``)."""
    operations: tuple[tuple[str, str], ...] = OPERATIONS
    count_requests: Callable[[list[dict[str, Any]]], dict[str, Any]] = _count_requests
    """The fields a record of ours gets from the request log of its operation (``requests``: the counts of
    :func:`~bench.emulator.classify`)."""
    analyze_state: Callable[[str, str, int], dict[str, Any]] = state.analyze
    """Sizes of an exported stack (its text, ``ours`` or ``noop``, the count)."""
    stored_names: Callable[[Emulator], list[str]] | None = None
    """Names of what the local API stores (for what a destroy left behind); ``None``: its jobs."""
    floor: bool = True
    """Run the httpx floor (N job creates and deletes) after each measured lifecycle."""
    prefix: str = ""
    """Prefix of the stack names (stacks of one project share a work directory)."""

    def _stacks(self, name: str, count: int) -> dict[str, PulumiProject]:
        config = {"count": str(count), "memory": str(MEMORY_BEFORE)}
        return {
            kind: self.workspace.stack(source, name, {**config, **self.config.get(kind, {})})
            for kind, source in self.programs.items()
        }

    def lifecycle(
        self, repeat: int, count: int, *, warmup: bool, measure_state: bool, measure_rss: bool = False
    ) -> dict[str, Any]:
        """One lifecycle of both programs at ``count`` jobs; returns its records, state sizes and floor."""
        name = f"{self.prefix}{'w' if warmup else f'r{repeat}'}-n{count}"
        stacks = self._stacks(name, count)
        records: list[dict[str, Any]] = []
        sizes: dict[str, Any] = {}
        for index, (op, _label) in enumerate(self.operations):
            order = KINDS if (repeat + index) % 2 == 0 else KINDS[::-1]
            for kind in order:
                if kind == "ours":
                    self.emulator.clear_requests()
                peak: PeakRss | None = None
                if measure_rss:
                    with PeakRss() as peak:
                        result = _operation(stacks[kind], op)
                else:
                    result = _operation(stacks[kind], op)
                record: dict[str, Any] = {
                    "repeat": repeat,
                    "warmup": warmup,
                    "size": count,
                    "provider": kind,
                    "op": op,
                    "seconds": result.seconds,
                }
                if kind == "ours":
                    record.update(self.count_requests(self.emulator.requests()))
                if peak is not None:
                    record["peak_rss_mib"] = peak.result()
                records.append(record)
            if measure_state and op in ("create", "update"):
                for kind in KINDS:
                    sizes.setdefault(kind, {})[f"after_{op}"] = self.analyze_state(
                        stacks[kind].export_stack_text(), kind, count
                    )
            line = "  ".join(f"{r['provider']} {r['seconds']:5.2f}s" for r in records[-2:])
            self.log(f"  n={count:<4} {op:<13} {line}")
        stored = self.stored_names(self.emulator) if self.stored_names else self._stored_jobs()
        leftover = [j for j in stored if j.startswith(f"{name}-")]
        floor = None
        if not warmup and self.floor:
            floor = run_floor(self.emulator.api_url, count, f"floor-{name}")
            self.log(
                f"  n={count:<4} httpx floor   create {floor['create_seconds']:.3f}s  delete "
                f"{floor['delete_seconds']:.3f}s  process {floor['process_seconds']:.2f}s"
            )
        return {"records": records, "state": sizes, "floor": floor, "leftover_jobs": leftover}

    def _stored_jobs(self) -> list[str]:
        return [str(job.get("name")) for job in self.emulator.stored_jobs()]


def run(
    workspace: Workspace,
    emulator: Emulator,
    sizes: list[int],
    repeats: int,
    log: Callable[[str], None],
    runner: LifecycleRunner | None = None,
) -> dict[str, Any]:
    """A discarded warm-up lifecycle at the smallest size, then ``repeats`` rounds over ``sizes`` (of the jobs
    and no-op programs, or of ``runner``'s)."""
    runner = runner or LifecycleRunner(workspace, emulator, log)
    started = time.perf_counter()
    log(f"warm-up (discarded): n={min(sizes)}")
    warm = runner.lifecycle(0, min(sizes), warmup=True, measure_state=False)
    records: list[dict[str, Any]] = list(warm["records"])
    states: dict[str, Any] = {}
    floors: list[dict[str, Any]] = []
    leftovers: list[str] = list(warm["leftover_jobs"])
    for repeat in range(repeats):
        for count in sizes:
            log(f"repeat {repeat + 1}/{repeats}: n={count}")
            result = runner.lifecycle(
                repeat, count, warmup=False, measure_state=repeat == 0, measure_rss=count == max(sizes)
            )
            records += result["records"]
            if result["state"]:
                states[str(count)] = result["state"]
            if result["floor"]:
                floors.append({"repeat": repeat, "size": count, **result["floor"]})
            leftovers += result["leftover_jobs"]
    return {
        "records": records,
        "state": states,
        "floor": floors,
        "leftover_jobs": leftovers,
        "seconds": time.perf_counter() - started,
    }


def state_after_updates(
    workspace: Workspace, count: int, updates: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """State sizes of ``count`` jobs, ours and no-op, after the create and after ``updates`` updates (each
    changes every job's memory), then destroy."""
    result: dict[str, Any] = {"count": count, "updates": updates}
    for kind, program in (("ours", "jobs"), ("noop", "noop")):
        stack = workspace.stack(PROGRAMS / program, f"state-{kind}", {"count": str(count), "memory": "2048"})
        stack.run(*UP)
        after_create = state.analyze(stack.export_stack_text(), kind, count)
        for index in range(updates):
            stack.write_config({"memory": str(MEMORY_AFTER if index % 2 == 0 else MEMORY_BEFORE)})
            stack.run(*UP)
        after_updates = state.analyze(stack.export_stack_text(), kind, count)
        stack.run(*DESTROY)
        result[kind] = {"after_create": after_create, "after_updates": after_updates}
        log(
            f"  state {kind}: {after_create['export_bytes_per_job']:,.0f} B/job after create, "
            f"{after_updates['export_bytes_per_job']:,.0f} after {updates} updates"
        )
    return result
