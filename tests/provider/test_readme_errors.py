"""Every error message the documentation quotes is one the code produces.

The quotes are taken from the pages themselves: the first code span of each symptom of the table of
`docs/troubleshooting.md` (the message; later ones name the command it comes from), the example of
"Validation at preview" (`docs/guides/jobs.md`), and the credentials example (`docs/guides/configuration.md`).
Each is either produced here, by the code, from the situation it describes (the provider against the local
Blaxel API where a server is needed), or named as the text of another program (Pulumi, Python) with the
reason. A quote that is neither fails the test, so a new quote comes with its
producer.

In quotes, ``...`` stands for any text, ``'x'`` for a job name, ``'w'`` for a workspace, ``N`` for a number
and ``3.x`` for a Python version.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from pulumi.dynamic import Config, ConfigureRequest

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.retry import RetryPolicy
from blaxel_pulumi.api.settings import resolve_settings
from blaxel_pulumi.core.job_recovery import roll_back
from blaxel_pulumi.core.ownership import OWNER_LABEL
from blaxel_pulumi.core.state import VERSION_KEY, upgrade
from blaxel_pulumi.errors import BlaxelError
from blaxel_pulumi.provider import BlaxelJobProvider
from tests.provider.conftest import API_KEY, WORKSPACE, Api, configured

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TROUBLESHOOTING = DOCS / "troubleshooting.md"
JOBS_GUIDE = DOCS / "guides" / "jobs.md"
CONFIGURATION_GUIDE = DOCS / "guides" / "configuration.md"

OTHER_PROGRAMS = {
    "KeyError: '__provider'": "Pulumi's dynamic-provider host on `pulumi import` (pulumi/pulumi#16175)",
    "method GenerateProgram not implemented": "Pulumi's Python language host",
    "the stack is currently locked": "the Pulumi CLI",
    "ModuleNotFoundError: No module named 'pulumi'": "Python, in Pulumi's language host",
    "pending operations": "the Pulumi CLI",
    "refresh": "a command named in the symptom, not a message",
    "pulumi up": "a command named in the symptom (a traceback above its error), not a message",
}
"""Quotes of the symptom column that are not this package's text, and whose they are."""


def readme_quotes() -> list[str]:
    """The error messages the documentation quotes (see the module docstring), as written."""
    quotes: list[str] = []
    text = TROUBLESHOOTING.read_text(encoding="utf-8")
    table = text.split("# Troubleshooting", 1)[1].split("\n\n", 2)[1]
    for row in table.splitlines()[2:]:
        symptom = row.split(" | ", 1)[0]
        first = re.search(r"``(.+?)``|`([^`]+)`", symptom)  # the message; later spans name commands
        if first:
            quotes.append(first.group(1) or first.group(2))
    text = JOBS_GUIDE.read_text(encoding="utf-8")
    validation = text.split("**Validation at preview**", 1)[1].split("\n- ", 1)[0]
    quotes += re.findall(r"e\.g\. `([^`]+)`", " ".join(validation.split()))
    text = CONFIGURATION_GUIDE.read_text(encoding="utf-8")
    block = text.split("**Credentials are checked at preview.**", 1)[1].split("```text\n", 1)[1]
    message = " ".join(block.split("```", 1)[0].split())
    quotes.append(message.split(" has a problem: ", 1)[1])  # the engine's prefix is Pulumi's
    return quotes


def pattern(quote: str) -> re.Pattern[str]:
    """The regular expression of a quote, its placeholders (see the module docstring) matching any value."""
    out = re.escape(quote)
    for placeholder, regex in (
        (re.escape("..."), ".*"),
        ("'x'", "'[^']+'"),
        ("'w'", "'[^']+'"),
        (re.escape("3.x"), r"3\.\d+"),
        (r"\ N,", r"\ \d+,"),
    ):
        out = out.replace(placeholder, regex)
    return re.compile(out, re.DOTALL)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _raised(call: Callable[[], Any]) -> str:
    try:
        call()
    except (BlaxelError, ValueError) as exc:  # ValueError: StateVersionError
        return _flat(str(exc))
    raise AssertionError("the call did not fail")


