"""Run every benchmark and write bench/results.json, bench/results.md and bench/wall_time.png.

    python -m bench.run                       # N = 1, 10, 50, 200; 3 repeats (~15 min on 2 CPUs)
    python -m bench.run --quick               # N = 1, 10; 1 repeat; fewer concurrency variants (~2 min)
    python -m bench.run --sizes 1,10,50       # without N = 200 (~8 min)

The report starts with the goals of issue 14, each beside its measured figure, PASS or FAIL (bench/goals.py).
It includes the 10-kind benchmark (bench/kinds.py; `python -m bench.kinds` runs it alone).

`pulumi` is taken from --pulumi-bin-dir, BLAXEL_PULUMI_BIN_DIR, PATH, or scripts/install-pulumi.sh. The
virtualenv running this script must have the package installed (`make venv`).
"""

from __future__ import annotations

import argparse
import importlib
import json
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import concurrency, goals, kinds, lifecycle, native, plugin_start, report, startup
from bench.emulator import Emulator
from bench.machine import load_average, machine_info
from bench.results import write, write_results
from bench.workspace import Workspace
from tests.e2e.pulumi_cli import REPO_ROOT, pulumi_bin_dir

BENCH_DIR = REPO_ROOT / "bench"


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 1,10,50")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of `python -m bench.run`."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=_sizes, default=None, help="job counts (default 1,10,50,200)")
    parser.add_argument("--repeat", type=int, default=None, help="measured lifecycle repeats (default 3)")
    parser.add_argument(
        "--concurrency-repeat", type=int, default=None, help="repeats per variant (default 3)"
    )
    parser.add_argument("--concurrency-jobs", type=int, default=16, help="N of the concurrency runs (16)")
    parser.add_argument("--deploy-seconds", type=float, default=2.0, help="D of the concurrency runs (2)")
    parser.add_argument("--startup-runs", type=int, default=None, help="runs per start-up measurement (5)")
    parser.add_argument("--quick", action="store_true", help="N=1,10, 1 repeat, 4 concurrency variants")
    parser.add_argument(
        "--state-jobs", type=int, default=50, help="N of the state-after-updates measurement (50)"
    )
    parser.add_argument("--state-updates", type=int, default=10, help="updates before measuring (10)")
    parser.add_argument(
        "--kinds-count", type=int, default=None, help="copies of the 10-kind program's objects (10)"
    )
    parser.add_argument("--skip-kinds", action="store_true", help="leave out the 10-kind benchmark")
    parser.add_argument("--skip-concurrency", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-native", action="store_true", help="leave out the native provider's section")
    parser.add_argument("--out-dir", type=Path, default=BENCH_DIR, help="where results.* go (default bench/)")
    parser.add_argument("--pulumi-bin-dir", help="directory of the pulumi CLI")
    parser.add_argument("--keep-workdir", action="store_true", help="keep the stacks, backend and logs")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="measure nothing: recompute the goals and rewrite results.md and the plot from results.json",
    )
    return parser


def _log(message: str) -> None:
    print(message, flush=True)


