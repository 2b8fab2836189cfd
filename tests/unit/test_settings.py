"""Where settings come from: argument > stack config > environment > ``~/.blaxel/config.yaml``."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi.dynamic.config import Config as PulumiConfig

from blaxel_pulumi.api.settings import (
    DEFAULT_API_VERSION,
    DEFAULT_REQUEST_TIMEOUT,
    LabelledConfig,
    Settings,
    credentials_check_skipped,
    default_config_file,
    resolve_api_url,
    resolve_settings,
)
from blaxel_pulumi.errors import BlaxelConfigError

SOURCES = ("arg", "config", "env", "file")
SUBSETS = [s for n in range(1, 5) for s in itertools.combinations(SOURCES, n)]
PROD = "https://api.blaxel.ai/v0"
DEV = "https://api.blaxel.dev/v0"


def write_config(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return path


def login_file(tmp_path: Path, workspace: str | None, entries: list[dict[str, Any]]) -> Path:
    data: dict[str, Any] = {"workspaces": entries}
    if workspace is not None:
        data["context"] = {"workspace": workspace}
    return write_config(tmp_path / "config.yaml", data)


@pytest.mark.parametrize("subset", SUBSETS, ids=["+".join(s) for s in SUBSETS])
def test_api_key_precedence(subset: tuple[str, ...], tmp_path: Path) -> None:
    entries = [{"name": "ws", "credentials": {"apiKey": "key-file"}}] if "file" in subset else []
    settings = resolve_settings(
        api_key="key-arg" if "arg" in subset else None,
        workspace="ws",
        config={"blaxel:apiKey": "key-config"} if "config" in subset else {},
        environ={"BL_API_KEY": "key-env"} if "env" in subset else {},
        config_file=login_file(tmp_path, None, entries),
    )
    assert settings.api_key == f"key-{subset[0]}"
    expected = {
        "arg": "the `api_key` argument",
        "config": "stack config blaxel:apiKey",
        "env": "environment variable BL_API_KEY",
        "file": "config.yaml (workspace 'ws')",
    }[subset[0]]
    assert expected in settings.sources["api_key"]


@pytest.mark.parametrize("subset", SUBSETS, ids=["+".join(s) for s in SUBSETS])
def test_workspace_precedence(subset: tuple[str, ...], tmp_path: Path) -> None:
    settings = resolve_settings(
        api_key="k",
        workspace="ws-arg" if "arg" in subset else None,
        config={"blaxel:workspace": "ws-config"} if "config" in subset else {},
        environ={"BL_WORKSPACE": "ws-env"} if "env" in subset else {},
        config_file=login_file(tmp_path, "ws-file" if "file" in subset else None, []),
    )
    assert settings.workspace == f"ws-{subset[0]}"


@pytest.mark.parametrize("subset", SUBSETS, ids=["+".join(s) for s in SUBSETS])
def test_env_name_precedence(subset: tuple[str, ...], tmp_path: Path) -> None:
    """The first source names `dev`; later ones name an invalid environment, which must go unread."""

    def name(source: str) -> str | None:
        if source not in subset:
            return None
        return "dev" if source == subset[0] else "nowhere"

    entry: dict[str, Any] = {"name": "ws", "credentials": {"apiKey": "k"}}
    if name("file"):
        entry["env"] = name("file")
    settings = resolve_settings(
        env=name("arg"),
        config={"blaxel:env": v} if (v := name("config")) else {},
        environ={"BL_ENV": v} if (v := name("env")) else {},
        config_file=login_file(tmp_path, "ws", [entry]),
    )
    assert settings.api_url == DEV
    assert "environment 'dev'" in settings.sources["api_url"]


URL_SUBSETS = [s for n in range(0, 4) for s in itertools.combinations(("arg", "config", "env"), n)]


@pytest.mark.parametrize("subset", URL_SUBSETS, ids=["+".join(s) or "none" for s in URL_SUBSETS])
def test_api_url_precedence(subset: tuple[str, ...]) -> None:
    settings = resolve_settings(
        api_key="k",
        workspace="ws",
        api_url="http://arg.test/v0" if "arg" in subset else None,
        config={"blaxel:apiUrl": "http://config.test/v0"} if "config" in subset else {},
        environ={"BL_ENV": "dev", **({"BL_API_URL": "http://env.test/v0"} if "env" in subset else {})},
    )
    assert settings.api_url == (f"http://{subset[0]}.test/v0" if subset else DEV)


def test_defaults_to_prod_and_the_pinned_version() -> None:
    settings = resolve_settings(api_key="k", workspace="ws", environ={})
    assert settings.api_url == PROD
    assert settings.api_version == DEFAULT_API_VERSION == "2026-04-28"
    assert settings.sources["api_url"] == "environment 'prod' (from the default)"


def test_request_timeout_precedence_and_bounds() -> None:
    base: dict[str, Any] = {"api_key": "k", "workspace": "ws"}
    assert resolve_settings(**base, environ={}).request_timeout == DEFAULT_REQUEST_TIMEOUT
    env = {"BL_REQUEST_TIMEOUT": "5"}
    assert resolve_settings(**base, environ=env).request_timeout == 5.0
    config = {"blaxel:requestTimeout": "7.5"}
    assert resolve_settings(**base, config=config, environ=env).request_timeout == 7.5
    chosen = resolve_settings(**base, request_timeout=2, config=config, environ=env)
    assert chosen.request_timeout == 2.0
    assert chosen.sources["request_timeout"] == "the `request_timeout` argument"
    for bad in ("0", "-1", "601", "soon", "nan"):
        with pytest.raises(BlaxelConfigError, match="blaxel:requestTimeout or BL_REQUEST_TIMEOUT"):
            resolve_settings(**base, environ={"BL_REQUEST_TIMEOUT": bad})


def test_login_file_alone_is_enough(isolated_env: Path) -> None:
    write_config(
        isolated_env / ".blaxel" / "config.yaml",
        {
            "context": {"workspace": "team"},
            "workspaces": [
                {"name": "other", "env": "prod", "credentials": {"apiKey": "other-key"}},
                {"name": "team", "env": "dev", "credentials": {"apiKey": "team-key"}},
            ],
        },
    )
    settings = resolve_settings()
    assert (settings.api_key, settings.workspace, settings.api_url) == ("team-key", "team", DEV)
    assert settings.sources == {
        "api_key": "~/.blaxel/config.yaml (workspace 'team')",
        "workspace": "~/.blaxel/config.yaml (context.workspace)",
        "api_url": "environment 'dev' (from ~/.blaxel/config.yaml (workspace 'team'))",
        "api_version": "the default",
        "request_timeout": "the default",
    }
    assert default_config_file() == isolated_env / ".blaxel" / "config.yaml"


def test_file_key_follows_the_selected_workspace(tmp_path: Path) -> None:
    path = login_file(
        tmp_path,
        "a",
        [
            {"name": "a", "credentials": {"apiKey": "key-a"}},
            {"name": "b", "credentials": {"apiKey": "key-b"}},
        ],
    )
    settings = resolve_settings(environ={"BL_WORKSPACE": "b"}, config_file=path)
    assert (settings.workspace, settings.api_key) == ("b", "key-b")


def test_os_environ_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BL_API_KEY", "from-env")
    monkeypatch.setenv("BL_WORKSPACE", "ws-env")
    monkeypatch.setenv("BL_API_URL", "http://localhost:8080/v0/")
    settings = resolve_settings()
    assert (settings.api_key, settings.workspace, settings.api_url) == (
        "from-env",
        "ws-env",
        "http://localhost:8080/v0",
    )


def test_pulumi_dynamic_config_object_is_accepted() -> None:
    config = PulumiConfig({"blaxel:apiKey": "k", "blaxel:workspace": "ws", "blaxel:env": "dev"}, "proj")
    settings = resolve_settings(config=config, environ={})
    assert (settings.api_key, settings.workspace, settings.api_url) == ("k", "ws", DEV)


def test_blank_values_count_as_unset(tmp_path: Path) -> None:
    settings = resolve_settings(
        api_key="  ",
        workspace="",
        config={"blaxel:apiKey": "", "blaxel:apiUrl": " "},
        environ={"BL_API_KEY": "key-env", "BL_WORKSPACE": " ws \n", "BL_ENV": ""},
    )
    assert (settings.api_key, settings.workspace, settings.api_url) == ("key-env", "ws", PROD)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://api.example.com/v0", "https://api.example.com/v0"),
        ("https://api.example.com/v0///", "https://api.example.com/v0"),
        ("http://127.0.0.1:9000/proxy/v0/", "http://127.0.0.1:9000/proxy/v0"),
        ("https://api.example.com", "https://api.example.com"),
        ("https://api.example.com/X", "https://api.example.com/X"),
    ],
)
def test_api_url_is_kept_as_given_minus_trailing_slashes(given: str, expected: str) -> None:
    assert resolve_settings(api_key="k", workspace="w", api_url=given, environ={}).api_url == expected


@pytest.mark.parametrize("bad", ["api.blaxel.ai/v0", "localhost:8080", "ftp://x/v0", "https:///v0"])
def test_api_url_without_http_scheme_is_an_error(bad: str) -> None:
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key="k", workspace="w", environ={"BL_API_URL": bad})
    message = str(info.value)
    assert f"'{bad}'" in message
    assert "environment variable BL_API_URL" in message
    assert "https://api.blaxel.ai/v0" in message


def test_unknown_env_name_names_the_valid_ones_and_the_source() -> None:
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key="k", workspace="w", config={"blaxel:env": "staging"}, environ={})
    message = str(info.value)
    assert "'staging'" in message
    assert "stack config blaxel:env" in message
    assert "dev, prod" in message


def test_an_explicit_url_makes_the_env_name_irrelevant() -> None:
    settings = resolve_settings(
        api_key="k", workspace="w", api_url="http://x.test/v0", environ={"BL_ENV": "bad"}
    )
    assert settings.api_url == "http://x.test/v0"


def test_missing_key_names_every_place_looked(tmp_path: Path) -> None:
    path = login_file(tmp_path, "x", [{"name": "x", "credentials": {}}])
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(config_file=path, environ={})
    message = str(info.value)
    assert message.startswith("No Blaxel API key found. Looked in: ")
    for place in (
        "stack config `blaxel:apiKey`",
        "environment variable BL_API_KEY",
        f"{path} (workspace 'x' has no credentials.apiKey)",
    ):
        assert place in message
    assert "pulumi config set --secret blaxel:apiKey <key>" in message
    assert "export BL_API_KEY" in message
    assert f"run `bl login` (it writes {path})" in message
    assert "No Blaxel workspace found" not in message
    assert "argument" not in message  # a resource has no key argument: never name one


def test_missing_key_says_why_the_file_did_not_help(isolated_env: Path, tmp_path: Path) -> None:
    with pytest.raises(BlaxelConfigError, match=r"~/\.blaxel/config\.yaml \(not found\)"):
        resolve_settings(workspace="w", environ={})
    other = login_file(tmp_path, None, [{"name": "y", "credentials": {"apiKey": "k"}}])
    with pytest.raises(BlaxelConfigError, match=r"\(no entry for workspace 'w'\)"):
        resolve_settings(workspace="w", environ={}, config_file=other)


def test_missing_workspace_names_every_place_looked() -> None:
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key="k", environ={})
    message = str(info.value)
    assert message.startswith("No Blaxel workspace found. Looked in: ")
    assert "argument" not in message
    for place in (
        "the resource's `workspace` input",
        "stack config `blaxel:workspace`",
        "environment variable BL_WORKSPACE",
        "~/.blaxel/config.yaml (context.workspace; not found)",
        "pulumi config set blaxel:workspace <name>",
        "export BL_WORKSPACE",
        "give the resource `workspace=`",
        "run `bl login`",
    ):
        assert place in message


def test_missing_key_and_workspace_are_reported_together(tmp_path: Path) -> None:
    path = login_file(tmp_path, None, [{"name": "x", "credentials": {"apiKey": "k"}}])
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(environ={}, config_file=path)
    message = str(info.value)
    assert "No Blaxel API key found" in message
    assert "(no workspace selected)" in message
    assert "No Blaxel workspace found" in message


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.mkdir()  # a directory: is_file() is false, so it counts as absent
    with pytest.raises(BlaxelConfigError, match="not found"):
        resolve_settings(environ={}, config_file=path)


def test_the_file_is_not_read_when_nothing_is_missing(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.yaml", "workspaces: [broken\n")
    settings = resolve_settings(api_key="k", workspace="w", env="prod", config_file=path, environ={})
    assert settings.api_url == PROD


@pytest.mark.parametrize("bad", ["key with space", "kéy", "key\x00nul"])
def test_keys_that_cannot_be_sent_are_rejected_without_showing_them(bad: str) -> None:
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key=bad, workspace="w", environ={})
    assert bad not in str(info.value)
    assert "the `api_key` argument" in str(info.value)


def test_the_key_never_shows(canary_key: str, tmp_path: Path) -> None:
    settings = resolve_settings(api_key=canary_key, workspace="w", environ={})
    assert settings.api_key == canary_key
    for text in (repr(settings), str(settings), repr(settings.sources), f"{settings}"):
        assert canary_key not in text
    assert "workspace='w'" in repr(settings)
    # Errors raised while the key is known do not contain it either.
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key=canary_key, workspace="w", env="nope", environ={})
    assert canary_key not in str(info.value)
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key=canary_key, workspace="w", api_url="nope", environ={})
    assert canary_key not in str(info.value)
    path = login_file(tmp_path, "w", [{"name": "w", "env": "bogus", "credentials": {"apiKey": canary_key}}])
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(environ={}, config_file=path)
    assert canary_key not in str(info.value)


def test_settings_are_frozen_and_compare_without_sources() -> None:
    a = Settings(api_key="k", workspace="w", api_url="http://x/v0", sources={"api_key": "here"})
    b = Settings(api_key="k", workspace="w", api_url="http://x/v0")
    assert a == b
    assert hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.workspace = "other"  # type: ignore[misc]


def test_an_empty_file_counts_as_absent(tmp_path: Path) -> None:
    path = write_config(tmp_path / "config.yaml", "")
    with pytest.raises(BlaxelConfigError, match=r"\(no workspace selected\)"):
        resolve_settings(environ={}, config_file=path)


@pytest.mark.parametrize(
    ("config", "environ", "skipped"),
    [
        ({}, {}, False),
        ({"blaxel:skipCredentialsCheck": "true"}, {}, True),
        ({"blaxel:skipCredentialsCheck": "False"}, {"BL_SKIP_CREDENTIALS_CHECK": "1"}, False),
        ({}, {"BL_SKIP_CREDENTIALS_CHECK": "yes"}, True),
        ({}, {"BL_SKIP_CREDENTIALS_CHECK": "0"}, False),
        ({"blaxel:skipCredentialsCheck": " "}, {}, False),
    ],
)
def test_credentials_check_opt_out(config: dict[str, str], environ: dict[str, str], skipped: bool) -> None:
    assert credentials_check_skipped(config, environ) is skipped


def test_credentials_check_opt_out_must_be_a_boolean() -> None:
    with pytest.raises(BlaxelConfigError) as info:
        credentials_check_skipped({"blaxel:skipCredentialsCheck": "maybe"}, {})
    assert "'maybe' (from stack config blaxel:skipCredentialsCheck) is not true or false" in str(info.value)


YAML_FIX = (
    "Fix it (or log in again with `bl login`), or move it away and set blaxel:apiKey / BL_API_KEY and "
    "blaxel:workspace / BL_WORKSPACE."
)
SHAPE_FIX = (
    "Fix it (or log in again with `bl login`), or move it away and set the values in the stack config or "
    "the environment."
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("workspaces: [unclosed\n", f"is not valid YAML (line 2, column 1). {YAML_FIX}"),
        (b"\xff\xfe\x00garbage", f"is not valid YAML. {YAML_FIX}"),  # no line to point at
        ("- just\n- a list\n", f"is malformed: the top level is not a mapping. {SHAPE_FIX}"),
        ("workspaces: {name: x}\n", f"is malformed: `workspaces` is not a list. {SHAPE_FIX}"),
        ("context: [x]\n", f"is malformed: `context` is not a mapping. {SHAPE_FIX}"),
    ],
)
def test_a_broken_file_says_what_is_wrong_and_how_to_get_past_it(
    tmp_path: Path, content: str | bytes, message: str
) -> None:
    path = tmp_path / "config.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(environ={}, config_file=path)
    assert str(info.value) == f"The Blaxel config file {path} {message}"


def test_an_unreadable_file_says_how_to_get_past_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(tmp_path / "config.yaml", "context: {workspace: w}\n")

    def refuse(self: Path, *args: Any, **kwargs: Any) -> str:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_text", refuse)
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(environ={}, config_file=path)
    assert str(info.value) == (
        f"Cannot read the Blaxel config file {path}: Permission denied. Fix its permissions, or set the "
        "values in the stack config or the environment instead."
    )


def test_a_missing_workspace_lists_the_places_in_the_order_they_are_read(tmp_path: Path) -> None:
    path = login_file(tmp_path, None, [{"name": "x", "credentials": {"apiKey": "k"}}])
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key="k", environ={}, config_file=path)
    assert str(info.value).startswith(
        "No Blaxel workspace found. Looked in: the resource's `workspace` input, stack config "
        f"`blaxel:workspace`, environment variable BL_WORKSPACE, {path} (context.workspace). Set one with "
    )


def test_the_longest_request_timeout_is_accepted() -> None:
    settings = resolve_settings(api_key="k", workspace="w", environ={"BL_REQUEST_TIMEOUT": "600"})
    assert settings.request_timeout == 600.0


def test_the_api_url_of_a_configuration_needs_no_key_or_workspace(tmp_path: Path) -> None:
    """Where the jobs of a configuration live, as `resolve_settings` would find it."""
    assert resolve_api_url() == PROD  # nothing set anywhere: the default environment
    assert resolve_api_url(config={"blaxel:apiUrl": "http://a.test/v0/"}, environ={}) == "http://a.test/v0"
    assert resolve_api_url(environ={"BL_ENV": "dev"}) == DEV
    login = login_file(tmp_path, "staging", [{"name": "staging", "env": "dev"}, {"name": "w", "env": "prod"}])
    assert resolve_api_url(environ={}, config_file=login) == DEV  # the selected workspace's environment
    assert resolve_api_url(config={"blaxel:workspace": "w"}, environ={}, config_file=login) == PROD


def test_the_api_url_of_a_configuration_reads_no_file_when_the_url_or_environment_is_given(
    tmp_path: Path,
) -> None:
    broken = write_config(tmp_path / "config.yaml", "workspaces: [broken\n")
    assert resolve_api_url(config={"blaxel:apiUrl": "http://a.test/v0"}, environ={}, config_file=broken) == (
        "http://a.test/v0"
    )
    assert resolve_api_url(environ={"BL_ENV": "dev"}, config_file=broken) == DEV
    with pytest.raises(BlaxelConfigError, match="is not valid YAML"):
        resolve_api_url(environ={}, config_file=broken)


def test_a_workspace_name_that_cannot_be_sent_says_so_and_how_to_fix_it() -> None:
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(api_key="k", workspace="my workspace", environ={})
    assert str(info.value) == (
        "The Blaxel workspace name from the `workspace` argument contains spaces or characters that cannot "
        "be sent in an HTTP header (a copy-paste mistake?). Set it again without them."
    )


def test_a_value_of_a_labelled_configuration_is_named_where_the_user_wrote_it() -> None:
    """An explicit provider of the native face passes its arguments as a labelled configuration: a bad
    value is named by the argument, not by a stack config key the user never set."""
    config = LabelledConfig(
        {"blaxel:apiKey": "bad key", "blaxel:workspace": "w", "blaxel:requestTimeout": "soon"},
        {"blaxel:apiKey": "the provider's `apiKey` argument"},
    )
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(config=config, environ={})
    assert str(info.value) == (
        "The Blaxel API key from the provider's `apiKey` argument contains spaces or characters that cannot "
        "be sent in an HTTP header (a copy-paste mistake?). Set it again without them."
    )
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(config=LabelledConfig({**config, "blaxel:apiKey": "k"}, {}), environ={})
    assert str(info.value) == (
        "The request timeout 'soon' (from stack config blaxel:requestTimeout) is not a number of seconds "
        "between 1 and 600; set blaxel:requestTimeout or BL_REQUEST_TIMEOUT to e.g. 60."
    )
    assert LabelledConfig({"blaxel:workspace": "w"}, {"blaxel:workspace": "here"}).labels == {
        "blaxel:workspace": "here"
    }


def test_missing_key_and_workspace_are_one_message_of_two_sentences_with_every_way_out(
    tmp_path: Path,
) -> None:
    with pytest.raises(BlaxelConfigError) as info:
        resolve_settings(environ={}, config_file=tmp_path / "absent.yaml")
    key, workspace = str(info.value).split(" No Blaxel workspace found.")
    assert key.startswith("No Blaxel API key found. Looked in: stack config `blaxel:apiKey`")
    assert key.endswith(f"or run `bl login` (it writes {tmp_path / 'absent.yaml'}).")
    assert workspace.endswith(
        "Set one with `pulumi config set blaxel:workspace <name>`, export BL_WORKSPACE, give the resource "
        "`workspace=`, or run `bl login`."
    )
