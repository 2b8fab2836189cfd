"""The typed SDKs in `sdk/` are what Pulumi's own code generators write from the schema, and they build.

`scripts/gen-sdks.sh` builds `scripts/sdkgen` (Go, github.com/pulumi/pulumi/pkg/v3 at the CLI's version)
once into the user cache and writes `sdk/nodejs`, `sdk/go` and `sdk/python` (and the copy of the TypeScript
SDK in `examples/typescript/sdk`) from `blaxel_pulumi/native/schema.json`. Here: the committed SDKs are
current (`--check`); the TypeScript SDK compiles with `tsc --strict` and types a program (the TypeScript
example, which imports it; a wrong one is refused); the Go SDK passes `go build` and `go vet` with a program
on it; the Python SDK installs (pip, from its pyproject.toml) and imports. TypeScript and `@pulumi/pulumi`
come from npm, locked by the TypeScript example's `package-lock.json`, installed once into the user cache. A
missing tool (Go, npm, flock) fails the test, it never skips.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import blaxel_pulumi

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "sdk"
TS_EXAMPLE = ROOT / "examples" / "typescript"
GO_ENV = {"GOWORK": "off", "GOFLAGS": "-modcacherw", "GOTOOLCHAIN": "local", "CGO_ENABLED": "0"}
"""How this project runs Go (as scripts/install-pulumi.sh does): the module proxy, the local toolchain."""


def tool(name: str, why: str) -> str:
    """The path of ``name`` on PATH, or a loud failure saying what needs it."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is required {why} and is not on PATH", pytrace=False)
    return found


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, check=False
    )


def output(proc: subprocess.CompletedProcess[str]) -> str:
    return f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "blaxel-pulumi"


def test_the_committed_sdks_are_what_the_schema_generates() -> None:
    tool("go", "to build the SDK generator (scripts/sdkgen)")
    tool("flock", "to build the SDK generator safely")
    proc = run([str(ROOT / "scripts" / "gen-sdks.sh"), "--check"], ROOT)
    assert proc.returncode == 0, output(proc)
    assert "sdk/{nodejs,go,python} and examples/typescript/sdk are current" in proc.stderr


def test_the_generator_is_pulumis_codegen_at_the_clis_version() -> None:
    cli = re.search(
        r'PULUMI_VERSION="\$\{BLAXEL_PULUMI_VERSION:-([0-9.]+)\}"', _read("scripts/install-pulumi.sh")
    )
    assert cli is not None
    gen_mod = _read("scripts/sdkgen/go.mod")
    assert f"github.com/pulumi/pulumi/pkg/v3 v{cli[1]}\n" in gen_mod
    # the Go SDK requires the pulumi Go SDK of the same release
    assert re.search(
        rf"^\s*github.com/pulumi/pulumi/sdk/v3 v{re.escape(cli[1])}$", _read("sdk/go/go.mod"), re.M
    )


def _read(relative: str) -> str:
    return (ROOT / relative).read_text(encoding="utf-8")


