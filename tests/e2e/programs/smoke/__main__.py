"""Smoke program: one trivial dynamic resource."""

import pulumi
from smoke_resource import Echo

echo = Echo("echo", pulumi.Config().get("value") or "hello")
pulumi.export("value", echo.value)
