"""Turn extractions and reference data into RDF quads. The only module that writes triples.

Layout of the dataset (each a named graph):
- <base>graph/article/<id>   one per article: its metadata, the actors it names (with their
                             mentions as NIF phrases), the relations read from it as direct
                             triples, and a pg:RelationStatement per relation for provenance;
- <base>graph/reference      the reference actors and their background facts;
- <base>graph/curated        analysts' corrections and asserted facts;
- <base>graph/vocabulary     the ontology and the topic scheme.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .model import Actor, Extraction
from .vocab import ITSRDF, NIF, PG, Ids

Quad = tuple  # (subject, predicate, object, graph) as rdflib terms


def _year(value: str) -> Literal:
    if len(value) == 4 and value.isdigit():
        return Literal(value, datatype=XSD.gYear)
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def actor_triples(a: Actor, ids: Ids, names: bool = True) -> Iterator[tuple]:
    """What the graph says of an actor itself: type, labels, and (reference) facts."""
    s = URIRef(ids.actor(a.key))
    yield s, RDF.type, PG[a.type]
    yield s, RDFS.label, Literal(a.label)
    yield s, SKOS.prefLabel, Literal(a.label)
    yield s, PG.origin, Literal(a.source)
    if names:
        if a.acronym:
            yield s, PG.acronym, Literal(a.acronym)
        for n in a.aliases:
            if n != a.label:
                yield s, SKOS.altLabel, Literal(n)
        for d in a.demonyms:
            yield s, PG.demonym, Literal(d)
    if a.type == "Government" and len(a.key) == 3 and a.key.isupper():
        yield s, PG.isoCode, Literal(a.key)
    if a.start:
        yield s, PG.startYear, _year(a.start)
    if a.end:
        yield s, PG.endYear, _year(a.end)


def reference_quads(actors: dict[str, Actor], ids: Ids) -> Iterator[Quad]:
    """The reference graph: every reference actor and the facts the reference data states."""
    g = URIRef(ids.reference_graph)
    yield g, RDFS.label, Literal("Reference actors and background facts"), g
    for a in actors.values():
        if a.source == "discovered":
            continue
        graph = URIRef(ids.curated_graph) if a.source == "curated" else g
        for t in actor_triples(a, ids):
            yield (*t, graph)
        s = URIRef(ids.actor(a.key))
        if a.parent and a.type == "Programme":  # an organisation's programme: it runs it
            yield URIRef(ids.actor(a.parent)), PG.implements, s, graph
        elif a.parent:
            yield s, PG.partOf, URIRef(ids.actor(a.parent)), graph
        if a.country:
            yield s, PG.partOf, URIRef(ids.actor(a.country)), graph
        for st in a.deployed_in:
            yield s, PG.deployedIn, URIRef(ids.actor(st)), graph


def curated_quads(facts: list[tuple[str, str, str, str, str]], ids: Ids) -> Iterator[Quad]:
    """Facts analysts asserted in data/curated/facts.csv, each with its source."""
    g = URIRef(ids.curated_graph)
    yield g, RDFS.label, Literal("Analysts' corrections and asserted facts"), g
    for s, p, o, source, note in facts:
        subj, pred, obj = URIRef(ids.actor(s)), PG[p], URIRef(ids.actor(o))
        yield subj, pred, obj, g
        rec = URIRef(f"{ids.curated_graph}#fact-{_digest(s, p, o, source)}")
        yield rec, RDF.type, PG.CuratedStatement, g
        yield rec, RDF.subject, subj, g
        yield rec, RDF.predicate, pred, g
        yield rec, RDF.object, obj, g
        yield rec, DCTERMS.source, Literal(source), g
        if note:
            yield rec, RDFS.comment, Literal(note), g


def vocabulary_quads(data_dir: Path, ids: Ids) -> Iterator[Quad]:
    """The ontology and the topic scheme, so that queries can read labels and comments."""
    g = URIRef(ids.vocabulary_graph)
    for name in ("ontology.ttl", "topics.ttl"):
        path = data_dir / name
        if path.exists():
            for t in Graph().parse(path, format="turtle"):
                yield (*t, g)


def _digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def article_quads(ex: Extraction, ids: Ids) -> Iterator[Quad]:
    """One article's named graph."""
    a = ex.article
    g = URIRef(ids.article_graph(a.id))
    art = URIRef(ids.article(a.id))
    yield art, RDF.type, PG.Article, g
    yield art, DCTERMS.identifier, Literal(a.id), g
    yield art, DCTERMS.source, Literal(a.source), g
    yield art, PG.contentHash, Literal(a.content_hash), g
    yield art, PG.wordCount, Literal(len(a.text.split())), g
    if a.title:
        yield art, DCTERMS.title, Literal(a.title), g
    if a.date:
        yield art, DCTERMS.date, Literal(a.date, datatype=XSD.date), g
    by_label = {act.label: k for k, act in ex.actors.items() if act.type == "Person"}
    for name in a.authors:
        if name in by_label:
            yield art, DCTERMS.creator, URIRef(ids.actor(by_label[name])), g
        else:
            yield art, DCTERMS.creator, Literal(name), g
    if a.publisher:
        yield art, DCTERMS.publisher, Literal(a.publisher), g
    for iri in ex.topic_iris:
        yield art, PG.topic, URIRef(iri), g

    # the text as a NIF context, and each mention as a phrase in it
    ctx = URIRef(f"{art}#char=0,{len(a.text)}")
    yield ctx, RDF.type, NIF.Context, g
    yield ctx, NIF.isString, Literal(a.text), g
    yield ctx, NIF.sourceUrl, art, g
    for key, actor in ex.actors.items():
        s = URIRef(ids.actor(key))
        yield art, PG.mentions, s, g
        if actor.source == "discovered":  # the article is where this actor was found
            for t in actor_triples(actor, ids):
                yield (*t, g)
            if actor.country:
                yield s, PG.partOf, URIRef(ids.actor(actor.country)), g
    for m in ex.mentions:
        ph = URIRef(f"{art}#char={m.start},{m.end}")
        yield ph, RDF.type, NIF.Phrase, g
        yield ph, NIF.referenceContext, ctx, g
        yield ph, NIF.anchorOf, Literal(m.text), g
        yield ph, NIF.beginIndex, Literal(m.start, datatype=XSD.nonNegativeInteger), g
        yield ph, NIF.endIndex, Literal(m.end, datatype=XSD.nonNegativeInteger), g
        yield ph, ITSRDF.taIdentRef, URIRef(ids.actor(m.actor)), g

    for r in ex.relations:
        subj, pred, obj = URIRef(ids.actor(r.subject)), PG[r.predicate], URIRef(ids.actor(r.object))
        yield subj, pred, obj, g
        rec = URIRef(f"{art}#rel-{_digest(r.subject, r.predicate, r.object, r.start)}")
        yield rec, RDF.type, PG.RelationStatement, g
        yield rec, RDF.subject, subj, g
        yield rec, RDF.predicate, pred, g
        yield rec, RDF.object, obj, g
        yield rec, PG.evidence, Literal(r.evidence), g
        yield rec, NIF.beginIndex, Literal(r.start, datatype=XSD.nonNegativeInteger), g
        yield rec, NIF.endIndex, Literal(r.end, datatype=XSD.nonNegativeInteger), g
        yield rec, PG.confidence, Literal(round(r.confidence, 2), datatype=XSD.decimal), g
        yield rec, PG.rule, Literal(r.rule), g
        yield rec, PROV.wasDerivedFrom, art, g