def typescript_toolchain() -> Path:
    """``node_modules`` holding the TypeScript example's locked TypeScript, @types/node and @pulumi/pulumi,
    installed once (``npm ci``) into the user cache, keyed by the lock file."""
    npm = tool("npm", "(Node.js 20+) to install TypeScript and @pulumi/pulumi for the TypeScript SDK")
    lock = (TS_EXAMPLE / "package-lock.json").read_bytes()
    key = hashlib.sha256((TS_EXAMPLE / "package.json").read_bytes() + lock).hexdigest()[:12]
    target = cache_root() / f"sdk-typescript-{key}"
    if (target / "node_modules" / ".bin" / "tsc").exists():
        return target / "node_modules"
    target.parent.mkdir(parents=True, exist_ok=True)
    with (target.parent / ".sdk-typescript.lock").open("w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        if not (target / "node_modules" / ".bin" / "tsc").exists():
            work = target.with_name(target.name + ".tmp")
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            shutil.copy(TS_EXAMPLE / "package.json", work)
            shutil.copy(TS_EXAMPLE / "package-lock.json", work)
            proc = run([npm, "ci", "--no-audit", "--no-fund"], work)
            assert proc.returncode == 0, f"npm ci failed in {work}:\n{output(proc)}"
            shutil.rmtree(target, ignore_errors=True)
            work.rename(target)
    return target / "node_modules"


def test_the_typescript_sdk_compiles_with_tsc_strict(tmp_path: Path) -> None:
    node_modules = typescript_toolchain()
    sdk = tmp_path / "nodejs"
    shutil.copytree(SDK / "nodejs", sdk)
    (sdk / "node_modules").symlink_to(node_modules)
    proc = run([str(node_modules / ".bin" / "tsc"), "--strict", "-p", "."], sdk)
    assert proc.returncode == 0, f"tsc --strict failed on sdk/nodejs:\n{output(proc)}"
    assert (sdk / "bin" / "index.js").is_file()
    assert (sdk / "bin" / "job.d.ts").is_file()


def _consumer(tmp_path: Path, program: str) -> subprocess.CompletedProcess[str]:
    """``tsc --strict --noEmit`` of ``program`` importing the generated SDK as ``./sdk``."""
    node_modules = typescript_toolchain()
    shutil.copytree(SDK / "nodejs", tmp_path / "sdk", ignore=shutil.ignore_patterns("tsconfig.json"))
    (tmp_path / "node_modules").symlink_to(node_modules)
    (tmp_path / "index.ts").write_text(program, encoding="utf-8")
    options = ["--strict", "--noEmit", "--skipLibCheck", "--target", "es2020", "--module", "commonjs"]
    return run(
        [str(node_modules / ".bin" / "tsc"), *options, "--moduleResolution", "node", "index.ts"], tmp_path
    )


def test_the_typescript_example_types_with_the_generated_sdk(tmp_path: Path) -> None:
    """`examples/typescript` imports its `Job` from the generated SDK beside it (`sdk/`, a copy of
    `sdk/nodejs` that the `--check` above keeps current) and type-checks with its own tsconfig (strict)."""
    node_modules = typescript_toolchain()
    assert 'import { Job } from "./sdk";' in (TS_EXAMPLE / "index.ts").read_text(encoding="utf-8")
    example = tmp_path / "typescript"
    ignored = shutil.ignore_patterns("node_modules", ".local", ".venv", "Pulumi.*.yaml")
    shutil.copytree(TS_EXAMPLE, example, ignore=ignored)
    (example / "node_modules").symlink_to(node_modules)
    proc = run([str(node_modules / ".bin" / "tsc"), "-p", "."], example)
    assert proc.returncode == 0, f"the TypeScript example does not type-check on its sdk/:\n{output(proc)}"


MISTYPED = {
    "memory: string": (
        '{ name: "j", runtime: { image: "i", memory: "lots" } }',
        "index.ts(2,50): error TS2322: Type 'string' is not assignable to type 'Input<number | undefined>'.",
    ),
    "unknown input": (
        '{ name: "j", triggerz: [] }',
        "index.ts(2,27): error TS2561: Object literal may only specify known properties, but 'triggerz' does "
        "not exist in type 'JobArgs'. Did you mean to write 'triggers'?",
    ),
}
"""A job the SDK's types must refuse, and tsc's whole message."""


@pytest.mark.parametrize("case", sorted(MISTYPED))
def test_the_typescript_sdk_rejects_a_mistyped_job(tmp_path: Path, case: str) -> None:
    args, message = MISTYPED[case]
    proc = _consumer(tmp_path, f'import {{ Job }} from "./sdk";\nnew Job("j", {args});\n')
    assert proc.returncode != 0
    assert proc.stdout.strip() == message


GO_PROGRAM = """package main

import (
	"github.com/blaxel-pulumi/blaxel-pulumi/sdk/go/blaxel"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		job, err := blaxel.NewJob(ctx, "nightly", &blaxel.JobArgs{
			Name: pulumi.String("go-nightly-export"),
			Runtime: &blaxel.JobRuntimeArgs{
				Image:  pulumi.String("blaxel/nightly-export:1.0"),
				Memory: pulumi.Int(2048),
				Envs: blaxel.EnvArray{
					blaxel.EnvArgs{Name: pulumi.String("LOG_LEVEL"), Value: pulumi.String("info")},
				},
			},
			Triggers: blaxel.TriggerArray{blaxel.TriggerArgs{
				Type:          pulumi.String("cron"),
				Configuration: &blaxel.TriggerConfigurationArgs{Schedule: pulumi.String("0 2 * * *")},
			}},
		})
		if err != nil {
			return err
		}
		ctx.Export("status", job.Status)
		return nil
	})
}
"""
"""A Go program on the generated SDK (the TypeScript example's job), built and vetted with it."""


def test_the_go_sdk_builds_and_vets(tmp_path: Path) -> None:
    go = tool("go", "(1.26+) to build the Go SDK")
    sdk = tmp_path / "go"
    shutil.copytree(SDK / "go", sdk)
    (sdk / "cmd" / "example").mkdir(parents=True)
    (sdk / "cmd" / "example" / "main.go").write_text(GO_PROGRAM, encoding="utf-8")
    for command in (["build", "./..."], ["vet", "./..."]):
        proc = run([go, *command], sdk, GO_ENV)
        assert proc.returncode == 0, f"go {' '.join(command)} failed on sdk/go:\n{output(proc)}"


def test_the_python_sdk_installs_and_imports(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SDK / "python", tmp_path / "python")  # pip builds in the source tree: not in sdk/
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site)]
    proc = run([*pip, str(tmp_path / "python")], tmp_path)
    assert proc.returncode == 0, f"pip could not install sdk/python:\n{output(proc)}"
    code = (
        "import pulumi_blaxel as b\n"
        "assert b.Job.__module__ == 'pulumi_blaxel.job'\n"
        "assert b.Provider and b.JobArgs and b.JobRuntimeArgs and b.TriggerArgs and b.config\n"
        "print(b._utilities.get_version())\n"
    )
    proc = run([sys.executable, "-c", code], tmp_path, {"PYTHONPATH": str(site)})
    assert proc.returncode == 0, output(proc)
    assert proc.stdout.strip() == blaxel_pulumi.__version__
