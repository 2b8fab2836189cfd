"""`make demo`: the quickstart against a throwaway local Blaxel API, step by step.

1. starts the local Blaxel API (temporary SQLite file, free port);
2. makes a local file backend with a throwaway passphrase;
3. runs `pulumi up` on examples/quickstart;
4. shows the job as the API reports it;
5. cleans up (`pulumi destroy`, stops the API, removes the temporary files) unless `--keep` is given, in which
   case it prints the commands to continue by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from blaxel_pulumi.api.client import BlaxelClient
from blaxel_pulumi.api.settings import resolve_settings
from blaxel_pulumi.api.wire import request_body
from blaxel_pulumi.emulator.process import EmulatorProcess, EmulatorStartError

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = ROOT / "examples" / "quickstart"
PASSPHRASE = "demo-throwaway-passphrase"  # noqa: S105 - encrypts a state that is deleted at the end


def say(text: str) -> None:
    """Print a step heading."""
    print(f"\n==> {text}", flush=True)


def pulumi(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Run one pulumi command, showing its output; stop the demo if it fails."""
    print(f"$ pulumi {' '.join(args)}", flush=True)
    if subprocess.run(["pulumi", *args], cwd=cwd, env=env, check=False).returncode != 0:
        raise SystemExit(f"`pulumi {' '.join(args)}` failed (see above)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--keep", action="store_true", help="leave the job, the API and the files for exploring"
    )
    args = parser.parse_args()
    if shutil.which("pulumi") is None:
        raise SystemExit(
            "no `pulumi` on PATH: run `make demo` (it installs the CLI) or scripts/install-pulumi.sh"
        )

    workdir = Path(tempfile.mkdtemp(prefix="blaxel-demo-"))
    say(f"Starting the local Blaxel API (SQLite in {workdir})")
    api = EmulatorProcess(workdir / "api")
    try:
        api.start()
    except EmulatorStartError as exc:
        raise SystemExit(str(exc)) from None
    api_env = api.environment()
    print(f"    listening on {api_env['BL_API_URL']}, workspace '{api_env['BL_WORKSPACE']}'")
    try:
        project = workdir / "quickstart"
        shutil.copytree(QUICKSTART, project)
        (workdir / "backend").mkdir()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PULUMI_", "BL_"))}
        env.update(api_env)
        env.update(
            {
                "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
                "PULUMI_BACKEND_URL": f"file://{workdir / 'backend'}",
                "PULUMI_HOME": str(workdir / "pulumi-home"),
                "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
                "PULUMI_SKIP_UPDATE_CHECK": "true",
            }
        )
        say("Creating a stack on a local file backend (throwaway passphrase)")
        pulumi(["stack", "init", "demo", "--non-interactive"], project, env)

        say("pulumi up: one Blaxel batch job")
        pulumi(["up", "--yes", "--non-interactive"], project, env)

        say("The job as the Blaxel API reports it (GET /v0/jobs/{name})")
        outputs = subprocess.run(
            ["pulumi", "stack", "output", "--json"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        name = json.loads(outputs.stdout)["name"]
        settings = resolve_settings(environ=api_env)
        with BlaxelClient(settings) as client:
            job = client.get_job(name)
        shown = request_body(job)
        shown["status"] = job.status
        shown["metadata"].update(
            {
                k: v
                for k, v in job.metadata.model_dump(by_alias=True).items()
                if k in ("workspace", "createdAt", "url")
            }
        )
        print(json.dumps(shown, indent=2))

        say("pulumi preview: a second run changes nothing")
        pulumi(["preview", "--non-interactive"], project, env)

        if args.keep:
            say("Kept. To continue by hand:")
            print(f"    cd {project}")
            for key in ("PULUMI_BACKEND_URL", "PULUMI_HOME", "PULUMI_CONFIG_PASSPHRASE", *api_env):
                print(f"    export {key}={env[key]}")
            print(f"    pulumi destroy --yes && kill {api.pid} && rm -rf {workdir}")
            return 0
        say("Cleaning up: pulumi destroy, stop the API, remove the temporary files")
        pulumi(["destroy", "--yes", "--non-interactive"], project, env)
    finally:
        if not args.keep:
            api.stop()
            shutil.rmtree(workdir, ignore_errors=True)
    say("Done. Next: README.md (the quick start by hand), docs/getting-started.md (against your workspace).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
