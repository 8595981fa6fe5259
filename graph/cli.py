"""The `peacegraph` command: click options in, library calls, printed results out. No logic here."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .model import PeacegraphError


class Group(click.Group):
    """Turns PeacegraphError into a one-line message and exit code 1 (a traceback only with --debug)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PeacegraphError as e:
            if ctx.params.get("debug") or (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"Error: {e}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; the store keeps its last complete state.", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `peacegraph … | head`: the reader has had enough
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keep Python quiet at exit
            ctx.exit(0)
        except Exception as e:  # a bug: say so in one line; --debug shows the traceback
            if ctx.params.get("debug") or (ctx.obj or {}).get("debug"):
                raise
            click.echo(f"Error: internal error ({type(e).__name__}: {e}); rerun with --debug to see where", err=True)
            ctx.exit(2)


def _remember(key: str):
    def callback(ctx, param, value):
        if value not in (None, False):
            ctx.find_root().ensure_object(dict)[key] = value
    return callback


def global_options(after: bool) -> list[click.Option]:
    """--debug, --data, --base and --config, declared once: before the command (the group's, with
    their environment variables), or after it (every command's; a value given there wins)."""
    env, again = (None, " (also before the command)") if after else (True, "")
    return [
        click.Option(["--debug"], is_flag=True, expose_value=False, callback=_remember("debug"),
                     help="Show tracebacks."),
        click.Option(["--data", "data_dir"], type=click.Path(file_okay=False), expose_value=False,
                     envvar=env and "PEACEGRAPH_DATA", callback=_remember("data_dir"),
                     help="Data folder (reference/, curated/, topics.ttl). Default: ./data, else the bundled data."
                     + again),
        click.Option(["--base"], envvar=env and "PEACEGRAPH_BASE", expose_value=False, callback=_remember("base"),
                     help="Base IRI for actors, articles and graphs." + again),
        click.Option(["--config", "config_file"], type=click.Path(dir_okay=False), expose_value=False,
                     envvar=env and "PEACEGRAPH_CONFIG", callback=_remember("config"),
                     help="Configuration file (where the store is). Default: ./peacegraph.toml if there is one."
                     + again),
    ]


# --store, declared once: its environment variable and the configuration file are read with the
# other settings (config.resolve_settings)
store_option = click.option("--store", "store_spec", metavar="DIR|URL|memory",
                            help="Store folder, URL, or 'memory'. Default: PEACEGRAPH_STORE, the configuration "
                                 "file's, else exports/store.")


@click.group(cls=Group)
@click.version_option(package_name="peacegraph")
@click.pass_context
def main(ctx):
    """Turn articles about peace operations into a knowledge graph of their actors."""
    for key in ("data_dir", "base", "config", "debug"):
        ctx.ensure_object(dict).setdefault(key, None)


main.params.extend(global_options(after=False))


def _settings():
    """The command's settings, resolved once (flag, environment, configuration file, default)."""
    from .config import resolve_settings

    obj = click.get_current_context().find_root().obj
    if "settings" not in obj:
        obj["settings"] = resolve_settings(data_dir=obj["data_dir"], base=obj["base"], config_file=obj["config"])
    return obj["settings"]


def _open(store_spec, read_only: bool = False):
    """The store the command names, or else the settings'."""
    from .store import open_store

    settings = _settings()
    return open_store(store_spec or settings.store, read_only=read_only, config=settings.store_config)


def _stage_lines():
    """A line on stderr for each stage of a long article (with the seconds gone), when stderr is a
    terminal: a 50 MB article takes minutes. None otherwise, so that pipes and tests get none."""
    if not sys.stderr.isatty():
        return None
    import time

    began = time.monotonic()

    def tell(what: str) -> None:
        click.echo(f"{time.monotonic() - began:6.0f} s  {what}…", err=True)

    return tell


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@store_option
@click.option("--exports", "exports_dir", default="exports", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.trig and network.html.")
@click.option("--no-exports", is_flag=True,
              help="Write the store only (for a large corpus: export later with `peacegraph export`).")
@click.option("--prune", is_flag=True, help="Drop articles that are no longer among PATHS.")
@click.option("--force", is_flag=True, help="Extract every article again, changed or not.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that extract articles. Default: one per core.")
@click.option("--timings", is_flag=True, help="Also print the seconds each stage took.")
@click.pass_context
def build(ctx, paths, store_spec, exports_dir, no_exports, prune, force, workers, timings):
    """Build the graph from articles (default: data/articles/) and write the exports."""
    from .build import build as run_build

    store = _open(store_spec)
    bar = None
    try:
        def progress(done, total, article_id):
            nonlocal bar
            if bar is None and total >= 20 and sys.stderr.isatty():
                bar = click.progressbar(length=total, label="extracting", file=sys.stderr)
            if bar is not None:
                bar.update(1, article_id)

        report = run_build(paths or None, store=store, data_dir=ctx.obj["data_dir"],
                           exports=None if no_exports else exports_dir, base=ctx.obj["base"], prune=prune,
                           force=force, progress=progress, workers=workers, on_stage=_stage_lines())
    finally:
        if bar is not None:
            bar.render_finish()
        store.close()
    click.echo(report.summary(timings))


@main.command()
@click.argument("file", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json", "turtle"]), default="table",
              show_default=True)
@click.pass_context
def extract(ctx, file, fmt):
    """Show what one article yields, without touching the store."""
    from .articles import read_article
    from .extract import LONG_ARTICLE, STAGES, extract_article, load_knowledge, write_contract
    from .vocab import Ids

    ids = Ids(ctx.obj["base"]) if ctx.obj["base"] else Ids()
    article = read_article(file)  # a bad file is reported before anything else is loaded
    tell = _stage_lines()
    if tell and len(article.text) >= LONG_ARTICLE:
        ex = extract_article(article, load_knowledge(ctx.obj["data_dir"]),
                             lambda stage: tell(f"{Path(file).name}: {STAGES[stage]}"))
    else:
        ex = extract_article(article, load_knowledge(ctx.obj["data_dir"]))
    if fmt == "json":
        # written an actor at a time (a 50 MB article's JSON is some 60 MB)
        class Echo:
            def write(self, s: str) -> None:
                click.echo(s, nl=False)

        write_contract(ex, Echo(), ids)
        click.echo()
    elif fmt == "turtle":
        from rdflib import Graph

        from .encode import article_body
        from .vocab import PREFIXES

        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        g.parse(data=article_body(ex, ids), format="nt")
        click.echo(g.serialize(format="turtle"))
    else:
        click.echo(_table(ex))


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--to", "folder", type=click.Path(file_okay=False),
              help="The articles folder to save into. Default: data/articles (or --data's articles/).")
@click.option("--delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
              help="Seconds between two requests to one host.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=20.0, show_default=True,
              help="Seconds allowed for one response.")
@click.option("--max-size", type=click.IntRange(min=1), default=25, show_default=True,
              help="Largest response accepted, in MB.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries on 429, 5xx and dropped connections.")
@click.pass_context
def add(ctx, sources, folder, delay, timeout, max_size, retries):
    """Add articles: web pages, feeds and PDFs by URL, local .pdf and .docx files."""
    from .fetch import Fetcher
    from .sources import add as run_add

    folder = Path(folder) if folder else Path(ctx.obj["data_dir"] or "data") / "articles"
    bar = None

    def show(outcome):
        if bar is not None:  # the lines scroll above the bar
            click.echo("\r\033[K", nl=False, err=True)
        for w in outcome.warnings:
            click.echo(f"warning: {w}", err=True)
        click.echo(outcome.line(), err=outcome.status == "failed")

    def progress(done, total):
        nonlocal bar
        if bar is None and total >= 10 and sys.stderr.isatty():  # a long run: a feed of many entries
            bar = click.progressbar(length=total, label="adding", file=sys.stderr)
        if bar is not None:
            bar.length = total
            bar.update(done - bar.pos)
            bar.render_progress()

    try:
        with Fetcher(delay=delay, timeout=timeout, max_bytes=max_size * 2**20, retries=retries) as fetcher:
            report = run_add(sources, folder, fetcher, on_outcome=show, progress=progress)
    finally:
        if bar is not None:
            bar.render_finish()
    click.echo(report.summary())
    if report.failed:
        ctx.exit(1)


def _table(ex) -> str:
    a = ex.article
    lines = [f"{a.id}: {a.title or '(no title)'}", f"  date {a.date or '-'}  authors {', '.join(a.authors) or '-'}"
             f"  publisher {a.publisher or '-'}", f"  topics {', '.join(ex.topics) or '-'}", "", "ACTORS"]
    rows = sorted(ex.actors.items(), key=lambda kv: (kv[1].type, kv[1].label))
    by_actor = ex.mentions_by_actor()
    for key, actor in rows:
        ms = by_actor.get(key, [])
        forms = ", ".join(dict.fromkeys(m.text for m in ms))
        lines.append(f"  {actor.type:<15} {actor.label[:60]:<60} {len(ms):>3}x  {forms[:80]}")
    lines += ["", "RELATIONS"]
    for r in ex.relations:
        s, o = ex.actors[r.subject].label, ex.actors[r.object].label
        lines.append(f"  {s} —{r.predicate}→ {o}  ({r.confidence:.2f})")
        lines.append(f"      “{r.evidence[:150]}”")
    return "\n".join(lines)


@main.command()
@store_option
@click.option("--limit", default=20, show_default=True, help="How many violations to print.")
@click.pass_context
def validate(ctx, store_spec, limit):
    """Check the graph against the SHACL shapes (data/shapes.ttl)."""
    from .validate import validate_store

    data = _settings().data_dir
    store = _open(store_spec, read_only=True)
    try:
        report = validate_store(store, data / "shapes.ttl")
    finally:
        store.close()
    if report.conforms:
        click.echo(f"conforms: {report.triples} triples checked against {data / 'shapes.ttl'}")
        return
    for v in report.violations[:limit]:
        click.echo(v)
    click.echo(f"{len(report.violations)} violation(s) in {report.triples} triples", err=True)
    ctx.exit(1)


@main.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.option("-v", "--verbose", is_flag=True, help="List missed and spurious actors and relations.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--min-actor-f1", type=float, default=0.0, help="Exit 1 if actor F1 falls below this.")
@click.option("--min-relation-f1", type=float, default=0.0, help="Exit 1 if relation-pair F1 falls below this.")
@click.pass_context
def eval_(ctx, gold_dir, verbose, as_json, min_actor_f1, min_relation_f1):
    """Score the extractor on annotated articles (<id>.txt + gold <id>.json)."""
    from .evaluate import evaluate, format_report
    from .extract import load_knowledge

    report = evaluate(gold_dir, load_knowledge(ctx.obj["data_dir"]))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, verbose))
    f1 = report.f1()
    if report.failed or f1["actors"] < min_actor_f1 or f1["pairs"] < min_relation_f1:
        ctx.exit(1)


