"""Session-wide hooks: the header names the real pulumi CLI the end-to-end suites drive."""

from __future__ import annotations

import pytest

from tests.e2e.pulumi_cli import PulumiUnavailable, pulumi_bin_dir, pulumi_version


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Show the engine's version (or why it is missing: the e2e tests then fail, they never skip)."""
    try:
        bin_dir = pulumi_bin_dir()
    except PulumiUnavailable as exc:
        return [f"pulumi CLI: UNAVAILABLE ({str(exc).splitlines()[0]})"]
    return [f"pulumi CLI: {pulumi_version(bin_dir)} ({bin_dir})"]


pytest_plugins = ["tests.session_figures"]
