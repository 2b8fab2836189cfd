"""Drive the real `pulumi` CLI: a local file backend, a passphrase, project copies with their stacks.

The one driver of the CLI, shared by the e2e tests, the reliability suite and the benchmarks (which time its
commands: `bench/workspace.py`).

Every command runs with `--non-interactive`; tests read results from the engine's JSON output (`--json`)
or from `pulumi stack export`, never from console text alone. Each run is recorded so the session summary
can say which operations were performed and, when a request log is attached (the local Blaxel API's), which
requests each one sent.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
"""The example projects, each a complete Pulumi program."""
PASSPHRASE = "e2e-throwaway-passphrase"
"""A test-only passphrase for the local file backend."""

RUNS: list[tuple[str, float, int]] = []
"""(operation, seconds, exit code) of every CLI command run in this session."""

API_CALLS: list[tuple[str, str, dict[str, int]]] = []
"""(command, engine operations, requests by method) of every engine command run against a request log."""

EXECUTION_POSTS: list[tuple[str, int, int, int, float]] = []
"""(scenario, runs intended, executions started, POST attempts, seconds) of each `BlaxelJobExecution`
scenario: what the request log showed on `POST /v0/jobs/{job}/executions`."""

ENGINE_COMMANDS = ("preview", "up", "refresh", "destroy")
"""Commands that run the engine (and so may call the provider)."""


class RequestLogReader(Protocol):
    """A log of the HTTP requests a service received, read around each command (see `blaxel_api`)."""

    def mark(self) -> int:
        """A position in the log: requests logged later are returned by `since`."""

    def since(self, mark: int) -> list[dict[str, Any]]:
        """The requests logged after ``mark``, oldest first."""


class PulumiUnavailable(RuntimeError):  # noqa: N818 - reads as a state, not an error kind
    """The real pulumi CLI could not be found or built: e2e tests must fail, never skip."""


def pulumi_bin_dir(given: str | None = None) -> Path:
    """The directory of `pulumi` and its Python plugins: ``given``, else BLAXEL_PULUMI_BIN_DIR, else
    install-pulumi.sh (which looks on PATH, in its cache, then builds it)."""
    given = given or os.environ.get("BLAXEL_PULUMI_BIN_DIR")
    if given:
        path = Path(given)
    else:
        proc = subprocess.run(
            [str(REPO_ROOT / "scripts" / "install-pulumi.sh")], capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            raise PulumiUnavailable(
                f"scripts/install-pulumi.sh failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
            )
        path = Path(proc.stdout.strip().splitlines()[-1])
    if not (path / "pulumi").is_file():
        raise PulumiUnavailable(
            f"no pulumi executable in {path}: run `make pulumi` (scripts/install-pulumi.sh)"
        )
    return path


def pulumi_version(bin_dir: Path) -> str:
    """`pulumi version` of the CLI in ``bin_dir``."""
    proc = subprocess.run([str(bin_dir / "pulumi"), "version"], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


@dataclass
class CommandResult:
    """What one CLI command did."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    requests: list[dict[str, Any]] = field(default_factory=list)
    """Requests the attached request log received while the command ran (empty without a log)."""

    @property
    def output(self) -> str:
        """stdout and stderr together."""
        return self.stdout + self.stderr

    def json(self) -> Any:
        """stdout parsed as JSON (for `--json` commands)."""
        return json.loads(self.stdout)


class CommandFailed(AssertionError):  # noqa: N818 - an assertion, named like pytest's Failed
    """A CLI command exited non-zero where success was expected."""


