"""Peak resident memory of the processes a pulumi command starts: the dynamic-provider process and the
program, sampled while the command runs (psutil, descendants of this process only: other pulumi runs on the
machine are never counted)."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any

import psutil

ROLES = {"provider": "pulumi.dynamic", "program": "pulumi-language-python-exec"}
"""What identifies each process in its command line."""


class PeakRss:
    """``with PeakRss() as peak: <run a command>``; then ``peak.result()``: MiB by role (None: not seen)."""

    def __init__(self, interval: float = 0.05) -> None:
        """Sample every ``interval`` seconds."""
        self.interval = interval
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-rss", daemon=True)
        self._me = psutil.Process()

    def _sample(self) -> None:
        for child in self._me.children(recursive=True):
            try:
                command = " ".join(child.cmdline())
                rss = child.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
                continue
            for role, marker in ROLES.items():
                if marker in command:
                    self.peaks[role] = max(self.peaks.get(role, 0), rss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def result(self) -> dict[str, Any]:
        """Peak RSS in MiB of each role's process (the largest if several ran)."""
        return {role: (self.peaks[role] / 2**20 if role in self.peaks else None) for role in ROLES}
