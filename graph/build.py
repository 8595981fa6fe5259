"""Build the graph: read articles, extract, encode, write the store, write the exports."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .articles import find_article_files, read_article
from .encode import article_quads, curated_quads, reference_quads, vocabulary_quads
from .extract import Knowledge, extract_article, load_knowledge
from .merge import apply_merges, person_merges, pool
from .model import Actor, Extraction, PeacegraphError
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

    def summary(self) -> str:
        types = ", ".join(f"{n} {t}" for t, n in sorted(self.actors_by_type.items(), key=lambda kv: -kv[1]))
        lines = [
            f"articles  {self.articles} ({self.extracted} extracted, {self.articles - self.extracted} unchanged"
            + (f", {self.removed} removed)" if self.removed else ")"),
            f"actors    {sum(self.actors_by_type.values())} ({types})",
            f"links     {self.links}",
            f"triples   {self.triples}",
        ]
        lines += [f"wrote     {p}" for p in self.exports]
        return "\n".join(lines)


def knowledge_fingerprint(k: Knowledge) -> str:
    """Changes whenever the reference data, curation or topics change: then every article is re-read."""
    h = hashlib.sha256()
    for folder in ("reference", "curated"):
        for p in sorted((k.data_dir / folder).glob("*.csv")):
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

    rows = store.select(
        f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?a <{PG.contentHash}> ?h }} }}"
    )
    out = {}
    for r in rows:
        aid = ids.article_id_of_graph(str(r["g"]))
        if aid:
            out[aid] = str(r["h"])
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
        f"""SELECT ?a ?label WHERE {{ ?a a <{PG.Person}> ; <{PG.origin}> "discovered" ;
              <http://www.w3.org/2000/01/rdf-schema#label> ?label }}""")
    prefix = ids.actor("")
    return {str(r["a"])[len(prefix):]: Actor(key=str(r["a"])[len(prefix):], label=str(r["label"]), type="Person",
                                             source="discovered")
            for r in rows if str(r["a"]).startswith(prefix)}


def build(
    paths: Iterable[str | Path] | None = None,
    store=None,
    data_dir: str | Path | None = None,
    exports: str | Path | None = DEFAULT_EXPORTS,
    base: str | None = None,
    prune: bool = False,
    force: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> BuildReport:
    """Build the graph from article files into `store`, and write the exports.

    Unchanged articles (same content hash, same reference data) are not extracted again; a changed
    one replaces its own named graph and nothing else; with `prune`, articles no longer among the
    inputs are dropped.
    """
    from rdflib import Literal, URIRef

    from .store import open_store
    from .vocab import PG

    knowledge = load_knowledge(data_dir)
    ids = Ids(base) if base else Ids()
    paths = list(paths) if paths else [knowledge.data_dir / "articles"]
    files = find_article_files(paths)
    articles = [read_article(f) for f in files]  # every file is checked before anything is written
    own_store = store is None
    store = store if store is not None else open_store()
    try:
        fingerprint = knowledge_fingerprint(knowledge)
        stored = {} if force else _stored_hashes(store, ids)
        same_knowledge = not force and _stored_fingerprint(store, ids) == fingerprint
        todo = [a for a in articles if not (same_knowledge and stored.get(a.id) == a.content_hash)]

        extractions: dict[str, Extraction] = {}
        for i, art in enumerate(todo):
            extractions[art.id] = extract_article(art, knowledge)
            if progress:
                progress(i + 1, len(todo), art.id)
        # Second pass: actors discovered in one article are linked in the others that name them.
        pooled = pool(extractions.values())
        if pooled and len(todo) > 1:
            k2 = knowledge.with_actors(pooled)
            for art in todo:
                ex = extractions[art.id]
                if _names_others(art.text, pooled, ex):
                    extractions[art.id] = extract_article(art, k2)
        # Persons written with a slip in one article are the same persons as in the others.
        stored_people = _stored_persons(store, ids) if stored else {}
        merges = person_merges(extractions.values(), {k: a.label for k, a in stored_people.items()})
        if merges:
            everyone = {**stored_people, **{a.key: a for a in pool(extractions.values())}}
            for aid in extractions:
                extractions[aid] = apply_merges(extractions[aid], merges, everyone)

        graphs: dict[str, list] = {}
        if not same_knowledge:
            ref = list(reference_quads(knowledge.registry.actors, ids))
            g = URIRef(ids.reference_graph)
            ref.append((g, PG.contentHash, Literal(fingerprint), g))
            graphs[ids.reference_graph] = [q for q in ref if str(q[3]) == ids.reference_graph]
            graphs[ids.curated_graph] = [q for q in ref if str(q[3]) == ids.curated_graph]
            cur = knowledge.registry.curation
            if cur is not None:
                graphs[ids.curated_graph] += list(curated_quads(cur.facts, ids))
            graphs[ids.vocabulary_graph] = list(vocabulary_quads(knowledge.data_dir, ids))
        for aid, ex in extractions.items():
            graphs[ids.article_graph(aid)] = list(article_quads(ex, ids))
        report = BuildReport(articles=len(articles), extracted=len(extractions))
        store.replace_graphs(graphs)
        if prune:
            keep = {a.id for a in articles}
            gone = [ids.article_graph(a) for a in stored if a not in keep]
            store.drop_graphs(gone)
            report.removed = len(gone)
        store.flush()
        _fill_report(report, store)
        if exports:
            report.exports = write_exports(store, Path(exports))
        return report
    finally:
        if own_store:
            store.close()


def remove(article_ids: Iterable[str], store, base: str | None = None, exports: str | Path | None = None) -> list[str]:
    """Drop articles' named graphs from the store (and rewrite the exports); return those dropped."""
    ids = Ids(base) if base else Ids()
    present = set(store.graph_names())
    wanted = [ids.article_graph(a) for a in article_ids]
    missing = [a for a, g in zip(article_ids, wanted) if g not in present]
    if missing:
        raise PeacegraphError(f"no article {', '.join(repr(m) for m in missing)} in the store")
    store.drop_graphs(wanted)
    store.flush()
    if exports:
        write_exports(store, Path(exports))
    return list(article_ids)


def _names_others(text: str, pooled: list[Actor], ex: Extraction) -> bool:
    for a in pooled:
        if a.key in ex.actors:
            continue
        for n in a.names():
            if len(n) >= 3 and n in text:
                return True
    return False


def _fill_report(report: BuildReport, store) -> None:
    from .vocab import PG

    rows = store.select(
        f"""SELECT ?type (COUNT(?a) AS ?n) WHERE {{
              {{ SELECT DISTINCT ?a WHERE {{ ?art <{PG.mentions}> ?a }} }}
              {{ SELECT DISTINCT ?a ?type WHERE {{ ?a a ?type FILTER(STRSTARTS(STR(?type), "{PG}")) }} }}
            }} GROUP BY ?type"""
    )
    report.actors_by_type = {str(r["type"]).split("#")[-1]: int(r["n"]) for r in rows}
    rows = store.select(
        f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?r a <{PG.RelationStatement}> }}"""
    )
    report.links = int(rows[0]["n"]) if rows else 0
    report.triples = len(store)


def write_exports(store, folder: Path) -> list[str]:
    """exports/graph.ttl (all triples), graph.trig (named graphs) and network.html."""
    from .network import write_network_page

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fmt in (("graph.ttl", "turtle"), ("graph.trig", "trig")):
        store.dump(folder / name, fmt)
        written.append(str(folder / name))
    write_network_page(store, folder / "network.html")
    written.append(str(folder / "network.html"))
    return written


def summarise_types(extraction: Extraction) -> Counter:
    return Counter(a.type for a in extraction.actors.values())


__all__ = ["build", "BuildReport", "write_exports", "PeacegraphError"]
