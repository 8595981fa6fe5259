"""Turn extractions and reference data into RDF. The only module that writes triples.

Layout of the dataset (each a named graph):
- <base>graph/article/<id>   one per article: its metadata, the actors it names (with their
                             mentions as NIF phrases), the relations read from it as direct
                             triples, and a pg:RelationStatement per relation for provenance;
- <base>graph/reference      the reference actors and their background facts;
- <base>graph/curated        analysts' corrections and asserted facts;
- <base>graph/vocabulary     the ontology and the topic scheme;
- <base>graph/summary        counts derived from all the others (summary.py), rewritten by builds.

Each graph states its size (`<g> void:triples n`); the reference, curated and summary graphs also
label themselves (`<g> rdfs:label`), which tells them from the article graphs in a query.

Triples are written as N-Triples text, term by term: a build of ten thousand articles writes ten
million triples, and formatting strings is some twenty times cheaper than making rdflib terms and
converting them for the store. Every store loads N-Triples natively.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .model import Actor, Extraction
from .text import word_count
from .vocab import ITSRDF, MISSION_KINDS, NIF, PG, VOID, Ids

Triple = tuple[str, str, str]  # subject, predicate, object in N-Triples syntax

def _escape(value: str) -> str:
    """A string as the inside of an N-Triples literal. (Most strings need nothing escaped, and
    four `in` tests and `replace`s run in C: `str.translate` cost half of encoding an article.)"""
    if '"' in value or "\\" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return value


def iri(value: str) -> str:
    return f"<{value}>"


def text(value: str) -> str:
    """A plain string literal."""
    return f'"{_escape(value)}"'


def typed(value: object, datatype: str) -> str:
    return f'"{_escape(str(value))}"^^<{datatype}>'


def nt(term) -> str:
    """An rdflib term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return iri(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        if term.language:
            return f"{text(str(term))}@{term.language}"
        if term.datatype and str(term.datatype) != str(XSD.string):
            return typed(str(term), str(term.datatype))
        return text(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def body(triples: Iterable[Triple]) -> str:
    """An N-Triples document."""
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)


def sized(graph: str, triples: str) -> str:
    """A named graph's N-Triples with its size stated in it (void:triples, counting that triple),
    so that the store's size is a sum over its graphs, not a count of millions of quads."""
    n = len(set(triples.splitlines())) + 1
    return f"{triples}<{graph}> <{VOID.triples}> \"{n}\"^^<{XSD.integer}> .\n"


def graph_body(quads: Iterable[tuple]) -> str:
    """An N-Triples document from rdflib (subject, predicate, object[, graph]) tuples."""
    return body((nt(q[0]), nt(q[1]), nt(q[2])) for q in quads)


class T:
    """The predicates and classes we write, in N-Triples syntax, made once."""

    type = iri(RDF.type)
    subject, predicate, object = iri(RDF.subject), iri(RDF.predicate), iri(RDF.object)
    label, comment, subPropertyOf = iri(RDFS.label), iri(RDFS.comment), iri(RDFS.subPropertyOf)
    prefLabel, altLabel = iri(SKOS.prefLabel), iri(SKOS.altLabel)
    identifier, source, title, date = iri(DCTERMS.identifier), iri(DCTERMS.source), iri(DCTERMS.title), \
        iri(DCTERMS.date)
    creator, publisher = iri(DCTERMS.creator), iri(DCTERMS.publisher)
    derived = iri(PROV.wasDerivedFrom)
    Context, Phrase = iri(NIF.Context), iri(NIF.Phrase)
    isString, sourceUrl, referenceContext = iri(NIF.isString), iri(NIF.sourceUrl), iri(NIF.referenceContext)
    anchorOf, beginIndex, endIndex = iri(NIF.anchorOf), iri(NIF.beginIndex), iri(NIF.endIndex)
    taIdentRef = iri(ITSRDF.taIdentRef)
    integer, nonNegative, decimal, xdate = str(XSD.integer), str(XSD.nonNegativeInteger), str(XSD.decimal), \
        str(XSD.date)


def pg(name: str) -> str:
    return iri(PG[name])


@lru_cache(maxsize=65536)
def _actor(ids: Ids, key: str) -> str:
    return iri(ids.actor(key))


def _year(value: str) -> str:
    if len(value) == 4 and value.isdigit():
        return typed(value, str(XSD.gYear))
    if len(value) == 10:
        return typed(value, T.xdate)
    return text(value)


def actor_triples(a: Actor, ids: Ids, names: bool = True) -> Iterator[Triple]:
    """What the graph says of an actor itself: type, labels, and (reference) facts."""
    s = _actor(ids, a.key)
    yield s, T.type, pg(a.type)
    yield s, T.label, text(a.label)
    yield s, T.prefLabel, text(a.label)
    yield s, pg("origin"), text(a.source)
    if names:
        if a.acronym:
            yield s, pg("acronym"), text(a.acronym)
        # the acronym is an alternative label too (pg:acronym ⊑ skos:altLabel, but no reasoner is
        # assumed): `?x skos:altLabel "MONUSCO"` finds the mission, the SKOS way
        for n in dict.fromkeys(([a.acronym] if a.acronym else []) + a.aliases):
            if n != a.label:
                yield s, T.altLabel, text(n)
        for d in a.demonyms:
            yield s, pg("demonym"), text(d)
    if a.type == "Government" and len(a.key) == 3 and a.key.isupper():
        yield s, pg("isoCode"), text(a.key)
    if a.start:
        yield s, pg("startYear"), _year(a.start)
    if a.end:
        yield s, pg("endYear"), _year(a.end)
    if a.kind:
        yield s, pg("missionKind"), pg(MISSION_KINDS[a.kind])


def reference_graphs(actors: dict[str, Actor], ids: Ids) -> dict[str, list[Triple]]:
    """The reference graph (every reference actor and the facts the reference data states) and the
    curated graph's actors."""
    ref, cur = ids.reference_graph, ids.curated_graph
    out: dict[str, list[Triple]] = {ref: [(iri(ref), T.label, text("Reference actors and background facts"))],
                                    cur: []}
    for a in actors.values():
        if a.source == "discovered":
            continue
        triples = out[cur if a.source == "curated" else ref]
        triples.extend(actor_triples(a, ids))
        s = _actor(ids, a.key)
        if a.parent and a.type == "Programme":  # an organisation's programme: it runs it
            triples.append((_actor(ids, a.parent), pg("implements"), s))
        elif a.parent:
            triples.append((s, pg("partOf"), _actor(ids, a.parent)))
        if a.country:
            triples.append((s, pg("partOf"), _actor(ids, a.country)))
        for st in a.deployed_in:
            triples.append((s, pg("deployedIn"), _actor(ids, st)))
        if a.run_by:  # a state's own operation: it staffs it
            triples.append((_actor(ids, a.run_by), pg("contributesTo"), s))
    return out


def curated_triples(facts: list[tuple[str, str, str, str, str]], ids: Ids) -> Iterator[Triple]:
    """Facts analysts asserted in data/curated/facts.csv, each with its source."""
    yield iri(ids.curated_graph), T.label, text("Analysts' corrections and asserted facts")
    for s, p, o, source, note in facts:
        subj, pred, obj = _actor(ids, s), pg(p), _actor(ids, o)
        yield subj, pred, obj
        rec = iri(f"{ids.curated_graph}#fact-{_digest(s, p, o, source)}")
        yield rec, T.type, pg("CuratedStatement")
        yield rec, T.subject, subj
        yield rec, T.predicate, pred
        yield rec, T.object, obj
        yield rec, T.source, text(source)
        if note:
            yield rec, T.comment, text(note)


def vocabulary_body(data_dir: Path) -> str:
    """The ontology and the topic scheme, so that queries can read labels and comments."""
    import pyoxigraph as ox

    out = []
    for name in ("ontology.ttl", "topics.ttl"):
        path = data_dir / name
        if path.exists():
            triples = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            out.append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"))
    return "".join(out)


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def article_triples(ex: Extraction, ids: Ids, with_text: bool = True) -> Iterator[Triple]:
    """One article's named graph (without the line of its text, if not `with_text`: see text_line)."""
    art_iri = ids.article(ex.article.id)
    ctx = iri(f"{art_iri}#char=0,{len(ex.article.text)}")
    yield from _head_triples(ex, ids, with_text)
    for m in ex.mentions:
        yield from _phrase_triples(m, art_iri, ctx, ids)
    yield from _relation_triples(ex, ids)


def _head_triples(ex: Extraction, ids: Ids, with_text: bool = True) -> Iterator[Triple]:
    """The article's metadata, its text as a NIF context, the actors it names."""
    a = ex.article
    art_iri = ids.article(a.id)
    art = iri(art_iri)
    yield art, T.type, pg("Article")
    yield art, T.identifier, text(a.id)
    yield art, T.source, text(a.source)
    yield art, pg("contentHash"), text(a.content_hash)
    if a.retrieved:  # fetched from the web: when, and the hash of what came
        yield art, pg("retrievedAt"), typed(a.retrieved, str(XSD.dateTime))
    if a.source_hash:
        yield art, pg("sourceHash"), text(a.source_hash)
    yield art, pg("wordCount"), typed(word_count(a.text), T.integer)
    if a.title:
        yield art, T.title, text(a.title)
    if a.date:
        yield art, T.date, typed(a.date, T.xdate)
    by_label = {act.label: k for k, act in ex.actors.items() if act.type == "Person"}
    for name in a.authors:
        yield art, T.creator, _actor(ids, by_label[name]) if name in by_label else text(name)
    if a.publisher:
        yield art, T.publisher, text(a.publisher)
    for topic in ex.topic_iris:
        yield art, pg("topic"), iri(topic)

    # the text as a NIF context, and each mention as a phrase in it
    ctx = iri(f"{art_iri}#char=0,{len(a.text)}")
    yield ctx, T.type, T.Context
    if with_text:
        yield ctx, T.isString, text(a.text)
    yield ctx, T.sourceUrl, art
    mentions = pg("mentions")
    for key, actor in ex.actors.items():
        s = _actor(ids, key)
        yield art, mentions, s
        if actor.source == "discovered":  # the article is where this actor was found
            yield from actor_triples(actor, ids)
            if actor.country:
                yield s, pg("partOf"), _actor(ids, actor.country)


def _phrase_triples(m, art_iri: str, ctx: str, ids: Ids) -> Iterator[Triple]:
    """A mention as a NIF phrase of the article's text."""
    ph, nonneg = f"<{art_iri}#char={m.start},{m.end}>", T.nonNegative
    yield ph, T.type, T.Phrase
    yield ph, T.referenceContext, ctx
    yield ph, T.anchorOf, text(m.text)
    yield ph, T.beginIndex, f'"{m.start}"^^<{nonneg}>'
    yield ph, T.endIndex, f'"{m.end}"^^<{nonneg}>'
    yield ph, T.taIdentRef, _actor(ids, m.actor)


def _relation_triples(ex: Extraction, ids: Ids) -> Iterator[Triple]:
    """Each relation as a direct triple and a statement of where it was read."""
    art_iri = ids.article(ex.article.id)
    art, nonneg = iri(art_iri), T.nonNegative
    statement, evidence, confidence, rule = pg("RelationStatement"), pg("evidence"), pg("confidence"), pg("rule")
    for r in ex.relations:
        subj, pred, obj = _actor(ids, r.subject), pg(r.predicate), _actor(ids, r.object)
        yield subj, pred, obj
        rec = iri(f"{art_iri}#rel-{_digest(r.subject, r.predicate, r.object, r.start)}")
        yield rec, T.type, statement
        yield rec, T.subject, subj
        yield rec, T.predicate, pred
        yield rec, T.object, obj
        yield rec, evidence, text(r.evidence)
        yield rec, T.beginIndex, f'"{r.start}"^^<{nonneg}>'
        yield rec, T.endIndex, f'"{r.end}"^^<{nonneg}>'
        yield rec, confidence, typed(round(r.confidence, 2), T.decimal)
        yield rec, rule, text(r.rule)
        yield rec, T.derived, art


def article_body(ex: Extraction, ids: Ids) -> str:
    return body(article_triples(ex, ids))


# where str.splitlines() cuts a line besides "\n" and "\r" (which literals escape)
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def article_pieces(ex: Extraction, ids: Ids, graph: str, size: int = 1 << 22, with_text: bool = True
                   ) -> Iterator[str]:
    """`sized(graph, article_body(ex, ids))` in pieces of about `size` characters, never held whole:
    a 50 MB article's graph is some 800 million characters of N-Triples. Without `with_text`, all but
    the line of the article's text (nif:isString), which text_line gives apart (still counted).

    The size counts distinct lines, as `sized` does, without a set of every line: the lines of
    mentions with different spans differ (their subjects do), and differ from the article's own
    lines, so only those and the lines of mentions that share a span are compared. A literal with
    a line break that splitlines() knows and N-Triples does not escape (U+2028…) cuts a triple in
    several lines: then the lines are counted as `sized` counts them, from the whole text made again."""
    a = ex.article
    art_iri = ids.article(a.id)
    ctx = iri(f"{art_iri}#char=0,{len(a.text)}")
    # (the text's own line is checked here when it is not among the pieces)
    clean, buf, held = with_text or not _OTHER_BREAKS.search(a.text), [], 0

    def flush() -> str:
        nonlocal buf, held, clean
        piece = "".join(buf)
        buf, held = [], 0
        clean = clean and not _OTHER_BREAKS.search(piece)
        return piece

    for s, p, o in article_triples(ex, ids, with_text):
        buf.append(f"{s} {p} {o} .\n")
        held += len(buf[-1])
        if held >= size:
            yield flush()
    tail = flush()
    if clean:
        # the text itself (nif:isString) is one line of its own, not held again to be compared
        own = {f"{s} {p} {o} .\n" for s, p, o in chain(_head_triples(ex, ids, False), _relation_triples(ex, ids))}
        n = len(own) + 1 + 1  # and the size's own line
        mentions = sorted(ex.mentions, key=lambda m: (m.start, m.end))
        i = 0
        while i < len(mentions):
            j = i + 1
            while j < len(mentions) and (mentions[j].start, mentions[j].end) == (mentions[i].start, mentions[i].end):
                j += 1
            if j - i == 1:
                n += 6  # _phrase_triples' six lines, all different
            else:
                n += len({f"{s} {p} {o} .\n" for m in mentions[i:j]
                          for s, p, o in _phrase_triples(m, art_iri, ctx, ids)})
            i = j
    else:
        n = len(set(article_body(ex, ids).splitlines())) + 1
    yield f"{tail}<{graph}> <{VOID.triples}> \"{n}\"^^<{XSD.integer}> .\n"


def text_line(ex: Extraction, ids: Ids, size: int = 1 << 22) -> tuple[str, str, Iterator[str]]:
    """The line of an article's text (nif:isString) that article_pieces leaves out without `with_text`:
    its subject, its predicate, and its literal's escaped content in pieces of `size` characters
    (a 50 MB text escaped whole is another 100 MB, and the line made of it another 100)."""
    a = ex.article
    ctx = iri(f"{ids.article(a.id)}#char=0,{len(a.text)}")
    return ctx, T.isString, (_escape(a.text[i:i + size]) for i in range(0, len(a.text), size))
