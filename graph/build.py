"""Build the graph: read articles, extract, encode, write the store, write the exports."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .articles import article_id, article_id_of, content_hash, find_article_files, read_article, read_raw, source_names
from .encode import (
    article_body,
    article_pieces,
    body,
    curated_triples,
    iri,
    reference_graphs,
    sized,
    text,
    text_line,
    vocabulary_body,
)
from .errors import StoreBaseMismatch
from .exports import GraphBlocks
from .extract import LONG_ARTICLE, STAGES, Knowledge, discover_actors, extract_article, load_knowledge
from .language import language_warning
from .merge import Found, apply_merges, person_merges, pool
from .model import Actor, Article, PeacegraphError
from .store import BULK, OX_TERMS, StagedFiles
from .summary import refresh_summary
from .vocab import Ids

DEFAULT_EXPORTS = Path("exports")


@dataclass
class BuildReport:
    articles: int = 0
    extracted: int = 0  # articles read afresh (the others were unchanged)
    removed: int = 0
    actors_by_type: dict[str, int] = field(default_factory=dict)
    links: int = 0
    triples: int = 0
    exports: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    warnings: list[str] = field(default_factory=list)  # articles that are not in English

    def summary(self, timings: bool = False) -> str:
        types = ", ".join(f"{n} {t}" for t, n in sorted(self.actors_by_type.items(), key=lambda kv: -kv[1]))
        lines = [
            f"articles  {self.articles} ({self.extracted} extracted, {self.articles - self.extracted} unchanged"
            + (f", {self.removed} removed)" if self.removed else ")"),
            f"actors    {sum(self.actors_by_type.values())} ({types})",
            f"links     {self.links}",
            f"triples   {self.triples}",
        ]
        lines += [f"wrote     {p}" for p in self.exports]
        lines += [f"warning   {w}" for w in self.warnings]
        if timings:
            lines.append("seconds   " + ", ".join(f"{k} {v:.1f}" for k, v in self.timings.items()))
        return "\n".join(lines)


def knowledge_fingerprint(k: Knowledge) -> str:
    """Changes whenever the reference data, curation, word lists or topics change: then every article is re-read."""
    h = hashlib.sha256()
    for folder, pattern in (("reference", "*.csv"), ("curated", "*.csv"), ("lexicon", "*.txt"), ("lexicon", "*.csv")):
        for p in sorted((k.data_dir / folder).glob(pattern)):
            h.update(p.name.encode() + p.read_bytes())
    for name in ("topics.ttl", "ontology.ttl"):
        p = k.data_dir / name
        if p.exists():
            h.update(p.read_bytes())
    from . import __version__

    h.update(__version__.encode())
    return h.hexdigest()


def _stored_hashes(store, ids: Ids) -> dict[str, str]:
    from .vocab import PG

    out = {}
    for g, h in store.values(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?a <{PG.contentHash}> ?h }} }}"):
        aid = ids.article_id_of_graph(g)
        if aid:
            out[aid] = h
    return out


def _stored_fingerprint(store, ids: Ids) -> str | None:
    from .vocab import PG

    g = ids.reference_graph
    rows = store.select(f"SELECT ?f WHERE {{ GRAPH <{g}> {{ <{g}> <{PG.contentHash}> ?f }} }}")
    return str(rows[0]["f"]) if rows else None


def _stored_persons(store, ids: Ids) -> dict[str, Actor]:
    """Persons discovered by earlier builds, by key."""
    from .vocab import PG

    rows = store.select(
        # from the summary's one type and label per actor: over the union of the article graphs, a
        # person named in k articles would join k types × k origins × k labels
        f"""SELECT ?a ?label WHERE {{
              GRAPH <{ids.summary_graph}> {{ ?a <{PG.displayType}> <{PG.Person}> ; <{PG.displayLabel}> ?label }}
              FILTER EXISTS {{ ?a <{PG.origin}> "discovered" }} }}""")
    prefix = ids.actor_prefix
    return {str(r["a"])[len(prefix):]: Actor(key=str(r["a"])[len(prefix):], label=str(r["label"]), type="Person",
                                             source="discovered")
            for r in rows if str(r["a"]).startswith(prefix)}


# A large build goes to the store's bulk path (a copy loaded in bulk and swapped in, see store.py);
# a small one is a single transaction. Large is many articles or much text: one 2 MB article made
# a 30 MB update that took the store 31 s and 0.9 GB in one transaction, 3.6 s and 0.3 GB in bulk.
BULK_ARTICLES = 200
BULK_CHARS = 1_000_000  # characters of text to extract, about 200 articles' worth


def build(
    paths: Iterable[str | Path] | None = None,
    store=None,
    data_dir: str | Path | None = None,
    exports: str | Path | None = DEFAULT_EXPORTS,
    base: str | None = None,
    prune: bool = False,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the graph from article files into `store`, and write the exports.

    Unchanged articles (same content hash, same reference data) are not extracted again; a changed
    one replaces its own named graph and nothing else; with `prune`, articles no longer among the
    inputs are dropped. Extraction runs in `workers` processes (default: one per core); this
    process alone writes the store. `on_stage`, if given, is told what a long article (LONG_ARTICLE
    characters or more) is going through, and when the store is written after one.
    """
    import time

    from .store import open_store

    clock = [time.perf_counter()]
    timings: dict[str, float] = {}

    def lap(stage: str) -> None:
        now = time.perf_counter()
        timings[stage] = timings.get(stage, 0.0) + now - clock[0]
        clock[0] = now

    knowledge = load_knowledge(data_dir)
    ids = Ids(base) if base else Ids()
    paths = list(paths) if paths else [knowledge.data_dir / "articles"]
    files = find_article_files(paths)
    sources = source_names(files, paths)  # dcterms:source: relative to the articles folder, never absolute
    own_store = store is None
    store = store if store is not None else open_store()
    staged = blocks = None
    try:
        check_base(store, ids)  # before anything is written
        if exports:  # an exports folder that cannot be written stops the build before the store changes
            staged = StagedFiles().reserve(export_paths(Path(exports)))
            if OX_TERMS in store.capabilities:  # the graphs written, for the exports (exports.py)
                blocks = GraphBlocks(Path(exports))
        fingerprint = knowledge_fingerprint(knowledge)
        stored = {} if force else _stored_hashes(store, ids)
        same_knowledge = not force and _stored_fingerprint(store, ids) == fingerprint
        unchanged = stored if same_knowledge else {}
        with Workers(workers, len(files)) as pool_:
            # 1. read every file (all are checked before anything is written) and find what the
            #    changed ones name that the reference data lacks (the names compiled here, once,
            #    before the workers fork, rather than in each of them)
            _ = knowledge.gazetteer
            first = pool_.map(_read_and_discover, files, knowledge, unchanged, sources, on_stage)
            lap("read and discover")
            article_ids = [aid for aid, _, _, _ in first]
            todo = [a for _, a, _, _ in first if a is not None]
            found = [f for _, _, f, _ in first if f]
            # 2. a name found in one article is known in all: pool them; persons written with a
            #    slip in one article are the persons of the others
            pooled = pool(found)
            k2 = knowledge.with_actors(pooled) if pooled and len(todo) > 1 else knowledge
            stored_people = _stored_persons(store, ids) if stored else {}
            merges = person_merges(found, {k: a.label for k, a in stored_people.items()})
            everyone = {**stored_people, **{a.key: a for a in pooled}}
            report = BuildReport(articles=len(article_ids), extracted=len(todo), timings=timings,
                                 warnings=[w for _, _, _, w in first if w])
            del first  # (the articles' texts are let go once extracted: see below)
            lap("pool")
            long_ones = any(len(a.text) >= LONG_ARTICLE for a in todo)
            if blocks is not None and long_ones:
                blocks.remove()  # a long article is written to the store piece by piece: the exports
                blocks = None  # are dumped from the store, not put together from the workers' blocks
            large = len(todo) >= BULK_ARTICLES or sum(len(a.text) for a in todo) >= BULK_CHARS
            background = {} if same_knowledge else _background_graphs(knowledge, ids, fingerprint)
            # a build that writes every graph the store holds (`--force`, new reference data) is a
            # whole write: the store is written afresh rather than its graphs replaced one by one
            # (the summary graph is written afresh after it)
            written = set(background) | {ids.article_graph(a.id) for a in todo} | {ids.summary_graph}
            whole = bool(background) and set(store.graph_names()) <= written
            with store.transaction(large=BULK in store.capabilities and large, whole=whole) as tx:
                for g, body_ in background.items():
                    tx.replace(g, body_)
                    if blocks is not None:
                        blocks.add(g, body_)
                # 3. extract and encode in the workers; write here, as the results come
                spool = getattr(tx, "spool", None)  # where workers write a bulk load themselves
                _ = k2.gazetteer  # (here, once, from the first one's: Knowledge.with_actors)
                encoded = pool_.imap(_extract_and_encode, todo, k2, merges, everyone, ids, spool,
                                     blocks and blocks.folder, on_stage)
                if spool is not None:
                    # the old versions go before the new ones are loaded (at the transaction's end):
                    # dropped while the workers extract (a graph at a time, 2 ms each: a rebuild of
                    # 1,000 articles waited 2.2 s for them with both cores idle)
                    for graph in [ids.article_graph(a.id) for a in todo]:
                        tx.drop(graph)
                # let go of the articles: their texts are freed once the workers are through them (a
                # 50 MB text is 100 MB as a string, which the store's load at the end need not find held)
                extracted, todo = len(todo), None
                for i, (aid, triples) in enumerate(encoded):
                    if triples is not None:
                        tx.replace(ids.article_graph(aid), triples)
                    if blocks is not None:
                        blocks.graphs.add(ids.article_graph(aid))  # (its block written by the worker)
                    if progress:
                        progress(i + 1, extracted, aid)
                if prune:  # (from the store's graphs: `stored` is empty with --force)
                    keep = set(article_ids)
                    gone = [g for g in store.graph_names()
                            if (a := ids.article_id_of_graph(g)) is not None and a not in keep]
                    for g in gone:
                        tx.drop(g)
                    report.removed = len(gone)
                lap("extract and encode")
                if on_stage and long_ones:
                    on_stage("writing the store")
            lap("write store")
        store.flush()
        # (rewritten by --force too: then every graph is one this build wrote, and the exports are made of them)
        summarised = refresh_summary(store, ids, force=force, written=blocks and blocks.add)
        _fill_report(report, store, ids)
        lap("summary")
        if exports:
            # the blocks are the whole store when this build wrote every graph it holds
            whole = blocks is not None and summarised and set(store.graph_names()) == blocks.graphs
            try:
                report.exports = write_exports(store, Path(exports), staged, blocks if whole else None,
                                               long_text=long_ones)
            except PeacegraphError as e:
                raise PeacegraphError(f"{e}; the store was updated, the exports were not: `peacegraph build` "
                                      "again writes them (nothing is re-extracted), or `peacegraph export`") from None
            lap("exports")
        return report
    finally:
        if staged is not None:
            staged.abort()  # (nothing left to remove once they are written)
        if blocks is not None:
            blocks.remove()
        if own_store:
            store.close()


