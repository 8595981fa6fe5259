"""The plain data that flows through the pipeline: file → Article → Extraction."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from sys import intern

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
    run_by: str | None = None  # key of the state whose own (national) operation a mission is
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


@dataclass(slots=True)
class Mention:
    """A span of the article's text that denotes an actor. (Slotted, its text interned: a 50 MB
    article has some 650,000 mentions, mostly of the same few names.)"""

    start: int
    end: int
    text: str
    actor: str  # actor key
    kind: str = "name"  # name | acronym | demonym | surname | definition | discovered

    def __post_init__(self) -> None:
        self.text = intern(self.text)


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

    def mentions_by_actor(self) -> dict[str, list[Mention]]:
        """Each actor's mentions, in one pass (`mentions_of` for every actor reads them all each time)."""
        out: dict[str, list[Mention]] = {}
        for m in self.mentions:
            out.setdefault(m.actor, []).append(m)
        return out


class MentionIndex:
    """Mentions kept in text order (by start; mentions that start together in the order they came),
    with fast look-up by position. They are held in blocks of a few hundred, so that adding or
    removing one costs as much in a 50 MB article as in a short one (one flat list moved every
    mention after it: a long article's discovery took time in the square of its size)."""

    BLOCK = 256  # a block splits in two past twice this many mentions

    def __init__(self, mentions=()):
        items = sorted(mentions, key=lambda m: (m.start, m.end))
        n = self.BLOCK
        self._blocks: list[list[Mention]] = [items[i:i + n] for i in range(0, len(items), n)]
        self._starts: list[list[int]] = [[m.start for m in b] for b in self._blocks]
        self._firsts: list[int] = [s[0] for s in self._starts]  # each block's first start
        self._len = len(items)
        self.maxlen = max((m.end - m.start for m in items), default=0)

    @property
    def items(self) -> list[Mention]:
        """Every mention, in order (a new list)."""
        return [m for b in self._blocks for m in b]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return self._len

    def add(self, m: Mention) -> None:
        """Insert after every mention that starts at or before it (as bisect_right would)."""
        self._len += 1
        self.maxlen = max(self.maxlen, m.end - m.start)
        if not self._blocks:
            self._blocks, self._starts, self._firsts = [[m]], [[m.start]], [m.start]
            return
        b = max(0, bisect_right(self._firsts, m.start) - 1)
        block, starts = self._blocks[b], self._starts[b]
        i = bisect_right(starts, m.start)
        block.insert(i, m)
        starts.insert(i, m.start)
        if i == 0:
            self._firsts[b] = m.start
        if len(block) > 2 * self.BLOCK:
            half = len(block) // 2
            self._blocks[b:b + 1] = [block[:half], block[half:]]
            self._starts[b:b + 1] = [starts[:half], starts[half:]]
            self._firsts[b:b + 1] = [starts[0], starts[half]]

    def remove(self, m: Mention) -> None:
        """Remove this very mention (by identity), if it is held."""
        b = max(0, bisect_left(self._firsts, m.start) - 1)
        i = bisect_left(self._starts[b], m.start) if self._blocks else 0
        for k in range(b, len(self._blocks)):
            block = self._blocks[k]
            for j in range(i if k == b else 0, len(block)):
                if block[j] is m:
                    del block[j]
                    del self._starts[k][j]
                    self._len -= 1
                    if not block:
                        del self._blocks[k], self._starts[k], self._firsts[k]
                    elif j == 0:
                        self._firsts[k] = self._starts[k][0]
                    return

    def _range(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start in [lo, hi), in order."""
        firsts = self._firsts
        if len(firsts) == 1:  # an article of a few hundred mentions: one block, two bisections
            starts = self._starts[0]
            return self._blocks[0][bisect_left(starts, lo):bisect_left(starts, hi)]
        b = max(0, bisect_left(firsts, lo) - 1)  # the block that may hold the first start >= lo
        out: list[Mention] = []
        for k in range(b, len(firsts)):
            if firsts[k] >= hi:
                break
            starts = self._starts[k]
            i = bisect_left(starts, lo) if starts[0] < lo else 0
            if starts[-1] < hi:
                out += self._blocks[k][i:]
            else:
                out += self._blocks[k][i:bisect_left(starts, hi, i)]
                break
        return out

    def window(self, start: int, end: int) -> list[Mention]:
        """Mentions that could overlap [start, end)."""
        return self._range(start - self.maxlen, end)

    def before(self, pos: int):
        """The mentions that start before `pos`, nearest first (lazily: a caller that stops at
        the first it wants reads no more)."""
        b = bisect_left(self._firsts, pos) - 1
        if b < 0:
            return
        block = self._blocks[b]
        for j in range(bisect_left(self._starts[b], pos) - 1, -1, -1):
            yield block[j]
        for k in range(b - 1, -1, -1):
            yield from reversed(self._blocks[k])

    def overlapping(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.window(start, end) if m.start < end and start < m.end]

    def inside(self, start: int, end: int) -> list[Mention]:
        # (from `start` on, not from the window's start: none before it lies inside)
        return [m for m in self._range(start, end) if m.end <= end]

    def at(self, start: int, end: int) -> Mention | None:
        return next((m for m in self._range(start, start + 1) if m.end == end), None)

    def ending_at(self, end: int) -> list[Mention]:
        # one ending at `end` starts at most the longest mention's length before it
        return [m for m in self._range(end - self.maxlen, end) if m.end == end]

    def between(self, start: int, end: int) -> list[Mention]:
        """Mentions that start at or after `start` and end by `end`."""
        return [m for m in self._range(start, end) if m.end <= end]
