"""The native plugin's cold start: the standalone executable beside the Python-environment plugin.

Each plugin is started as the engine starts it (``pulumi-resource-blaxel <engine address>``, a pipe on its
standard input) and timed from the process start until it prints its port, and until it answers a first
``GetSchema`` (the engine's first call to a provider it loads). Three plugins, the same package version:

* ``standalone``: the archive of ``make plugin-standalone``, extracted: one PyInstaller ``--onefile``
  executable, which unpacks its interpreter and libraries into a temporary directory at every start;
* ``python-env``: the archive of ``make plugin``, extracted: a shell launcher running the base Python of
  this virtualenv on the archive's ``lib/``;
* ``venv``: the pip package's console script in this virtualenv (the plugin of the tests).

One discarded warm-up each (the page cache is warm for all three), then ``runs`` rounds, the order rotated
per round; figures are medians. The figure of interest is the ratio ``standalone / python-env`` of the
first answers, from the same run. Nothing here asserts a time.

    python -m bench.plugin_start [--runs 5] [--json PATH]   # builds what is not cached (~4 min)

`python -m bench.run` (`make bench`) runs it in its start-up part (``startup.plugin_cold_start`` of
``results.json``, a table in the start-up section of ``results.md``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.e2e.standalone_plugin import BASE_PYTHON, EXECUTABLE, build_plugin_script, standalone_archive

KINDS = ("standalone", "python-env", "venv")
"""The plugins compared, in the order of the table."""
LABELS = {
    "standalone": "standalone executable (`make plugin-standalone`, PyInstaller --onefile)",
    "python-env": "Python-environment archive (`make plugin`, launcher + `lib/`)",
    "venv": "console script of the pip package (this virtualenv)",
}
ENGINE = "127.0.0.1:1"
"""The engine address given to the plugins: nothing listens there, and ``GetSchema`` never calls it."""

Log = Callable[[str], None]


@dataclass(frozen=True)
class Plugin:
    """How to start one plugin, the size of what a user downloads for it and of what it installs (None:
    nothing downloaded or installed: the virtualenv's own script)."""

    executable: Path
    env: dict[str, str]
    archive_bytes: int | None
    installed_bytes: int | None


def _size(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


def _extract(archive: Path, into: Path) -> Path:
    into.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / EXECUTABLE


def prepare(workdir: Path, log: Log = print) -> dict[str, Plugin]:
    """The three plugins, their archives built (or taken from the standalone build cache) and extracted
    under ``workdir``."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(workdir)}
    log("plugin start: the standalone archive (built when the sources changed: minutes)")
    standalone = standalone_archive()
    log("plugin start: the Python-environment archive")
    python_env = Path(build_plugin_script().build(workdir / "python-env-archive", sys.executable))
    venv = Path(sys.executable).parent / EXECUTABLE
    plugins = {
        "standalone": (standalone, _extract(standalone, workdir / "standalone"), env),
        "python-env": (
            python_env,
            _extract(python_env, workdir / "python-env"),
            {**env, "BLAXEL_PULUMI_PYTHON": str(BASE_PYTHON)},
        ),
    }
    found = {
        kind: Plugin(executable, run_env, archive.stat().st_size, _size(executable.parent))
        for kind, (archive, executable, run_env) in plugins.items()
    }
    found["venv"] = Plugin(venv, env, None, None)
    return found


def first_answer(plugin: Plugin) -> dict[str, float]:
    """Start ``plugin``; seconds until it prints its port, and until it answers ``GetSchema``."""
    grpc: Any = importlib.import_module("grpc")
    provider_pb2: Any = importlib.import_module("pulumi.runtime.proto.provider_pb2")
    provider_pb2_grpc: Any = importlib.import_module("pulumi.runtime.proto.provider_pb2_grpc")
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(plugin.executable), ENGINE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=plugin.env,
        cwd=plugin.env["HOME"],
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        line = process.stdout.readline().strip()
        if not line.isdigit():
            process.kill()
            raise RuntimeError(f"{plugin.executable} printed no port: {process.stderr.read()[-3000:]!r}")
        port_seconds = time.perf_counter() - started
        with grpc.insecure_channel(f"127.0.0.1:{int(line)}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            response = stub.GetSchema(provider_pb2.GetSchemaRequest(), timeout=60)
        answer_seconds = time.perf_counter() - started
        assert json.loads(response.schema)["name"] == "blaxel"
    finally:
        process.terminate()  # the engine stops its plugins with a signal too
        process.wait(timeout=30)
    return {"port_seconds": port_seconds, "first_answer_seconds": answer_seconds}


def measure(runs: int, log: Log = print) -> dict[str, Any]:
    """Each plugin's :func:`first_answer` ``runs`` times (after a warm-up), the raw samples and the sizes."""
    with tempfile.TemporaryDirectory(prefix="blaxel-bench-plugin-") as tmp:
        plugins = prepare(Path(tmp), log)
        for plugin in plugins.values():
            first_answer(plugin)
        samples: dict[str, dict[str, list[float]]] = {
            kind: {"port_seconds": [], "first_answer_seconds": []} for kind in KINDS
        }
        for index in range(runs):
            shift = index % len(KINDS)
            for kind in KINDS[shift:] + KINDS[:shift]:
                for key, value in first_answer(plugins[kind]).items():
                    samples[kind][key].append(value)
            log(
                "  plugin start "
                + "  ".join(f"{k} {samples[k]['first_answer_seconds'][-1]:5.2f}s" for k in KINDS)
            )
        return {
            "runs": runs,
            "samples": samples,
            "archive_bytes": {kind: p.archive_bytes for kind, p in plugins.items()},
            "installed_bytes": {kind: p.installed_bytes for kind, p in plugins.items()},
        }


def summarize(part: dict[str, Any]) -> dict[str, Any]:
    """Medians of each plugin's samples, and the ratios of the standalone's to the two others'."""
    medians = {
        kind: {key: statistics.median(values) for key, values in part["samples"][kind].items()}
        for kind in KINDS
        if kind in part["samples"]
    }
    standalone = medians["standalone"]["first_answer_seconds"]
    return {
        "medians": medians,
        "standalone_over": {
            kind: standalone / medians[kind]["first_answer_seconds"]
            for kind in medians
            if kind != "standalone"
        },
    }


def _mb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1e6:.1f}"


def markdown_lines(part: dict[str, Any]) -> list[str]:
    """The table of the start-up section of ``results.md``."""
    summary = summarize(part)
    medians = summary["medians"]
    rows = [
        f"| {LABELS[kind]} | {medians[kind]['port_seconds']:.2f} | "
        f"{medians[kind]['first_answer_seconds']:.2f} | {_mb(part['archive_bytes'][kind])} | "
        f"{_mb(part['installed_bytes'][kind])} |"
        for kind in KINDS
        if kind in medians
    ]
    ratios = summary["standalone_over"]
    return [
        "The native plugin (`pulumi-resource-blaxel`) as the engine starts it: time until it prints its "
        "port, and until it answers a first `GetSchema` (medians of "
        f"{part['runs']} runs after a warm-up; the standalone executable unpacks itself into a temporary "
        "directory at every start):",
        "",
        "| plugin | port printed (s) | first answer (s) | archive (MB) | installed (MB) |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
        f"Cold start, standalone / Python-environment archive: **{ratios['python-env']:.2f}**; "
        f"standalone / console script: {ratios['venv']:.2f}.",
        "",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: print the table; ``--json PATH`` also writes the raw part."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.plugin_start", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="measured starts per plugin (5)")
    parser.add_argument("--json", type=Path, help="write the raw samples here")
    args = parser.parse_args(argv)
    part = measure(args.runs)
    if args.json:
        args.json.write_text(json.dumps(part, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print("\n".join(markdown_lines(part)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