def _stages_of(art: Article, task: str, on_stage: Callable[[str], None] | None) -> Callable[[str], None] | None:
    """The progress callback of a long article's extraction stages, or None for a short one."""
    if on_stage is None or len(art.text) < LONG_ARTICLE:
        return None
    return lambda stage: on_stage(f"{art.id}: {task}: {STAGES[stage]}")


def _read_and_discover(path: Path, knowledge: Knowledge, unchanged: dict[str, str], sources: dict[Path, str],
                       on_stage: Callable[[str], None] | None
                       ) -> tuple[str, Article | None, Found | None, str | None]:
    """A worker's first task: read one file; for a new or changed article, the article, the
    actors it discovers and a warning if it is not in English (an unchanged one is only its id:
    it is not parsed, and its text need not travel back)."""
    raw, aid = read_raw(path), article_id(path)
    if unchanged.get(aid) == content_hash(raw):
        return aid, None, None, None
    art = read_article(path, raw, sources.get(path))
    del raw  # (the file's bytes: a 50 MB article's are not held through its extraction)
    return (art.id, art, discover_actors(art, knowledge, _stages_of(art, "finding its actors", on_stage)),
            language_warning(art.source, art.text))


def _extract_and_encode(art: Article, knowledge: Knowledge, merges: dict[str, str], everyone: dict[str, Actor],
                        ids: Ids, spool: Path | None, blocks: Path | None, on_stage: Callable[[str], None] | None
                        ) -> tuple[str, str | None]:
    """A worker's second task: one article's named graph, as N-Triples (or written to the spool),
    and its block of the exports (exports.py) when there is a folder for them."""
    from .exports import append_block
    from .store import spool_graph, spool_literal

    tell = _stages_of(art, "extracting", on_stage)
    ex = extract_article(art, knowledge, tell)
    if merges:
        ex = apply_merges(ex, merges, everyone)
    if tell:
        on_stage(f"{art.id}: encoding its graph")
    graph = ids.article_graph(art.id)
    if spool is not None and blocks is None and len(art.text) >= LONG_ARTICLE:  # written piece by piece,
        spool_literal(spool, graph, *text_line(ex, ids))  # the text too (never held again whole)
        for piece in article_pieces(ex, ids, graph, with_text=False):
            spool_graph(spool, graph, piece)
        return art.id, None
    triples = sized(graph, article_body(ex, ids))
    if blocks is not None:
        append_block(blocks, graph, triples)
    if spool is None:
        return art.id, triples
    spool_graph(spool, graph, triples)
    return art.id, None


