"""Everything one running local Blaxel API holds, opened from an :class:`~.config.EmulatorConfig`."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import time
from pathlib import Path

from blaxel_pulumi.api.kinds import OBJECT_KINDS
from blaxel_pulumi.emulator.auth import KeyRing
from blaxel_pulumi.emulator.config import EmulatorConfig
from blaxel_pulumi.emulator.executions import ExecutionService
from blaxel_pulumi.emulator.faults import FaultInjector
from blaxel_pulumi.emulator.jobs import JobService
from blaxel_pulumi.emulator.objects import ObjectService
from blaxel_pulumi.emulator.requestlog import RequestLog
from blaxel_pulumi.emulator.runtime_settings import RuntimeSettings
from blaxel_pulumi.emulator.store import Store

__all__ = ["EmulatorState"]


@dataclasses.dataclass(kw_only=True)
class EmulatorState:
    """Everything one running local API holds: database, settings, faults, request log."""

    config: EmulatorConfig
    """The configuration it was opened with."""
    store: Store
    """The SQLite database."""
    settings: RuntimeSettings
    """Lifecycle settings changeable at run time."""
    service: JobService
    """The job operations."""
    executions: ExecutionService
    """The job-execution operations."""
    objects: dict[str, ObjectService]
    """The operations on every other kind, by collection (``/policies``)."""
    keyring: KeyRing
    """Accepted API keys."""
    faults: FaultInjector
    """Installed fault rules."""
    requests: RequestLog
    """Log of the requests received."""
    started_at: float
    """POSIX time the state was opened."""
    temp_dir: Path | None = None
    """Directory of a temporary database, removed on :meth:`close`."""

    @classmethod
    def open(cls, config: EmulatorConfig) -> EmulatorState:
        """Open the database (a temporary one if ``config.db_path`` is ``None``) and build the state."""
        temp_dir = None
        db_path = config.db_path
        if db_path is None:
            temp_dir = Path(tempfile.mkdtemp(prefix="blaxel-emulator-"))
            db_path = temp_dir / "jobs.sqlite"
        try:
            store = Store(db_path)
        except BaseException:
            if temp_dir is not None:
                shutil.rmtree(temp_dir, ignore_errors=True)
            raise
        settings = RuntimeSettings(config)
        return cls(
            config=config,
            store=store,
            settings=settings,
            service=JobService(store, settings, config),
            executions=ExecutionService(store, settings),
            objects={kind.collection: ObjectService(store, kind, settings) for kind in OBJECT_KINDS},
            keyring=KeyRing(config.keys),
            faults=FaultInjector(),
            requests=RequestLog(config.request_log_size),
            started_at=time.time(),
            temp_dir=temp_dir,
        )

    def close(self) -> None:
        """Close the database and remove a temporary one."""
        self.store.close()
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
