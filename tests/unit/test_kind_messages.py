"""The wait errors and reports of the other kinds name the kind (`Volume 'data' ...`, `volume data: ...`,
`bl get volume data`); a job's stay word for word as before (the README quotes them)."""

from __future__ import annotations

from blaxel_pulumi.api.settings import resolve_settings
from blaxel_pulumi.api.waits import INTERRUPT_DEPLOY, _Outage
from blaxel_pulumi.core.job_recovery import kept_unfinished, moved_left
from blaxel_pulumi.errors import DeploymentFailed, DeploymentTimeout


def test_a_failed_rollout_names_the_kind() -> None:
    failed = DeploymentFailed(job_name="data", workspace="w", last_status="FAILED", kind="volume")
    assert str(failed) == (
        "Volume 'data' in workspace 'w' failed to deploy (last status FAILED). Check the volume's settings, "
        "then run again; `bl get volume data` shows the volume's events."
    )
    job = DeploymentFailed(job_name="etl", workspace="w", last_status="FAILED")
    assert str(job) == (
        "Job 'etl' in workspace 'w' failed to deploy (last status FAILED). Check the image and the job's "
        "settings, then run again; `bl get job etl` shows the job's events."
    )


def test_a_rollout_that_outlived_the_wait_names_the_kind() -> None:
    timeout = DeploymentTimeout(
        job_name="box", workspace="w", last_status="DEPLOYING", waited=60, kind="sandbox"
    )
    assert str(timeout) == (
        "Sandbox 'box' in workspace 'w' was still DEPLOYING after waiting 60 s. Large rollouts can take "
        "about 20 minutes: raise the deployment timeout, or check the sandbox with `bl get sandbox box`."
    )
    job = DeploymentTimeout(job_name="etl", workspace="w", last_status=None, waited=5)
    assert str(job) == (
        "Job 'etl' in workspace 'w' was still without a status after waiting 5 s. Large rollouts can take "
        "about 20 minutes: raise the deployment timeout, or check the job with `bl get job etl`."
    )


class _Deadline:
    def elapsed(self) -> float:
        return 0.0

    def remaining(self) -> float:
        return 60.0


def test_a_failed_status_poll_names_the_kind() -> None:
    said: list[str] = []
    outage = _Outage("volume", "data", "http://api", "DEPLOYED", INTERRUPT_DEPLOY, said.append)
    outage.failed(ConnectionError("refused. more"), _Deadline())  # type: ignore[arg-type]
    outage.answered(_Deadline())  # type: ignore[arg-type]
    assert said[0].startswith("volume data: a status poll failed (refused); still waiting for DEPLOYED")
    assert said[0].endswith(
        "Stopping is safe (Ctrl-C twice: one waits for the operations in flight): the volume stays in "
        "Blaxel as sent and a later `pulumi up` takes it up again (README: 'After an interrupted `pulumi "
        "up`')."
    )
    assert said[1] == "volume data: Blaxel at http://api answers again after 0s of failed polls"


def test_what_became_of_an_object_names_its_kind() -> None:
    assert kept_unfinished("box", "w", "sandbox").startswith(
        "The sandbox 'box' is kept in workspace 'w' and recorded in the Pulumi state as not finished"
    )
    settings = resolve_settings(
        config={"blaxel:apiKey": "k", "blaxel:workspace": "w", "blaxel:apiUrl": "http://old"}, environ={}
    )
    assert moved_left("p", settings, "policy").startswith("The policy 'p' lives on http://old")
    assert "(or remove the policies from the program" in moved_left("p", settings, "policy")
    assert "(or remove the jobs from the program" in moved_left("p", settings)