class Workers:
    """Run a function over items in worker processes, or in this process when there is one core or
    little to do. The arguments shared by every item (the knowledge, above all) reach the workers
    by forking, without being copied or pickled; only the items and the results travel."""

    def __init__(self, workers: int | None, size: int):
        import multiprocessing as mp
        import os

        n = workers or os.cpu_count() or 1
        self.n = n if size >= 8 * n and "fork" in mp.get_all_start_methods() else 1
        self.pools: list = []

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        for p in self.pools:
            p.terminate()
            p.join()

    def _start(self, shared: tuple):
        import multiprocessing as mp

        global _SHARED
        _SHARED = shared
        for done in self.pools:  # one pass at a time: the last one's workers are idle
            done.terminate()
        pool = mp.get_context("fork").Pool(self.n)
        self.pools.append(pool)
        return pool

    def map(self, fn, items: list, *shared) -> list:
        if self.n == 1:
            return [fn(i, *shared) for i in items]
        return self._start(shared).map(_call, [(fn, i) for i in items], chunksize=16)

    def imap(self, fn, items: list, *shared):
        if self.n == 1:
            return (fn(i, *shared) for i in items)
        return self._start(shared).imap(_call, [(fn, i) for i in items], chunksize=4)


_SHARED: tuple = ()  # set in the parent just before a pool forks


