"""The ground the relation rules share: the predicates and their types, the trigger words compiled,
the context of one article, and the reader's base (sentences, mentions, anaphors, emit)."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ..model import Actor, Mention, MentionIndex, PeacegraphError, Relation
from ..text import ascii_lower, word_starts

ORGS = {"Government", "GovernmentBody", "Mission", "Agency", "Organisation", "ArmedGroup"}
ANY = ORGS | {"Programme", "Person"}
# predicate → (subject types, object types): what each predicate links. The words that signal each
# (its triggers) are data: data/lexicon/triggers.csv.
PREDICATE_TYPES: dict[str, tuple[set[str], set[str]]] = {
    "deployedIn": ({"Mission", "GovernmentBody"}, {"Government"}),
    "contributesTo": ({"Government", "GovernmentBody", "Agency", "Organisation"}, {"Mission"}),
    "funds": (ORGS, {"Programme", "Organisation", "Mission", "Agency"}),
    "implements": (ORGS, {"Programme"}),
    "leads": ({"Person", "Government", "Agency", "GovernmentBody"}, ORGS),
    "requests": (ANY - {"Programme"}, ANY - {"Programme"}),
    "opposes": (ANY - {"Programme"}, ANY - {"Programme"}),
    "supports": (ANY, ANY - {"Person"}),
}


class TriggerWords:
    """The trigger words of each predicate, compiled for the scans: regular expressions that each
    open with a letter, not a group or an assertion, so that a scan jumps between candidates."""

    def __init__(self, rows: tuple[tuple[str, ...], ...], source: str = "triggers.csv"):
        alternatives: dict[str, list[str]] = {}
        for predicate, pattern in rows:
            if predicate not in PREDICATE_TYPES:
                raise PeacegraphError(f"{source}: unknown predicate {predicate!r} "
                                      f"(one of {', '.join(PREDICATE_TYPES)})")
            alternatives.setdefault(predicate, []).append(pattern)
        self.words = {p: "|".join(alts) for p, alts in alternatives.items()}
        try:
            self.compiled = {p: re.compile(rf"\b(?:{rx})\b", re.I) for p, rx in self.words.items()}
            # for lower-cased text, scanned with word_starts()
            self.lower = {p: re.compile(rf"(?:{rx})\b") for p, rx in self.words.items()}
        except re.error as e:
            raise PeacegraphError(f"{source}: a pattern is not a regular expression ({e})") from None
        self.order = [p for p in ORDER if p in self.words]
        # the letters each predicate's words open with, where each of its patterns opens with three or
        # more: a lower-cased sentence without any of them holds none of its words (and is not scanned)
        openings = {p: [_opening(pattern) for pattern in alts] for p, alts in alternatives.items()}
        self.opened = frozenset(p for p, found in openings.items() if min(map(len, found)) >= 3)
        opening_of: dict[str, set[str]] = {}  # an opening → the predicates it opens words of
        for p in self.opened:
            for o in openings[p]:
                opening_of.setdefault(o, set()).add(p)
        self.openings = ahocorasick.Automaton()
        for o, ps in opening_of.items():
            self.openings.add_word(o, frozenset(ps))
        if opening_of:
            self.openings.make_automaton()

    def predicates_opened(self, lower: str) -> set[str]:
        """Of the predicates in `opened`, those whose words' openings the lower-cased text holds."""
        if not self.opened:
            return set()
        return {p for _, ps in self.openings.iter(lower) for p in ps}


_LITERAL = re.compile(r"[a-z0-9' -]*")


def _opening(pattern: str) -> str:
    """The characters every match of a pattern opens with, as it writes them: 'deploy' of
    'deploy\\w*', 'troop' of 'troops?'; '' when it opens with a group, a class or an escape, or
    has alternatives outside a group."""
    depth, i = 0, 0
    while i < len(pattern):  # an alternative outside a group: matches need not open alike
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":  # a class: its "|" and "(" are characters (a "]" first is one of them)
            i = pattern.find("]", i + 2)
            if i < 0:
                return ""
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            return ""
        i += 1
    opening = _LITERAL.match(pattern).group()
    if pattern[len(opening):len(opening) + 1] in ("?", "*", "+", "{"):
        opening = opening[:-1]  # its last character may be left out ("troops?")
    return opening


