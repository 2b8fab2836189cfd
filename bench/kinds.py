"""The 10-kind benchmark: N copies of one object of each of the 10 kinds, against a no-op twin.

``programs/kinds`` declares, N times, a policy, an integration connection, a volume template, a volume, a
drive, a model, a function, an agent, a sandbox and a job, naming each other through their outputs as
``examples/agent-platform`` does (10 x N resources). ``programs/noop`` with config ``kinds`` declares the
same resources, type for type, with the same property names and references, on the no-op dynamic provider
(no HTTP, no import of blaxel_pulumi). Both run through the lifecycle runner of :mod:`bench.lifecycle`
(alternating per operation, a discarded warm-up, medians), against the same local Blaxel API: ``up``
creating them, ``up`` with no changes, refresh, destroy. Each operation of ours counts its requests per
kind (the local API's request log, cleared before it, split by collection), and the state is measured
after the create.

    python -m bench.kinds                      # N = 10, 3 repeats (~10 min on 2 CPUs), merged into results.*
    python -m bench.kinds --count 2 --repeat 1 --out-dir /tmp/kinds   # a quick look

`python -m bench.run` (`make bench`) runs it too (part ``kinds`` of ``results.json``, its section of
``results.md``: :func:`bench.report.summarize_kinds` and the markdown of :mod:`bench.report`). Run alone, it
replaces part ``kinds`` of an existing ``results.json`` and rewrites ``results.md`` from it.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import state
from bench.emulator import Emulator, classify, classify_by_collection
from bench.kind_program import KINDS, OPERATIONS
from bench.lifecycle import PROGRAMS, LifecycleRunner, run as run_lifecycle
from bench.machine import load_average, machine_info
from bench.results import write_results
from bench.workspace import Workspace
from tests.e2e.pulumi_cli import REPO_ROOT, pulumi_bin_dir

DEFAULT_COUNT = 10

Log = Callable[[str], None]


def count_requests(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """A record's requests: all of them (:func:`~bench.emulator.classify`) and those of each kind."""
    words = {collection: word for word, collection, _title in KINDS}
    by_kind = {
        words.get(collection, collection): counts
        for collection, counts in classify_by_collection(entries, words).items()
    }
    return {"requests": dict(classify(entries)), "requests_by_kind": by_kind}


def stored_names(emulator: Emulator) -> list[str]:
    """Names of every object of the 10 kinds the local API stores."""
    names = [str(job.get("name")) for job in emulator.stored_jobs()]
    for _word, collection, _title in KINDS:
        if collection != "/jobs":
            names += [str(obj["metadata"]["name"]) for obj in emulator.stored_objects(collection)]
    return names


def runner(workspace: Workspace, emulator: Emulator, log: Log) -> LifecycleRunner:
    """The lifecycle runner of ``programs/kinds`` against its no-op twin."""
    return LifecycleRunner(
        workspace,
        emulator,
        log,
        programs={"ours": PROGRAMS / "kinds", "noop": PROGRAMS / "noop"},
        config={"noop": {"kinds": "true"}},
        operations=OPERATIONS,
        count_requests=count_requests,
        analyze_state=state.analyze_kinds,
        stored_names=stored_names,
        floor=False,
        prefix="k",
    )


def run(workspace: Workspace, emulator: Emulator, *, count: int, repeats: int, log: Log) -> dict[str, Any]:
    """A discarded warm-up and ``repeats`` lifecycles of ``count`` copies; the raw part of ``results.json``
    (records, state, objects left behind) with when and under what load it ran."""
    log(f"kinds: 10 kinds x N={count}, {repeats} repeat(s): up (create), up (no changes), refresh, destroy")
    load_at_start = load_average()
    part = run_lifecycle(workspace, emulator, [count], repeats, log, runner(workspace, emulator, log))
    part.pop("floor")
    return {
        **part,
        "count": count,
        "repeats": repeats,
        "kinds": [word for word, _collection, _title in KINDS],
        "load_average_at_start": load_at_start,
        "load_average_at_end": load_average(),
    }


def measure(bin_dir: Path, *, count: int, repeats: int, log: Log) -> dict[str, Any]:
    """:func:`run` in a work directory of its own, against a local Blaxel API of its own."""
    workdir = Path(tempfile.mkdtemp(prefix="blaxel-bench-kinds-"))
    try:
        with Emulator(workdir / "emulator") as emulator:
            workspace = Workspace(workdir, bin_dir, emulator.environment())
            return run(workspace, emulator, count=count, repeats=repeats, log=log)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure, then replace part ``kinds`` of ``results.json`` and rewrite ``results.md``."""
    from bench import report

    parser = argparse.ArgumentParser(prog="python -m bench.kinds", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="copies of the 10 objects (10)")
    parser.add_argument("--repeat", type=int, default=3, help="measured lifecycles (3)")
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=REPO_ROOT / "bench",
        help="the directory of the results.json to update (default bench/); without one, print the section",
    )
    parser.add_argument("--pulumi-bin-dir", help="directory of the pulumi CLI")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bin_dir = pulumi_bin_dir(args.pulumi_bin_dir)
    part = measure(bin_dir, count=args.count, repeats=args.repeat, log=print)
    part["seconds"] = time.perf_counter() - started
    part["measured"] = {
        "command": (
            "python -m bench.kinds " + shlex.join(argv if argv is not None else sys.argv[1:])
        ).rstrip(),
        "date": machine_info(bin_dir)["date"],
    }
    part["summary"] = report.summarize_kinds(part)
    stored = args.out_dir / "results.json"
    if not stored.exists():
        print("\n".join(report.kinds_lines(part)))
        return 0
    results: dict[str, Any] = json.loads(stored.read_text(encoding="utf-8"))
    results["kinds"] = part
    print(write_results(results, args.out_dir))
    print(f"wrote part `kinds` of {stored}, and {args.out_dir / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
