"""Discover actors the reference data lacks, by rule.

- acronym definitions, "Peace and Stabilization Operations Program (PSOP)" (Schwartz–Hearst);
- proper names typed by their head noun: Centre, Institute, Fund, Programme, Agreement, Mission,
  Force, Ministry, Movement… ("Effectiveness of Peace Operations Network");
- persons by their titles and roles ("Minister of National Defence Harjit Sajjan"), by bylines,
  closing bios, photo credits and citations; later mentions of their surname;
- a state's bodies named without the state ("the Ministry of Defence", "Parliament"), given to the
  state the article is about.
Each discovered actor gets a key made from its name, so the same name gives the same IRI anywhere.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon, bundled_lexicon
from .model import Actor, Article, Mention, MentionIndex, PeacegraphError
from .persons import PersonFinder
from .reference import Registry
from .text import UPPER, fold, has_words, in_heading, sentences, whole_words, word_starts  # noqa: F401
from .vocab import ACTOR_TYPES, slug

_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
CALENDAR = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
            r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)")
WORD = rf"[{UPPER}](?:[\w'’&-]|\.(?=\w))*"
CONNECTORS = {"of", "for", "and", "on", "in", "the", "de", "du", "des", "la", "le", "to", "&",
              "pour", "et", "en"}
_TOKEN = re.compile(r"\w(?:[\w'’&-]|\.(?=\w))*\.?(?<=\b[A-Z]\.)|\w(?:[\w'’&-]|\.(?=\w))*|[()\[\],;:!?.\"“”]")

# Plural nouns that end a defined phrase naming a kind of actor, not one: "Troop Contributing
# Countries (TCCs)".
GENERIC_PLURALS = {"Countries", "States", "Members", "Partners", "Contributors", "Donors", "Groups",
                   "Organisations", "Organizations", "Actors", "Stakeholders", "Parties"}
# Heads that name a state's own institution when a state is in view.
STATE_BODY_HEADS = {"Ministry", "Department", "Parliament", "Cabinet", "Senate", "Police", "Army",
                    "Navy", "Forces", "Gendarmerie", "Presidency", "Office", "Assembly",
                    "Council", "Guard"}
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
PARTICLES = {"de", "da", "van", "von", "der", "del", "la", "le", "bin", "al", "el", "ben", "ould",
             "ag", "dos", "di", "du"}
# Words a capitalised token after a title may be but a person's name never is.
NOT_NAME = {"General", "Assembly", "Council", "Nations", "United", "Union", "Secretary", "Mission",
            "Force", "Forces", "Staff", "Office", "Affairs", "Minister", "President", "Republic",
            "State", "States", "Commission", "Committee", "Government", "Army", "Ministry",
            "Department", "Operations", "Security", "Peace", "Defence", "Defense", "Political",
            "Foreign", "National", "International", "Development", "Public", "Safety", "Justice",
            "Interior", "Peacekeeping", "Humanitarian", "Special", "Representative", "The"}


# a capitalised run with its connectors: "Centre for Security Governance", not across months
# (scanned with word_starts(…, hyphen=True): it opens a word, not a hyphenated compound)
PROPER_RUN = re.compile(
    rf"{WORD}(?:(?:[ ]+(?:of|for|and|on|in|the|de|du|des|la|le|to|&))*[ ]+(?!{CALENDAR}\b){WORD})+")
THE_GOVERNMENT = re.compile(r"[Tt]he Government\b(?! of)")  # for word_starts()
CITATION = re.compile(r"(?P<last>[A-Z][\w'’-]+), (?P<first>[A-Z][\w'’-]+),? \((?:19|20)\d\d\)")  # for word_starts()
# after a state's name: it acts ("Kenya agreed", "Canada's")
ACTS = re.compile(r"(?:[’']s?\b|\s+(?:has|have|had|is|was|will|would|agreed|\w+ed)\b)")


@dataclass(frozen=True)
class Words:
    """The word lists discovery reads, compiled: head nouns (data/lexicon/heads.csv) and titles
    (data/lexicon/titles.txt)."""

    head_type: dict[str, str]  # head noun → the actor type a name ending in it has
    title_re: re.Pattern  # a title, word-bounded
    title_scan: re.Pattern  # the same, for word_starts()


@lru_cache(maxsize=8)
def discovery_words(heads: tuple[tuple[str, ...], ...], titles: tuple[str, ...]) -> Words:
    """Compile the lists (each title opens with a letter, not a group, so that a scan jumps between
    capitals)."""
    head_type = {}
    for head, type_ in heads:
        if type_ not in ACTOR_TYPES:
            raise PeacegraphError(f"heads.csv: {head}: unknown actor type {type_!r} "
                                  f"(one of {', '.join(ACTOR_TYPES)})")
        head_type[head] = type_
    alternatives = "|".join(titles) or r"(?!x)x"
    try:
        return Words(head_type, re.compile(rf"\b(?P<title>{alternatives})\b"),
                     re.compile(rf"(?P<title>{alternatives})\b"))
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


def _namelike(word: str, w: Words) -> bool:
    """A given name or surname: capitalised, not an acronym, not an organisational word."""
    return (_cap(word) and not (word.isupper() and len(word) > 1) and word not in NOT_NAME
            and word not in w.head_type and word not in STOP_START)


def _name_run(toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The capitalised words that open `toks` (with particles: "Ould", "bin", "de")."""
    run = []
    for t in toks:
        if _cap(t[0]) or (run and t[0].lower() in PARTICLES):
            run.append(t)
        else:
            break
    return run[:4]


