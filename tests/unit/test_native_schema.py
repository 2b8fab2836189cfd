"""The native provider's schema, names and values derive from the field table, and stay in step with it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pulumi.output import Unknown
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN

from blaxel_pulumi.core.diff import detailed_diff
from blaxel_pulumi.core.property_names import camel, camel_text, from_camel, to_camel_props
from blaxel_pulumi.core.schema import INTERNAL_KEYS, PROGRAM_OPTION_KEYS, JobInputs, JobOutputs
from blaxel_pulumi.native.schema import JOB_TOKEN, SCHEMA_PATH, build_schema, load_schema
from blaxel_pulumi.native.values import from_values, secret_keys, to_values

ROOT = Path(__file__).resolve().parents[2]


def test_schema_and_typed_class_are_generated_from_the_models() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_schema.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_job_resource_has_every_field_of_the_table_under_its_camel_case_name() -> None:
    job = build_schema()["resources"][JOB_TOKEN]
    inputs = set(job["inputProperties"])
    assert inputs == {
        to_camel_props({n: 1}).popitem()[0] for n in JobInputs.model_fields if n not in INTERNAL_KEYS
    }
    assert "displayName" in inputs and "secretEnvValues" not in inputs and "owner" not in inputs
    assert set(job["properties"]) >= {
        "url",
        "status",
        "createdAt",
        "secretEnvValues",
        "triggerCallbackSecrets",
    }
    # every output but the dynamic face's program options (the engine applies those options itself here)
    assert len(job["properties"]) == len(JobOutputs.model_fields) - len(PROGRAM_OPTION_KEYS)
    assert "replacePaths" not in job["properties"] and "timeouts" not in job["properties"]
    assert job["inputProperties"]["name"]["replaceOnChanges"] is True
    assert job["inputProperties"]["workspace"]["replaceOnChanges"] is True
    assert "replaceOnChanges" not in job["inputProperties"]["runtime"]
    assert job["properties"]["secretEnvValues"]["secret"] is True
    assert all(spec.get("description") for spec in job["inputProperties"].values())


def test_nested_types_are_the_wire_models() -> None:
    schema = build_schema()
    runtime = schema["types"]["blaxel:index:JobRuntime"]["properties"]
    assert runtime["maxRetries"]["type"] == "integer"
    assert runtime["envs"] == {
        "type": "array",
        "items": {"$ref": "#/types/blaxel:index:Env"},
        "description": runtime["envs"]["description"],
    }
    assert schema["types"]["blaxel:index:Env"]["required"] == ["name"]
    assert (
        schema["types"]["blaxel:index:TriggerConfiguration"]["properties"]["callbackSecret"]["secret"] is True
    )


def test_config_is_every_blaxel_key_and_the_api_key_is_secret() -> None:
    schema = build_schema()
    variables = schema["config"]["variables"]
    assert set(variables) == {
        "apiKey",
        "workspace",
        "apiUrl",
        "env",
        "requestTimeout",
        "skipCredentialsCheck",
    }
    assert variables["apiKey"]["secret"] is True
    assert schema["provider"]["inputProperties"]["apiKey"]["secret"] is True


def test_served_schema_has_the_version() -> None:
    served = json.loads(load_schema("1.2.3"))
    assert served["version"] == "1.2.3"
    assert served["name"] == "blaxel"
    assert json.loads(SCHEMA_PATH.read_text())["resources"] == served["resources"]


def test_camel_case_mapping_round_trips_and_keeps_user_data() -> None:
    snake = {
        "display_name": "x",
        "labels": {"my_label": "a", "camelKey": "b"},
        "runtime": {"max_retries": 2, "envs": [{"name": "A_B", "value": "v", "secret": True}]},
        "secret_env_values": {"A_B": "s"},
        "server_fields": {"spec": {"someServerField": 1}, "metadata": {"a_b": 2}},
        "_state_version": 2,
        "events": [{"canary_revision": "r"}],
        "triggers": [{"configuration": {"callback_secret": "x", "tasks": [{"a_b": 1}]}}],
        "volumes": [{"mount_path": "/data", "size_mb": 10}],
    }
    camel = to_camel_props(snake)
    assert camel["displayName"] == "x"
    assert camel["labels"] == {"my_label": "a", "camelKey": "b"}
    assert camel["runtime"]["maxRetries"] == 2
    assert camel["secretEnvValues"] == {"A_B": "s"}
    assert camel["serverFields"] == snake["server_fields"]
    assert camel["events"] == [{"canaryRevision": "r"}]
    assert camel["triggers"][0]["configuration"] == {"callbackSecret": "x", "tasks": [{"a_b": 1}]}
    assert camel["volumes"] == [{"mountPath": "/data", "sizeMb": 10}]
    assert from_camel(camel) == snake


def test_unknown_keys_are_snake_cased_for_check_and_messages_camel_cased_back() -> None:
    assert from_camel({"dispalyName": 1, "runtime": {"maxRetrys": 1}}) == {
        "dispaly_name": 1,
        "runtime": {"max_retrys": 1},
    }
    message = "runtime.max_retries: bad; volumes: use distinct mount_path values; set BL_API_KEY"
    assert (
        camel_text(message)
        == "runtime.maxRetries: bad; volumes: use distinct mountPath values; set BL_API_KEY"
    )


def test_values_keep_unknowns_and_mark_secrets_by_property() -> None:
    props = {
        "a": PropertyValue({"b": PropertyValue("x", is_secret=True)}),
        "c": PropertyValue(UNKNOWN),
        "d": PropertyValue(2.0),
    }
    plain = from_values(props)
    assert plain["a"] == {"b": "x"} and isinstance(plain["c"], Unknown) and plain["d"] == 2.0
    assert secret_keys(props) == {"a"}
    back = to_values({**plain, "secretEnvValues": {"T": "v"}, "e": None, "n": 3}, secret_keys(props))
    assert back["a"].is_secret and not back["d"].is_secret and back["secretEnvValues"].is_secret
    assert back["c"].value == UNKNOWN and "e" not in back and back["n"].value == 3.0


def test_detailed_diff_names_nested_paths_in_program_order() -> None:
    old = {
        "runtime": {"memory": 2048, "envs": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
        "labels": {"a": "1", "x.y": "2"},
        "name": "n",
    }
    new = {
        "runtime": {"memory": 4096.0, "envs": [{"name": "B", "value": "2"}, {"name": "C", "value": "3"}]},
        "labels": {"a": "1", "x.y": "3"},
        "name": "m",
    }
    found = {k: v.kind.name for k, v in detailed_diff(old, new, ["runtime", "labels"], ["name"]).items()}
    assert found == {
        "name": "UPDATE_REPLACE",
        "runtime.memory": "UPDATE",
        "runtime.envs[1]": "ADD",
        "runtime.envs[0]": "DELETE",
        'labels["x.y"]': "UPDATE",
    }
    secret = detailed_diff(
        {"secret_env_values": {"T": "a"}}, {"secret_env_values": {"T": "b"}}, ["secret_env_values"], []
    )
    assert list(secret) == ["secretEnvValues"]


def test_a_name_already_in_camel_case_is_kept() -> None:
    assert [camel(n) for n in ("displayName", "runtime", "max_retries", "_state_version")] == [
        "displayName",
        "runtime",
        "maxRetries",
        "_state_version",
    ]
