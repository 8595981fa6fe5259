"""The plain data that flows through the pipeline: file → Article → Extraction."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from .errors import PeacegraphError  # noqa: F401 - where every module has long imported it from


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
    content_hash: str = ""  # SHA-256 of the article file
    retrieved: str | None = None  # when it was fetched from `source` (ISO 8601, UTC), if it was
    source_hash: str | None = None  # SHA-256 of what was fetched


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
    kind: str | None = None  # a mission's kind of operation (vocab.MISSION_KINDS)
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
    topic_iris: list[str] = field(default_factory=list)  # their SKOS concepts, in the same order

    def mentions_of(self, key: str) -> list[Mention]:
        return [m for m in self.mentions if m.actor == key]


class MentionIndex:
    """Mentions kept in text order, with fast look-up by position (long articles have many)."""

    def __init__(self, mentions=()):
        self.items: list[Mention] = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]
        self.maxlen = max((m.end - m.start for m in self.items), default=0)

    def __iter__(self):
        return iter(list(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def add(self, m: Mention) -> None:
        i = bisect_right(self.starts, m.start)
        self.items.insert(i, m)
        self.starts.insert(i, m.start)
        self.maxlen = max(self.maxlen, m.end - m.start)

    def remove(self, m: Mention) -> None:
        i = bisect_left(self.starts, m.start)
        while i < len(self.items) and self.items[i] is not m:
            i += 1
        if i < len(self.items):
            del self.items[i]
            del self.starts[i]

    def window(self, start: int, end: int) -> list[Mention]:
        """Mentions that could overlap [start, end)."""
        lo = bisect_left(self.starts, start - self.maxlen)
        hi = bisect_left(self.starts, end)
        return self.items[lo:hi]

    def overlapping(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.window(start, end) if m.start < end and start < m.end]

    def inside(self, start: int, end: int) -> list[Mention]:
        # (from `start` on, not from the window's start: none before it lies inside)
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.items[lo:hi] if m.end <= end]

    def at(self, start: int, end: int) -> Mention | None:
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return next((m for m in self.items[lo:hi] if m.start == start and m.end == end), None)

    def ending_at(self, end: int) -> list[Mention]:
        # one ending at `end` starts at most the longest mention's length before it
        lo, hi = bisect_left(self.starts, end - self.maxlen), bisect_left(self.starts, end)
        return [m for m in self.items[lo:hi] if m.end == end]

    def between(self, start: int, end: int) -> list[Mention]:
        """Mentions that start at or after `start` and end by `end`."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [m for m in self.items[lo:hi] if m.end <= end]