@main.command()
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "xml", "graphml", "gexf", "csv"]))
@click.option("-o", "--output", type=click.Path(), help="File to write (default: stdout). For csv: "
              "a folder (nodes.csv, edges.csv) or a file name (NAME-nodes.csv, NAME-edges.csv).")
@store_option
def export(fmt, output, store_spec):
    """Export the whole graph (stdout by default): RDF, or the actor network for Gephi and spreadsheets."""
    import tempfile

    store = _open(store_spec, read_only=True)
    try:
        if fmt in ("graphml", "gexf", "csv"):
            from .network import export_graph

            if not output:
                if fmt == "csv":
                    raise click.UsageError("--format csv writes two files: give -o FOLDER or -o NAME.csv")
                with tempfile.TemporaryDirectory() as d:
                    p = Path(d) / f"out.{fmt}"
                    export_graph(store, p, fmt)
                    sys.stdout.buffer.write(p.read_bytes())
                return
            for p in export_graph(store, Path(output), fmt):
                click.echo(f"wrote {p}", err=True)
        elif output:
            store.dump(Path(output), fmt)
        else:
            with tempfile.TemporaryDirectory() as d:
                p = Path(d) / "out"
                store.dump(p, fmt)
                sys.stdout.buffer.write(p.read_bytes())
    finally:
        store.close()