@dataclass
class PulumiProject:
    """A copy of a Pulumi project in a temporary directory, with its own PULUMI_HOME and file backend."""

    bin_dir: Path
    workdir: Path
    env_extra: Mapping[str, str] = field(default_factory=dict)
    stack: str = "dev"
    request_log: RequestLogReader | None = None
    """When set, each command's `requests` are read from it (and counted in the session summary)."""
    history: list[CommandResult] = field(default_factory=list)
    """Every command run in this project, in order (to search all output at once)."""
    python_bin: Path | None = None
    """The `bin` directory of the virtualenv whose `python` runs the program and the dynamic provider (the
    language host and `pulumi-resource-pulumi-python` take the first on `PATH`); None: the test's own."""

    @classmethod
    def from_dir(
        cls,
        source: Path,
        tmp: Path,
        bin_dir: Path,
        env_extra: Mapping[str, str] | None = None,
        stack: str = "dev",
    ) -> PulumiProject:
        """Copy ``source`` (a directory with Pulumi.yaml) into ``tmp`` and init a stack there; a copy already
        in ``tmp`` is used as is (another stack of the same project)."""
        workdir = tmp / source.name
        if not workdir.exists():
            shutil.copytree(source, workdir, ignore=shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__"))
        return cls._init(workdir, bin_dir, env_extra, stack)

    @classmethod
    def from_files(
        cls,
        root: Path,
        paths: Iterable[str],
        tmp: Path,
        bin_dir: Path,
        env_extra: Mapping[str, str] | None = None,
        stack: str = "dev",
    ) -> PulumiProject:
        """Copy ``paths`` (files or directories relative to ``root``, which holds Pulumi.yaml) into
        ``tmp/<root name>`` keeping their relative places, and init a stack there."""
        workdir = tmp / root.name
        ignore = shutil.ignore_patterns("Pulumi.*.yaml", "__pycache__")
        for relative in paths:
            source, target = root / relative, workdir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, target, ignore=ignore)
            else:
                shutil.copy2(source, target)
        return cls._init(workdir, bin_dir, env_extra, stack)

    @classmethod
    def _init(
        cls, workdir: Path, bin_dir: Path, env_extra: Mapping[str, str] | None, stack: str
    ) -> PulumiProject:
        """The project copied in ``workdir``, beside the shared ``backend`` and ``home``, with a new stack."""
        (workdir.parent / "backend").mkdir(exist_ok=True)
        (workdir.parent / "home").mkdir(exist_ok=True)
        project = cls(bin_dir=bin_dir, workdir=workdir, env_extra=dict(env_extra or {}), stack=stack)
        project.run("stack", "init", stack)
        return project

    @property
    def env(self) -> dict[str, str]:
        """The environment every command runs with."""
        venv_bin = str(self.python_bin or Path(sys.executable).parent)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "BL_"))}
        env.update(
            {
                "PATH": os.pathsep.join([venv_bin, str(self.bin_dir), env.get("PATH", "")]),
                "PULUMI_HOME": str(self.workdir.parent / "home"),
                "PULUMI_BACKEND_URL": f"file://{self.workdir.parent / 'backend'}",
                "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                "PULUMI_SKIP_UPDATE_CHECK": "true",
                "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
                "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
                "PULUMI_SKIP_CONFIRMATIONS": "true",
                "NO_COLOR": "1",
            }
        )
        env.update(self.env_extra)
        return env

    def run(
        self, *args: str, check: bool = True, timeout: float = 600, stdin: str | None = None
    ) -> CommandResult:
        """Run `pulumi <args> --non-interactive` in the project; raise CommandFailed if ``check`` and it
        fails."""
        argv = [str(self.bin_dir / "pulumi"), *args, "--non-interactive"]
        if args[0] not in ("stack", "config", "version", "cancel") and args[:2] != ("state", "move"):
            argv += ["--stack", self.stack]
        mark = self.request_log.mark() if self.request_log is not None else 0
        started = time.monotonic()
        proc = subprocess.run(
            argv,
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            input=stdin,
            check=False,
        )
        seconds = time.monotonic() - started
        op = " ".join(a for a in args if not a.startswith("-"))[:40]
        RUNS.append((op, seconds, proc.returncode))
        result = CommandResult(list(args), proc.returncode, proc.stdout, proc.stderr, seconds)
        if self.request_log is not None:
            result.requests = self.request_log.since(mark)
            if args[0] in ENGINE_COMMANDS:
                API_CALLS.append((args[0], _ops_label(result), _by_method(result.requests)))
        self.history.append(result)
        if check and proc.returncode != 0:
            raise CommandFailed(
                f"`pulumi {' '.join(args)}` ({self.workdir.name}/{self.stack}) exited {proc.returncode} "
                f"after {seconds:.1f}s\n"
                f"--- stdout ---\n{proc.stdout[-6000:]}\n--- stderr ---\n{proc.stderr[-6000:]}"
            )
        return result

    def config_set(self, key: str, value: str, *, secret: bool = False) -> None:
        """`pulumi config set [--secret] key` with the value on stdin (never on the command line)."""
        self.run(
            "config",
            "set",
            key,
            *(["--secret"] if secret else ["--plaintext"]),
            "--stack",
            self.stack,
            stdin=value,
        )

    def write_config(self, values: Mapping[str, str]) -> None:
        """Set plain values of the project's namespace in ``Pulumi.<stack>.yaml``, as `pulumi config set`
        writes them, without starting a CLI process per value."""
        path = self.workdir / f"Pulumi.{self.stack}.yaml"
        document: dict[str, Any] = (
            yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
        ) or {}
        namespace = yaml.safe_load((self.workdir / "Pulumi.yaml").read_text(encoding="utf-8"))["name"]
        document.setdefault("config", {}).update({f"{namespace}:{k}": str(v) for k, v in values.items()})
        path.write_text(yaml.safe_dump(document, sort_keys=True), encoding="utf-8")

    def preview(self, *extra: str, check: bool = True) -> CommandResult:
        """`pulumi preview --json`."""
        return self.run("preview", "--json", *extra, check=check)

    def up(self, *extra: str, check: bool = True) -> CommandResult:
        """`pulumi up --yes --skip-preview --json`."""
        return self.run("up", "--yes", "--skip-preview", "--json", *extra, check=check)

    def refresh(self, *extra: str, check: bool = True) -> CommandResult:
        """`pulumi refresh --yes --skip-preview --json`."""
        return self.run("refresh", "--yes", "--skip-preview", "--json", *extra, check=check)

    def destroy(self, *extra: str, check: bool = True) -> CommandResult:
        """`pulumi destroy --yes --skip-preview --json`."""
        return self.run("destroy", "--yes", "--skip-preview", "--json", *extra, check=check)

    def export_stack(self) -> dict[str, Any]:
        """The stack's state, as `pulumi stack export` prints it."""
        data: dict[str, Any] = self.run("stack", "export", "--stack", self.stack).json()
        return data

    def export_stack_text(self) -> str:
        """The raw text of `pulumi stack export`."""
        return self.run("stack", "export", "--stack", self.stack).stdout

    def all_output(self) -> str:
        """stdout and stderr of every command run in this project so far."""
        return "\n".join(result.output for result in self.history)

    def outputs(self) -> dict[str, Any]:
        """The stack outputs, secrets shown (for assertions only)."""
        data: dict[str, Any] = self.run(
            "stack", "output", "--json", "--show-secrets", "--stack", self.stack
        ).json()
        return data

    def resources(self, type_token: str) -> list[dict[str, Any]]:
        """The state's resources of ``type_token``."""
        deployment = self.export_stack()["deployment"]
        return [r for r in deployment.get("resources") or [] if r.get("type") == type_token]


