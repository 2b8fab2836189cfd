"""The local Blaxel API as a subprocess: the one way the demo, the benchmarks and the tests start it.

:class:`EmulatorProcess` runs ``python -m blaxel_pulumi.emulator`` with this interpreter, on a free port
(then on the same port at each restart, so clients keep their URL), with its output in a log file. It
waits, at most :data:`STARTUP_TIMEOUT` seconds, for the ready file the server writes once it accepts
connections, and if the server exits or the time runs out it stops it and raises
:class:`EmulatorStartError` with the end of its output. :meth:`EmulatorProcess.stop` sends SIGTERM (or the
signal given) and SIGKILL if the server has not exited :data:`STOP_TIMEOUT` seconds later.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from blaxel_pulumi.emulator.config import DEFAULT_API_KEY

__all__ = ["OUTPUT_SHOWN", "STARTUP_TIMEOUT", "STOP_TIMEOUT", "EmulatorProcess", "EmulatorStartError"]

STARTUP_TIMEOUT = 30.0
"""Longest wait, in seconds, for a started server to accept connections."""
STOP_TIMEOUT = 10.0
"""Seconds a server is given to exit after SIGTERM before it is killed."""
OUTPUT_SHOWN = 4000
"""How many characters of the end of the server's output a start failure quotes."""

_P = TypeVar("_P", bound="EmulatorProcess")
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
"""The directory holding ``blaxel_pulumi``: put first on the server's ``PYTHONPATH`` so that it runs this very
code, installed or not."""


class EmulatorStartError(RuntimeError):
    """The local Blaxel API exited, or did not accept connections in time; the message quotes its output."""


class EmulatorProcess:
    """``python -m blaxel_pulumi.emulator`` on a SQLite file, restartable on the same port.

    Args:
        workdir: Directory of the log files (``emulator-<n>.log``, one per start), the ready files and,
            unless ``db`` is given, the SQLite file ``jobs.sqlite``. Created if missing.
        db: SQLite file keeping the jobs across restarts.
        args: More arguments of ``python -m blaxel_pulumi.emulator`` (e.g. ``--deploy-seconds 2``).
        port: TCP port of the first start; 0 for a free one.
        key: The API key clients use (the server's default unless ``args`` give others).
    """

    def __init__(
        self,
        workdir: Path,
        *,
        db: Path | None = None,
        args: Sequence[str] = (),
        port: int = 0,
        key: str = DEFAULT_API_KEY,
    ) -> None:
        """Prepare the server; nothing runs until :meth:`start`."""
        self.workdir = workdir
        self.db = db or workdir / "jobs.sqlite"
        self.args = tuple(args)
        self.port = port
        """The port of the last start (the one the next start asks for)."""
        self.key = key
        self.process: subprocess.Popen[bytes] | None = None
        self.logs: list[Path] = []
        """The log file of each start, in order."""
        self.root_url = ""
        """``http://127.0.0.1:<port>`` once started."""
        self.api_url = ""
        """``<root_url>/v0``, the ``BL_API_URL`` of clients, once started."""
        self.workspace = ""
        """The workspace of the first key, once started."""

    @property
    def starts(self) -> int:
        """How many times the server was started."""
        return len(self.logs)

    @property
    def pid(self) -> int | None:
        """The process id of the last start, None before the first."""
        return self.process.pid if self.process is not None else None

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def start(self: _P) -> _P:
        """Start the server and wait until it accepts connections; return ``self``.

        Raises:
            EmulatorStartError: It exited or was not ready within :data:`STARTUP_TIMEOUT` seconds (it is
                stopped first); the message quotes the end of its output.
        """
        if self.running:
            raise RuntimeError("the local Blaxel API is already running")
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = self.workdir / f"emulator-{self.starts + 1}.log"
        self.logs.append(log)
        ready = self.workdir / f"ready-{self.starts}.json"
        ready.unlink(missing_ok=True)
        argv = [
            sys.executable,
            "-m",
            "blaxel_pulumi.emulator",
            "--port",
            str(self.port),
            "--db",
            str(self.db),
        ]
        argv += ["--ready-file", str(ready), *self.args]
        path = os.pathsep.join(p for p in (str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p)
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                argv, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": path}
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not ready.exists():
            code = self.process.poll()
            if code is not None or time.monotonic() > deadline:
                self.stop()
                why = (
                    f"exited with code {code}"
                    if code is not None
                    else f"was not ready in {STARTUP_TIMEOUT:g} s"
                )
                raise EmulatorStartError(
                    f"the local Blaxel API ({' '.join(argv[1:])}) {why}; its output ({log}):\n"
                    + log.read_text(encoding="utf-8", errors="replace")[-OUTPUT_SHOWN:]
                )
            time.sleep(0.05)
        info = json.loads(ready.read_text(encoding="utf-8"))
        self.port, self.root_url, self.api_url = int(info["port"]), info["root_url"], info["url"]
        self.workspace = info["workspace"]
        return self

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> int | None:
        """Send ``sig`` (SIGKILL after :data:`STOP_TIMEOUT` s if it is still alive); return its exit code,
        None if it was never started."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def environment(self) -> dict[str, str]:
        """``BL_API_URL``, ``BL_WORKSPACE`` and ``BL_API_KEY`` of the running server, for clients."""
        return {"BL_API_URL": self.api_url, "BL_WORKSPACE": self.workspace, "BL_API_KEY": self.key}

    def __enter__(self: _P) -> _P:
        """Start the server."""
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the server."""
        self.stop()
