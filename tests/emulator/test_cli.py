"""``python -m blaxel_pulumi.emulator`` as a subprocess: banner, ready file, signals, exit codes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from blaxel_pulumi.emulator.__main__ import main

from .support import job_body, wait_for

ROOT = Path(__file__).resolve().parents[2]


def spawn(*args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "blaxel_pulumi.emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def read_ready(path: Path, process: subprocess.Popen[str]) -> dict[str, object]:
    def ready() -> bool:
        assert process.poll() is None, process.communicate()
        return path.exists()

    wait_for(ready, timeout=15)
    return dict(json.loads(path.read_text()))


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_serves_until_signalled(tmp_path: Path, stop_signal: signal.Signals) -> None:
    ready_file = tmp_path / "ready.json"
    db = tmp_path / "cli.sqlite"
    process = spawn("--port", "0", "--db", str(db), "--ready-file", str(ready_file), "--deploy-seconds", "0")
    try:
        ready = read_ready(ready_file, process)
        port = ready["port"]
        assert isinstance(port, int) and port > 0
        assert ready["url"] == f"http://127.0.0.1:{port}/v0"
        assert ready["pid"] == process.pid
        assert ready["workspace"] == "local"
        headers = {"Authorization": "Bearer local-dev-key"}
        response = httpx.post(f"{ready['url']}/jobs", json=job_body("etl"), headers=headers)
        assert response.status_code == 200
        assert response.json()["metadata"]["workspace"] == "local"
        process.send_signal(stop_signal)
        stdout, stderr = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert f"export BL_API_URL=http://127.0.0.1:{port}/v0" in stdout.splitlines()
    assert "export BL_WORKSPACE=local" in stdout.splitlines()
    assert "export BL_API_KEY=local-dev-key" in stdout.splitlines()
    assert all(line.startswith(("#", "export ")) for line in stdout.splitlines())
    assert not ready_file.exists()
    assert db.exists()


def test_config_file_and_key_flags(tmp_path: Path) -> None:
    config = tmp_path / "emulator.yaml"
    config.write_text(
        "port: 0\n"
        "plan: team\n"
        "keys:\n"
        "  - {key: file-key, workspace: from-file, admin: true, principal: ci-bot}\n"
    )
    ready_file = tmp_path / "ready.json"
    process = spawn("--config", str(config), "--key", "flag-key=from-flag", "--ready-file", str(ready_file))
    try:
        ready = read_ready(ready_file, process)
        url = ready["url"]
        job = httpx.post(
            f"{url}/jobs", json=job_body("a"), headers={"Authorization": "Bearer file-key"}
        ).json()
        assert (job["metadata"]["workspace"], job["metadata"]["plan"], job["metadata"]["createdBy"]) == (
            "from-file",
            "team",
            "ci-bot",
        )
        other = httpx.get(f"{url}/jobs", headers={"Authorization": "Bearer flag-key"})
        assert other.status_code == 200 and other.json() == []
        assert httpx.get(f"{url}/jobs", headers={"Authorization": "Bearer local-dev-key"}).status_code == 401
        process.terminate()
        stdout, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "export BL_API_KEY=file-key" in stdout
    assert "# also: BL_WORKSPACE=from-flag BL_API_KEY=flag-key (member)" in stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--key", "no-workspace"],
        ["--key", "k=ws:root"],
        ["--fail-image-pattern", "("],
        ["--deploy-seconds", "-1"],
        ["--port", "70000"],
        ["--config", "/nonexistent/emulator.yaml"],
    ],
)
def test_invalid_settings_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_port_in_use_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        assert main(["--port", str(port)]) == 1
    assert f"Could not start the local Blaxel API on 127.0.0.1:{port}" in capsys.readouterr().err