_FUNCTION_WORDS = {"of", "the", "for", "and", "in", "on", "to", "de", "la", "du", "des", "&"}


def _content_words(name: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(name).lower()) if w not in _FUNCTION_WORDS}


def _same_name(long: str, names: list[str]) -> bool:
    """Does a long form written in the text name the same thing as one of these names? ('UN Peace
    Keeping force in Cyprus' is the 'United Nations Peacekeeping Force in Cyprus')"""
    words = _content_words(long)
    squashed = _squash(long)
    for n in names:
        other = _content_words(n)
        if words and other and len(words & other) / len(words | other) >= 0.4:
            return True
        if len(squashed) > 8 and squashed == _squash(n):
            return True
    return False


def _squash(name: str) -> str:
    """A name's letters alone, lower case, with 'UN' written out: spacing, hyphens and the UN's
    abbreviation do not make another name."""
    low = re.sub(r"\bU\.?N\.?(?=\s)", "United Nations", fold(name))
    return re.sub(r"[^a-z]", "", low.lower())


def _edit1(a: str, b: str) -> bool:
    """True when a and b differ by one substitution, insertion or deletion (case-blind)."""
    a, b = a.lower(), b.lower()
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


_CAPITALISED = re.compile(rf"[{UPPER}]|(?:al|el|ag|ben|bin|ould)-[{UPPER}]")


def _cap(tok: str) -> bool:
    """Capitalised, or an Arabic name with its article: 'al-Burhan', 'ag Ghaly' counts too."""
    return bool(_CAPITALISED.match(tok))


# ---------------------------------------------------------------------------- Schwartz–Hearst


