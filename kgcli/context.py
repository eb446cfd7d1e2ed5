"""Turning settings into click options, and opening the store a command needs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from kg.bundle import ensure_bundle
from kg.loading.history import recover
from kg.settings import BY_NAME, Settings, load_settings
from kg.store import ReadStore, WriteStore, open_store

#: The settings every command that touches the store accepts as flags.
STORE_SETTINGS = ("store", "memory", "base_iri", "endpoint", "update_endpoint",
                  "store_endpoint", "engine", "endpoint_user", "endpoint_password",
                  "query_timeout")


def setting_options(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Click options for the named settings, with help text from the settings table."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        for name in reversed(names):
            s = BY_NAME[name]
            help_text = f"{s.help} [env {s.env}]"
            if s.type is bool:
                opt = click.option(s.flag, name, is_flag=True, default=None, help=help_text)
            else:
                metavar = "DIR" if name == "store" else ("URL" if "endpoint" in name
                                                         and "user" not in name
                                                         and "password" not in name else None)
                opt = click.option(s.flag, name, type=s.type, default=None, metavar=metavar,
                                   help=help_text)
            f = opt(f)
        return f

    return decorate


def settings_from(ctx: click.Context, values: dict[str, Any]) -> Settings:
    config = ctx.find_root().params.get("config")
    return load_settings({k: v for k, v in values.items() if k in BY_NAME}, config=config)


def progress_line(message: str) -> None:
    click.echo(f"kg: {message}", err=True)


def ready_store(settings: Settings, *, quiet: bool = False) -> ReadStore:
    """Open the store and, when it does not hold the current bundle yet, build it."""
    store = open_store(settings)
    if isinstance(store, WriteStore):
        ensure_bundle(store, settings.base_iri,
                      progress=None if quiet else progress_line)
        recover(store, settings.base_iri)  # drop what an interrupted load left
    return store
