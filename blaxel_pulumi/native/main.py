"""``pulumi-resource-blaxel``: the plugin executable of the native provider (a console script of the package).

The engine starts it with its own address as argument and reads the port it serves on from stdout. It needs
the ``pulumi`` Python SDK with ``pulumi.provider.experimental`` (3.216 and later; the versions this package
was tested with are pinned by its dependencies and ``constraints/floors.txt``).
"""

from __future__ import annotations

import sys

__all__ = ["main"]

_NEEDS = (
    "pulumi-resource-blaxel needs the pulumi Python SDK 3.216 or later "
    "(module `pulumi.provider.experimental`), "
    "installed in the same environment as blaxel-pulumi: run `pip install 'blaxel-pulumi'` again in that "
    "environment, or use the plugin archive of `make plugin`."
)


def main(argv: list[str] | None = None) -> int:
    """Serve the provider until the engine stops it."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        from pulumi.provider.experimental.server import ProviderServicer  # noqa: F401
    except ImportError:
        sys.stderr.write(_NEEDS + "\n")
        return 1
    from blaxel_pulumi._version import __version__
    from blaxel_pulumi.native.provider import JobProvider
    from blaxel_pulumi.native.server import serve

    if not args or args[0] in ("-h", "--help"):
        sys.stderr.write(
            "usage: pulumi-resource-blaxel <engine address>\n\nThe Pulumi resource plugin of the blaxel "
            "package; the pulumi CLI starts it.\n"
        )
        return 2
    serve(args, __version__, lambda log: JobProvider(__version__, log=log))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