@lru_cache(maxsize=8)
def trigger_words(rows: tuple[tuple[str, ...], ...]) -> TriggerWords:
    return TriggerWords(rows)

# the order in which a pair of actors is tried against the predicates
ORDER = ["opposes", "requests", "funds", "implements", "leads", "contributesTo", "deployedIn", "supports"]
# letters that re.I matches to ASCII ones but lower() does not turn into them: İ ı ſ K
_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")
NEGATION = re.compile(r"\b(?:not|never|no longer|n't|neither|nor|without|failed to|rather than"
                      r"|(?:hesitant|reluctant|unwilling) to|(?:declin|refus)(?:ed|es|ing) to)\b", re.I)
_HEDGE_WORDS = (r"could|may|might|would|should|likely|potential\w*|possibl\w*|expected to|plan\w*|consider\w*"
                r"|option\w*|if")
HEDGE = re.compile(rf"\b(?:{_HEDGE_WORDS})\b", re.I)
_HEDGE_LOWER = re.compile(rf"(?:{_HEDGE_WORDS})\b")
ROLE_TITLES = re.compile(
    r"\b(?:(?:Deputy |Vice[- ]|Assistant |Under[- ])?(?:President|Prime Minister|Secretary[- ]General)"
    r"|King|Queen|Emir|Head of State|Chair(?:person|man)?|(?:Force |Police )?Commander|Director(?:[- ]General)?"
    r"|(?:Deputy |Foreign |Defence |Defense )?Minister(?: of [A-Z][\w ,&]*?)?(?= [A-Z]|,)"
    r"|Secretary of State|Ambassador|Envoy|Special (?:Representative|Coordinator|Envoy|Adviser)|High Commissioner"
    r"|Coordinator|Adviser|Advisor|Spokes(?:person|man|woman)|[Dd]eputy"
    r"|Commissioner|General|Colonel|Senator|Governor|leader|chief|commander|head|spokes(?:person|man|woman)"
    r"|president|prime minister|(?:foreign |defence |defense )?minister|ambassador|envoy)\b")
# (the patterns scanned with word_starts() leave out the leading \b, which it checks)
THE_MISSION = re.compile(
    r"[Tt]h(?:e|is|at) (?:(?:[a-z]+-)?[a-z]+ ){0,2}(?:mission|force|operation)\b(?![ -][A-Z(])")
# "the UN mission", "the AU mission": the mission of that organisation last named (matched where a
# mention of the organisation stands; THE_BEFORE then reads the article before it)
ORG_NAMES = frozenset({"UN", "U.N.", "EU", "AU", "United Nations", "European Union", "African Union"})
ORG_MISSION = re.compile(r"(UN|U\.N\.|EU|AU|United Nations|European Union|African Union) "
                         r"(?:peacekeeping |political |military |training |police )?(?:mission|operation|force)\b"
                         r"(?![ -][A-Z(])")
THE_BEFORE = re.compile(r"(?<!\w)[Tt]h(?:e|is|at) $")
# "the government" with no state named in it: the government of the state the article is clearly about
# (not "the government of Mali", nor a name that opens so: "the Transitional Government of …")
THE_GOVERNMENT = re.compile(r"[Tt]he (?:(?:[Tt]ransitional|[Nn]ational|[Cc]entral|[Ff]ederal) )?[Gg]overnment\b"
                            r"(?! of\b)(?![ -][A-Z])")  # word_starts()
