"""Settings, declared once.

:data:`SETTINGS` is the single table of every setting: its name, default, type and help.
It feeds the CLI flags and help, the README's configuration table (a test keeps them in
step) and :func:`load_settings`. Precedence, lowest first: defaults < ``kg.toml`` <
``KG_*`` environment variables < explicit overrides (command-line flags).

Nothing else in the project reads the environment.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ConfigError


def _default_store() -> str:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "space-kg" / "store")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str

    @property
    def env(self) -> str:
        return "KG_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    Setting("store", None, str,
            "Directory of the embedded on-disk store; built from the bundled data on first "
            "start. Default: $XDG_DATA_HOME/space-kg/store (~/.local/share/space-kg/store)."),
    Setting("memory", False, bool,
            "Keep the embedded store in memory instead of on disk (nothing is saved)."),
    Setting("base_iri", "https://w3id.org/spacekg/id/", str,
            "Base IRI of every entity, graph and load; bundled data is resolved against it."),
    Setting("endpoint", "", str,
            "Query URL of an external SPARQL 1.1 engine. When set, the embedded store is "
            "not used."),
    Setting("update_endpoint", "", str,
            "Update URL of the external engine (writes are refused without it)."),
    Setting("store_endpoint", "", str,
            "Graph Store Protocol URL of the external engine (faster whole-graph loads)."),
    Setting("engine", "generic", str,
            "Which SPARQL engine the endpoint is (generic, oxigraph, fuseki, virtuoso, "
            "graphdb, qlever, neptune): how far the server may trust it (see SECURITY.md)."),
    Setting("endpoint_user", "", str, "User name for HTTP basic auth on the external engine."),
    Setting("endpoint_password", "", str, "Password for HTTP basic auth on the external engine."),
    Setting("host", "127.0.0.1", str, "Interface `kg serve` listens on."),
    Setting("port", 8000, int, "Port `kg serve` listens on."),
    Setting("write_token", "", str,
            "Bearer token that HTTP writes must present. Empty: the server is read-only."),
    Setting("query_timeout", 30.0, float,
            "Seconds a query may run before it is stopped; a request may ask for less."),
    Setting("query_workers", 4, int,
            "Worker processes that run queries on the embedded store for `kg serve`; a "
            "query past its time limit is stopped by ending its worker."),
    Setting("max_rows", 10000, int,
            "Most result rows a page shows; larger results are cut and flagged as truncated."),
    Setting("max_body", 50 * 1024 * 1024, int, "Largest HTTP request body accepted, in bytes."),
    Setting("service_allow", "", str,
            "Space-separated endpoint URLs that SPARQL SERVICE, LOAD and FROM may reach. "
            "Empty: none; nothing reaches the network or local files."),
    Setting("shapes", "", str,
            "SHACL shapes file that new facts are checked against. Empty: the bundled "
            "ontology/shapes.ttl (when present)."),
    Setting("ontology", "", str,
            "Ontology file that new facts' classes and properties are checked against. "
            "Empty: the bundled ontology/*.ttl (except shapes.ttl)."),
    Setting("cors_origins", "*", str,
            "Origins allowed to read the SPARQL endpoint from a browser (space-separated; "
            "'*' for any, empty for none)."),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    if value is None:
        return None
    try:
        if setting.type is bool:
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(value)
        if setting.type is str:
            return str(value)
        return setting.type(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"{origin}: setting '{setting.name}' expects {setting.type.__name__}, got {value!r}"
        ) from None


@dataclass(frozen=True)
class Settings:
    """The resolved settings: one typed attribute per setting, plus where each value
    came from."""

    values: Mapping[str, Any]
    origins: Mapping[str, str]

    # one typed attribute per setting (a test checks that none is missing)
    @property
    def store(self) -> str | None:
        return self.values["store"]

    @property
    def memory(self) -> bool:
        return self.values["memory"]

    @property
    def base_iri(self) -> str:
        return self.values["base_iri"]

    @property
    def endpoint(self) -> str:
        return self.values["endpoint"]

    @property
    def update_endpoint(self) -> str:
        return self.values["update_endpoint"]

    @property
    def store_endpoint(self) -> str:
        return self.values["store_endpoint"]

    @property
    def engine(self) -> str:
        return self.values["engine"]

    @property
    def endpoint_user(self) -> str:
        return self.values["endpoint_user"]

    @property
    def endpoint_password(self) -> str:
        return self.values["endpoint_password"]

    @property
    def host(self) -> str:
        return self.values["host"]

    @property
    def port(self) -> int:
        return self.values["port"]

    @property
    def write_token(self) -> str:
        return self.values["write_token"]

    @property
    def query_timeout(self) -> float:
        return self.values["query_timeout"]

    @property
    def query_workers(self) -> int:
        return self.values["query_workers"]

    @property
    def max_rows(self) -> int:
        return self.values["max_rows"]

    @property
    def max_body(self) -> int:
        return self.values["max_body"]

    @property
    def service_allow(self) -> str:
        return self.values["service_allow"]

    @property
    def shapes(self) -> str:
        return self.values["shapes"]

    @property
    def ontology(self) -> str:
        return self.values["ontology"]

    @property
    def cors_origins(self) -> str:
        return self.values["cors_origins"]

    def replace(self, **changes: Any) -> Settings:
        values = dict(self.values)
        origins = dict(self.origins)
        for name, value in changes.items():
            if name not in BY_NAME:
                raise ConfigError(f"unknown setting '{name}'")
            values[name] = _coerce(BY_NAME[name], value, "override")
            origins[name] = "override"
        return Settings(values, origins)

    @property
    def store_path(self) -> Path:
        return Path(self.values["store"] or _default_store()).expanduser()

    @property
    def is_remote(self) -> bool:
        return bool(self.values["endpoint"])


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"cannot read config file {path}: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: {e}") from None
    section = data.get("kg", data)
    unknown = sorted(set(section) - set(BY_NAME))
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s) {', '.join(unknown)}",
            hint="`kg settings` lists every setting",
        )
    return section


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    config: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting: defaults < kg.toml < KG_* environment < ``overrides``.

    ``config`` names a TOML file (keys at top level or under ``[kg]``); without it,
    ``./kg.toml`` is read when present, or the file named by ``KG_CONFIG``.
    ``overrides`` with a value of ``None`` are ignored (an unset flag).
    """
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    origins = {s.name: "default" for s in SETTINGS}

    path = Path(config) if config else Path(env.get("KG_CONFIG", "kg.toml"))
    if config or path.exists():
        for name, value in _read_toml(path).items():
            values[name] = _coerce(BY_NAME[name], value, str(path))
            origins[name] = str(path)

    for s in SETTINGS:
        if s.env in env:
            values[s.name] = _coerce(s, env[s.env], s.env)
            origins[s.name] = s.env

    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in BY_NAME:
            raise ConfigError(f"unknown setting '{name}'")
        values[name] = _coerce(BY_NAME[name], value, BY_NAME[name].flag)
        origins[name] = BY_NAME[name].flag

    if values["port"] is not None and not 0 < values["port"] < 65536:
        raise ConfigError(f"port must be between 1 and 65535, got {values['port']}")
    if values["query_workers"] < 1:
        raise ConfigError("query_workers must be at least 1")
    if values["query_timeout"] <= 0:
        raise ConfigError("query_timeout must be a positive number of seconds")
    return Settings(values, origins)
