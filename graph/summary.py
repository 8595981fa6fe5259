"""The summary graph: counts derived from the article graphs, so that questions over the whole
corpus read a few thousand precomputed rows instead of aggregating millions of triples.

Rewritten after every build and removal (and skipped when nothing changed), never edited by hand:

- for each actor an article names: `pg:articleCount` (how many articles name it), and one
  `pg:displayLabel` and `pg:displayType` (an actor found in many articles is described in each of
  their graphs, and the union of graphs would repeat those);
- for each article: `pg:actorCount` and `pg:linkCount`;
- a `pg:CoMention` for each pair of actors named together in at least two articles;
- a `pg:LinkSummary` for each distinct link (subject, predicate, object), read from articles
  (`pg:articleCount`, `pg:statementCount`, one `pg:sampleEvidence`) or stated by the reference or curated
  graphs (`pg:articleCount 0`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from itertools import combinations

from rdflib.namespace import RDF, RDFS

from .encode import T, body, iri, pg, text, typed
from .vocab import PG, Ids

MIN_PAIR_ARTICLES = 2


def _state(store, ids: Ids) -> str:
    """A digest of what the summary is derived from: every graph's content hash."""
    rows = store.select(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?x <{PG.contentHash}> ?h }} }}")
    pairs = sorted((str(r["g"]), str(r["h"])) for r in rows if str(r["g"]) != ids.summary_graph)
    return hashlib.sha256(repr(pairs).encode("utf-8")).hexdigest()


def refresh_summary(store, ids: Ids, force: bool = False) -> bool:
    """Rewrite the summary graph if the graphs it is derived from changed; True if it did."""
    state = _state(store, ids)
    g = ids.summary_graph
    stored = store.select(f"SELECT ?h WHERE {{ GRAPH <{g}> {{ <{g}> <{PG.contentHash}> ?h }} }}")
    if not force and [str(r["h"]) for r in stored] == [state]:
        return False
    store.replace_graphs({g: body(summary_triples(store, ids, state))})
    store.flush()
    return True


def summary_triples(store, ids: Ids, state: str):
    g = ids.summary_graph
    yield iri(g), T.label, text("Counts derived from the article, reference and curated graphs")
    yield iri(g), pg("contentHash"), text(state)
    prefix = ids.article_graph("")

    # which articles name which actors
    named: dict[str, set[str]] = defaultdict(set)
    for r in store.select(f"SELECT ?g ?a WHERE {{ GRAPH ?g {{ ?art <{PG.mentions}> ?a }} }}"):
        if str(r["g"]).startswith(prefix):
            named[str(r["g"])].add(str(r["a"]))
    articles_of: Counter = Counter(a for actors in named.values() for a in actors)

    # one label and one type for each of them
    described: dict[str, tuple[str, str]] = {}
    rows = store.select(f"""SELECT DISTINCT ?a ?t ?l WHERE {{ ?a <{RDF.type}> ?t ; <{RDFS.label}> ?l .
                            FILTER(STRSTARTS(STR(?t), "{PG}")) }}""")
    for r in sorted(rows, key=lambda r: (str(r["a"]), str(r["t"]), str(r["l"]))):
        described.setdefault(str(r["a"]), (str(r["t"]), str(r["l"])))
    for a, n in sorted(articles_of.items()):
        yield iri(a), pg("articleCount"), typed(n, T.integer)
        if a in described:
            t, label = described[a]
            yield iri(a), pg("displayType"), iri(t)
            yield iri(a), pg("displayLabel"), text(label)

    # pairs named together
    pairs: Counter = Counter()
    for actors in named.values():
        pairs.update(combinations(sorted(actors), 2))
    for (x, y), n in sorted(pairs.items()):
        if n >= MIN_PAIR_ARTICLES:
            node = iri(f"{ids.base}summary/pair/{_digest(x, y)}")
            yield node, T.type, pg("CoMention")
            yield node, pg("actor"), iri(x)
            yield node, pg("actor"), iri(y)
            yield node, pg("articleCount"), typed(n, T.integer)

    # links: read from articles, and stated by the reference data or analysts
    statements: dict[tuple[str, str, str], list] = {}
    links_in: Counter = Counter()
    rows = store.select(f"""SELECT ?g ?s ?p ?o ?ev WHERE {{ GRAPH ?g {{
                              ?r a <{PG.RelationStatement}> ; <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ;
                                 <{RDF.object}> ?o ; <{PG.evidence}> ?ev }} }}""")
    for r in rows:
        key = (str(r["s"]), str(r["p"]), str(r["o"]))
        entry = statements.setdefault(key, [set(), 0, str(r["ev"])])
        entry[0].add(str(r["g"]))
        entry[1] += 1
        links_in[str(r["g"])] += 1
    rows = store.select(f"""SELECT DISTINCT ?s ?p ?o WHERE {{
                              VALUES ?g {{ <{ids.reference_graph}> <{ids.curated_graph}> }}
                              GRAPH ?g {{ ?s ?p ?o }} ?p <{RDFS.subPropertyOf}> <{PG.relatedTo}> }}""")
    for r in rows:
        statements.setdefault((str(r["s"]), str(r["p"]), str(r["o"])), [set(), 0, None])
    for (s, p, o), (graphs, k, evidence) in sorted(statements.items(), key=lambda kv: kv[0]):
        node = iri(f"{ids.base}summary/link/{_digest(s, p, o)}")
        yield node, T.type, pg("LinkSummary")
        yield node, pg("linkSubject"), iri(s)
        yield node, pg("linkPredicate"), iri(p)
        yield node, pg("linkObject"), iri(o)
        yield node, pg("articleCount"), typed(len(graphs), T.integer)
        yield node, pg("statementCount"), typed(k, T.integer)
        if evidence is not None:
            yield node, pg("sampleEvidence"), text(evidence)

    # articles
    for gname in sorted(set(named) | set(links_in)):
        art = iri(ids.article(gname[len(prefix):]))
        yield art, pg("actorCount"), typed(len(named.get(gname, ())), T.integer)
        yield art, pg("linkCount"), typed(links_in[gname], T.integer)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

