"""What a user names, resolved to the graph's terms: an actor by its IRI, label, acronym or alias;
a class or a predicate as `Mission`, `pg:Mission` or a full IRI; a topic by its tag or label.
One resolver for each, shared by `show`, `query --param`, `path` and `viz --focus`. A name the
graph lacks fails in one line that gives the nearest names it holds."""

from __future__ import annotations

import difflib
import re

from .errors import NotFound, PeacegraphError
from .vocab import PG, PREFIXES


def nearest(name: str, choices, n: int = 5) -> list[str]:
    """The choices closest to `name` (case-blind), best first: close spellings, then names that
    contain it."""
    by_key: dict[str, str] = {}
    for c in choices:
        by_key.setdefault(c.casefold(), c)
    wanted = name.casefold().strip()
    close = difflib.get_close_matches(wanted, list(by_key), n=n, cutoff=0.6)
    within = sorted((k for k in by_key if wanted and wanted in k and k not in close), key=lambda k: (len(k), k))
    return [by_key[k] for k in (close + within)[:n]]


def _hint(name: str, choices) -> str:
    near = nearest(name, choices)
    return f" (nearest: {', '.join(near)})" if near else ""


def resolve_actor(store, name: str) -> str:
    """An actor's IRI from its IRI, label, acronym or alias: written as given if there is one so
    written (an index lookup on every engine), else case-blind (which reads every name), else the
    one actor whose label contains it; of several, the actor whose label it is, else the first IRI."""
    from rdflib import Literal
    from rdflib.namespace import RDFS

    if re.match(r"^https?://", name):
        return name
    written = Literal(name).n3()
    kinds = ("rdfs:label", "pg:acronym", "skos:altLabel")
    exact = " UNION ".join(f"{{ ?a {p} {written} BIND({p} AS ?p) }}" for p in kinds)  # a lookup each
    blind = f"VALUES ?p {{ {' '.join(kinds)} }} ?a ?p ?n FILTER(LCASE(STR(?n)) = LCASE({written}))"
    for match in (exact, blind):
        rows = store.values(f"""SELECT DISTINCT ?a ?p WHERE {{
              {match} ?a a ?t . FILTER(STRSTARTS(STR(?t), "{PG}")) }}""")
        if rows:
            labelled = sorted(a for a, p in rows if p == str(RDFS.label))
            return labelled[0] if labelled else sorted(a for a, _ in rows)[0]
    names = store.values("SELECT DISTINCT ?a ?n WHERE { { ?a pg:displayLabel ?n } UNION { ?a pg:acronym ?n } }")
    containing = {a for a, n in names if name.casefold().strip() in n.casefold()} if name.strip() else set()
    if len(containing) == 1:
        return containing.pop()
    raise NotFound(f"no actor named {name!r} in the graph{_hint(name, {n for _, n in names})}")


def _expand(value: str) -> str:
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return value


def _short(iri: str) -> str:
    return iri[len(str(PG)):] if iri.startswith(str(PG)) else iri


def _vocabulary(store, kinds: str) -> set[str]:
    return {t for (t,) in store.values(f"SELECT DISTINCT ?t WHERE {{ ?t a ?k VALUES ?k {{ {kinds} }} }}")}


_CLASSES = "owl:Class rdfs:Class"
_TERMS = "owl:Class rdfs:Class owl:ObjectProperty owl:DatatypeProperty rdf:Property"


def _term(store, value: str, kinds: str, what: str, used: str) -> str:
    """A vocabulary term from a bare name (ours), a prefixed name or an IRI, checked to be one the
    graph declares or uses (`used`: an ASK pattern over ?t)."""
    value = value.strip()
    iri = str(PG[value]) if re.fullmatch(r"[A-Za-z_][\w-]*", value) else _expand(value)
    if not re.match(r"^[a-zA-Z][\w+.-]*:[^\s<>\"{}|^`\\]*$", iri):
        raise PeacegraphError(f"{value!r} is not a {what}: give a name (Mission), a prefixed name (pg:Mission) "
                              "or an IRI")
    known = _vocabulary(store, kinds)
    if iri in known or store.values(f"SELECT ?t WHERE {{ VALUES ?t {{ <{iri}> }} FILTER EXISTS {{ {used} }} }}"):
        return iri
    ours = sorted(_short(t) for t in known if t.startswith(str(PG)))
    raise NotFound(f"no {what} {value!r} in the graph{_hint(_short(iri), ours) or ' (' + ', '.join(ours) + ')'}")


def resolve_class(store, value: str) -> str:
    """A class IRI from `Mission`, `pg:Mission` or an IRI; the nearest classes if the graph has none
    so named."""
    return _term(store, value, _CLASSES, "class", "?x a ?t")


def resolve_term(store, value: str) -> str:
    """A predicate or other vocabulary IRI from `leads`, `pg:leads` or a full IRI, checked against the
    graph (a full IRI of another vocabulary is taken as given)."""
    if re.match(r"^[a-zA-Z][\w+.-]*://", value.strip()):
        return value.strip()
    return _term(store, value, _TERMS, "predicate or class", "{ ?x ?t ?y } UNION { ?x a ?t }")


def resolve_topic(store, name: str) -> str:
    """A topic IRI from its tag (skos:notation) or label."""
    from rdflib import Literal

    if re.match(r"^https?://", name):
        return name
    rows = store.values(
        f"""SELECT ?t WHERE {{ ?t skos:notation|skos:prefLabel ?n
             FILTER(LCASE(STR(?n)) = LCASE({Literal(name).n3()})) }}""")
    if rows:
        return rows[0][0]
    tags = {n for (n,) in store.values("SELECT DISTINCT ?n WHERE { ?t skos:notation ?n }")}
    raise NotFound(f"no topic named {name!r} (see data/topics.ttl){_hint(name, tags)}")


__all__ = ["nearest", "resolve_actor", "resolve_class", "resolve_term", "resolve_topic"]
