"""bench/plugin_start.py's arithmetic: medians of each plugin's starts and the standalone's ratios."""

from __future__ import annotations

from typing import Any

from bench.plugin_start import markdown_lines, summarize


def _part(first: dict[str, list[float]]) -> dict[str, Any]:
    return {
        "runs": 3,
        "samples": {
            kind: {"port_seconds": [s - 0.1 for s in seconds], "first_answer_seconds": seconds}
            for kind, seconds in first.items()
        },
        "archive_bytes": {"standalone": 25_000_000, "python-env": 16_500_000, "venv": None},
        "installed_bytes": {"standalone": 25_100_000, "python-env": 60_000_000, "venv": None},
    }


PART = _part({"standalone": [1.2, 9.0, 1.5], "python-env": [1.0, 1.1, 0.9], "venv": [1.5, 1.4, 3.0]})


def test_the_ratios_are_of_the_median_first_answers() -> None:
    summary = summarize(PART)

    assert summary["medians"]["standalone"]["first_answer_seconds"] == 1.5  # the outlier 9.0 is not it
    assert summary["medians"]["python-env"]["port_seconds"] == 1.0 - 0.1
    assert summary["standalone_over"] == {"python-env": 1.5 / 1.0, "venv": 1.5 / 1.5}


def test_the_table_shows_each_plugin_its_sizes_and_the_ratio() -> None:
    text = "\n".join(markdown_lines(PART))

    standalone = "standalone executable (`make plugin-standalone`, PyInstaller --onefile)"
    assert f"| {standalone} | 1.40 | 1.50 | 25.0 | 25.1 |" in text
    assert "| console script of the pip package (this virtualenv) | 1.40 | 1.50 | - | - |" in text
    assert "standalone / Python-environment archive: **1.50**; standalone / console script: 1.00." in text
    assert "medians of 3 runs" in text