@main.command()
@click.option("-o", "--output", default="exports/network.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--focus", help="Only the actors around this one (label, alias or IRI), reached by article links.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(0, 10), help="Steps around --focus.")
@click.option("--type", "types", multiple=True, help="Only actors of this type (repeatable).")
@click.option("--article", "articles", multiple=True, help="Only actors of this article id (repeatable).")
@click.option("--topic", "topics", multiple=True, help="Only actors of articles on this topic (repeatable).")
@click.option("--min-weight", default=1, show_default=True, type=click.IntRange(1),
              help="Only links supported by at least N articles.")
@click.option("--max-nodes", default=500, show_default=True, type=click.IntRange(1),
              help="Keep the N most central actors (PageRank over article links; never one no article links).")
@click.option("--layout", type=click.Choice(["physics", "fixed"]), default="physics", show_default=True,
              help="physics: laid out in the browser; fixed: positions computed here (large graphs).")
@click.option("--background/--no-background", default=None,
              help="Show the background facts (reference data) at first [default: yes, but not with --focus].")
@click.option("--title", help="Page title.")
@store_option
def viz(output, focus, depth, types, articles, topics, min_weight, max_nodes, layout, background, title, store_spec):
    """Write an interactive network page: one self-contained HTML file."""
    from .network import Filters, write_network_page

    f = Filters(focus=focus, depth=depth, types=list(types), articles=list(articles), topics=list(topics),
                min_weight=min_weight, max_nodes=max_nodes, layout=layout, background=background)
    store = _open(store_spec, read_only=True)
    try:
        counts = write_network_page(store, Path(output), f, title)
    finally:
        store.close()
    left = f", {counts['left_out']} less central left out" if counts["left_out"] else ""
    communities = f", opens on {counts['communities']} communities" if counts["communities"] else ""
    click.echo(f"wrote {output}: {counts['nodes']} actors, {counts['edges']} links read from articles, "
               f"{counts['background']} background facts{left}{communities}")


@main.command()
@click.option("--top", default=10, show_default=True, help="How many of each list.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@store_option
def stats(top, as_json, store_spec):
    """Counts by type, the most central actors, communities and the most supported links."""
    from .network import stats as compute

    store = _open(store_spec, read_only=True)
    try:
        s = compute(store, top)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    click.echo(f"{s['actors']} actors, {s['links']} links")
    click.echo("by type:   " + ", ".join(f"{t} {n}" for t, n in s["by_type"].items()))
    for title, key in [("degree", "degree"), ("PageRank", "pagerank"), ("betweenness", "betweenness")]:
        click.echo(f"\nmost central by {title}:")
        for name, v in s[key]:
            click.echo(f"  {v:>8}  {name}")
    click.echo("\ncommunities (Louvain):")
    for i, c in enumerate(s["communities"], 1):
        click.echo(f"  {i}. " + ", ".join(c))
    click.echo("\nmost supported links:")
    for a, p, b, n in s["links_most_supported"]:
        click.echo(f"  {n} article(s)  {a} —{p}→ {b}")


@main.command()
@click.argument("actor_a")
@click.argument("actor_b")
@click.option("--limit", default=3, show_default=True, help="How many shortest chains.")
@store_option
def path(actor_a, actor_b, limit, store_spec):
    """The shortest chains of links between two actors, each step with its evidence."""
    from .network import paths

    store = _open(store_spec, read_only=True)
    try:
        found = paths(store, actor_a, actor_b, limit)
    finally:
        store.close()
    if not found:
        click.echo(f"no chain of links between {actor_a} and {actor_b}")
        return
    for i, steps in enumerate(found, 1):
        click.echo(f"chain {i} ({len(steps)} step{'s' if len(steps) > 1 else ''}):")
        for st in steps:
            arrow = f"—{st['predicate']}→" if st["forward"] else f"←{st['predicate']}—"
            click.echo(f"  {st['from']} {arrow} {st['to']}")
            if st["evidence"]:
                click.echo(f"      “{st['evidence'][0][:160]}” ({st['evidence'][1]})")


@main.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, exists=True),
              help="Read the query from a .rq file.")
