"""The summary graph: counts derived from the article graphs, so that questions over the whole
corpus read a few thousand precomputed rows instead of aggregating millions of triples.

Rewritten after every build and removal (and skipped when nothing changed), never edited by hand:

- for each actor: one `pg:displayLabel` and one `pg:displayType` (an actor found in many articles
  is described in each of their graphs, and the union of graphs would repeat those), and for those
  the articles name, `pg:articleCount` (how many articles name it);
- for each article: `pg:actorCount` and `pg:linkCount`;
- a `pg:TopicActor` for each topic and actor its articles name (`pg:onTopic`, `pg:namedActor`,
  `pg:topicArticleCount`: how many articles on the topic name the actor);
- for each actor, `pg:labelOrder`, and for each article, `pg:articleOrder`: its place in the order
  the saved tables list them (actors by their label regardless of case, articles by IRI).
  Oxigraph sorts by evaluating the sort keys at every comparison, reading a stored string back
  each time: 10,000 articles sorted by IRI took 230 ms, by an integer next to nothing;
- a `pg:CoMention` for each pair of actors named together in at least two articles (`pg:coMentionCount`; in a
  large corpus, the 20,000 pairs named together most often: the threshold is `pg:minPairArticles`);
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations

from rdflib.namespace import RDF, RDFS

from .encode import T, body, iri, pg, sized, text, typed
from .vocab import ACTOR_TYPES, PG, Ids

VERSION = 5  # of what the summary holds: a store whose summary an older peacegraph wrote gets a new one
MIN_PAIR_ARTICLES = 2
MAX_PAIRS = 20_000  # past this, only the pairs named together most often are kept


def _state(store, ids: Ids) -> str:
    """A digest of what the summary is derived from: every graph's content hash (and what it holds)."""
    rows = store.values(f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?x <{PG.contentHash}> ?h }} }}")
    pairs = sorted((g, h) for g, h in rows if g != ids.summary_graph)
    return hashlib.sha256(repr((VERSION, pairs)).encode("utf-8")).hexdigest()


def refresh_summary(store, ids: Ids, force: bool = False, written: Callable[[str, str], None] | None = None) -> bool:
    """Rewrite the summary graph if the graphs it is derived from changed; True if it did (and
    then `written` is given the graph and its N-Triples)."""
    state = _state(store, ids)
    g = ids.summary_graph
    stored = store.select(f"SELECT ?h WHERE {{ GRAPH <{g}> {{ <{g}> <{PG.contentHash}> ?h }} }}")
    if not force and [str(r["h"]) for r in stored] == [state]:
        return False
    triples = sized(g, body(summary_triples(store, ids, state)))
    store.rewrite_graph(g, triples)
    store.flush()
    if written is not None:
        written(g, triples)
    return True


