"""`kg`: explore, query and load the space-program knowledge graph.

Every command prints one line on stderr and exits 1 when it fails; `--debug` shows the
traceback instead.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from kg import __version__
from kg.errors import KgError
from kg.explore.stats import graph_stats
from kg.rdf.formats import rdf_format
from kg.rdf.vocab import PREFIXES
from kg.settings import SETTINGS
from kgcli import loading
from kgcli.context import STORE_SETTINGS, ready_store, setting_options, settings_from
from kgcli.render import render_result


class KgGroup(click.Group):
    """Turns library errors into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as e:
            if ctx.params.get("debug"):
                raise
            click.echo(f"kg: error: {e}", err=True)
            ctx.exit(1)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="A TOML settings file (default: ./kg.toml when present) [env KG_CONFIG].")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(config: str | None, debug: bool) -> None:
    """Space KG: a knowledge graph of the world's space programs.

    \b
    Start the explorer on the bundled data (built on first start):
        kg serve                          then open http://127.0.0.1:8000/
    Ask it something:
        kg query 'SELECT ?s WHERE { ?s a sk:SpaceAgency }'
        kg query --name ilrs-signatories
    See what it holds, add to it, take it away:
        kg stats          kg load new-facts.ttl          kg export -f trig -o all.trig

    Settings come from defaults < kg.toml < KG_* environment < flags; `kg settings`
    lists them all with their current values.
    """


@cli.command()
@setting_options(*STORE_SETTINGS, "host", "port", "write_token", "max_rows", "max_body",
                 "service_allow", "cors_origins", "query_workers")
@click.pass_context
def serve(ctx: click.Context, **values: Any) -> None:
    """Start the web explorer and SPARQL endpoint.

    \b
    On first start the embedded store is built from the bundled ontology and facts;
    later starts reuse it unless the bundled files changed.
    \b
    Examples:
        kg serve --port 8080
        kg serve --store /var/lib/space-kg
        kg serve --endpoint http://localhost:7878/query \\
                 --update-endpoint http://localhost:7878/update
    """
    # here: the server (Granian, Flask) is only imported by the command that serves
    from kgcli.serving import check_address, prepare_store, served_app
    from kgcli.serving import serve as serve_app  # (as above)

    settings = settings_from(ctx, values)
    check_address(settings)
    if not settings.memory and not prepare_store(settings, lambda s: ready_store(s).close()):
        ctx.exit(1)
    where = settings.endpoint or ("memory" if settings.memory else str(settings.store_path))
    click.echo(f"kg: serving {where} on http://{settings.host}:{settings.port}/ "
               f"({'writes need the token' if settings.write_token else 'read-only'})",
               err=True)
    serve_app(settings, served_app)


@cli.command()
@setting_options(*STORE_SETTINGS)
@click.argument("text", required=False)
@click.option("-f", "--file", "file", type=click.File("r"), help="Read the query from a file "
              "('-' for standard input).")
@click.option("-n", "--name", help="Run a named query from queries/ (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of a named query; repeatable.")
@click.option("--list", "list_names", is_flag=True, help="List the named queries and exit.")
@click.option("-o", "--output", "output", default="table", show_default=True,
              help="table, json, csv, tsv (SELECT/ASK); turtle, ntriples, jsonld, rdfxml "
                   "(CONSTRUCT/DESCRIBE).")
@click.pass_context
def query(ctx: click.Context, text: str | None, file: Any, name: str | None,
          params: tuple[str, ...], list_names: bool, output: str, **values: Any) -> None:
    """Run a SPARQL query: given as text, from a file, or by name.

    Common prefixes (sk:, rdfs:, owl:, prov:, skos:, schema:, wd: ...) are predeclared.

    \b
    Examples:
        kg query 'SELECT ?a ?l WHERE { ?a a sk:SpaceAgency ; rdfs:label ?l }'
        kg query -f my-query.rq -o csv > out.csv
        kg query --name apollo-landings
        kg query --name signatories -p agreement=ilrs-mou
    """
    from kg.bundle import named_queries  # here: only this command reads them

    settings = settings_from(ctx, values)
    if list_names:
        for q in named_queries.all_queries():
            click.echo(f"{q.name:32} {q.title}")
        return
    store = ready_store(settings, quiet=True)
    if name:
        nq = named_queries.get(name)
        result = nq.run(store, dict(p.split("=", 1) for p in params),
                        base_iri=settings.base_iri, timeout=settings.query_timeout)
    else:
        if file is not None:
            text = file.read()
        if not text:
            raise click.UsageError("give a query as text, with --file, or with --name")
        result = store.query(text, base_iri=settings.base_iri, prefixes=PREFIXES,
                             timeout=settings.query_timeout)
    sys.stdout.buffer.write(render_result(result, output))
    sys.stdout.flush()


@cli.command()
@setting_options(*STORE_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool, **values: Any) -> None:
    """Show what the store holds: triples, graphs and instances by class."""
    settings = settings_from(ctx, values)
    store = ready_store(settings, quiet=True)
    s = graph_stats(store)
    if as_json:
        click.echo(json.dumps(s.to_dict(), indent=2))
        return
    click.echo(f"triples: {s.triples}")
    click.echo(f"named graphs: {len(s.graphs)}")
    for g, n in sorted(s.graphs.items(), key=lambda kv: -kv[1])[:15]:
        click.echo(f"  {n:>9}  {g}")
    click.echo("instances by class:")
    for c in s.classes:
        click.echo(f"  {c.count:>9}  {c.label}  <{c.iri}>")


@cli.command()
@setting_options(*STORE_SETTINGS)
@click.option("--graph", metavar="IRI", help="Export one graph ('default' for the default "
              "graph) instead of the whole store.")
@click.option("-f", "--format", "fmt", default="trig", show_default=True,
              help="turtle, ntriples, trig, nquads, jsonld, rdfxml (whole store: trig, nquads "
                   "or jsonld).")
@click.option("-o", "--output", type=click.File("wb"), default="-",
              help="File to write (default: standard output).")
@click.pass_context
def export(ctx: click.Context, graph: str | None, fmt: str, output: Any, **values: Any) -> None:
    """Write the whole store, or one graph, as RDF.

    \b
    Examples:
        kg export -o backup.trig
        kg export --graph https://w3id.org/spacekg/graph/ontology -f turtle
    """
    settings = settings_from(ctx, values)
    store = ready_store(settings, quiet=True)
    store.export(output, rdf_format(fmt).name, graph=graph)


@cli.command("settings")
@click.pass_context
def settings_cmd(ctx: click.Context) -> None:
    """List every setting: name, value, where the value came from, and what it does."""
    settings = settings_from(ctx, {})
    for s in SETTINGS:
        value = settings.values[s.name]
        if s.name in ("write_token", "endpoint_password") and value:
            value = "(set)"
        click.echo(f"{s.name} = {value!r}   [{settings.origins[s.name]}; env {s.env}]")
        click.echo(f"    {s.help}")


loading.register(cli)  # load, loads, unload


def main() -> None:
    cli(prog_name="kg")
