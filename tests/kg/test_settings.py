from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.settings import SETTINGS, load_settings
from tests.conftest import ROOT

README = ROOT / "README.md"


def test_precedence_defaults_toml_env_flags(tmp_path: Path) -> None:
    toml = tmp_path / "kg.toml"
    toml.write_text('port = 9001\nhost = "0.0.0.0"\nquery_timeout = 5\n')
    env = {"KG_PORT": "9002", "KG_QUERY_TIMEOUT": "7.5"}
    s = load_settings({"port": 9003}, config=toml, environ=env)
    assert s.port == 9003 and s.origins["port"] == "--port"
    assert s.query_timeout == 7.5 and s.origins["query_timeout"] == "KG_QUERY_TIMEOUT"
    assert s.host == "0.0.0.0" and s.origins["host"] == str(toml)
    assert s.max_rows == 10000 and s.origins["max_rows"] == "default"


def test_kg_section_and_unknown_keys(tmp_path: Path) -> None:
    toml = tmp_path / "kg.toml"
    toml.write_text('[kg]\nwrite_token = "s3cret"\n')
    assert load_settings(config=toml, environ={}).write_token == "s3cret"
    toml.write_text("prot = 1\n")
    with pytest.raises(ConfigError, match="unknown setting.*prot"):
        load_settings(config=toml, environ={})


def test_bad_values_name_their_origin() -> None:
    with pytest.raises(ConfigError, match="KG_PORT.*expects int"):
        load_settings(environ={"KG_PORT": "eighty"})
    with pytest.raises(ConfigError, match="between 1 and 65535"):
        load_settings({"port": 70000}, environ={})
    assert load_settings(environ={"KG_MEMORY": "yes"}).memory is True


def test_store_default_and_remote_switch(tmp_path: Path) -> None:
    s = load_settings(environ={})
    assert s.store_path.name == "store" and not s.is_remote
    assert load_settings({"endpoint": "http://127.0.0.1:1/q"}, environ={}).is_remote


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text or s.env not in text]
    assert missing == []
