"""Command line of the local Blaxel API::

    python -m blaxel_pulumi.emulator --port 8787 --db ./jobs.sqlite --key local-dev-key=local:admin

prints the base URL and ``export BL_API_URL=... BL_WORKSPACE=... BL_API_KEY=...`` lines (every other line
starts with ``#`` so the output can be sourced), then serves until SIGINT or SIGTERM and exits 0.
``--ready-file PATH`` gets ``{"url", "root_url", "port", "pid", "workspace", "db"}`` once the server
accepts connections (written atomically, removed on exit). Flags override ``--config FILE`` settings;
``--key`` flags add to the file's keys; with no key at all, ``local-dev-key`` (workspace ``local``,
admin) is used.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

from blaxel_pulumi.emulator.config import (
    DEFAULT_FAIL_IMAGE_PATTERN,
    ApiKey,
    ConfigError,
    EmulatorConfig,
    load_config_file,
)
from blaxel_pulumi.emulator.server import EmulatorServer

DEFAULT_PORT = 8787
"""Port used when neither ``--port`` nor the config file sets one."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m blaxel_pulumi.emulator``."""
    parser = argparse.ArgumentParser(
        prog="python -m blaxel_pulumi.emulator",
        description="Local Blaxel API (batch jobs) for testing Pulumi programs offline.",
    )
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help=f"TCP port, 0 for a free one (default {DEFAULT_PORT})")
    parser.add_argument("--db", help="SQLite file keeping the jobs across restarts (default: temporary)")
    parser.add_argument(
        "--key",
        action="append",
        default=[],
        metavar="KEY=WORKSPACE[:admin]",
        help="accept this API key for this workspace (repeatable; default local-dev-key=local:admin)",
    )
    parser.add_argument("--deploy-seconds", type=float, help="rollout duration (default 0: settled at once)")
    parser.add_argument("--delete-seconds", type=float, help="deletion duration (default 0: gone at once)")
    parser.add_argument("--execution-seconds", type=float, help="job execution duration (default 1)")
    parser.add_argument(
        "--execution-retention-seconds",
        type=float,
        help="how long ended executions stay in the history (default 604800: 7 days)",
    )
    parser.add_argument(
        "--fail-image-pattern",
        metavar="REGEX",
        help=f"images matching this regex fail to deploy (default {DEFAULT_FAIL_IMAGE_PATTERN!r})",
    )
    parser.add_argument("--plan", help="value of metadata.plan (default free)")
    parser.add_argument("--config", metavar="FILE", help="YAML or JSON file with these settings and keys")
    parser.add_argument("--ready-file", metavar="PATH", help="write {url, port, pid} here once listening")
    parser.add_argument("--no-control-api", action="store_true", help="do not serve /_emulator/")
    parser.add_argument("--log-level", default="warning", choices=["debug", "info", "warning", "error"])
    parser.add_argument("--access-log", action="store_true", help="log every request to stderr")
    return parser


def build_config(args: argparse.Namespace) -> EmulatorConfig:
    """Merge defaults, the config file and flags into a validated :class:`EmulatorConfig`."""
    settings: dict[str, Any] = {"port": DEFAULT_PORT}
    if args.config:
        settings.update(load_config_file(args.config))
    flags = {
        "host": args.host,
        "port": args.port,
        "db_path": args.db,
        "deploy_seconds": args.deploy_seconds,
        "delete_seconds": args.delete_seconds,
        "execution_seconds": args.execution_seconds,
        "execution_retention_seconds": args.execution_retention_seconds,
        "fail_image_pattern": args.fail_image_pattern,
        "plan": args.plan,
    }
    settings.update({k: v for k, v in flags.items() if v is not None})
    if args.no_control_api:
        settings["control_api"] = False
    keys = tuple(settings.pop("keys", ())) + tuple(ApiKey.parse(spec) for spec in args.key)
    if keys:
        settings["keys"] = keys
    try:
        return EmulatorConfig(**settings)
    except TypeError as exc:
        raise ConfigError(f"A setting has the wrong type: {exc}.") from None


def _write_ready_file(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(data), encoding="utf-8")
    os.replace(partial, path)


def _banner(server: EmulatorServer, config: EmulatorConfig) -> list[str]:
    db = (
        f"{config.db_path} (kept across restarts)"
        if config.db_path
        else "temporary (use --db PATH to keep jobs)"
    )
    lines = [
        f"# Local Blaxel API listening on {server.api_url}",
        f"# Database: {db}",
    ]
    if config.control_api:
        lines.append(f"# Control API: {server.url}/_emulator/ (faults, request log, settings)")
    first, *others = config.keys
    lines += [
        f"export BL_API_URL={shlex.quote(server.api_url)}",
        f"export BL_WORKSPACE={shlex.quote(first.workspace)}",
        f"export BL_API_KEY={shlex.quote(first.key)}",
    ]
    for key in others:
        role = "admin" if key.admin else "member"
        lines.append(
            f"# also: BL_WORKSPACE={shlex.quote(key.workspace)} BL_API_KEY={shlex.quote(key.key)} ({role})"
        )
    lines.append("# Press Ctrl+C (or send SIGTERM) to stop.")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the local Blaxel API until SIGINT/SIGTERM; return the exit code (2 for bad settings)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = build_config(args)
    except ConfigError as exc:
        parser.error(str(exc))
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _serve(config, args, stop)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _serve(config: EmulatorConfig, args: argparse.Namespace, stop: threading.Event) -> int:
    server = EmulatorServer(config, log_level=args.log_level, access_log=args.access_log)
    try:
        server.start()
    except (OSError, RuntimeError) as exc:
        print(f"Could not start the local Blaxel API on {config.host}:{config.port}: {exc}", file=sys.stderr)
        return 1
    ready_file = Path(args.ready_file) if args.ready_file else None
    try:
        print("\n".join(_banner(server, config)), flush=True)
        if ready_file is not None:
            assert server.state is not None
            _write_ready_file(
                ready_file,
                {
                    "url": server.api_url,
                    "root_url": server.url,
                    "port": server.port,
                    "pid": os.getpid(),
                    "workspace": config.keys[0].workspace,
                    "db": str(server.state.store.path),
                },
            )
        while not stop.wait(0.2):
            if not server.running:
                print("The local Blaxel API stopped unexpectedly.", file=sys.stderr)
                return 1
        return 0
    finally:
        server.stop()
        if ready_file is not None:
            ready_file.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