def sh_long_form(short: str, words: list[str]) -> int | None:
    """Index into `words` where the long form of `short` starts (Schwartz & Hearst 2003), or None."""
    letters = [c.lower() for c in short if c.isalnum()]
    if not letters or not letters[0].isalpha():
        return None
    text = " ".join(words).lower()
    s_i, l_i = len(letters) - 1, len(text) - 1
    while s_i >= 0:
        c = letters[s_i]
        while l_i >= 0 and (text[l_i] != c or (s_i == 0 and l_i > 0 and text[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        s_i -= 1
        l_i -= 1
    start_char = l_i + 1
    return len(text[:start_char].split())


class Discoverer:
    """Discovery for one article, given the mentions the gazetteer already found."""

    def __init__(self, article: Article, mentions: list[Mention], registry: Registry,
                 spans: list[tuple[int, int]] | None = None, lexicon: Lexicon | None = None):
        self.a = article
        lexicon = lexicon if lexicon is not None else bundled_lexicon()
        self.finder = _finder(lexicon)
        self.w = discovery_words(lexicon.rows("heads"), lexicon.entries("titles"))
        self.text = article.text
        self.registry = registry
        self.mentions = MentionIndex(mentions)
        self.new: dict[str, Actor] = {}
        self.sentences = spans if spans is not None else sentences(self.text)
        self.sentence_starts = [s for s, _ in self.sentences]
        self._linked: set[tuple[str, str]] = set()  # (name, key) already linked everywhere
        self._home: tuple[str | None] | None = None  # (the home state,) once computed
        self.home_sure = False  # no other state comes close to the home state

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

    # -- rules
    def acronym_definitions(self) -> None:
        for m in re.finditer(r"\(\s*([A-Z][A-Za-z0-9&.\-–]{1,15}(?: [A-Z]{2,6})?)\s*\)", self.text):
            short, p0 = m.group(1), m.start()
            if short.lower() == short or sum(c.isupper() for c in short) < 2:
                continue
            line_start = self.text.rfind("\n", 0, p0) + 1
            i = bisect_right(self.sentence_starts, p0) - 1
            sent_start = self.sentence_starts[i] if i >= 0 else line_start
            toks = _tokens(self.text, max(sent_start, line_start), p0)
            stops = [i for i, t in enumerate(toks) if t[0] in ";:"]  # "Afghanistan; UNDP; Law and Order …"
            toks = [t for t in toks[stops[-1] + 1 if stops else 0:] if t[0] != ","]
            toks = toks[-(min(len(short) + 5, 2 * len(short)) + 2):]
            words = [t[0] for t in toks]
            i = sh_long_form(short, words)
            long_toks = toks[i:] if i is not None else []
            # The long form is the proper-name run before the bracket (French acronyms fail SH).
            run = []
            for t in reversed(toks):
                if _cap(t[0]) or (t[0].lower() in CONNECTORS and run):
                    run.insert(0, t)
                else:
                    break
            while run and (run[0][0].lower() in CONNECTORS or run[0][0] in STOP_START):
                run.pop(0)
            if not long_toks or not _cap(long_toks[0][0]):
                # no Schwartz–Hearst match (a French acronym for an English name): take the
                # capitalised run before the bracket if it names an actor
                long_toks = run if any(self.w.head_type.get(t[0]) for t in run) else []
            long_toks = _after_role(long_toks, self.w)
            while long_toks and (long_toks[0][0].lower() in CONNECTORS or long_toks[0][0] in STOP_START):
                long_toks.pop(0)
            if not long_toks or not _cap(long_toks[0][0]) or long_toks[-1][0] in GENERIC_PLURALS:
                continue  # "Troop Contributing Countries (TCCs)": a kind of actor, not one
            capitals = sum(_cap(t[0]) for t in long_toks if t[0].lower() not in CONNECTORS)
            content = sum(1 for t in long_toks if t[0].lower() not in CONNECTORS)
            if capitals < max(1, content - 1):
                continue  # "security sector reform (SSR)": a topic, not an actor
            ls, le = long_toks[0][1], long_toks[-1][2]
            long = self.text[ls:le]
            s_start, s_end = m.start(1), m.end(1)
            short_at, long_at = self.mentions.at(s_start, s_end), self.mentions.at(ls, le)
            short_key = short_at.actor if short_at else None
            long_key = long_at.actor if long_at else None
            if short_key and not long_key and not _same_name(long, self._names_of(short_key)):
                short_key = None  # the text defines the acronym as something else: it wins here
                for x in [x for x in self.mentions if x.text == short and x.kind == "acronym"]:
                    self.mentions.remove(x)
            if short_key and not long_key:
                self.add_mention(ls, le, short_key, "definition", replace=True)
            elif long_key and not short_key:
                self.add_mention(s_start, s_end, long_key, "acronym")
                self._link_everywhere(short, long_key)
            elif not short_key and not long_key:
                if len(long_toks) < 2 and not self.w.head_type.get(long_toks[-1][0]):
                    continue
                type_ = self.type_of_name(long, ls) or "Organisation"
                country = self.salient_state(ls) if type_ == "GovernmentBody" else None
                a = self.actor(long, type_, acronym=short, country=country)
                self.add_mention(ls, le, a.key, "definition", replace=True)
                self.add_mention(s_start, s_end, a.key, "acronym")
                self._link_everywhere(short, a.key)
                self._link_everywhere(long, a.key)

    def _names_of(self, key: str) -> list[str]:
        a = self.registry.get(key) or self.new.get(key)
        return a.names() if a else []

    def _link_everywhere(self, name: str, key: str) -> None:
        if (name, key) in self._linked:
            return
        self._linked.add((name, key))
        for start, end in whole_words(name, self.text):
            self.add_mention(start, end, key, "acronym" if name.isupper() else "name",
                             replace=len(name.split()) > 1)

    def type_of_name(self, name: str, at: int) -> str | None:
        """The actor type a name's head noun gives ('Ministry of Defence' → GovernmentBody)."""
        words = name.replace("’", "'").split()
        if words[0] == "Operation" and len(words) >= 2 and not set(words[1:]) & CONNECTORS:
            return "Mission"
        if len(words) >= 2 and words[-2:] == ["Task", "Force"]:
            return "Mission"
        head = words[-1]
        if head not in self.w.head_type and "-" in head and head.split("-")[0] in self.w.head_type:
            head = head.split("-")[0]  # "Justice and Equality Movement-Sudan"
        if len(words) > 2 and words[1] in ("of", "for", "on") and words[0] in self.w.head_type:
            head = words[0]  # "Ministry of Defence", "Institute for Security Studies"
        elif head not in self.w.head_type:  # "Doha Document for Peace in Darfur": the head precedes "for"
            preps = [i for i, w in enumerate(words) if w in ("of", "for", "in", "on", "to")]
            if preps and preps[0] > 0 and words[preps[0] - 1] in self.w.head_type:
                head = words[preps[0] - 1]
        if head in ("Forces", "Force", "Army", "Police") and any(
            w in ("Armed", "Defence", "Defense", "Police", "National", "Security", "Army")
            for w in words[:-1]
        ) and words[0] not in ("Joint", "Multinational", "Regional", "Intervention"):
            return "GovernmentBody"
        if head == "Force":
            return "Mission"
        t = self.w.head_type.get(head)
        if t == "Agency" and head in STATE_BODY_HEADS and self._state_in(name, at):
            return "GovernmentBody"
        if head == "Department" and not self._state_in(name, at):
            return "GovernmentBody" if self.salient_state(at) else "Agency"
        return t

    def _state_in(self, name: str, at: int) -> bool:
        """Does the name, written at `at`, name a state or mark itself national?"""
        return any(
            self._type(m.actor) == "Government" for m in self.mentions.inside(at, at + len(name))
        ) or bool(re.search(r"\bNational\b|\bMinistry\b", name))

    def proper_names(self) -> None:
        """Capitalised runs that end in an organisational head noun."""
        for m in word_starts(PROPER_RUN, self.text, hyphen=True):
            if self._in_heading(m.start()):
                continue
            toks = _tokens(self.text, m.start(), m.end())
            # split at possessives: "Canada's Department of National Defence"
            for i, t in enumerate(toks):
                # "Canada's Department of National Defence" is Canada's, but "Sudan People's
                # Liberation Movement" is one name: split only after a known actor's possessive
                if (t[0].endswith(("'s", "’s")) or t[0].endswith("’")) and self.mentions.ending_at(
                        t[2] - (2 if t[0].endswith("s") else 1)):
                    toks = toks[i + 1:]
                    break
            # "the Government of Sudan and the Liberation and Justice Movement": two names;
            # "Sudanese Armed Forces and Police Forces": two names joined by "and"
            parts = [toks]
            for i in range(len(toks) - 2, 0, -1):
                if toks[i][0] == "the" and toks[i - 1][0] in ("and", "&", "or"):
                    parts = [toks[: i - 1], toks[i + 1:]]
                    break
            else:
                for i in range(1, len(toks) - 1):
                    heads = self.w.head_type
                    if toks[i][0] in ("and", "&") and heads.get(toks[i - 1][0]) and heads.get(toks[-1][0]):
                        parts = [toks[:i], toks[i + 1:]]
                        break
            for part in parts:
                self._proper_name(part)

    def _proper_name(self, toks: list[tuple[str, int, int]]) -> None:
        """One capitalised run: a new actor if its head noun names a kind of actor."""
        toks = self._after_persons(toks)
        toks = _after_role(toks, self.w)
        while toks and (toks[0][0] in STOP_START or toks[0][0].lower() in CONNECTORS):
            toks = toks[1:]
        while toks and toks[-1][0].lower() in CONNECTORS:
            toks = toks[:-1]
        if len(toks) < 2:
            if toks and toks[0][0] in BARE_BODIES:
                self._bare_body(toks[0][0], toks[0][1], toks[0][2])
            return
        words = [t[0] for t in toks]
        if not (self.w.head_type.get(words[-1]) or words[0] == "Operation" or
                (words[1] in ("of", "for", "on") and self.w.head_type.get(words[0]))):
            return
        ls, le = toks[0][1], toks[-1][2]
        name = self.text[ls:le]
        type_ = self.type_of_name(name, ls)
        if not type_:
            return
        inside = self.mentions.inside(ls, le)
        if any(x.start == ls and x.end == le for x in inside):
            return
        if any(not (x.start >= ls and x.end <= le) for x in self.mentions.overlapping(ls, le)):
            return
        if any(x.kind != "name" for x in inside):
            return  # a name defined or discovered already stands
        # A known name plus a generic word is not a new actor ("UN Security Council Resolution").
        if inside and sum(x.end - x.start for x in inside) >= len(name) - 12 and type_ == "Agency":
            return
        country, named = None, False
        if type_ == "GovernmentBody":
            states = [x.actor for x in inside if self._type(x.actor) == "Government"]
            owner = self._possessor(ls, explicit=True)
            named = bool(states or owner)
            country = states[0] if states else owner or self._possessor(ls) or self.salient_state()
        if type_ == "GovernmentBody" and country and not named:
            label = f"{name} ({(self.registry.get(country) or self.new[country]).label})"
            a = self.actor(label, type_, key=f"{country}-{slug(fold(name))}".lower(), country=country)
        else:
            a = self._named_before(name, type_, ls) or self.actor(name, type_, country=country)
        self.add_mention(ls, le, a.key, "discovered", replace=True)

    def _after_persons(self, toks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
        """What follows the last person named in a run: 'Christoph Vogel and Josaphat Usamba for
        the Rift Valley Institute' names the institute after its authors."""
        if not toks:
            return toks
        persons = [m for m in self.mentions.inside(toks[0][1], toks[-1][2]) if self._type(m.actor) == "Person"]
        if not persons:
            return toks
        end = max(m.end for m in persons)
        return [t for t in toks if t[1] >= end]

    def _named_before(self, name: str, type_: str, pos: int) -> Actor | None:
        """A short form of an actor already named: 'the Verification Mission' after 'the United
        Nations Verification Mission in Colombia'."""
        for m in reversed(self.mentions.window(0, pos)):
            a = self.registry.get(m.actor) or self.new.get(m.actor)
            if a and a.type == type_ and m.end <= pos and any(has_words(name, n) for n in a.names()):
                return a
        return None

    def _in_heading(self, pos: int) -> bool:
        return in_heading(self.text, pos)

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

    def bare_bodies(self) -> None:
        """'Parliament', 'the Ministry of Defence', 'the Government': the state in view's own."""
        for name in sorted(BARE_BODIES, key=len, reverse=True):
            for start, end in whole_words(name, self.text):
                if not self._sentence_initial(start):
                    self._bare_body(name, start, end)
        for m in word_starts(THE_GOVERNMENT, self.text):
            s = m.start() + 4
            if self.covered(s, m.end()):
                continue
            state = self.salient_state(s) or self.salient_state()
            if state:
                self.add_mention(s, m.end(), state, "name")

    def _bare_body(self, name: str, start: int, end: int) -> None:
        if self.covered(start, end):
            return
        state = self._possessor(start) or self.salient_state()
        if not state:
            return
        st = self.registry.get(state) or self.new.get(state)
        a = self.actor(f"{name} ({st.label})", "GovernmentBody",
                       key=f"{state}-{slug(name)}".lower(), country=state)
        self.add_mention(start, end, a.key, "discovered")

    def _sentence_initial(self, pos: int) -> bool:
        before = self.text[max(0, pos - 3):pos]
        return pos == 0 or before.endswith("\n") or bool(re.search(r"[.!?]\s+$", before))

    def council(self) -> None:
        """'the Council' in UN writing is the Security Council, unless another council was named."""
        councils = [x for x in self.mentions if "Council" in x.text]
        for start, end in whole_words("Council", self.text):
            if self.covered(start, end):
                continue
            prior = [x for x in councils if x.end <= start]
            if prior:
                key = prior[-1].actor
            else:
                sent = self._sentence_of(start)
                if not re.search(r"\bresolution|\bCouncil members\b|\bmandate", sent):
                    continue
                unsc = self.registry.resolve("United Nations Security Council")
                if not unsc:
                    continue
                key = unsc.key
            self.add_mention(start, end, key, "name")

    def _sentence_of(self, pos: int) -> str:
        for s, e in self.sentences:
            if s <= pos < e:
                return self.text[s:e]
        return ""

    # -- persons
    def person(self, name: str, start: int, end: int) -> Actor | None:
        name = re.sub(r"\s+", " ", name).strip(" ,")
        parts = name.split()
        if len(parts) < 2 or any(p in NOT_NAME for p in parts):
            return None
        known = self.registry.resolve(name)
        if known and known.type != "Person":
            return None
        a = known or self._similar_person(parts) or self._longer_name(name) or self.actor(name, "Person")
        self.add_mention(start, end, a.key, "discovered", replace=True)
        return a

    def _longer_name(self, name: str) -> Actor | None:
        """The person found already whose name ends with this one: 'Vale de Almeida' after 'Joao
        Vale de Almeida'."""
        return next((a for a in self.new.values() if a.type == "Person" and a.label.endswith(" " + name)), None)

    def titled_persons(self) -> None:
        """"Minister of National Defence Harjit Sajjan", "President William Ruto", "General X"."""
        for m in word_starts(self.w.title_scan, self.text):
            toks = _tokens(self.text, m.end(), min(len(self.text), m.end() + 200))[:24]
            i, run = 0, []
            if toks and toks[0][0] in ("of", "for"):  # the portfolio, which may run into the name
                i = 1
                while i < len(toks):
                    w = toks[i][0]
                    nxt = toks[i + 1][0] if i + 1 < len(toks) else ""
                    if _cap(w) and not _is_title(w, self.w):
                        run.append(toks[i])
                    elif w in ("the", "&", "of") or (w == "and" and _cap(nxt) and not _is_title(nxt, self.w)):
                        run = []  # "Minister of Public Safety and Emergency Preparedness of X"
                    else:
                        break
                    i += 1
                if i < len(toks) and toks[i][0] == ",":
                    tail = [t for t in _name_run(toks[i + 1:]) if _namelike(t[0], self.w)]
                    run = tail if len(tail) >= 2 else run
            else:
                if toks and toks[0][0] in (",", "."):  # "Secretary General, Ban Ki-moon", "Dr. Amina Yusuf"
                    toks = toks[1:]
                run = _name_run(toks)
            portfolio = bool(toks and toks[0][0] in ("of", "for"))
            run = [t for t in run if t[0] not in NOT_NAME]
            if len(run) > 2 and portfolio:  # "of National Defence Harjit Sajjan": the last two
                run = run[-3:] if run[-3][0].lower() in PARTICLES or run[-2][0].lower() in PARTICLES else run[-2:]
            run = run[:4]
            if len(run) == 1:
                known = self._surname_known(run[0][0])
                if known:
                    self.add_mention(run[0][1], run[0][2], known, "surname")
                continue
            if 2 <= len(run) <= 4 and all(_namelike(t[0], self.w) or t[0].lower() in PARTICLES for t in run):
                self.person(self.text[run[0][1]:run[-1][2]], run[0][1], run[-1][2])

    def _similar_person(self, parts: list[str]) -> Actor | None:
        """The person already found whose name differs by a slip: 'Ariel Henri' for 'Ariel Henry'."""
        for a in self.new.values():
            if a.type != "Person":
                continue
            other = a.label.split()
            if len(other) != len(parts):
                continue
            diffs = [(x, y) for x, y in zip(parts, other) if fold(x).lower() != fold(y).lower()]
            if len(diffs) == 1 and min(len(diffs[0][0]), len(diffs[0][1])) >= 4 and _edit1(*diffs[0]):
                return a
        return None

    def led_by_persons(self) -> None:
        """'FARC-EP leader Rodrigo Londoño', 'the M23 spokesman Lawrence Kanyuka'."""
        rx = re.compile(rf"(?:leader|chief|commander|head|spokes(?:person|man|woman)|envoy|founder)\s+"
                        rf"(?P<name>[{UPPER}][\w'’-]+(?:[ ]+(?:(?:{'|'.join(PARTICLES)})[ ]+)?"
                        rf"[{UPPER}][\w'’-]+){{1,3}})")
        for m in word_starts(rx, self.text):
            if not self.mentions.ending_at(m.start() - 1) and not self.mentions.ending_at(m.start() - 2):
                continue
            toks = _name_run(_tokens(self.text, m.start("name"), m.end("name")))
            if 2 <= len(toks) and all(_namelike(t[0], self.w) or t[0].lower() in PARTICLES for t in toks):
                self.person(self.text[toks[0][1]:toks[-1][2]], toks[0][1], toks[-1][2])

    def apposed_persons(self) -> None:
        """'Roza Otunbayeva, a former president of Kyrgyzstan, …': a name glossed by a role."""
        rx = re.compile(rf"(?P<name>[{UPPER}][\w'’-]+(?:[ ]+[{UPPER}][\w'’-]+){{1,2}}),[ ]+"
                        r"(?:a|an|the)[ ]+(?:former[ ]+|then[ ]+|current[ ]+)?(?:[A-Z][\w.-]*[ ]+){0,2}(?:[a-z-]+[ ]+)?"
                        r"(?i:president|prime minister|minister|foreign minister|defence minister|general|colonel"
                        r"|commander|special envoy|envoy|special representative|ambassador|diplomat|official"
                        r"|spokes(?:person|man|woman)|leader|head|chief|researcher|analyst|professor|senator"
                        r"|secretary-general)\b")
        for m in word_starts(rx, self.text, hyphen=True):
            toks = _tokens(self.text, m.start("name"), m.end("name"))
            if all(_namelike(t[0], self.w) for t in toks) and not self.covered(m.start("name"), m.end("name")):
                self.person(m.group("name"), m.start("name"), m.end("name"))

    def shaped_persons(self) -> None:
        """Names with a person's shape and a cue beside them (graph/persons.py): "Hédi Annabi, the
        mission chief", "according to Hannah Dönges", "Yahya Jammeh"."""
        if self.finder is None:
            return

        def excluded(word: str, start: int, end: int) -> bool:
            return (word in NOT_NAME or word in self.w.head_type or word in STOP_START or word in _MONTHS
                    or self.covered(start, end))

        for f in list(self.finder.find(self.text, self.covered, excluded)):
            self.person(self.text[f.start:f.end], f.start, f.end)

    def _surname_known(self, word: str) -> str | None:
        for a in self.new.values():
            if a.type == "Person" and a.label.split()[-1] == word:
                return a.key
        return None

    def credited_persons(self) -> None:
        name = r"[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,2}"
        for m in re.finditer(rf"\((?:[A-Z][\w .&-]*)/(?P<name>{name})\)", self.text):
            self.person(m.group("name"), m.start("name"), m.end("name"))
        # "Elzarov, Zurab, (2015)." — a citation: surname, given name, year
        for m in word_starts(CITATION, self.text):
            a = self.actor(f"{m.group('first')} {m.group('last')}", "Person")
            self.add_mention(m.start(), m.end("first"), a.key, "discovered")
        for author in self.a.authors:
            for m in re.finditer(re.escape(author), self.text):
                self.person(author, m.start(), m.end())

    def surnames(self) -> None:
        for a in list(self.new.values()):
            if a.type != "Person":
                continue
            surname = a.label.split()[-1]
            if len(surname) < 3:
                continue
            for start, end in whole_words(surname, self.text):
                self.add_mention(start, end, a.key, "surname")

    FORCE_KINDS = {  # words after a demonym → words the body's name holds
        "armed forces": ("Armed Forces", "Defence Force", "Defense Force", "Army"),
        "army": ("Army", "Armed Forces"),
        "security forces": ("Security Forces", "Armed Forces"),
        "defence forces": ("Defence Forces", "Defence Force", "Armed Forces"),
        "forces": ("Armed Forces", "Defence Force", "Defense Force", "Army"),
        "military": ("Armed Forces", "Defence Force", "Defense Force", "Army"),
        "police": ("Police",),
        "national police": ("Police",),
        "navy": ("Navy",),
        "air force": ("Air Force",),
        "gendarmerie": ("Gendarmerie",),
    }

    def state_forces(self) -> None:
        """'the Syrian armed forces', 'the Malian army': the state's force, as a body of its own."""
        kinds = "|".join(sorted(self.FORCE_KINDS, key=len, reverse=True))
        for m in list(self.mentions):
            if m.kind not in ("demonym", "adjective"):
                continue
            after = re.match(rf"[ ]+({kinds})\b", self.text[m.end:m.end + 20], re.I)
            if not after or re.search(r"[A-Z][\w-]*[ ]$", self.text[max(0, m.start - 20):m.start]):
                continue  # "the Turkish Cypriot forces": not the forces of Cyprus
            kind = after.group(1).lower()
            end = m.end + after.end()
            state = self.registry.get(m.actor)
            if not state:
                continue
            bodies = [a for a in self.registry.actors.values()
                      if a.type == "GovernmentBody" and a.country == state.key
                      and any(w in n for n in a.names() for w in self.FORCE_KINDS[kind])]
            if bodies:
                body = min(bodies, key=lambda a: len(a.label))
            else:
                body = self.actor(f"{m.text} {after.group(1).title()}", "GovernmentBody", country=state.key)
            self.mentions.remove(m)
            self.add_mention(m.start, end, body.key, "discovered")

    def run(self) -> tuple[list[Mention], dict[str, Actor]]:
        self.state_forces()
        self.acronym_definitions()
        self.titled_persons()
        self.led_by_persons()
        self.apposed_persons()
        self.credited_persons()
        self.shaped_persons()
        self.proper_names()
        self.bare_bodies()
        self.council()
        self.surnames()
        home = self.salient_state()
        return list(self.mentions), self.new, home if self.home_sure else None, home


def discover(article: Article, mentions: list[Mention], registry: Registry,
             spans: list[tuple[int, int]] | None = None, lexicon: Lexicon | None = None):
    """Mentions (known and discovered), the new actors found, the state the article is clearly about
    (None when another comes close), and the state most about, sure or not."""
    return Discoverer(article, mentions, registry, spans, lexicon).run()


_FINDERS: dict[tuple, PersonFinder] = {}


def _finder(lexicon: Lexicon) -> PersonFinder:
    """One compiled PersonFinder per word lists (discovery runs once per article)."""
    key = tuple(lexicon[name] for name in PersonFinder.LISTS)
    f = _FINDERS.get(key)
    if f is None:
        f = _FINDERS[key] = PersonFinder(lexicon)
    return f
