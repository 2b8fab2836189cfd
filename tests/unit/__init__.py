"""Unit tests: the API layer against a real local HTTP server, no Pulumi engine."""