def summary_triples(store, ids: Ids, state: str):
    g = ids.summary_graph
    yield iri(g), T.label, text("Counts derived from the article, reference and curated graphs")
    yield iri(g), pg("contentHash"), text(state)
    prefix = ids.article_graph("")

    # which articles name which actors
    named: dict[str, set[str]] = defaultdict(set)
    for gname, a in store.values(f"SELECT ?g ?a WHERE {{ GRAPH ?g {{ ?art <{PG.mentions}> ?a }} }}"):
        if gname.startswith(prefix):
            named[gname].add(a)
    articles_of: Counter = Counter(a for actors in named.values() for a in actors)

    # one label and one type for each of them
    described: dict[str, tuple[str, str]] = {}
    # (the actors' types and their labels read apart and joined here: rdf:type has a triple per
    # graph that names an actor, and in one query the engines joined them slowly, Oxigraph through a
    # subquery (80-160 ms at 10,000 articles, 32 ms so), rdflib in seconds at a dozen articles)
    labels: dict[str, list[str]] = defaultdict(list)
    for a, label in store.values(f"SELECT DISTINCT ?a ?l WHERE {{ ?a <{RDFS.label}> ?l }}"):
        labels[a].append(label)
    classes = " ".join(f"<{PG[t]}>" for t in ACTOR_TYPES)
    types = store.values(f"SELECT DISTINCT ?a ?t WHERE {{ VALUES ?t {{ {classes} }} ?a <{RDF.type}> ?t }}")
    rows = [(a, t, label) for a, t in types for label in labels.get(a, ())]
    for a, t, label in sorted(rows):
        described.setdefault(a, (t, label))
    for a, (t, label) in sorted(described.items()):
        yield iri(a), pg("displayType"), iri(t)
        yield iri(a), pg("displayLabel"), text(label)
    for a, n in sorted(articles_of.items()):
        yield iri(a), pg("articleCount"), typed(n, T.integer)
    # (Python's lower() is SPARQL's LCASE, and both compare strings by code point)
    for i, a in enumerate(sorted(described, key=lambda a: (described[a][1].lower(), a))):
        yield iri(a), pg("labelOrder"), typed(i, T.integer)

    # the actors each topic's articles name
    topics_of: dict[str, list[str]] = defaultdict(list)
    for gname, t in store.values(f"SELECT ?g ?t WHERE {{ GRAPH ?g {{ ?art <{PG.topic}> ?t }} }}"):
        if gname.startswith(prefix):
            topics_of[gname].append(t)
    on_topic: Counter = Counter()
    for gname, topics in topics_of.items():
        for t in topics:
            on_topic.update((t, a) for a in named.get(gname, ()))
    for (t, a), n in sorted(on_topic.items()):
        node = iri(f"{ids.base}summary/topic/{_digest(t, a)}")  # a pg:TopicActor, by pg:onTopic's domain
        yield node, pg("onTopic"), iri(t)
        yield node, pg("namedActor"), iri(a)
        yield node, pg("topicArticleCount"), typed(n, T.integer)

    # pairs named together
    # (actors as numbers in IRI order: pairs of them count faster; an actor named in one article
    # only is in no pair named in two)
    order = sorted(a for a, n in articles_of.items() if n >= MIN_PAIR_ARTICLES)
    number = {a: i for i, a in enumerate(order)}
    counted: Counter = Counter()
    for actors in named.values():
        counted.update(combinations(sorted(number[a] for a in actors if a in number), 2))
    least = max(MIN_PAIR_ARTICLES, _threshold(counted, MAX_PAIRS))
    yield iri(g), pg("minPairArticles"), typed(least, T.integer)
    for (i, j), n in sorted(kv for kv in counted.items() if kv[1] >= least):
        x, y = order[i], order[j]
        node = iri(f"{ids.base}summary/pair/{_digest(x, y)}")  # a pg:CoMention, by pg:actor's domain
        yield node, pg("actor"), iri(x)
        yield node, pg("actor"), iri(y)
        yield node, pg("coMentionCount"), typed(n, T.integer)

    # links read from each article
    links_in: Counter = Counter()
    statements = f"SELECT ?g (COUNT(?r) AS ?n) WHERE {{ GRAPH ?g {{ ?r a <{PG.RelationStatement}> }} }} GROUP BY ?g"
    for gname, n in store.values(statements):
        links_in[gname] = int(n)

    # articles
    for gname in sorted(set(named) | set(links_in)):
        art = iri(ids.article(gname[len(prefix):]))
        yield art, pg("actorCount"), typed(len(named.get(gname, ())), T.integer)
        yield art, pg("linkCount"), typed(links_in[gname], T.integer)
    every = store.values(f"SELECT DISTINCT ?a WHERE {{ GRAPH ?g {{ ?a a <{PG.Article}> }} }}")
    for i, (a,) in enumerate(sorted(every)):
        yield iri(a), pg("articleOrder"), typed(i, T.integer)


def _threshold(pairs: Counter, most: int) -> int:
    """The least count n such that at most `most` pairs are named together in n articles or more."""
    by_count = Counter(pairs.values())
    kept, n = 0, max(by_count, default=1)
    while n > 1 and kept + by_count[n] <= most:
        kept += by_count[n]
        n -= 1
    return n + 1 if kept + by_count.get(n, 0) > most else n


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