THE_RESOLUTION = re.compile(r"[Tt]he (?:draft |new |same )?resolution\b|[Rr]esolution \d{3,4}\b")  # word_starts()
THE_COUNTRY = re.compile(r"(?:in|of|across|throughout) (the country)\b(?![’'])")
IT_OPENS = re.compile(r"(?:It|They) (?:has|have|had|is|are|was|were|will|would|also|then|later|\w+ed)\b")
# small patterns of the pair rules, compiled once (they run for every pair of actors in a sentence)
LIST_GAP = re.compile(r"\s*(?:,|and|, and|or|&)?\s*(?:the\s+)?")
POSSESSIVE_DEPARTURE = re.compile(r"[’']s?\s+(?:immediate\s+|swift\s+|accelerated\s+|rapid\s+|full\s+)?"
                                  r"(?:departure|withdrawal|exit|pull-?out)\b")


@dataclass
class Context:
    text: str
    actors: dict[str, Actor]  # every actor of the article by key (reference and discovered)
    present: set[str]  # keys of the actors mentioned in the article
    home_state: str | None = None  # the state the article is most about
    sure_home: str | None = None  # the same, where no other state comes close
    role_nouns: frozenset[str] = frozenset()  # data/lexicon/roles.txt: "expert", "head", …
    triggers: TriggerWords | None = None  # data/lexicon/triggers.csv, compiled

    def type(self, key: str) -> str | None:
        a = self.actors.get(key)
        return a.type if a else None


def _clip(span_text: str) -> str:
    return " ".join(span_text.split())  # each run of white space one space, the ends trimmed


def _lower(sentence: str) -> str | None:
    """The sentence lower-cased, where case-sensitive patterns over it find what re.I ones find over
    the sentence (same length, no letter that re.I folds to ASCII but lower() does not): else None."""
    lower = sentence.lower()
    if sentence.isascii() or (len(lower) == len(sentence) and _CASE_TRAPS.isdisjoint(sentence)):
        return lower
    return None


def _says(fast: re.Pattern, blind: re.Pattern, sentence: str, lower: str | None) -> bool:
    """Does the sentence hold one of these words: the fast, case-sensitive pattern over its
    lower-cased copy where that is exact (`_lower`), else the case-blind one over the sentence."""
    if lower:
        return next(word_starts(fast, lower), None) is not None
    return blind.search(sentence) is not None


def _listed(text: str, ms: list[Mention]) -> bool:
    """Are these mentions a coordinated list: 'A, B and C'?"""
    return all(LIST_GAP.fullmatch(text[x.end:y.start])
               for x, y in zip(ms, ms[1:]))


