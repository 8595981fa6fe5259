"""The plain data that flows through the pipeline: file → Article → Extraction."""

from __future__ import annotations

from dataclasses import dataclass, field


class PeacegraphError(Exception):
    """An error a user can act on: one line that names the file (and line) at fault."""


@dataclass
class Article:
    """One article's cleaned plain text and the metadata found in it."""

    id: str
    text: str
    source: str
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD
    authors: list[str] = field(default_factory=list)
    publisher: str | None = None
    content_hash: str = ""


@dataclass
class Actor:
    """An actor known to the graph: from the reference data, curated, or discovered in text."""

    key: str  # stable key: the IRI is minted from it
    label: str
    type: str
    acronym: str | None = None
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    parent: str | None = None  # key of the actor it is part of
    country: str | None = None  # key of the state a body or group belongs to
    deployed_in: list[str] = field(default_factory=list)  # keys of states
    start: str | None = None
    end: str | None = None
    source: str = "reference"  # reference | curated | discovered

    def names(self) -> list[str]:
        """Every name that denotes this actor (label first)."""
        out = [self.label]
        if self.acronym:
            out.append(self.acronym)
        out += self.aliases
        return list(dict.fromkeys(n for n in out if n))


@dataclass
class Mention:
    """A span of the article's text that denotes an actor."""

    start: int
    end: int
    text: str
    actor: str  # actor key
    kind: str = "name"  # name | acronym | demonym | surname | definition | discovered


@dataclass
class Relation:
    """A typed link between two actors, read from one sentence of the article."""

    subject: str  # actor key
    predicate: str
    object: str  # actor key
    evidence: str
    start: int
    end: int
    confidence: float = 0.8
    rule: str = ""


@dataclass
class Extraction:
    """Everything read from one article."""

    article: Article
    actors: dict[str, Actor]  # key → actor, only those mentioned
    mentions: list[Mention]
    relations: list[Relation]
    topics: list[str]  # topic notations, e.g. "SSR"

    def mentions_of(self, key: str) -> list[Mention]:
        return [m for m in self.mentions if m.actor == key]
