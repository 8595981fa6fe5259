"""Our vocabulary and the standard ones it aligns with, as namespace objects.

Only this module spells out namespace IRIs; everything else uses the objects below.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.namespace import Namespace as _NS

PG = Namespace("https://w3id.org/peacegraph/ontology#")
TOPIC = Namespace("https://w3id.org/peacegraph/topic/")
ORG = _NS("http://www.w3.org/ns/org#")
SCHEMA = _NS("https://schema.org/")
NIF = _NS("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = _NS("http://www.w3.org/2005/11/its/rdf#")
VOID = _NS("http://rdfs.org/ns/void#")

DEFAULT_BASE = "https://w3id.org/peacegraph/id/"

ACTOR_TYPES = (
    "Government",
    "GovernmentBody",
    "Mission",
    "Agency",
    "Programme",
    "Organisation",
    "ArmedGroup",
    "Person",
)
# Kinds of peace operation (missions.csv's `kind` column) and the pg: individual each is written as
MISSION_KINDS = {
    "peacekeeping": "peacekeepingOperation",  # UN peacekeeping and regional peace support operations
    "political": "politicalMission",  # special political missions, offices and envoys
    "training": "trainingMission",  # military training and advisory missions
    "civilian": "civilianMission",  # police, rule-of-law, border, monitoring and advisory missions
    "military": "militaryOperation",  # combat, counter-terrorism and intervention operations
    "naval": "navalOperation",
    "support": "supportOffice",  # logistics support to another mission
}
PREDICATES = (
    "deployedIn",
    "partOf",
    "contributesTo",
    "funds",
    "implements",
    "supports",
    "leads",
    "memberOf",
    "requests",
    "opposes",
)

# Prefixes bound in every serialisation and every query.
PREFIXES: dict[str, str] = {
    "pg": str(PG),
    "topic": str(TOPIC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "void": str(VOID),
}


def slug(text: str) -> str:
    """A stable, readable IRI segment: ASCII letters, digits and '-'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")
    return text or "x"


class Ids:
    """Mints the IRIs of one graph from its base: actors, articles and named graphs."""

    def __init__(self, base: str = DEFAULT_BASE):
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", base):
            raise ValueError(f"base IRI must be absolute, got {base!r}")
        self.base = base if base.endswith(("/", "#")) else base + "/"
        # Every IRI minted here is the base and ASCII letters, digits and -/#=,: the base is checked
        # once, and the store's bulk loader trusts the rest without checking millions of them again
        from pyoxigraph import NamedNode

        try:
            NamedNode(self.base + "x")
        except ValueError as e:
            from .errors import PeacegraphError

            raise PeacegraphError(f"base IRI {base!r} is not a valid IRI: {e}") from None
        self.ns = Namespace(self.base)

    def actor(self, key: str) -> str:
        return f"{self.actor_prefix}{slug(key)}"

    @property
    def actor_prefix(self) -> str:
        return f"{self.base}actor/"

    def article(self, article_id: str) -> str:
        return f"{self.base}article/{article_id}"

    def article_graph(self, article_id: str) -> str:
        return f"{self.base}graph/article/{article_id}"

    @property
    def reference_graph(self) -> str:
        return f"{self.base}graph/reference"

    @property
    def vocabulary_graph(self) -> str:
        return f"{self.base}graph/vocabulary"

    @property
    def curated_graph(self) -> str:
        return f"{self.base}graph/curated"

    @property
    def summary_graph(self) -> str:
        return f"{self.base}graph/summary"

    def article_id_of_graph(self, graph_iri: str) -> str | None:
        prefix = f"{self.base}graph/article/"
        return graph_iri[len(prefix):] if graph_iri.startswith(prefix) else None
