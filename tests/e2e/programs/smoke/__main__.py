"""Smoke program: one trivial dynamic resource."""

import pulumi
from smoke_resource import Echo  # type: ignore[import-not-found,unused-ignore]  # beside this file

echo = Echo("echo", pulumi.Config().get("value") or "hello")
pulumi.export("value", echo.value)
