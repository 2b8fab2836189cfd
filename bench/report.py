"""Summaries of the raw figures, the markdown report and the plot."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bench.kind_program import KINDS, OPERATIONS as KIND_OPERATIONS
from bench.lifecycle import OPERATIONS
from bench.plugin_start import markdown_lines as plugin_start_lines
from bench.startup import IMPORTS

REQUEST_KINDS = ("POST", "PUT", "DELETE", "GET", "GET poll")
LABELS = dict(OPERATIONS)


def stats(values: Iterable[float]) -> dict[str, float]:
    """Median, min, max and count of ``values``."""
    data = list(values)
    if not data:
        return {"median": math.nan, "min": math.nan, "max": math.nan, "n": 0}
    return {"median": statistics.median(data), "min": min(data), "max": max(data), "n": len(data)}


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


# -- summaries ------------------------------------------------------------------------------------------


def summarize_lifecycle(
    records: list[dict[str, Any]], operations: tuple[tuple[str, str], ...] = OPERATIONS
) -> dict[str, dict[str, Any]]:
    """By size and operation: wall-time statistics of ours and no-op, their ratio, requests per job (per
    copy of the program's resources: one job, or the 10 objects of the 10-kind program)."""
    measured = [r for r in records if not r["warmup"]]
    summary: dict[str, dict[str, Any]] = {}
    for size in sorted({r["size"] for r in measured}):
        per_op: dict[str, Any] = {}
        for op, _label in operations:
            rows = [r for r in measured if r["size"] == size and r["op"] == op]
            ours = [r for r in rows if r["provider"] == "ours"]
            noop = [r for r in rows if r["provider"] == "noop"]
            by_repeat = {r["repeat"]: r["seconds"] for r in noop}
            paired = [r["seconds"] / by_repeat[r["repeat"]] for r in ours if r["repeat"] in by_repeat]
            totals: Counter[str] = Counter()
            for row in ours:
                totals.update(row.get("requests", {}))
            runs = max(len(ours), 1)
            ours_stats, noop_stats = stats(r["seconds"] for r in ours), stats(r["seconds"] for r in noop)
            per_op[op] = {
                "ours": ours_stats,
                "noop": noop_stats,
                "ratio": _ratio(ours_stats["median"], noop_stats["median"]),
                "paired_ratio": stats(paired),
                "requests_per_job": {k: v / runs / size for k, v in sorted(totals.items())},
            }
        summary[str(size)] = per_op
    return summary


def summarize_floor(floors: list[dict[str, Any]], lifecycle: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """By size: the httpx floor's times, and ours relative to it."""
    summary: dict[str, Any] = {}
    for size in sorted({f["size"] for f in floors}):
        rows = [f for f in floors if f["size"] == size]
        create = stats(f["create_seconds"] for f in rows)
        delete = stats(f["delete_seconds"] for f in rows)
        process = stats(f["process_seconds"] for f in rows)
        ours = lifecycle[str(size)]
        ours_create, ours_destroy = ours["create"]["ours"]["median"], ours["destroy"]["ours"]["median"]
        summary[str(size)] = {
            "create_seconds": create,
            "delete_seconds": delete,
            "process_seconds": process,
            "ours_create_over_floor_create": _ratio(ours_create, create["median"]),
            "ours_destroy_over_floor_delete": _ratio(ours_destroy, delete["median"]),
            "ours_create_plus_destroy_over_floor_process": _ratio(
                ours_create + ours_destroy, process["median"]
            ),
        }
    return summary


def summarize_kinds(part: dict[str, Any]) -> dict[str, Any]:
    """The 10-kind benchmark (:mod:`bench.kinds`): wall times and ratios by operation (as the lifecycle's),
    requests per object of each kind by operation, and the state after the create, ours beside the no-op."""
    count = part["count"]
    wall = summarize_lifecycle(part["records"], KIND_OPERATIONS).get(str(count), {})
    ours = [r for r in part["records"] if not r["warmup"] and r["provider"] == "ours"]
    requests: dict[str, dict[str, dict[str, float]]] = {}
    for op, _label in KIND_OPERATIONS:
        rows = [r for r in ours if r["op"] == op]
        for word, _collection, _title in KINDS:
            totals: Counter[str] = Counter()
            for row in rows:
                totals.update(row.get("requests_by_kind", {}).get(word, {}))
            requests.setdefault(op, {})[word] = {
                k: v / max(len(rows), 1) / count for k, v in sorted(totals.items())
            }
    sizes = part["state"].get(str(count), {})
    after = {kind: sizes.get(kind, {}).get("after_create") for kind in ("ours", "noop")}
    state: dict[str, Any] = {}
    if after["ours"] and after["noop"]:
        means = {kind: cell["resource_bytes_mean"] for kind, cell in after.items() if cell}
        state = {
            "export_bytes": {kind: cell["export_bytes"] for kind, cell in after.items() if cell},
            "export_bytes_per_object": {
                kind: cell["export_bytes_per_object"] for kind, cell in after.items() if cell
            },
            "per_object_ratio": _ratio(
                after["ours"]["export_bytes_per_object"], after["noop"]["export_bytes_per_object"]
            ),
            "entry_bytes": {
                title: {
                    "ours": means["ours"].get(title),
                    "noop": means["noop"].get(title),
                    "ratio": _ratio(means["ours"][title], means["noop"][title])
                    if title in means["ours"] and title in means["noop"]
                    else None,
                }
                for title in sorted(set(means["ours"]) | set(means["noop"]))
            },
        }
    return {"count": count, "wall": wall, "requests_per_object": requests, "state": state}


def summarize_concurrency(result: dict[str, Any]) -> dict[str, Any]:
    """By variant: `up` wall-time statistics, relative to D, peak overlapping waits, requests per job."""
    jobs, deploy = result["jobs"], result["deploy_seconds"]
    summary: dict[str, Any] = {}
    for variant in result["variants"]:
        rows = [r for r in result["records"] if r["variant"] == variant["key"]]
        up = stats(r["seconds"] for r in rows)
        totals: Counter[str] = Counter()
        for row in rows:
            totals.update(row["requests"])
        summary[variant["key"]] = {
            **variant,
            "up_seconds": up,
            "up_over_deploy_seconds": _ratio(up["median"], deploy),
            "peak_concurrent_waits": stats(r["peak_concurrent_waits"] for r in rows),
            "http_span_seconds": stats(r["http_span_seconds"] for r in rows),
            "requests_per_job": {k: v / max(len(rows), 1) / jobs for k, v in sorted(totals.items())},
        }
    return summary


# -- markdown -------------------------------------------------------------------------------------------


def _s(value: dict[str, float], digits: int = 2) -> str:
    if not value.get("n"):
        return "-"
    if value["n"] == 1:
        return f"{value['median']:.{digits}f}"
    return f"{value['median']:.{digits}f} [{value['min']:.{digits}f}-{value['max']:.{digits}f}]"


def _num(value: float, digits: int = 2) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def _requests(per_job: dict[str, float]) -> str:
    parts = [f"{per_job[k]:.3g} {k}" for k in REQUEST_KINDS if per_job.get(k)]
    errors = [f"{per_job[k]:.3g}x {k.split()[1]}" for k in per_job if k.startswith("HTTP ")]
    text = ", ".join(parts) or "none"
    return f"{text} ({', '.join(errors)})" if errors else text


def _bytes(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _load(values: list[float] | None) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "-"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def markdown(results: dict[str, Any]) -> str:
    """The whole report."""
    machine, run = results["machine"], results["run"]
    out = [
        "# blaxel-pulumi benchmarks",
        "",
        f"Generated by `{run['command']}` on {machine['date']} in {run['total_seconds'] / 60:.1f} min. "
        "Raw figures: `results.json`; plot: `wall_time.png`; how to read this: `README.md`.",
        "",
        "| machine | |",
        "|---|---|",
        f"| nproc | {machine['nproc']} |",
        f"| memory | {machine['memory_gib']} GiB |",
        f"| CPU | {machine['cpu_model']} |",
        f"| OS | {machine['os']} |",
        f"| Python | {machine['python']} |",
        f"| pulumi | CLI {machine['pulumi_cli']}, Python SDK {machine['pulumi_python_sdk']} |",
        f"| blaxel-pulumi | {machine['blaxel_pulumi']} (commit {machine['git_commit']}) |",
        f"| load average (1, 5, 15 min) | at start {_load(machine.get('load_average_at_start'))}, at end "
        f"{_load(run.get('load_average_at_end'))} |",
        "",
        f"Sizes N = {', '.join(str(s) for s in run['sizes'])}; {run['repeats']} measured repeat(s) after one "
        "discarded warm-up lifecycle; ours and the no-op provider alternate per operation (which one goes "
        "first alternates too). Figures are medians, with [min-max] when repeated. The local Blaxel API "
        "runs as a separate process on loopback; rollouts settle at once (D = 0) except in the concurrency "
        "section.",
        "",
    ]
    out += _goals_section(results)
    out += _lifecycle_section(results)
    out += _rss_section(results)
    out += _floor_section(results)
    out += _state_section(results)
    out += _startup_section(results)
    out += _concurrency_section(results)
    if "kinds" in results:
        out += kinds_lines(results["kinds"])
    return "\n".join(out) + "\n"


def _goals_section(results: dict[str, Any]) -> list[str]:
    rows = results.get("goals") or []
    if not rows:
        return []
    table = [
        [
            row["figure"],
            row["measured"],
            row["goal"],
            f"**{row['status']}**" if row["status"] == "FAIL" else row["status"],
        ]
        for row in rows
    ]
    notes = [f"- {row['figure'].strip()}: {row['note']}" for row in rows if row.get("note")]
    return [
        "## Goals (issues 14 and 15)",
        "",
        "Each goal beside the figure this run measured (`bench/goals.py`). Indented rows give context: the "
        "same figure with the engine's own part removed, or under another set-up; the goal's own row is "
        "never redefined.",
        "",
        *_table(["figure", "measured", "goal", "status"], table),
        "",
        *notes,
        "",
    ]


def _rss_section(results: dict[str, Any]) -> list[str]:
    records = [r for r in results["lifecycle"]["records"] if r.get("peak_rss_mib") and not r["warmup"]]
    if not records:
        return []
    size = max(r["size"] for r in records)
    rows = []
    for op, label in OPERATIONS:
        cells = []
        for kind in ("ours", "noop"):
            for role in ("provider", "program"):
                values = [
                    r["peak_rss_mib"].get(role)
                    for r in records
                    if r["size"] == size and r["op"] == op and r["provider"] == kind
                ]
                values = [v for v in values if v is not None]
                cells.append(f"{max(values):.0f}" if values else "-")
        rows.append([label, *cells])
    return [
        f"## Peak resident memory at N = {size} (MiB)",
        "",
        "The largest RSS seen (sampled every 50 ms, over the measured repeats) of the dynamic-provider "
        "process (`python -m pulumi.dynamic`) and of the program (`pulumi-language-python-exec`), "
        "descendants of the benchmark only. `-`: that process did not run (or too briefly to be sampled).",
        "",
        *_table(["operation", "ours: provider", "ours: program", "no-op: provider", "no-op: program"], rows),
        "",
    ]


def _lifecycle_section(results: dict[str, Any]) -> list[str]:
    summary = results["summary"]["lifecycle"]
    rows, req_rows = [], []
    for op, label in OPERATIONS:
        for size, per_op in summary.items():
            cell = per_op[op]
            rows.append([label, size, _s(cell["ours"]), _s(cell["noop"]), _num(cell["ratio"])])
        req_rows.append([label, *(_requests(per_op[op]["requests_per_job"]) for per_op in summary.values())])
    out = [
        "## Wall time per operation (s)",
        "",
        "`ours` is the jobs program (`BlaxelJob`, real HTTP to the local API); `no-op` the same program "
        "shape on a dynamic provider that does nothing. The ratio (of medians) is what our provider costs "
        "over the engine's own cost for the same resources.",
        "",
        *_table(["operation", "N", "ours", "no-op", "ours / no-op"], rows),
        "",
        *_marginal_lines(summary),
        "## Requests to Blaxel per job (ours)",
        "",
        "From the local API's request log, cleared before each operation. `GET poll` is a GET during a "
        "deployment or deletion wait; other GETs are reads (refresh). 404s of the deletion wait are expected "
        "(the job is gone).",
        "",
        *_table(["operation", *(f"N={size}" for size in summary)], req_rows),
        "",
    ]
    if results["lifecycle"]["leftover_jobs"]:
        out += [f"**Jobs left behind after destroy:** {', '.join(results['lifecycle']['leftover_jobs'])}", ""]
    return out


def _marginal_lines(summary: dict[str, dict[str, Any]]) -> list[str]:
    sizes = sorted(int(size) for size in summary)
    if len(sizes) < 2:
        return []
    low, high = str(sizes[0]), str(sizes[-1])
    rows = []
    for op, label in OPERATIONS:
        slopes = {
            kind: (summary[high][op][kind]["median"] - summary[low][op][kind]["median"])
            / (int(high) - int(low))
            * 1000
            for kind in ("ours", "noop")
        }
        rows.append(
            [
                label,
                f"{slopes['ours']:.1f}",
                f"{slopes['noop']:.1f}",
                f"{slopes['ours'] - slopes['noop']:.1f}",
            ]
        )
    return [
        f"Cost of each additional job (ms), from the medians at N={low} and N={high}:",
        "",
        *_table(["operation", "ours", "no-op", "ours - no-op"], rows),
        "",
    ]


def _floor_section(results: dict[str, Any]) -> list[str]:
    rows = []
    for size, cell in results["summary"]["floor"].items():
        ours = results["summary"]["lifecycle"][size]
        rows.append(
            [
                size,
                _s(cell["create_seconds"], 3),
                _s(cell["delete_seconds"], 3),
                _s(cell["process_seconds"]),
                _num(ours["create"]["ours"]["median"]),
                _num(cell["ours_create_over_floor_create"], 0),
                _num(ours["destroy"]["ours"]["median"]),
                _num(cell["ours_destroy_over_floor_delete"], 0),
                _num(cell["ours_create_plus_destroy_over_floor_process"], 1),
            ]
        )
    return [
        "## The floor: the same HTTP work from a plain httpx script",
        "",
        "`python -m bench.floor`: N `POST /jobs` then N `DELETE`, one keep-alive connection, sequential, "
        "against the same local API. `script` is the whole process (interpreter start-up and imports "
        "included).",
        "",
        *_table(
            [
                "N",
                "N POST (s)",
                "N DELETE (s)",
                "script (s)",
                "ours create (s)",
                "/ POSTs",
                "ours destroy (s)",
                "/ DELETEs",
                "(create + destroy) / script",
            ],
            rows,
        ),
        "",
    ]


def _state_section(results: dict[str, Any]) -> list[str]:
    rows = []
    for size, by_kind in sorted(results["lifecycle"]["state"].items(), key=lambda item: int(item[0])):
        for kind in ("ours", "noop"):
            for moment in ("after_create", "after_update"):
                cell = by_kind.get(kind, {}).get(moment)
                if not cell:
                    continue
                parts = cell["resource_breakdown_bytes"]
                rows.append(
                    [
                        kind,
                        size,
                        moment.replace("_", " "),
                        f"{cell['export_bytes']:,}",
                        f"{cell['export_bytes_per_job']:,.0f}",
                        f"{cell['resource_bytes_mean']:,.0f}",
                        f"{parts['__provider (inputs + outputs)']:,.0f}",
                        f"{parts['events']:,.0f}",
                        f"{parts['stackTrace']:,.0f}",
                        f"{parts['rest']:,.0f}",
                    ]
                )
    sizes = results["provider_size"]
    return [
        *_state_updates_lines(results.get("state_updates")),
        "## State size by N",
        "",
        "`pulumi stack export` bytes, divided by N, and the mean size of one job's resource entry with what "
        "it is made of (`stackTrace` is the engine's record of where the resource was declared).",
        "",
        *_table(
            [
                "provider",
                "N",
                "when",
                "export bytes",
                "export / N",
                "job entry",
                "`__provider`",
                "`events`",
                "`stackTrace`",
                "rest",
            ],
            rows,
        ),
        "",
        "## The pickled provider (`__provider`)",
        "",
        *_table(
            [
                "provider",
                "`serialize_provider()` (base64 chars)",
                "pickle bytes",
                "in state: secret ciphertext chars",
            ],
            [
                [
                    kind,
                    str(sizes["serialized"][kind]["base64_chars"]),
                    str(sizes["serialized"][kind]["pickle_bytes"]),
                    _num(sizes["state_ciphertext_chars"].get(kind), 0),
                ]
                for kind in ("ours", "noop")
            ],
        ),
        "",
        "Each job stores the ciphertext twice (inputs and outputs). A provider pickled by reference is a "
        "module path and a class name; one pickled by value would be kilobytes.",
        "",
    ]


def _state_updates_lines(measured: dict[str, Any] | None) -> list[str]:
    if not measured:
        return []
    rows = []
    for moment in ("after_create", "after_updates"):
        ours, noop = measured["ours"][moment], measured["noop"][moment]
        rows.append(
            [
                moment.replace("_", " ").replace("updates", f"{measured['updates']} updates"),
                f"{ours['export_bytes_per_job']:,.0f}",
                f"{noop['export_bytes_per_job']:,.0f}",
                f"{ours['export_bytes_per_job'] / noop['export_bytes_per_job']:.3f}",
                f"{ours['resource_breakdown_bytes']['events']:,.0f}",
            ]
        )
    return [
        f"## State size: N = {measured['count']}, after create and after {measured['updates']} updates",
        "",
        "`pulumi stack export` bytes / N (each update changes every job's memory). `events` is the mean size "
        "of one job's `events` output (the latest 5 deployment events while a job is not `DEPLOYED`; none "
        "once it is).",
        "",
        *_table(["when", "ours (B / job)", "no-op (B / job)", "ours / no-op", "`events` (B)"], rows),
        "",
    ]


def _startup_section(results: dict[str, Any]) -> list[str]:
    startup = results.get("startup")
    if not startup:
        return []
    order = [label for label in IMPORTS if label in startup["imports"]]
    order += [label for label in startup["imports"] if label not in order]
    imports = [[f"`{label}`", _s(stats(startup["imports"][label]["seconds"]), 3)] for label in order]
    process = startup["provider_process"]
    proc_rows = [
        [
            kind,
            _s(stats(process[kind]["port_seconds"]), 3),
            _s(stats(process[kind]["first_answer_seconds"]), 3),
        ]
        for kind in ("ours", "noop")
    ]
    medians = startup["import_medians"]
    base = medians["pulumi.dynamic"]
    extras = "; ".join(
        f"{label}: {(medians[label] - base) * 1000:+.0f} ms"
        for label in order
        if label not in ("python (nothing)", "pulumi.dynamic")
    )
    breakdown = "; ".join(
        f"{side}: " + ", ".join(f"{b['package']} {b['ms']:g}" for b in rows)
        for side, rows in startup["import_breakdown_ms"].items()
    )
    return [
        "## Provider start-up",
        "",
        "Wall time of `python -c <import>` (fresh interpreter each time, bytecode cached):",
        "",
        *_table(["import", "seconds"], imports),
        "",
        f"Over `import pulumi.dynamic`: {extras}. Self time (ms) of the modules that `pulumi.dynamic` does "
        f"not import, by package, one `-X importtime` run each: {breakdown}. The program pays its part once "
        "per command; the provider process pays the check/diff part on its first call, and the httpx part on "
        "its first call that sends a request (without httpx's command-line client, which httpx would import "
        "with click, rich and pygments when they are installed: the provider process leaves it out).",
        "",
        "The provider process as the engine starts it (`python -u -m pulumi.dynamic`): time until it prints "
        "its port, and until it answers a first `Check` carrying the pickled provider (loading it imports "
        "the provider's module):",
        "",
        *_table(["provider", "port printed (s)", "first answer (s)"], proc_rows),
        "",
        *(plugin_start_lines(startup["plugin_cold_start"]) if "plugin_cold_start" in startup else []),
        *_client_lines(startup.get("client_construction_ms") or {}),
    ]


def _client_lines(costs: dict[str, float]) -> list[str]:
    if not costs:
        return []
    return [
        "Building an HTTP client, in-process (ms per client; the provider builds one per operation, i.e. per "
        "job and operation):",
        "",
        *_table(["client", "ms"], [[f"`{name}`", f"{ms:.2f}"] for name, ms in costs.items()]),
        "",
    ]


def _concurrency_section(results: dict[str, Any]) -> list[str]:
    conc = results.get("concurrency")
    if not conc:
        return []
    summary = results["summary"]["concurrency"]
    jobs, deploy = conc["jobs"], conc["deploy_seconds"]
    ref = summary["reference"]["up_seconds"]["median"] if "reference" in summary else math.nan
    rows = [
        [
            cell["label"],
            _s(cell["up_seconds"]),
            _num(cell["up_over_deploy_seconds"], 2),
            _num((cell["up_seconds"]["median"] - ref) / deploy, 2) if key != "reference" else "-",
            _num(cell["peak_concurrent_waits"]["median"], 0),
            _requests(cell["requests_per_job"]),
        ]
        for key, cell in summary.items()
    ]
    return [
        f"## Concurrency: `pulumi up` creating N = {jobs} jobs, rollouts of D = {deploy:g} s",
        "",
        f"The SDK's dynamic-provider process serves {conc['sdk_workers']} calls at once; the providers of "
        "this package widen its pool on their first call (32 by default, `BLAXEL_PULUMI_PROVIDER_THREADS` "
        "or `blaxel:providerThreads`), so the limit is the engine's `--parallel`: by default 4 x nproc = "
        f"{conc['engine_default_parallel']} here, i.e. ceil({jobs}/{conc['engine_default_parallel']}) = "
        f"{conc['expected_waves_default']} wave(s) of waits. `wait alone` is (`up` - the D = 0 `up`) / D. "
        "`peak waits` is the most deployment waits in progress at once, from the request log. A poll's "
        "pause is 10% of the time waited (0.25 s to 5 s), so a rollout's end is seen within ~10% of D.",
        "",
        *_table(
            ["set-up", "up (s)", "up / D", "wait alone / D", "peak waits", "requests per job"],
            rows,
        ),
        "",
    ]


# -- plot -----------------------------------------------------------------------------------------------


def plot(results: dict[str, Any], path: Path) -> None:
    """One figure: a panel per operation, wall time vs job count, ours (solid) and no-op (dashed); the create
    and destroy panels also show the httpx script doing the same HTTP work."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    summary = results["summary"]["lifecycle"]
    floor = results["summary"]["floor"]
    sizes = [int(s) for s in summary]
    fig, axes = plt.subplots(2, 3, figsize=(13, 7.5), dpi=110, sharex=True, sharey=True)
    styles = {
        "ours": ("tab:blue", "-", "o", "ours (BlaxelJob)"),
        "noop": ("tab:gray", "--", "s", "no-op provider"),
    }
    for ax, (op, label) in zip(axes.flat, OPERATIONS, strict=True):
        for kind, (color, line, marker, name) in styles.items():
            cells = [summary[str(s)][op][kind] for s in sizes]
            medians = [c["median"] for c in cells]
            errors = [[c["median"] - c["min"] for c in cells], [c["max"] - c["median"] for c in cells]]
            ax.errorbar(
                sizes,
                medians,
                yerr=errors,
                color=color,
                linestyle=line,
                marker=marker,
                markersize=4,
                capsize=3,
                label=name,
            )
        if op in ("create", "destroy"):
            ax.plot(
                sizes,
                [floor[str(s)]["process_seconds"]["median"] for s in sizes],
                color="black",
                linestyle=":",
                marker="x",
                label="httpx script (N POST + N DELETE)",
            )
        ratios = ", ".join(f"{summary[str(s)][op]['ratio']:.2f}" for s in sizes)
        ax.set_title(f"{label}\nours / no-op: {ratios}", fontsize=9)
        ax.set_xscale("log")
        ax.set_xticks(sizes)
        ax.set_xticklabels([str(s) for s in sizes])
        ax.minorticks_off()
        ax.grid(True, alpha=0.3)
    top = max(cell[kind]["max"] for per_op in summary.values() for cell in per_op.values() for kind in styles)
    axes.flat[0].set_ylim(0, top * 1.08)
    for ax in axes[-1]:
        ax.set_xlabel("jobs in the stack (N, log scale)")
    for ax in axes[:, 0]:
        ax.set_ylabel("wall time (s): median, bars min-max")
    handles, labels = axes.flat[1].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=9, frameon=False)
    machine = results["machine"]
    fig.suptitle(
        f"pulumi {machine['pulumi_cli']} against the local Blaxel API; {machine['nproc']} CPU "
        f"({machine['cpu_model']}), {results['run']['repeats']} repeat(s)",
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(path)
    plt.close(fig)


# -- the 10-kind benchmark ------------------------------------------------------------------------------


def kinds_lines(part: dict[str, Any]) -> list[str]:
    """The section of the 10-kind benchmark (``part`` as :mod:`bench.kinds` returns it, with its
    ``summary``)."""
    summary, count = part["summary"], part["count"]
    measured = part.get("measured")
    when = (
        f"Measured apart from the rest of this report, on {measured['date']}, by `{measured['command']}`"
        if measured
        else "Measured in this run"
    )
    wall = [
        [
            label,
            _s(summary["wall"][op]["ours"]),
            _s(summary["wall"][op]["noop"]),
            _num(summary["wall"][op]["ratio"]),
        ]
        for op, label in KIND_OPERATIONS
        if op in summary["wall"]
    ]
    per_object = summary["requests_per_object"]
    requests = [
        [word, *(_requests(per_object[op][word]) for op, _label in KIND_OPERATIONS)]
        for word, _collection, _title in KINDS
    ]
    requests.append(
        [
            "all 10, per copy",
            *(_requests(summary["wall"][op]["requests_per_job"]) for op, _label in KIND_OPERATIONS),
        ]
    )
    out = [
        f"## Ten kinds: N = {count} copies of one object of each kind ({10 * count} resources)",
        "",
        "`programs/kinds` (`python -m bench.kinds`): a policy, an integration connection, a volume "
        "template, a volume, a drive, a model, a function, an agent, a sandbox and a job, naming each other "
        "through their outputs as `examples/agent-platform` does (the job, model, function and agent name "
        "the policy; the model and function the connection; the agent and sandbox attach the volume, made "
        "from the template). `no-op` is `programs/noop` with config `kinds`: the same resources, property "
        "names and references on a provider that does nothing. The lifecycle's runner: ours and no-op "
        "alternate per "
        f"operation, {part['repeats']} measured repeat(s) after a discarded warm-up, medians [min-max]. "
        f"{when}; load average at start {_load(part.get('load_average_at_start'))}, at end "
        f"{_load(part.get('load_average_at_end'))}.",
        "",
        *_table(["operation", "ours (s)", "no-op (s)", "ours / no-op"], wall),
        "",
        "Requests to Blaxel per object of each kind (ours; from the local API's request log, cleared before "
        "each operation, split by collection):",
        "",
        *_table(["kind", *(label for _op, label in KIND_OPERATIONS)], requests),
        "",
    ]
    state = summary["state"]
    if state:
        entries = [
            [f"`{title}`", _bytes(cell["ours"]), _bytes(cell["noop"]), _num(cell["ratio"])]
            for title, cell in state["entry_bytes"].items()
        ]
        exported, per_object = state["export_bytes"], state["export_bytes_per_object"]
        out += [
            f"State after the create: `pulumi stack export` {exported['ours']:,} bytes (ours) and "
            f"{exported['noop']:,} (no-op), {per_object['ours']:,.0f} and {per_object['noop']:,.0f} per "
            f"object: ours / no-op {_num(state['per_object_ratio'], 3)}. The mean resource entry of each "
            "kind (bytes; ours has one `StackIdentity` more, the stack's identity):",
            "",
            *_table(["kind", "ours", "no-op", "ours / no-op"], entries),
            "",
        ]
    if part.get("leftover_jobs"):
        out += [f"**Objects left behind after destroy:** {', '.join(part['leftover_jobs'])}", ""]
    return out