@click.option("--name", help="Run a saved query (see `peacegraph queries`).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle"]),
              default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1), help="Keep the first N rows.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1), help="Stop after S seconds.")
@store_option
@click.pass_context
def query(ctx, sparql, query_file, name, params, fmt, limit, timeout, store_spec):
    """Ask the graph a SPARQL question (read-only; the standard prefixes are bound)."""
    from .queries import bind_params, format_result, load_saved, run_with_timeout

    given = [x for x in (sparql, query_file, name) if x]
    if len(given) != 1:
        raise click.UsageError("give one of: a QUERY, -f FILE.rq, or --name NAME")
    saved = None
    if name:
        data = _settings().data_dir
        library = load_saved(data / "queries")
        if name not in library:
            raise PeacegraphError(f"no saved query named {name!r} (see `peacegraph queries`)")
        saved = library[name]
        sparql = saved.text
    elif query_file:
        sparql = Path(query_file).read_text(encoding="utf-8")
    pairs = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{p!r} is not NAME=VALUE", param_hint="--param")
        pairs[key.strip()] = value.strip()
    store = _open(store_spec, read_only=True)
    try:
        bindings = bind_params(saved, pairs, store)
        result = run_with_timeout(store, sparql, bindings, limit, timeout)
    finally:
        store.close()
    click.echo(format_result(result, fmt).rstrip("\n"))