class ReaderBase:
    """What every family of rules reads: the sentences, the mentions (with the anaphors), and emit()."""

    def __init__(self, ctx: Context, sentences: list[tuple[int, int]], mentions: list[Mention]):
        self.ctx = ctx
        if ctx.triggers is None:
            from .lexicon import bundled_lexicon

            ctx.triggers = trigger_words(bundled_lexicon().rows("triggers"))
        self.words = ctx.triggers
        self.sentences = sentences
        self.starts = [s for s, _ in sentences]
        self.index = MentionIndex(mentions)
        self.mentions = self.index.items
        self.out: dict[tuple[str, str, str], Relation] = {}
        self._evidence: dict[tuple[int, int], str] = {}  # a sentence's text as evidence, by its span
        self._named_in_anaphor: set[int] = set()  # ids of the mentions inside an anaphor ("the UN mission")
        for m in self._anaphors():
            self.index.add(m)
        self.mentions = self.index.items  # now with the anaphors
        # mentions by sentence: every rule reads one sentence at a time
        self.in_sentence: list[list[Mention]] = [[] for _ in sentences]
        for m in self.mentions:
            i = self.sentence_index(m.start)
            if i is not None:
                self.in_sentence[i].append(m)
        # "the General Assembly of the UN", "the UN Special Coordinator": the UN there qualifies a
        # name or a title, it does not act
        self.qualifiers = {id(y) for x, y in zip(self.mentions, self.mentions[1:])
                           if (self.ctx.actors.get(x.actor) and self.ctx.actors[x.actor].parent == y.actor
                               and re.fullmatch(r" of(?: the)? ", self.ctx.text[x.end:y.start]))}
        self.qualifiers |= self._named_in_anaphor
        self.qualifiers |= {id(m) for m in self.mentions
                            if self.ctx.text[m.end:m.end + 1] == " " and ROLE_TITLES.match(self.ctx.text, m.end + 1)}

    def _anaphors(self) -> list[Mention]:
        """Mentions that name an actor without its name, for reading relations only:
        'the mission' / 'this force' (the mission last named), 'the UN mission' (the UN's mission last
        named, the UN in it naming, not acting), a sentence-opening 'It' (the actor
        that opened the sentence before), 'in the country' (the state the article is about), 'the
        government' (the state the article is clearly about, where it is: no other state comes close),
        'the resolution' (the Security Council, where the article names it)."""
        out = []
        missions = [m for m in self.mentions if self.ctx.type(m.actor) == "Mission"]
        mission_ends = [m.end for m in missions]
        for rx in word_starts(THE_MISSION, self.ctx.text):
            if self.index.overlapping(rx.start(), rx.start() + 1):
                continue
            after = [m for m in self.index.window(rx.end(), rx.end() + 12) if m.start >= rx.end()
                     and re.fullmatch(r",\s*(?:the\s+)?", self.ctx.text[rx.end():m.start])]
            if any(self.ctx.type(m.actor) == "Mission" for m in after):
                continue  # "the first international force, the AU Mission in Sudan": named right after
            i = bisect_right(mission_ends, rx.start()) - 1
            if i >= 0 and rx.start() - missions[i].end < 1500:
                out.append(Mention(rx.start(), rx.end(), rx.group(), missions[i].actor, "anaphor"))
        text = self.ctx.text
        for org in [m for m in self.mentions if m.text in ORG_NAMES]:  # read from the mentions: no scan
            rx = ORG_MISSION.match(text, org.start)
            the = rx and rx.end(1) == org.end and THE_BEFORE.search(text, max(0, org.start - 5), org.start)
            if not the:
                continue
            # the last mission of that organisation named before
            i, mission = bisect_right(mission_ends, org.start) - 1, None
            while i >= 0 and org.start - missions[i].end < 1500:
                a = self.ctx.actors.get(missions[i].actor)
                if a is not None and org.actor in self._ancestors(a):
                    mission = a
                    break
                i -= 1
            if mission is None:
                continue
            out.append(Mention(the.start(), rx.end(), text[the.start():rx.end()], mission.key, "anaphor"))
            self._named_in_anaphor.add(id(org))  # "the UN mission": the UN names it, it does not act
        sents = self.sentences
        for (p0, p1), (s0, s1) in zip(sents, sents[1:]):
            if self.ctx.text.startswith(("It ", "They "), s0) and IT_OPENS.match(self.ctx.text, s0, s1):
                # (not a name inside another, "the African Union Peace and Security Council"; and the
                # sentence before may open with an anaphor itself: "The force was authorized by …")
                firsts = [m for m in self.index.between(p0, p1) if self.ctx.type(m.actor) in ORGS
                          and m.kind != "nested"]
                opening = next((m for m in out if p0 <= m.start < p1), None)
                if opening is not None and (not firsts or opening.start < firsts[0].start):
                    firsts = [opening]
                if firsts:
                    out.append(Mention(s0, s0 + 2, self.ctx.text[s0:s0 + 2], firsts[0].actor, "anaphor"))
        home = self.ctx.home_state
        if home and "the country" in self.ctx.text:
            for rx in word_starts(THE_COUNTRY, self.ctx.text):
                if not self.index.overlapping(rx.start(), rx.start() + 1):
                    out.append(Mention(rx.start(1), rx.end(1), "the country", home, "anaphor"))
        sure = self.ctx.sure_home
        if sure and "overnment" in self.ctx.text:
            for rx in word_starts(THE_GOVERNMENT, self.ctx.text):
                if not self.index.overlapping(rx.start(), rx.end()):
                    out.append(Mention(rx.start(), rx.end(), rx.group(), sure, "anaphor"))
        council = next((k for k in self.ctx.present if self.ctx.actors[k].acronym == "UNSC"), None)
        if council and "esolution" in self.ctx.text:  # "the resolution calls on …": the Council's act
            for rx in word_starts(THE_RESOLUTION, self.ctx.text):
                if not self.index.overlapping(rx.start(), rx.end()):
                    out.append(Mention(rx.start(), rx.end(), rx.group(), council, "anaphor"))
        return out

    def _ancestors(self, a: Actor) -> list[str]:
        """The keys of the actors `a` is part of, nearest first (the reference data's parents)."""
        out, key = [], a.parent
        while key and key not in out and len(out) < 6:
            out.append(key)
            parent = self.ctx.actors.get(key)
            key = parent.parent if parent else None
        return out

    def emit(self, s: str, p: str, o: str, sent: tuple[int, int], conf: float, rule: str) -> None:
        if s == o or s not in self.ctx.present or o not in self.ctx.present:
            return
        if p == "contributesTo" and o in self.ctx.actors and s in self.ctx.actors[o].deployed_in:
            return  # the state a mission is deployed in hosts it ("Kenya and Haiti signed … the deployment")
        key = (s, p, o)
        if key in self.out and self.out[key].confidence >= conf:
            return
        start, end = sent
        evidence = self._evidence.get(sent)
        if evidence is None:  # many links come from one sentence
            evidence = self._evidence[sent] = _clip(self.ctx.text[start:end])
        self.out[key] = Relation(s, p, o, evidence, start, end, conf, rule)

    @property
    def low(self) -> str:
        """The text lower-cased where the rules look for ASCII words in it (text.ascii_lower: one byte
        a character), made once for every rule that asks."""
        low = self.__dict__.get("_low")
        if low is None:
            low = self._low = ascii_lower(self.ctx.text)
        return low

    def sentence_index(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return i
        return None

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = self.sentence_index(pos)
        return self.sentences[i] if i is not None else (pos, pos)

    def scan(self, rx: re.Pattern):
        """(match, sentence, the sentence's mentions) for each match of `rx` that opens a word of the
        text and lies within one sentence: one scan of the whole text, not one per sentence."""
        for m in word_starts(rx, self.ctx.text):
            i = self.sentence_index(m.start())
            if i is not None and m.end() <= self.sentences[i][1]:
                yield m, self.sentences[i], self.in_sentence[i]

    def scan_where(self, rx: re.Pattern, words: tuple[str, ...]):
        """What scan(rx) yields, read only in the sentences where one of `words` (lower case) stands:
        a pattern whose first letters are common ("effort|intervention|…") is tried at every e, i
        and a of a text, and most sentences have none of the words its matches need."""
        text, low = self.ctx.text, self.low
        if len(low) != len(text):  # a letter that lower-cases to two: positions differ, read it all
            yield from self.scan(rx)
            return
        where = set()
        for w in words:
            i = low.find(w)
            while i >= 0:
                k = self.sentence_index(i)
                if k is None:
                    i = low.find(w, i + 1)
                    continue
                where.add(k)
                i = low.find(w, self.sentences[k][1])
        for k in sorted(where):
            s0, s1 = self.sentences[k]
            pos = s0
            while True:
                m = rx.search(text, pos, s1)
                if m is None:
                    break
                at = m.start()
                pos = m.end() if m.end() > at else at + 1
                if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
                    pos = at + 1  # inside a word: as word_starts() does
                    continue
                yield m, (s0, s1), self.in_sentence[k]

    def mentions_of_sentence(self, pos: int) -> list[Mention]:
        i = self.sentence_index(pos)
        return self.in_sentence[i] if i is not None else []

