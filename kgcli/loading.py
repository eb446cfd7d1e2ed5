"""`kg load`, `kg loads`, `kg unload`: new facts in, reviewed, and taken back."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from kg.checks import Rules
from kg.errors import ReadOnlyError, ValidationError
from kg.loading import history, loader
from kg.rdf.formats import RDF_FORMATS
from kg.store import WriteStore
from kgcli.context import STORE_SETTINGS, ready_store, setting_options, settings_from

#: Files larger than this show progress while loading.
PROGRESS_BYTES = 1 << 20
_EXTENSIONS = {"." + e for f in RDF_FORMATS.values() for e in f.extensions} - {".json", ".xml"}


def _inputs(paths: tuple[str, ...], fmt: str | None) -> list[loader.Input]:
    out: list[loader.Input] = []
    for name in paths:
        if name == "-":
            out.append(("stdin", sys.stdin.buffer.read(), fmt or "turtle"))
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in _EXTENSIONS)
            if not files:
                kinds = ", ".join(sorted(_EXTENSIONS))
                raise click.UsageError(f"{path} holds no RDF files ({kinds})")
            out += [(str(p), p, fmt) for p in files]
        elif path.is_file():
            out.append((str(path), path, fmt))
        else:
            raise click.UsageError(f"no such file or folder: {name}")
    return out


class ProgressBar:
    """Triples per second on stderr: a redrawn bar on a terminal, plain lines otherwise.
    Stages: parse (reading), index (the bulk loader writing), check, commit."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.stage = ""
        self.last_line = -10.0

    def __call__(self, p: loader.Progress) -> None:
        rate = p.triples / p.seconds if p.seconds > 0 else 0.0
        share = p.done_bytes / p.total_bytes if p.total_bytes else 1.0
        text = f"{p.stage:7} {share:6.1%}  {p.triples:,} triples  {rate:,.0f} triples/s"
        if self.tty:
            bar = "#" * int(share * 30)
            click.echo(f"\r[{bar:30}] {text}\033[K", err=True, nl=False)
        elif p.stage != self.stage or p.seconds - self.last_line >= 2:
            click.echo(f"kg: {text}", err=True)
            self.last_line = p.seconds
        self.stage = p.stage

    def done(self) -> None:
        if self.tty and self.stage:
            click.echo("", err=True)


def _print_report(report: loader.LoadReport) -> None:
    for w in report.warnings:
        click.echo(f"kg: warning: {w}", err=True)
    where = f"<{report.graph}>"
    if report.dry_run:
        for line in report.removed_triples:
            click.echo(f"- {line}")
        for line in report.added_triples:
            click.echo(f"+ {line}")
        shown = len(report.added_triples) + len(report.removed_triples)
        if shown < report.added + report.removed:
            click.echo(f"... ({report.added + report.removed - shown} more changes)")
        click.echo(f"kg: dry run: would add {report.added} and remove {report.removed} "
                   f"triples in {where}; nothing was changed", err=True)
        return
    click.echo(f"kg: loaded {report.triples} triples from {len(report.files)} file(s) into "
               f"{where} as load {report.id} (added {report.added}, removed {report.removed}, "
               f"{report.seconds:.1f} s{', bulk' if report.bulk else ''})", err=True)
    click.echo(report.id)


@click.command()
@setting_options(*STORE_SETTINGS, "shapes", "ontology")
@click.argument("paths", nargs=-1, required=True, metavar="FILE|DIR|-...")
@click.option("--graph", metavar="IRI", help="Put the triples in this named graph (default: "
              "the load's own new graph <base>load/ID).")
@click.option("--replace", is_flag=True, help="Replace what --graph holds instead of adding.")
@click.option("--dry-run", is_flag=True, help="Check and show the difference; change nothing.")
@click.option("--source", metavar="URL", help="Where the facts come from (recorded as "
              "prov:wasDerivedFrom of the load's graph).")