def _check_reasons(provider: BlaxelJobProvider, **props: Any) -> str:
    result = provider.check({}, {"auto_name": "job-abc1234", "owner": "o", **props})
    return " ".join(_flat(f.reason) for f in result.failures)


def _unconfigured(config: dict[str, str]) -> BlaxelJobProvider:
    provider = BlaxelJobProvider()
    provider.configure(ConfigureRequest(Config(config, "test")))
    return provider


def _left_behind(api: Api) -> str:
    """A create whose rollback failed: the DELETE is refused."""
    refused = httpx.MockTransport(lambda request: httpx.Response(400, json={"error": "Bad Request"}))
    settings = resolve_settings(config={"blaxel:apiKey": API_KEY, "blaxel:workspace": "w"}, environ={})
    with BlaxelClient(settings, retry=RetryPolicy.none(), transport=refused) as client:
        return _flat(roll_back(client, "x", "w"))


def _read_timeout() -> str:
    def hang(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    settings = resolve_settings(config={"blaxel:apiKey": API_KEY, "blaxel:workspace": "w"}, environ={})
    with BlaxelClient(settings, retry=RetryPolicy.none(), transport=httpx.MockTransport(hang)) as client:
        return _raised(lambda: client.get_job("x"))


def _too_large() -> str:
    def huge(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=b" " * (9 * 1024 * 1024), headers={"content-type": "application/json"}
        )

    settings = resolve_settings(config={"blaxel:apiKey": API_KEY, "blaxel:workspace": "w"}, environ={})
    with BlaxelClient(settings, retry=RetryPolicy.none(), transport=httpx.MockTransport(huge)) as client:
        return _raised(lambda: client.get_job("x"))


def _plugin_launcher(tmp_path: Path) -> str:
    spec = importlib.util.spec_from_file_location("build_plugin", ROOT / "scripts" / "build_plugin.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    launcher = tmp_path / "pulumi-resource-blaxel"
    launcher.write_text(
        module.LAUNCHER.format(version="0", minor="3.12", major=3, minor_only=12, platform="any"),
        encoding="utf-8",
    )
    env = {**os.environ, "BLAXEL_PULUMI_PYTHON": str(tmp_path / "no-such-python")}
    proc = subprocess.run(["/bin/sh", str(launcher)], capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 1
    return _flat(proc.stderr)


@pytest.fixture
def produced(api: Api, provider: BlaxelJobProvider, tmp_path: Path) -> dict[str, Callable[[], str]]:
    """How to produce each quote of this package, from the situation it describes."""
    url = api.server.api_url

    def conflict(labels: dict[str, str] | None = None) -> str:
        name = "taken-labelled" if labels else "taken"
        api.post({"metadata": {"name": name, "labels": labels}, "spec": {"runtime": {"image": "theirs"}}})
        checked = provider.check({}, {"owner": "o", "name": name, "runtime": {"image": "ours"}}).inputs
        return _raised(lambda: provider.create(dict(checked)))

    def sibling() -> str:
        mine, theirs = "a" * 12 + "1" * 20, "a" * 12 + "2" * 20  # two resources of one stack
        api.post(
            {
                "metadata": {"name": "held", "labels": {OWNER_LABEL: theirs}},
                "spec": {"runtime": {"image": "i"}},
            }
        )
        checked = provider.check({}, {"owner": mine, "name": "held", "runtime": {"image": "ours"}}).inputs
        return _raised(lambda: provider.create(dict(checked)))

    def taken_over() -> str:
        checked = provider.check({}, {"owner": "o", "name": "mine", "runtime": {"image": "ours"}}).inputs
        outs = dict(provider.create(dict(checked)).outs or {})
        job = api.job("mine", show_secrets=False) or {}
        api.put(
            "mine", {"metadata": {**job["metadata"], "labels": {OWNER_LABEL: "other"}}, "spec": job["spec"]}
        )
        news = provider.check(checked, {**checked, "runtime": {"image": "ours:2"}}).inputs
        return _raised(lambda: provider.update("mine", outs, dict(news)))

    def failed() -> str:
        checked = provider.check({}, {"owner": "o", "name": "x", "runtime": {"image": "r/fail-on-purpose:1"}})
        return _raised(lambda: provider.create(dict(checked.inputs)))

    def adopt_still_set() -> str:
        olds = {"name": "x", "runtime": {"image": "i"}}
        return _raised(
            lambda: provider.diff("x", olds, {"name": "y", "runtime": {"image": "i"}, "adopt": True})
        )

    no_key = {"blaxel:apiUrl": url, "blaxel:workspace": WORKSPACE}
    return {
        "No Blaxel API key found. Looked in: ...": lambda: _check_reasons(_unconfigured(no_key)),
        "No Blaxel workspace found. Looked in: ...": lambda: _check_reasons(
            _unconfigured({"blaxel:apiUrl": url, "blaxel:apiKey": API_KEY})
        ),
        "401 from Blaxel ...: the API key was rejected": lambda: _raised(
            lambda: configured(api, **{"blaxel:apiKey": "wrong-key"}).read("x", {"name": "x"})
        ),
        "403 ...: the key has no access to workspace 'w'": lambda: _raised(
            lambda: configured(api, **{"blaxel:workspace": "w"}).read("x", {"name": "x"})
        ),
        "A job named 'x' already exists in workspace 'w' and no resource of this stack holds it": lambda: (
            conflict({OWNER_LABEL: "f" * 32})
        ),
        "A job named 'x' already exists in workspace 'w' and was not created by blaxel-pulumi": conflict,
        "A job named 'x' already exists ... and another resource of this stack holds it": sibling,
        "Job 'x' in workspace 'w' is no longer this resource's, so it was not changed": taken_over,
        "Changing `name` replaces job 'x', and `adopt=True` is still set": adopt_still_set,
        "The job 'x' is left in workspace 'w' and is not in the Pulumi state": lambda: _left_behind(api),
        "Job 'x' ... failed to deploy (last status FAILED). Last events: ...": failed,
        "runtime.memory: Input should be greater than or equal to 1": lambda: _check_reasons(
            provider, name="x", runtime={"image": "i", "memory": 0}
        ),
        "did not answer ... within 30 s": _read_timeout,
        "its body is larger than 8 MiB, the most this client reads (MAX_RESPONSE_BYTES, ...)": _too_large,
        "... has state version N, written by a newer blaxel-pulumi": lambda: _raised(
            lambda: upgrade({VERSION_KEY: 99, "name": "x"}, "outputs")
        ),
        "this plugin archive needs Python 3.x": lambda: _plugin_launcher(tmp_path),
    }


def test_the_readme_quotes_are_found() -> None:
    quotes = readme_quotes()
    assert len(quotes) >= 20, quotes
    assert any(q.startswith("runtime.memory: Input should be") for q in quotes)
    assert any(q.startswith("No Blaxel API key found. Looked in: stack config") for q in quotes)


def test_every_error_message_the_readme_quotes_is_produced_by_the_code(
    produced: dict[str, Callable[[], str]],
) -> None:
    for quote in readme_quotes():
        if quote in OTHER_PROGRAMS:
            continue
        producer = produced.get(quote) or next(
            (p for q, p in produced.items() if pattern(q).fullmatch(quote) or quote.startswith(q + ".")), None
        )
        assert producer is not None, f"the docs quote {quote!r}: add how the code produces it to this test"
        message = producer()
        assert pattern(quote).search(message), f"the docs quote {quote!r}; the code says {message!r}"
