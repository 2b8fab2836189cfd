"""Summarize the last `mutmut run` (`make mutation`): the share of mutants killed, per module, survivors.

Reads `mutmut results --all true` and writes bench/mutation.md (and prints it), keeping its History
section. A mutant counts as killed when a test failed or timed out with it; "not checked" ones (a run
stopped early) are reported, not scored.
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "mutation.md"
KILLED = {"killed", "timeout"}
HISTORY = "## History"
"""The section of bench/mutation.md kept across runs (written by hand: earlier scores and what changed)."""
LINE = re.compile(r"^\s*(?P<name>[\w.]+)__mutmut_\d+: (?P<status>.+)$")


def main() -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    text = subprocess.run(
        [str(mutmut), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    per_module: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    survivors: list[str] = []
    for line in text.splitlines():
        match = LINE.match(line)
        if not match:
            continue
        name, status = match["name"], match["status"].strip()
        module = name.rsplit(".", 1)[0]
        per_module[module][status] += 1
        if status == "survived":
            survivors.append(line.strip().split(":")[0])
    rows = []
    total = collections.Counter[str]()
    for module, counts in sorted(per_module.items()):
        total.update(counts)
        scored = sum(v for k, v in counts.items() if k != "not checked")
        killed = sum(counts[k] for k in KILLED)
        share = f"{100 * killed / scored:.1f}%" if scored else "-"
        rows.append(
            f"| `{module}` | {scored} | {killed} | {counts['survived']} | {counts['not checked']} | {share} |"
        )
    scored = sum(v for k, v in total.items() if k != "not checked")
    killed = sum(total[k] for k in KILLED)
    score = f"{100 * killed / scored:.1f}%" if scored else "-"
    report = "\n".join(
        [
            "# Mutation score (`make mutation`)",
            "",
            "mutmut over the modules listed in `[tool.mutmut] only_mutate` (pyproject.toml), against the",
            "unit, provider and native tests. Killed = a test failed or timed out.",
            "",
            f"**Score: {killed}/{scored} killed ({score})**; other statuses: {dict(total)}",
            "",
            "| module | mutants run | killed | survived | not run | killed share |",
            "|---|---|---|---|---|---|",
            *rows,
            "",
            "## Survivors",
            "",
            "See one with `.venv/bin/mutmut show NAME`.",
            "",
            *[f"- `{name}`" for name in survivors],
            "",
        ]
    )
    previous = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    if HISTORY in previous:
        report += "\n" + previous[previous.index(HISTORY) :]
    OUT.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