@click.option("--format", "fmt", metavar="FORMAT", help="RDF format (default: from each file's "
              "extension; turtle for '-'): turtle, ntriples, nquads, trig, jsonld, rdfxml.")
@click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
@click.pass_context
def load(ctx: click.Context, paths: tuple[str, ...], graph: str | None, replace: bool,
         dry_run: bool, source: str | None, fmt: str | None, as_json: bool,
         **values: Any) -> None:
    """Load RDF files as one load: checked, all or nothing, recorded, undoable.

    Each file is parsed and checked against the SHACL shapes (violations fail the load)
    and the ontology (unknown classes and properties are warnings). Then every triple is
    stored at once, or none is, in a named graph described with PROV-O. `kg loads` lists
    loads, `kg unload ID` takes one back.

    \b
    Examples:
        kg load new-agreement.ttl --source https://example.org/press-release
        kg load facts/                                 every RDF file in a folder
        kg load --dry-run --replace --graph https://w3id.org/spacekg/id/graph/launches \\
                launches.ttl                           show what would change
        curl -s https://example.org/x.ttl | kg load -
    """
    settings = settings_from(ctx, values)
    inputs = _inputs(paths, fmt)
    store = ready_store(settings, quiet=True)
    big = sum(len(d) if isinstance(d, bytes) else d.stat().st_size
              for _, d, _ in inputs) >= PROGRESS_BYTES
    bar = ProgressBar(sys.stderr.isatty()) if big else None
    try:
        report = loader.load(store, inputs, graph=graph, replace=replace, dry_run=dry_run,
                             loaded_by="cli", declared_source=source,
                             base_iri=settings.base_iri, progress=bar,
                             rules=Rules.chosen(settings.shapes, settings.ontology))
    except ValidationError as e:
        if bar:
            bar.done()
        for line in getattr(getattr(e, "report", None), "warnings", []):
            click.echo(f"kg: warning: {line}", err=True)
        for line in e.violations:
            click.echo(f"kg: violation: {line}", err=True)
        raise
    finally:
        store.close()
    if bar:
        bar.done()
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        _print_report(report)


@click.command()
@setting_options(*STORE_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
@click.pass_context
def loads(ctx: click.Context, as_json: bool, **values: Any) -> None:
    """List the loads, newest first: id, when, by whom, files, what changed.

    \b
    Examples:
        kg loads
        kg loads --json | jq '.[0].id'
    """
    settings = settings_from(ctx, values)
    store = ready_store(settings, quiet=True)
    records = history.list_loads(store)
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in records], indent=2))
        return
    if not records:
        click.echo("no loads yet (`kg load FILE` adds one)")
    for r in records:
        files = ", ".join(f.name for f in r.files)
        click.echo(f"{r.id}  {r.loaded_at[:19]}  {r.loaded_by:8} {r.triples:>9} triples  "
                   f"+{r.added} -{r.removed}  <{r.graph}>  {files}")


@click.command()
@setting_options(*STORE_SETTINGS)
@click.argument("load_id", metavar="ID")
@click.pass_context
def unload(ctx: click.Context, load_id: str, **values: Any) -> None:
    """Take back one load: exactly what it added goes, what it replaced comes back.

    A load can be taken back while no later load changed the same graph.

    \b
    Examples:
        kg loads                         find the ID
        kg unload 20250101-120000-a1b2c3
    """
    settings = settings_from(ctx, values)
    store = ready_store(settings, quiet=True)
    if not isinstance(store, WriteStore):
        raise ReadOnlyError("the store only reads: give it an update endpoint to undo a load")
    rec = history.unload(store, load_id)
    store.close()
    click.echo(f"kg: unloaded {rec.id}: {rec.added} triples taken out, {rec.removed} put back "
               f"in <{rec.graph}>", err=True)


def register(cli: click.Group) -> None:
    for command in (load, loads, unload):
        cli.add_command(command)