def _noop_shape_drift() -> list[str]:
    """Property names of ``BlaxelJob`` the no-op resource does not mirror (or mirrors in excess)."""
    from blaxel_pulumi.dynamic.job import PROPERTY_KEYS

    sys.path.insert(0, str(BENCH_DIR / "programs" / "noop"))
    try:
        noop_keys = set(importlib.import_module("noop_job").PROPERTY_KEYS)
    finally:
        sys.path.pop(0)
    ours = set(PROPERTY_KEYS)
    return sorted(ours ^ noop_keys)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.render_only:
        stored: dict[str, Any] = json.loads((args.out_dir / "results.json").read_text(encoding="utf-8"))
        _log(write_results(stored, args.out_dir))
        return 0
    sizes = args.sizes or ([1, 10] if args.quick else [1, 10, 50, 200])
    kinds_count = args.kinds_count or (2 if args.quick else kinds.DEFAULT_COUNT)
    repeats = args.repeat or (1 if args.quick else 3)
    conc_repeats = args.concurrency_repeat or (1 if args.quick else 3)
    startup_runs = args.startup_runs or (3 if args.quick else 5)
    variants = concurrency.QUICK_VARIANTS if args.quick else tuple(v.key for v in concurrency.VARIANTS)

    started = time.perf_counter()
    bin_dir = pulumi_bin_dir(args.pulumi_bin_dir)
    machine = machine_info(bin_dir)
    _log(
        f"bench: {machine['nproc']} CPU ({machine['cpu_model']}), pulumi {machine['pulumi_cli']}, "
        f"sizes {sizes}, {repeats} repeat(s)"
    )
    drift = _noop_shape_drift()
    if drift:
        _log(f"warning: the no-op resource's properties differ from BlaxelJob's: {drift}")

    workdir = Path(tempfile.mkdtemp(prefix="blaxel-bench-"))
    results: dict[str, Any] = {"machine": machine}
    try:
        with Emulator(workdir / "emulator") as emulator:
            workspace = Workspace(workdir, bin_dir, emulator.environment())
            _log("lifecycle: preview, up (create), preview, up (update), refresh, destroy")
            results["lifecycle"] = lifecycle.run(workspace, emulator, sizes, repeats, _log)
            state_jobs = min(args.state_jobs, 10) if args.quick else args.state_jobs
            _log(f"state: N={state_jobs}, after create and after {args.state_updates} updates")
            results["state_updates"] = lifecycle.state_after_updates(
                workspace, state_jobs, args.state_updates, _log
            )
            if not args.skip_kinds:
                results["kinds"] = kinds.run(
                    workspace, emulator, count=kinds_count, repeats=repeats, log=_log
                )
            if not args.skip_concurrency:
                _log(f"concurrency: N={args.concurrency_jobs}, D={args.deploy_seconds:g}s")
                results["concurrency"] = concurrency.run(
                    workspace,
                    emulator,
                    jobs=args.concurrency_jobs,
                    deploy_seconds=args.deploy_seconds,
                    repeats=conc_repeats,
                    variants=variants,
                    log=_log,
                )
        if not args.skip_native:  # issue 15: its own local API and work directory
            results["native"] = native.run(bin_dir, quick=args.quick, log=_log)
        if not args.skip_startup:
            _log("start-up: imports and the provider process")
            results["startup"] = startup.measure(startup_runs)
            _log("start-up: the native plugin, standalone beside the Python environment")
            results["startup"]["plugin_cold_start"] = plugin_start.measure(startup_runs, _log)
    finally:
        if args.keep_workdir:
            _log(f"work directory kept: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    largest = str(max(sizes))
    state_after_create = results["lifecycle"]["state"].get(largest, {})
    results["provider_size"] = {
        "serialized": startup.serialized_sizes(),
        "state_ciphertext_chars": {
            kind: state_after_create.get(kind, {}).get("after_create", {}).get("provider_ciphertext_chars")
            for kind in ("ours", "noop")
        },
    }
    results["summary"] = {"lifecycle": report.summarize_lifecycle(results["lifecycle"]["records"])}
    results["summary"]["floor"] = report.summarize_floor(
        results["lifecycle"]["floor"], results["summary"]["lifecycle"]
    )
    if "concurrency" in results:
        results["summary"]["concurrency"] = report.summarize_concurrency(results["concurrency"])
    if "kinds" in results:
        results["kinds"]["summary"] = report.summarize_kinds(results["kinds"])
    results["goals"] = goals.evaluate(results)
    results["run"] = {
        "command": "python -m bench.run"
        + (" " + shlex.join(argv if argv is not None else sys.argv[1:])).rstrip(),
        "sizes": sizes,
        "repeats": repeats,
        "concurrency_repeats": conc_repeats if "concurrency" in results else 0,
        "startup_runs": startup_runs,
        "noop_shape_drift": drift,
        "total_seconds": time.perf_counter() - started,
        "load_average_at_end": load_average(),
    }

    out_dir: Path = args.out_dir
    text = write(results, out_dir)
    _log("")
    _log(text)
    _log(f"wrote {out_dir / 'results.md'}, {out_dir / 'results.json'}, {out_dir / 'wall_time.png'}")
    _log(f"total: {results['run']['total_seconds'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
