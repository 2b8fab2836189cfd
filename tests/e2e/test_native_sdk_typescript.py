"""The TypeScript example on the SDK Pulumi's code generator wrote (`sdk/nodejs`) instead of its hand-typed
`blaxel.ts`: the shared lifecycle of `tests/e2e/test_native_faces.py`, its assertions unchanged.

The copy of `examples/typescript` gets `sdk/nodejs` as `./sdk` and `index.ts` imports `Job` from there; the
rest (npm ci, tsc, the real CLI, the local Blaxel API) is the TypeScript face's. The generated SDK adds the
resource options Pulumi's SDKs carry (the package `version`, `pluginDownloadURL`): this shows that the
engine still runs the plugin on `PATH` with them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest

from tests.e2e import test_native_faces as faces
from tests.e2e.blaxel_api import BlaxelApi, ExampleProject
from tests.e2e.pulumi_cli import PulumiProject

pytestmark = pytest.mark.e2e

SDK = Path(__file__).resolve().parents[2] / "sdk" / "nodejs"


def on_generated_sdk(example_project: ExampleProject) -> ExampleProject:
    """``example_project`` whose TypeScript copy imports the generated SDK instead of ``blaxel.ts``."""

    def factory(
        example: str,
        api: BlaxelApi,
        *,
        config: Mapping[str, str] = {},
        secrets: Mapping[str, str] = {},
        env: Mapping[str, str] | None = None,
    ) -> PulumiProject:
        assert example == "typescript"
        project = example_project(example, api, config=config, secrets=secrets, env=env)
        workdir = project.workdir
        shutil.copytree(
            SDK, workdir / "sdk", ignore=shutil.ignore_patterns("tsconfig.json", "node_modules", "bin")
        )
        (workdir / "blaxel.ts").unlink()
        program = (workdir / "index.ts").read_text(encoding="utf-8")
        assert 'import { Job } from "./blaxel";' in program
        (workdir / "index.ts").write_text(
            program.replace('from "./blaxel";', 'from "./sdk";'), encoding="utf-8"
        )
        tsconfig = json.loads((workdir / "tsconfig.json").read_text(encoding="utf-8"))
        tsconfig["files"] = ["index.ts"]
        (workdir / "tsconfig.json").write_text(json.dumps(tsconfig, indent=2), encoding="utf-8")
        return project

    return factory


def test_the_shared_lifecycle_runs_on_the_generated_typescript_sdk(
    bin_dir: Path, example_project: ExampleProject, blaxel: BlaxelApi
) -> None:
    faces.test_the_shared_lifecycle_runs_on_the_native_provider_from_another_language(
        "typescript", bin_dir, on_generated_sdk(example_project), blaxel
    )
