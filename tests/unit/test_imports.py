"""What each side imports, in a fresh interpreter: the program never pydantic or httpx, the provider process
httpx only when a call sends a request (issue 14: imports are most of the fixed cost of every command)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

HEAVY = ("httpx", "httpcore", "pydantic", "pydantic_core", "croniter", "blaxel_pulumi.api.models")


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    script = textwrap.dedent(code) + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_the_program_side_imports_neither_pydantic_nor_httpx() -> None:
    modules = _modules_after(
        """
        import blaxel_pulumi
        blaxel_pulumi.BlaxelJob, blaxel_pulumi.BlaxelJobsReady, blaxel_pulumi.BlaxelJobExecution
        blaxel_pulumi.JobRuntimeArgs, blaxel_pulumi.TriggerArgs
        from pulumi.dynamic.dynamic import serialize_provider
        from blaxel_pulumi.provider.execution import JobExecutionProvider
        from blaxel_pulumi.provider.identity import StackIdentityProvider
        from blaxel_pulumi.provider.provider import BlaxelJobProvider
        from blaxel_pulumi.provider.ready import JobsReadyProvider
        for cls in (BlaxelJobProvider, JobsReadyProvider, JobExecutionProvider, StackIdentityProvider):
            serialize_provider(cls())  # what each resource's constructor does
        """
    )
    assert "blaxel_pulumi.dynamic.job" in modules  # the check is not vacuous
    assert _heavy(modules) == []
    # nor the native provider's protocol types (~30 ms): the host glue needs only the diff result's class
    assert "blaxel_pulumi.provider.host" in modules
    assert sorted(m for m in modules if m.startswith("pulumi.provider.experimental")) == []


def test_a_preview_in_the_provider_process_does_not_import_httpx() -> None:
    modules = _modules_after(
        """
        import base64, dill
        from pulumi.dynamic.dynamic import serialize_provider
        from blaxel_pulumi.provider.provider import BlaxelJobProvider
        from blaxel_pulumi.provider.ready import JobsReadyProvider

        # as the provider process gets it: the pickled provider, then its configuration
        provider = dill.loads(base64.b64decode(serialize_provider(BlaxelJobProvider())))
        provider._config = {"blaxel:apiKey": "k", "blaxel:workspace": "w", "blaxel:apiUrl": "http://127.0.0.1:9/v0"}
        news = {
            "name": "etl",
            "runtime": {"image": "registry/etl:1", "memory": 2048},
            "triggers": [{"type": "cron", "configuration": {"schedule": "0 2 * * *"}}],
        }
        checked = provider.check({}, news)
        assert not checked.failures, checked.failures
        assert provider.diff("etl", checked.inputs, checked.inputs).changes is False
        ready = JobsReadyProvider()
        assert not ready.check({}, {"jobs": [{"name": "etl"}], "timeout": 60}).failures
        """
    )
    assert "blaxel_pulumi.core.job_operations" in modules  # the check did run
    assert sorted(m for m in modules if m.split(".")[0] in ("httpx", "httpcore")) == []


def test_the_provider_process_loads_httpx_without_its_command_line_client() -> None:
    modules = _modules_after(
        """
        import sys, types
        sys.modules["__main__"].__spec__ = types.SimpleNamespace(name="pulumi.dynamic.__main__")
        from blaxel_pulumi.api.connect import open_client
        from blaxel_pulumi.api.settings import resolve_settings

        settings = resolve_settings(
            config={"blaxel:apiKey": "k", "blaxel:workspace": "w", "blaxel:apiUrl": "http://127.0.0.1:9/v0"}
        )
        with open_client(settings):
            pass
        import httpx
        assert callable(httpx.main) and httpx.Client
        """
    )
    assert "httpx" in modules
    assert sorted(m for m in modules if m.split(".")[0] in ("rich", "click", "pygments")) == []
