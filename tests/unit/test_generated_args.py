"""The committed input classes are exactly what the generator writes from the wire models."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import blaxel_pulumi as blaxel

ROOT = Path(__file__).resolve().parents[2]


def test_args_py_is_generated_from_the_models() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_args.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_input_classes_convert_to_snake_case_dicts() -> None:
    args = blaxel.BlaxelJobArgs(
        name="n",
        runtime=blaxel.JobRuntimeArgs(
            image="i", envs=[blaxel.EnvVarArgs(name="A", value="1")], ports=[blaxel.PortArgs(target=80)]
        ),
        triggers=[
            blaxel.TriggerArgs(
                type="cron", configuration=blaxel.TriggerConfigurationArgs(schedule="* * * * *")
            )
        ],
    )
    assert args.to_dict() == {
        "name": "n",
        "runtime": {"image": "i", "envs": [{"name": "A", "value": "1"}], "ports": [{"target": 80}]},
        "triggers": [{"type": "cron", "configuration": {"schedule": "* * * * *"}}],
    }


def test_every_input_has_a_documented_property() -> None:
    for cls in (
        blaxel.BlaxelJobArgs,
        blaxel.JobRuntimeArgs,
        blaxel.TriggerConfigurationArgs,
        blaxel.VolumeArgs,
    ):
        for name, member in vars(cls).items():
            if isinstance(member, property):
                assert member.__doc__, f"{cls.__name__}.{name} has no docstring"