def _call(task):
    fn, item = task
    return fn(item, *_SHARED)


def remove(articles: Iterable[str], store, base: str | None = None, exports: str | Path | None = None) -> list[str]:
    """Drop articles' named graphs from the store (and rewrite the exports); return the ids dropped.
    An article is named by its id or its file name, with or without extension (see article_id_of)."""
    ids = Ids(base) if base else Ids()
    check_base(store, ids)
    present = set(store.graph_names())
    named = [(name, article_id_of(name)) for name in articles]
    missing = [(n, i) for n, i in named if ids.article_graph(i) not in present]
    if missing:
        said = ", ".join(repr(n) if n == i else f"{n!r} (id {i!r})" for n, i in missing)
        raise PeacegraphError(f"no article {said} in the store (see the ids with: peacegraph query --name articles)")
    article_ids = list(dict.fromkeys(i for _, i in named))
    wanted = [ids.article_graph(i) for i in article_ids]
    store.drop_graphs(wanted)
    store.flush()
    refresh_summary(store, ids)
    if exports:
        write_exports(store, Path(exports))
    return article_ids


def stored_base(store) -> str | None:
    """The base IRI the store was built with (None for an empty store): its reference graph states
    it (void:uriSpace); of a store built before it did, the reference graph's own IRI tells."""
    from .vocab import PG, VOID

    rows = store.values(f"""SELECT ?g ?base WHERE {{ GRAPH ?g {{ ?g <{PG.contentHash}> ?f
                              OPTIONAL {{ ?g <{VOID.uriSpace}> ?base }} }} }}""")
    for g, base in rows:
        if base:
            return base
        if g.endswith("graph/reference"):
            return g[: -len("graph/reference")]
    return None


def check_base(store, ids: Ids) -> None:
    """Refuse to write IRIs of another base into a store: every actor and article would be there
    twice, under two IRIs."""
    built = stored_base(store)
    if built is not None and built != ids.base:
        where = getattr(store, "path", None) or getattr(store, "url", None) or "the store"
        raise StoreBaseMismatch(f"{where}: built with base {built}, not {ids.base}: build with --base {built}, "
                                f"or into a new store (--store NEW_FOLDER) for the new base")