def _documents(result: CommandResult) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """A `--json` preview prints one object; up, refresh and destroy print a stream of engine events."""
    text = result.stdout.strip()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        events = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        return None, events
    return (whole, []) if isinstance(whole, dict) else (None, list(whole))


def detailed_diff(result: CommandResult, type_token: str) -> list[str]:
    """The property paths of the detailed diff of the resources of ``type_token`` in a `--json` preview."""
    whole, _ = _documents(result)
    assert whole is not None, "expected the one JSON document of `pulumi preview --json`"
    paths: list[str] = []
    for step in whole.get("steps", []):
        if (step.get("newState") or step.get("oldState") or {}).get("type") == type_token:
            paths += sorted((step.get("detailedDiff") or {}).keys())
    return paths


def ops(result: CommandResult, type_token: str | None = None, *, outcome: bool = False) -> dict[str, int]:
    """Count the engine's operations (`create`, `same`, `update`, `replace`, ...) of one command, by kind.

    Events are counted as announced (`resourcePreEvent`); with ``outcome`` as completed (`resOutputsEvent`),
    which is where `pulumi refresh` says what it found (`same`, `update` for drift, `delete` for a gone
    resource) after announcing a `refresh` of each. A `--json` preview has steps only (``outcome`` is moot).
    """
    whole, events = _documents(result)
    metas: list[dict[str, Any]]
    if whole is not None:
        metas = [
            {"op": s["op"], "type": (s.get("newState") or s.get("oldState") or {}).get("type")}
            for s in whole.get("steps", [])
        ]
    else:
        kind = "resOutputsEvent" if outcome else "resourcePreEvent"
        metas = [e[kind]["metadata"] for e in events if kind in e]
    counts: dict[str, int] = {}
    for meta in metas:
        if type_token is not None and meta.get("type") != type_token:
            continue
        counts[meta["op"]] = counts.get(meta["op"], 0) + 1
    return counts


SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d"
"""Key that marks a secret value in Pulumi state (its value is `SECRET_SIG_VALUE`)."""
SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270"


def is_secret(value: Any) -> bool:
    """Whether a value of an exported state is a Pulumi secret: the signature and an encrypted `ciphertext`
    (`v1:...` from the passphrase provider), nothing else."""
    return (
        isinstance(value, dict)
        and set(value) == {SECRET_SIGNATURE, "ciphertext"}
        and value[SECRET_SIGNATURE] == SECRET_SIG_VALUE
        and isinstance(value["ciphertext"], str)
        and value["ciphertext"].startswith("v1:")
    )


def _ops_label(result: CommandResult) -> str:
    """The engine operations of a command on the program's own resources, e.g. `create=3`."""
    if "--json" not in result.args:
        return "(console text)" + (" failed" if result.returncode else "")
    try:
        whole, events = _documents(result)
    except json.JSONDecodeError:
        return "?"
    if whole is not None:
        steps = [
            (s["op"], (s.get("newState") or s.get("oldState") or {}).get("type", ""))
            for s in whole.get("steps", [])
        ]
    else:
        kind = "resOutputsEvent" if result.args[0] == "refresh" else "resourcePreEvent"
        steps = [
            (e[kind]["metadata"]["op"], e[kind]["metadata"].get("type", "")) for e in events if kind in e
        ]
    counts: dict[str, int] = {}
    for op, type_token in steps:
        if not type_token.startswith("pulumi:"):
            counts[op] = counts.get(op, 0) + 1
    label = " ".join(f"{op}={n}" for op, n in sorted(counts.items()))
    if result.returncode != 0:
        return f"{label} (failed)" if label else "failed"
    return label or "no change shown"  # a --json preview leaves unchanged resources out


def _by_method(requests: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for request in requests:
        counts[request["method"]] = counts.get(request["method"], 0) + 1
    return counts


def change_summary(result: CommandResult) -> dict[str, int]:
    """The engine's change summary of one command (`{"create": 2, "same": 1}`)."""
    whole, events = _documents(result)
    if whole is not None:
        return dict(whole.get("changeSummary") or {})
    for event in events:
        if "summaryEvent" in event:
            return dict(event["summaryEvent"].get("resourceChanges") or {})
    raise AssertionError(f"no summary in the output of `pulumi {' '.join(result.args)}`")


def diagnostics(result: CommandResult, severity: str | None = None) -> list[str]:
    """The engine's diagnostic messages of a `--json` command (errors, warnings, info), not debug ones."""
    whole, events = _documents(result)
    if whole is not None:
        return [
            d.get("message", "")
            for d in whole.get("diagnostics", [])
            if severity in (None, d.get("severity"))
        ]
    found = []
    for event in events:
        diag = event.get("diagnosticEvent")
        if diag and diag.get("severity") != "debug" and severity in (None, diag.get("severity")):
            found.append(diag.get("message", ""))
    return found


def assert_ok(result: CommandResult, what: str, needles: Sequence[str] = ()) -> None:
    """Assert the command succeeded and its output contains every needle."""
    assert result.returncode == 0, f"{what} failed:\n{result.output[-4000:]}"
    for needle in needles:
        assert needle in result.output, f"{what}: {needle!r} not in output"