@main.command("queries")
@click.pass_context
def list_queries(ctx):
    """List the saved queries, with their parameters."""
    from .queries import load_saved

    data = _settings().data_dir
    for q in load_saved(data / "queries").values():
        params = " ".join(f"--param {p.name}=<{p.kind}>" + (f" (default {p.default})" if p.default else "")
                          for p in q.params)
        click.echo(f"{q.name:28s} {q.title}")
        if q.description:
            click.echo(f"{'':28s}   {q.description}")
        if params:
            click.echo(f"{'':28s}   {params}")


@main.command()
@click.argument("actor")
@store_option
def show(actor, store_spec):
    """A card of everything the graph knows about one actor (by label, alias or IRI)."""
    from .queries import card

    store = _open(store_spec, read_only=True)
    try:
        click.echo(card(store, actor))
    finally:
        store.close()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (local only by default).")
@click.option("--port", default=7879, show_default=True, type=click.IntRange(1, 65535))
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1), help="Query time limit (s).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1), help="Result size limit.")
@click.option("--slots", type=click.IntRange(1), default=None,
              help="Queries run at once; more get a 503 with Retry-After. Default: one per core (at least 2).")
@store_option
@click.pass_context
def serve(ctx, host, port, timeout, max_rows, slots, store_spec):
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page."""
    from .serve import serve as run_server

    data = _settings().data_dir
    store = _open(store_spec, read_only=True)
    click.echo(f"SPARQL endpoint on http://{host}:{port}/sparql, query page on http://{host}:{port}/ "
               "(Ctrl-C to stop)", err=True)
    try:
        run_server(store, data / "queries", host, port, timeout, max_rows, slots)
    finally:
        store.close()


@main.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
@click.option("--exports", "exports_dir", default="exports", show_default=True, type=click.Path(file_okay=False),
              help="Folder whose graph.ttl, graph.trig and network.html are rewritten.")
@click.pass_context
def remove(ctx, articles, store_spec, exports_dir):
    """Drop articles from the graph, by file name (with or without extension) or id."""
    from .build import remove as run_remove

    store = _open(store_spec)
    try:
        dropped = run_remove(articles, store, ctx.obj["base"], exports_dir)
    finally:
        store.close()
    click.echo(f"removed {len(dropped)} article(s): {', '.join(dropped)}")


# The global options after the command too (`peacegraph query --debug …`), for every command above
for _command in main.commands.values():
    _command.params.extend(global_options(after=True))


if __name__ == "__main__":
    main()
