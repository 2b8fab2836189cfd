"""Benchmarks of blaxel-pulumi on the real pulumi CLI against the local Blaxel API: `python -m bench.run`."""
