"""`EmulatorProcess`, the one way to run the local Blaxel API as a subprocess: free port, restart on the same
port, SIGTERM then SIGKILL, and its output quoted when it does not start."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from blaxel_pulumi.emulator.process import EmulatorProcess, EmulatorStartError


def test_starts_on_a_free_port_and_restarts_on_the_same(tmp_path: Path) -> None:
    with EmulatorProcess(tmp_path, args=("--deploy-seconds", "0")) as api:
        assert api.running and api.port > 0
        env = api.environment()
        assert env == {"BL_API_URL": f"{api.root_url}/v0", "BL_WORKSPACE": "local", "BL_API_KEY": api.key}
        headers = {"Authorization": f"Bearer {api.key}", "X-Blaxel-Workspace": api.workspace}
        assert httpx.get(f"{api.api_url}/jobs", headers=headers, timeout=10).status_code == 200
        port = api.port
        assert api.stop(signal.SIGKILL) == -signal.SIGKILL
        api.start()
        assert api.port == port and api.starts == 2
        assert httpx.get(f"{api.api_url}/jobs", headers=headers, timeout=10).status_code == 200
    assert not api.running
    assert api.process is not None and api.process.returncode == 0, "SIGTERM ends it cleanly"


def test_a_server_that_does_not_start_is_reported_with_its_output(tmp_path: Path) -> None:
    api = EmulatorProcess(tmp_path, args=("--deploy-seconds", "not-a-number"))
    with pytest.raises(EmulatorStartError) as caught:
        api.start()
    assert "--deploy-seconds" in str(caught.value), "the server's own complaint is quoted"
    assert "exited with code 2" in str(caught.value)
    assert not api.running
