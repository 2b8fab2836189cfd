"""One object of the kind that config `kind` names (`policy`, `volume`, ...), in one of two variants, on one
of two faces.

Config: `face` (`dynamic`: the Python class `blaxel_pulumi.Blaxel<Kind>`, the default; `native`: the native
provider's resource through the generated SDK `pulumi_blaxel`); `kind`; `variant` (`a` or `b`: one field
differs, one a PUT can change); `name` (default: the auto-name); `label` (the value of label `team`, default
`platform`); `long` (`true`: a display name longer than Blaxel accepts); `region` (the volume's and the
drive's, default `us-pdx-1`) and `kernel` (the value of the sandbox's `runtime.extra_args.tun`, default
none): fields fixed at creation; secret `secretValue` (the integration connection's API key, the agent's
secret env var `TOKEN`).
"""

from typing import Any

import pulumi

config = pulumi.Config()
kind = config.require("kind")
b = config.get("variant") == "b"
secret = config.get_secret("secretValue") or "unused"
region = config.get("region") or "us-pdx-1"
kernel = config.get("kernel")

ARGS: dict[str, tuple[str, dict[str, Any]]] = {
    "policy": (
        "Policy",
        {
            "type": "location",
            "locations": [{"name": "EU", "type": "continent"}],
            "resource_types": ["agent", "model"] if b else ["agent"],
        },
    ),
    "integration connection": (
        "IntegrationConnection",
        {"integration": "openai", "config": {"org": "acme-b" if b else "acme"}, "secret": {"apiKey": secret}},
    ),
    "volume template": (
        "VolumeTemplate",
        {"default_size": 2048 if b else 1024, "description": "Scratch space"},
    ),
    "volume": ("Volume", {"size": 2048 if b else 1024, "region": region}),
    "drive": (
        "Drive",
        {
            "region": region,
            "permissions": [{"labels": {"team": "data"}, "mode": "read" if b else "read-write"}],
        },
    ),
    "model": (
        "Model",
        {"runtime": {"type": "openai", "model": "gpt-4.1-mini" if b else "gpt-4.1"}, "enabled": True},
    ),
    "function": (
        "Function",
        {"runtime": {"image": "registry.example.com/mcp:2" if b else "registry.example.com/mcp:1"}},
    ),
    "agent": (
        "Agent",
        {
            "runtime": {
                "image": "registry.example.com/agent:1",
                "memory": 4096 if b else 2048,
                "envs": [
                    {"name": "MODE", "value": "batch"},
                    {"name": "TOKEN", "value": secret, "secret": True},
                ],
            }
        },
    ),
    "sandbox": (
        "Sandbox",
        {
            "runtime": {
                "image": "blaxel/base:latest",
                "memory": 4096 if b else 2048,
                **({"extra_args": {"tun": kernel}} if kernel else {}),
            }
        },
    ),
}

title, args = ARGS[kind]
if config.get("face") == "native":
    import pulumi_blaxel

    cls = getattr(pulumi_blaxel, title)
else:
    import blaxel_pulumi

    cls = getattr(blaxel_pulumi, f"Blaxel{title}")
resource = cls(
    "subject",
    name=config.get("name"),
    labels={"team": config.get("label") or "platform"},
    display_name="x" * 70 if config.get_bool("long") else "Subject",
    **args,
)
pulumi.export("name", resource.name)