def _background_graphs(knowledge: Knowledge, ids: Ids, fingerprint: str) -> dict[str, str]:
    """The reference, curated and vocabulary graphs, as N-Triples."""
    from .vocab import PG, VOID

    graphs = reference_graphs(knowledge.registry.actors, ids)
    graphs[ids.reference_graph].append((iri(ids.reference_graph), iri(PG.contentHash), text(fingerprint)))
    graphs[ids.reference_graph].append((iri(ids.reference_graph), iri(VOID.uriSpace), text(ids.base)))
    cur = knowledge.registry.curation
    if cur is not None:
        graphs[ids.curated_graph] += list(curated_triples(cur.facts, ids))
    out = {g: sized(g, body(t)) for g, t in graphs.items()}
    out[ids.vocabulary_graph] = sized(ids.vocabulary_graph, vocabulary_body(knowledge.data_dir))
    return out


def _fill_report(report: BuildReport, store, ids: Ids) -> None:
    from .vocab import PG

    rows = store.select(
        f"""SELECT ?type (COUNT(?a) AS ?n) WHERE {{
              GRAPH <{ids.summary_graph}> {{ ?a <{PG.displayType}> ?type ; <{PG.articleCount}> ?named }}
            }} GROUP BY ?type"""
    )
    report.actors_by_type = {str(r["type"]).split("#")[-1]: int(r["n"]) for r in rows}
    rows = store.select(
        f"""SELECT (SUM(?k) AS ?n) WHERE {{ GRAPH <{ids.summary_graph}> {{ ?x <{PG.linkCount}> ?k }} }}"""
    )
    report.links = int(rows[0]["n"]) if rows and "n" in rows[0] else 0
    report.triples = triple_count(store)


def triple_count(store) -> int:
    """The triples in the store's named graphs: the sum of the sizes they state (void:triples),
    else, when a graph states none (written by an earlier version), counted one by one."""
    from .vocab import VOID

    sizes = dict(store.values(f"SELECT ?g ?n WHERE {{ GRAPH ?g {{ ?g <{VOID.triples}> ?n }} }}"))
    if sizes and sizes.keys() == set(store.graph_names()):
        return sum(int(n) for n in sizes.values())
    return len(store)


def export_paths(folder: Path) -> list[Path]:
    """The files a build writes into its exports folder."""
    return [folder / "graph.ttl", folder / "graph.trig", folder / "network.html"]


def write_exports(store, folder: Path, files: StagedFiles | None = None, blocks: GraphBlocks | None = None,
                  long_text: bool = False) -> list[str]:
    """exports/graph.ttl (all triples), graph.trig (named graphs) and network.html, renamed into
    place together once all three are written (else the previous three stay), through `files`
    when they were reserved beforehand. The Turtle and TriG are made of `blocks` when given (every
    graph of the store as the build wrote it, exports.py), else the TriG is the store's dump and
    the Turtle the union of its graphs, parsed from the TriG or, with `long_text` (the store holds
    a long article's text, which the parser may not read back), dumped by the store at the same
    time; they are written in a thread beside the page (the store dumps and the parser parses
    without holding the interpreter lock)."""
    from concurrent.futures import ThreadPoolExecutor

    from .network import write_network_page
    from .store import union_as_turtle

    ttl, trig, page = export_paths(folder)
    files = files if files is not None else StagedFiles()

    def dumps() -> None:
        if blocks is not None:
            blocks.write(ttl, trig, files)
            return
        if long_text:  # (a 50 MB article's store: 28 s for both at once, 48 s for one then the other)
            with ThreadPoolExecutor(1) as beside:
                turtle = beside.submit(store.dump, ttl, "turtle", files)
                store.dump(trig, "trig", files)
                turtle.result()
            return
        store.dump(trig, "trig", files)
        files.write(ttl, lambda tmp: union_as_turtle(files.staged(trig), tmp, store), by_path=True)

    with files, ThreadPoolExecutor(1) as threads:
        running = threads.submit(dumps)
        try:
            write_network_page(store, page, files=files)
        finally:
            running.result()  # wait for the dumps; their error, if any, is raised here
    return [str(ttl), str(trig), str(page)]


__all__ = ["build", "BuildReport", "write_exports", "PeacegraphError"]
