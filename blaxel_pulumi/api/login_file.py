"""The file ``bl login`` writes (``~/.blaxel/config.yaml``): the last place settings are looked for.

``context.workspace`` names the workspace; that workspace's entry gives the key (``credentials.apiKey``) and
the environment (``env``). The file is read on first use, with PyYAML only when it exists, and a broken one
fails with a message that names it and the way around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from blaxel_pulumi.errors import BlaxelConfigError

__all__ = ["LoginFile", "blank_to_none", "default_config_file"]


def default_config_file() -> Path:
    """The file ``bl login`` writes: ``~/.blaxel/config.yaml``."""
    return Path.home() / ".blaxel" / "config.yaml"


def blank_to_none(value: object) -> str | None:
    """``value`` as text without surrounding blanks; None when it is None or blank (blank counts as unset)."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _display(path: Path) -> str:
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except (ValueError, RuntimeError):
        return str(path)


class LoginFile:
    """The parsed ``bl login`` file, read on first use; each lookup says where it looked, for messages."""

    def __init__(self, path: Path) -> None:
        """The file at ``path`` (not read yet)."""
        self.path = path
        self.shown = _display(path)
        self._data: dict[str, Any] | None = None

    def data(self) -> dict[str, Any]:
        """The file's content (empty when there is no file); read and checked on first use."""
        if self._data is None:
            self._data = self._load()
        return self._data

    def _load(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {}
        import yaml  # only when the file exists: most runs take every setting from config or environment

        try:
            raw = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise BlaxelConfigError(
                f"Cannot read the Blaxel config file {self.shown}: {exc.strerror or exc}. "
                "Fix its permissions, or set the values in the stack config or the environment instead."
            ) from None
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            where = ""
            mark = getattr(exc, "problem_mark", None)
            if mark is not None:
                where = f" (line {mark.line + 1}, column {mark.column + 1})"
            raise BlaxelConfigError(
                f"The Blaxel config file {self.shown} is not valid YAML{where}. Fix it (or log in again "
                "with `bl login`), or move it away and set blaxel:apiKey / BL_API_KEY and "
                "blaxel:workspace / BL_WORKSPACE."
            ) from None
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise self._malformed("the top level is not a mapping")
        workspaces = raw.get("workspaces")
        if workspaces is not None and not isinstance(workspaces, list):
            raise self._malformed("`workspaces` is not a list")
        context = raw.get("context")
        if context is not None and not isinstance(context, dict):
            raise self._malformed("`context` is not a mapping")
        return raw

    def _malformed(self, why: str) -> BlaxelConfigError:
        return BlaxelConfigError(
            f"The Blaxel config file {self.shown} is malformed: {why}. Fix it (or log in again with "
            "`bl login`), or move it away and set the values in the stack config or the environment."
        )

    def exists(self) -> bool:
        """Whether the file is there."""
        return self.path.is_file()

    def context_workspace(self) -> str | None:
        """The workspace the file selects (``context.workspace``), or None."""
        context = self.data().get("context") or {}
        return blank_to_none(context.get("workspace"))

    def entry(self, workspace: str) -> dict[str, Any] | None:
        """The file's entry for ``workspace``, or None."""
        for item in self.data().get("workspaces") or []:
            if isinstance(item, dict) and blank_to_none(item.get("name")) == workspace:
                return item
        return None

    def api_key(self, workspace: str) -> str | None:
        """The API key of ``workspace`` (``credentials.apiKey`` of its entry), or None."""
        entry = self.entry(workspace) or {}
        credentials = entry.get("credentials")
        if not isinstance(credentials, dict):
            return None
        return blank_to_none(credentials.get("apiKey"))

    def env(self, workspace: str) -> str | None:
        """The environment name of ``workspace`` (``env`` of its entry), or None."""
        return blank_to_none((self.entry(workspace) or {}).get("env"))

    def key_place(self, workspace: str | None) -> str:
        """Describe where in the file the key was looked for, and why it was not there."""
        if not self.exists():
            return f"{self.shown} (not found)"
        if workspace is None:
            return f"{self.shown} (no workspace selected)"
        if self.entry(workspace) is None:
            return f"{self.shown} (no entry for workspace '{workspace}')"
        return f"{self.shown} (workspace '{workspace}' has no credentials.apiKey)"

    def workspace_place(self) -> str:
        """Describe where in the file the workspace was looked for."""
        state = "" if self.exists() else "; not found"
        return f"{self.shown} (context.workspace{state})"
