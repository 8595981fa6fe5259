"""The ground the discovery rules share: the word lists compiled, tokens and capitals, and the
discoverer's base (mentions, new actors, the state the article is about)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, islice

from ..lexicon import Lexicon, bundled_lexicon
from ..model import Actor, Article, Mention, MentionIndex, PeacegraphError
from ..reference import Registry
from ..text import LONG_TEXT, UPPER, Headings, WordIndex, fold, sentences, whole_words
from ..vocab import ACTOR_TYPES, slug
from .shapes import PersonFinder

CONNECTORS = {"of", "for", "and", "on", "in", "the", "de", "du", "des", "la", "le", "to", "&",
              "pour", "et", "en"}
# a word ending in an initial's stop ("U.S.", "J."), a word (a "." only inside it), a punctuation mark;
# a word is \w(?:[\w'’&-]|\.(?=\w))*, written as runs between its stops (the same ends, tried in the
# same order, each run read in one step)
_TOKEN = re.compile(r"\w[\w'’&-]*(?:\.(?=\w)[\w'’&-]*)*\.?(?<=\b[A-Z]\.)|\w[\w'’&-]*(?:\.(?=\w)[\w'’&-]*)*"
                    r"|[()\[\],;:!?.\"“”]")
# the same for a span with no "." in it, where neither of its stops can match: the first
# alternative (a word ending in an initial's stop: "U.S.", "J."), which costs a look-behind at every
# letter of every word, and the stop inside a word ("a.b"); a word's letters are then one run
_TOKEN_NO_STOP = re.compile(r"\w[\w'’&-]*|[()\[\],;:!?.\"“”]")
# Single words that are a state's body by themselves when capitalised mid-sentence.
BARE_BODIES = {"Parliament", "Cabinet", "Senate", "National Assembly", "National Security Council",
               "Council of Ministers"}
# Capitalised words that start sentences or headings but never start a name.
STOP_START = {
    "The", "A", "An", "This", "That", "These", "Those", "In", "On", "At", "By", "For", "With",
    "From", "As", "And", "But", "Or", "Yet", "So", "If", "When", "While", "After", "Before",
    "Since", "Following", "Under", "Over", "Between", "Among", "Its", "Their", "His", "Her", "Our",
    "Both", "Each", "Every", "Some", "Many", "Most", "Such", "Despite", "Although", "Through",
    "Today", "Yesterday", "Last", "Next", "First", "Second", "Third", "Finally", "However",
    "Moreover", "Indeed", "Meanwhile", "Also", "Taking", "Moving", "Beyond", "Throughout",
    "Understanding", "Towards", "Toward", "According", "Other", "New", "Key", "Expected",
    "Recent", "Former", "Current", "Several", "All", "Any", "No", "Not", "Why", "How", "What",
    "Where", "Who", "Which", "Here", "There", "It", "We", "They", "He", "She", "I", "Will",
    "Would", "Can", "Could", "May", "Might", "Should", "Must", "Does", "Did", "Has", "Have",
    "Had", "Is", "Are", "Was", "Were", "Be", "Being", "Mr", "Ms", "Mrs", "Dr", "Chapter",
    "Section", "Part", "Annex", "Article", "Resolution", "Report", "See", "Read", "Photo",
}
# after a state's name: it acts ("Kenya agreed", "Canada's")
ACTS = re.compile(r"(?:[’']s?\b|\s+(?:has|have|had|is|was|will|would|agreed|\w+ed)\b)")


@dataclass(frozen=True)
class Words:
    """The word lists discovery reads, compiled: head nouns (data/lexicon/heads.csv) and titles
    (data/lexicon/titles.txt)."""

    head_type: dict[str, str]  # head noun → the actor type a name ending in it has
    title_re: re.Pattern  # a title, word-bounded
    title_scan: re.Pattern  # the same, for word_starts()
    leading_type: dict[str, str] = field(default_factory=dict)  # head that opens a name → its type
    leading_scan: re.Pattern | None = None  # those heads, for word_starts()


@lru_cache(maxsize=8)
def discovery_words(heads: tuple[tuple[str, ...], ...], titles: tuple[str, ...],
                    leading: tuple[tuple[str, ...], ...] = ()) -> Words:
    """Compile the lists (each title opens with a letter, not a group, so that a scan jumps between
    capitals)."""
    tables = {}
    for source, rows in (("heads.csv", heads), ("leading_heads.csv", leading)):
        tables[source] = {}
        for head, type_ in rows:
            if type_ not in ACTOR_TYPES:
                raise PeacegraphError(f"{source}: {head}: unknown actor type {type_!r} "
                                      f"(one of {', '.join(ACTOR_TYPES)})")
            tables[source][head] = type_
    alternatives = "|".join(titles) or r"(?!x)x"
    first = tables["leading_heads.csv"]
    leading_scan = re.compile("|".join(sorted(map(re.escape, first), key=len, reverse=True)) + r"\b") if first else None
    try:
        return Words(tables["heads.csv"], re.compile(rf"\b(?P<title>{alternatives})\b"),
                     re.compile(rf"(?P<title>{alternatives})\b"), first, leading_scan)
    except re.error as e:
        raise PeacegraphError(f"titles.txt: a title is not a regular expression ({e})") from None


def _after_role(toks: list[tuple[str, int, int]], w: Words) -> list[tuple[str, int, int]]:
    """'Deputy Police Commissioner of the Somali Police Force', 'Chiefs of Defence Forces': a post
    is not a body; the body is what follows its 'of'."""
    words = [t[0] for t in toks]
    if "of" not in words or not words:
        return toks
    i = words.index("of")
    post = " ".join(words[:i])
    if not (w.title_re.fullmatch(post) or w.title_re.fullmatch(post.rstrip("s"))
            or (len(words[:i]) > 1 and _is_title(words[i - 1], w))):
        return toks
    rest = toks[i + 1:]
    if rest and rest[0][0] == "the":
        rest = rest[1:]
    return rest


def _is_title(word: str, w: Words) -> bool:
    return bool(w.title_re.fullmatch(word))


def _tokens(text: str, start: int, end: int, limit: int | None = None) -> list[tuple[str, int, int]]:
    """The tokens of text[start:end] (the first `limit` of them), as _TOKEN.finditer gives them."""
    stop = text.find(".", start, end)
    if stop < 0:
        found = _TOKEN_NO_STOP.finditer(text, start, end)
    else:  # no token spans a space: up to the last one before the first stop, no stop can match
        cut = text.rfind(" ", start, stop) + 1 or start
        found = chain(_TOKEN_NO_STOP.finditer(text, start, cut), _TOKEN.finditer(text, cut, end))
    if limit is not None:
        found = islice(found, limit)
    return [(m.group(), m.start(), m.end()) for m in found]


_CAPITALISED = re.compile(rf"[{UPPER}]|(?:al|el|ag|ben|bin|ould)-[{UPPER}]")


def _cap(tok: str) -> bool:
    """Capitalised, or an Arabic name with its article: 'al-Burhan', 'ag Ghaly' counts too."""
    return bool(_CAPITALISED.match(tok))


_FINDERS: dict[tuple, PersonFinder] = {}


def _finder(lexicon: Lexicon) -> PersonFinder:
    """One compiled PersonFinder per word lists (discovery runs once per article)."""
    key = tuple(lexicon[name] for name in PersonFinder.LISTS)
    f = _FINDERS.get(key)
    if f is None:
        f = _FINDERS[key] = PersonFinder(lexicon)
    return f


class DiscovererBase:
    """What every family of discovery rules reads and writes: the article, its mentions, the actors
    found so far, and the state the article is about."""

    def __init__(self, article: Article, mentions: list[Mention], registry: Registry,
                 spans: list[tuple[int, int]] | None = None, lexicon: Lexicon | None = None,
                 themes: frozenset[str] = frozenset()):
        self.a = article
        self.themes = themes  # the topics' phrases, folded: "Protection of Civilians (POC)" is a theme
        lexicon = lexicon if lexicon is not None else bundled_lexicon()
        self.finder = _finder(lexicon)
        self.w = discovery_words(lexicon.rows("heads"), lexicon.entries("titles"), lexicon.rows("leading_heads"))
        self.text = article.text
        self.registry = registry
        self.mentions = MentionIndex(mentions)
        self.new: dict[str, Actor] = {}
        self.sentences = spans if spans is not None else sentences(self.text)
        self.sentence_starts = [s for s, _ in self.sentences]
        self._linked: set[tuple[str, str]] = set()  # (name, key) already linked everywhere
        self._home: tuple[str | None] | None = None  # (the home state,) once computed
        self.home_sure = False  # no other state comes close to the home state
        self._words: WordIndex | None = None  # a long text's word index, made when first needed
        self._in_heading = Headings(self.text)  # is a position on a headline-style line? (text.in_heading)

    # -- helpers
    def covered(self, start: int, end: int) -> bool:
        return bool(self.mentions.overlapping(start, end))

    def add_mention(self, start: int, end: int, key: str, kind: str, replace: bool = False) -> bool:
        if start >= end:
            return False
        overlapping = self.mentions.overlapping(start, end)
        if overlapping:
            if not replace or any(m.start < start or m.end > end for m in overlapping):
                return False
            if all(m.start == start and m.end == end for m in overlapping):
                return False
            for m in overlapping:
                self.mentions.remove(m)
        self.mentions.add(Mention(start, end, self.text[start:end], key, kind))
        return True

    def occurrences(self, name: str):
        """Where `name` stands as whole words in the text (as `whole_words`): in a long text, looked
        up in a word index rather than read from the whole text once per name."""
        if len(self.text) < LONG_TEXT:
            return whole_words(name, self.text)
        if self._words is None:
            self._words = WordIndex(self.text)
        return self._words.whole_words(name)

    def actor(self, label: str, type_: str, key: str | None = None, **kw) -> Actor:
        key = key or slug(fold(self._canonical(label, kw.get("country")))).lower()
        known = self.registry.get(key) or self.new.get(key)
        if known:
            return known
        a = Actor(key=key, label=label, type=type_, source="discovered", **kw)
        self.new[key] = a
        return a

    def _canonical(self, label: str, country: str | None) -> str:
        """A state body's name with the state's demonym put as its name: 'Sudanese Armed Forces' →
        'Sudan Armed Forces', so that both spellings are one actor."""
        st = self.registry.get(country) if country else None
        if st:
            for d in st.demonyms:
                if label.startswith(d + " "):
                    return st.label + label[len(d):]
        return label

    def salient_state(self, before: int | None = None) -> str | None:
        """The state the article is most about (or, given a position, the last one named before it)."""
        if before is not None:
            prior = [m for m in self.mentions.window(before - 400, before)
                     if m.end <= before and self._type(m.actor) == "Government"]
            if prior:
                return prior[-1].actor if len({m.actor for m in prior}) == 1 else None
        if self._home is not None:  # computed once, from the names the gazetteer found
            return self._home[0]
        states = [m for m in self.mentions if self._type(m.actor) == "Government"]
        # the state the article is about acts in it: a mention as subject or possessor counts thrice
        counts: Counter = Counter()
        for m in states:
            if m.kind == "adjective":
                continue  # "a French commander" says where someone is from, not what the text is about
            acts = ACTS.match(self.text, m.end, m.end + 12)
            counts[m.actor] += 3 if acts else 1
        first = {}
        for i, m in enumerate(states):
            first.setdefault(m.actor, i)
        home = max(counts, key=lambda k: (counts[k], -first[k])) if counts else None
        ranked = sorted(counts.values(), reverse=True)
        # sure when no other state comes close: "Kenya 11, Haiti 10" leaves the article about both
        self.home_sure = bool(ranked) and (len(ranked) == 1 or ranked[1] <= ranked[0] / 2)
        self._home = (home,)
        return home

    def _type(self, key: str) -> str | None:
        a = self.registry.get(key) or self.new.get(key)
        return a.type if a else None

    def _possessor(self, pos: int, explicit: bool = False) -> str | None:
        """The state named as possessor just before `pos`: "Canada's …", "the country's …"."""
        before = self.text[max(0, pos - 40):pos]
        m = re.search(r"([\w .-]+?)(?:'s|’s|’)\s+$", before)
        if not m:
            return None
        for x in self.mentions.ending_at(pos - (len(before) - m.end(1))):
            if self._type(x.actor) == "Government":
                return x.actor
        if not explicit and re.search(r"\bcountry$", m.group(1)):
            return self.salient_state()  # "the country's": the state the article is about
        return None

    def _sentence_initial(self, pos: int) -> bool:
        before = self.text[max(0, pos - 3):pos]
        return pos == 0 or before.endswith("\n") or bool(re.search(r"[.!?]\s+$", before))

    def _sentence_of(self, pos: int) -> str:
        for s, e in self.sentences:
            if s <= pos < e:
                return self.text[s:e]
        return ""

