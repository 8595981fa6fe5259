"""Read typed relations between the actors of one sentence, each with its evidence and a confidence.

Three kinds of rule, in order:
- what a name states: "UN Security Council" is part of the UN, "Lebanese Armed Forces" of Lebanon,
  the "UN Stabilization Mission in the DR Congo" is deployed there;
- roles: "Minister of Foreign Affairs Stéphane Dion" is a member of his state, "President William
  Ruto" leads his, a closing bio's "X is a researcher at Y" makes X a member of Y;
- trigger words between two actors ("deployed in", "funded", "asked", "fighting"), checked against
  the types each predicate allows, turned round for the passive ("authorized by"), dropped when
  negated ("has not led to") and given less confidence when hedged ("could play a role").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .model import Actor, Mention, MentionIndex, PeacegraphError, Relation
from .text import has_words, in_heading, word_starts

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


@lru_cache(maxsize=8)
def trigger_words(rows: tuple[tuple[str, ...], ...]) -> TriggerWords:
    return TriggerWords(rows)


# nouns whose giver follows them: "the backing of France", "support from Canada"
GIVER_AFTER = re.compile(
    r"^(?:backing|support|assistance|help|funding|aid|advice|training|contributions?|troops?|police|personnel"
    r"|contingents?|peacekeepers|officers)\b[^.;]{0,30}?\b(?:of|from|by)\s+(?:the\s+)?$", re.I)
# the order in which a pair of actors is tried against the predicates
ORDER = ["opposes", "requests", "funds", "implements", "leads", "contributesTo", "deployedIn", "supports"]
# letters that re.I matches to ASCII ones but lower() does not turn into them: İ ı ſ K
_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")
NEGATION = re.compile(r"\b(?:not|never|no longer|n't|neither|nor|without|failed to|rather than)\b", re.I)
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
APPOSED_TITLE = re.compile(
    r"(?:(?:deputy|executive|managing|programme|program|research|senior|special|country|regional)\s+)*"
    r"(?:head|chief|director|chair|chairman|chairperson|president|leader|commander|founder|coordinator"
    r"|spokes(?:person|man|woman)|researcher|fellow|analyst|adviser|advisor|representative|envoy|officer"
    r"|member|professor|minister|secretary|ambassador)", re.I)
FOR_FIELD = re.compile(r"\b(?:for|on|in)\s+(?:the\s+)?$")
AFFILIATIONS = {"Organisation", "Agency", "Mission"}  # what persons' roles tie them to by name alone
FOR_ORG = re.compile(r"\s+(?:for|of|from)\s+(?:the\s+)?")
LEADER_NOUN = re.compile(r"(?i:head|chief|director|chair|president|leader|commander)")
# between two titles, when the first is the person's: "Special Representative of the UN Secretary-General"
TITLE_OF_TITLE = re.compile(r"\s+of\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,3}")
FORMER = re.compile(r"\b(?:former|ex-|erstwhile|late)\s*(?:[A-Z][\w-]*\s+)?$", re.I)
LEADER_TITLES = re.compile(
    r"(?:President|Prime Minister|King|Queen|Emir|Secretary[- ]General|Head of State|Chair(?:person|man)?"
    r"|(?:Force |Police )?Commander|Director(?:[- ]General)?|leader|chief|commander|head|president|prime minister)")


# (the patterns scanned with word_starts() leave out the leading \b, which it checks)
THE_MISSION = re.compile(
    r"[Tt]h(?:e|is|at) (?:(?:[a-z]+-)?[a-z]+ ){0,2}(?:mission|force|operation)\b(?![ -][A-Z(])")
THE_ORG_MISSION = re.compile(r"th(?:e|is|at) (UN|U\.N\.|EU|AU|United Nations|European Union|African Union) "
                             r"(?:peacekeeping )?(?:mission|operation)\b")
THE_RESOLUTION = re.compile(r"[Tt]he (?:draft |new |same )?resolution\b|[Rr]esolution \d{3,4}\b")  # word_starts()
THE_COUNTRY = re.compile(r"(?:in|of|across|throughout) (the country)\b(?![’'])")
_AGREEMENT_WORDS = r"sign\w*|implement\w*|ratif\w*|adher\w*|agreed to"
AGREEMENT = re.compile(rf"\b(?:{_AGREEMENT_WORDS})\b", re.I)
_AGREEMENT_LOWER = re.compile(rf"(?:{_AGREEMENT_WORDS})\b")
IT_OPENS = re.compile(r"(?:It|They) (?:has|have|had|is|are|was|were|will|would|also|then|later|\w+ed)\b")
ITS = re.compile(r"\b(?:its|their) (?:own )?(?:[a-z-]+ ){0,3}$")
TITLE_OF = re.compile(r",\s+(?:(?:a|an|the)\s+)?(?:former\s+|then\s+|current\s+)?(?P<title>[\w -]{3,40}?)"
                      r"\s+(?:of|at)\s+(?:the\s+)?")
DEPUTY = re.compile(r"(?:Deputy|deputy|Assistant|Under|Vice)")
BIO = re.compile(r"^(?P<who>[^\n]{3,60}?) (?:is|was|has been|serves as) (?:an? |the )?[^.\n]{0,200}?"
                 r"\b(?:at|with|of|for) (?:the )?")
# a clause break: ";" or one of these words (scanned apart, with word_starts())
SEMICOLON = re.compile(";")
CLAUSE_WORDS = re.compile(r"while\b|whereas\b|but\b|and (?:was|were|is|are|has|have|had|will|would)\b"
                          r"|and \w+ed by\b")
MEMBERS = re.compile(r"member(?: state)?s?\b")  # for word_starts()
# small patterns of the pair rules, compiled once (they run for every pair of actors in a sentence)
_SPACES = re.compile(r"\s+")
WHICH = re.compile(r",\s+(?:which|whom)\s+(?:the\s+)?")
AND_GAP = re.compile(r"\s*(?:,|and|, and)\s*(?:the\s+)?")
LIST_GAP = re.compile(r"\s*(?:,|and|, and|or|&)?\s*(?:the\s+)?")
HYPHEN_MODIFIER = re.compile(r"-[a-z]")
LED = re.compile(r"-led\b")
RELATIVE_BEFORE = re.compile(r"\b(?:the|a|an) [a-z]+(?: [a-z]+)? (?:which|that|who)\b")
RELATIVE_AFTER = re.compile(r",\s*(?:which|who|whom|whose)\b")
BY_AFTER = re.compile(r"\s*(?:\w+\s+)?by\b")
PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?$")
BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$")
GERUND_BEFORE = re.compile(r"\b\w{3,}ing\s+(?:the\s+)?$")
OUT_OF_BEFORE = re.compile(r"\b(?:in|at|near|from|out of|across|throughout)\s+(?:the\s+)?$")
PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from)\s+(?:the\s+)?$"
                          r"|\b(?!government|authorities|forces)[a-z]+ of\s+(?:the\s+)?$")


# after the object of a request: a request to leave ("asked MONUSCO to leave", "wants the EACRF out")
LEAVE = re.compile(r"\s+(?:to\s+(?:leave|withdraw|depart|pull\s+out|quit|go\s+home|end\s+its)\b|out\s+of\b|out\b)")
# after an actor: others who act with it ("alongside Kenya and South Sudan")
ALONGSIDE = re.compile(r"\s*,?\s*(?:alongside|along with|together with|jointly with)\s+(?:the\s+)?")
# the nouns that list contributors and donors, scanned with word_starts()
CONTRIBUTORS = re.compile(
    r"(?P<kind>(?:[Tt]roop|[Pp]olice|[Tt]roop and police)[- ](?:contributing|contributor) (?:countries|nations|states)"
    r"|(?:[Tt]roop|[Pp]olice) contributors|[Dd]onors|[Dd]onor countries|[Ff]unders"
    r"|[Cc]ontributing (?:countries|nations))"
    r"(?:\s*\([A-Z]+s?\))?(?:\s+(?:to|of|in|for)\s+(?:the\s+)?)?")
FOLLOWED_BY = re.compile(r",?\s+followed by\s+(?:the\s+)?")
# troops or police from states, scanned with word_starts(): "officers from Malaysia, Australia and Portugal"
FROM_STATES = re.compile(r"(?:troops|soldiers|officers|police(?: officers)?|peacekeepers|personnel|contingents?"
                         r"|battalions?|commandos|gendarmes|units) from (?:the )?")
# after a state's adjective: its units ("Senegalese detachment", "Chadian troops", "the Kenyan police contingent")
STATE_UNITS = re.compile(r"\s+(?:(?:military|police|army|special[- ]forces)\s+)?(?:troops|soldiers|contingents?"
                         r"|detachments?|battalions?|peacekeepers|blue helmets|units?|gendarmes|commandos"
                         r"|police officers)\b")
DEPART_WORDS = re.compile(r"\b(?:out|departure|withdrawal|exit|pull-?out|leave)\b", re.I)
WANT_OUT = re.compile(r"\bwant(?:s|ed|ing)?\s+(?:the\s+)?$")
OUT = re.compile(r"\s+out\b")
DEPARTURE_OF = re.compile(r"\b(?:ask\w*|call\w*|demand\w*|request\w*|urg\w*|push\w*)\s+(?:for\s+)?(?:the\s+)?"
                          r"(?:immediate\s+|swift\s+|accelerated\s+|rapid\s+|full\s+)?"
                          r"(?:departure|withdrawal|exit|pull-?out)\s+of\s+(?:the\s+)?$")
POSSESSIVE_DEPARTURE = re.compile(r"[’']s?\s+(?:immediate\s+|swift\s+|accelerated\s+|rapid\s+|full\s+)?"
                                  r"(?:departure|withdrawal|exit|pull-?out)\b")
DEPARTURE_BEFORE = re.compile(r"\b(?:departure|withdrawal|exit|pull-?out)\s+of\s+(?:the\s+)?$")
ASK_FOR = re.compile(r"\b(?:ask\w*|call\w*|demand\w*|request\w*|urg\w*)\s+(?:for\s+)?(?:the\s+)?$")
MANDATE = re.compile(r"\b(?:mandates?|resolutions?|authori[sz]\w*|establish\w*|extend\w*|renew\w*)\b", re.I)
ENDS_MANDATE = re.compile(r"\b(?:terminat\w*|end(?:s|ed|ing)? (?:the|its)|clos\w*|withdraw\w*|expir\w*|conclud\w*)\b",
                          re.I)
COUNCIL_MEMBERS = re.compile(r"\bCouncil members\b")


class Triggers:
    """The clause breaks, "member states" and trigger words of one sentence, each scanned once, the
    trigger words only when a pair of actors gets as far as asking for them."""

    def __init__(self, sentence: str, start: int, words: TriggerWords):
        self.sentence, self.start, self.words = sentence, start, words
        self.lower = _lower(sentence)  # for the fast scans, where lower-casing is exact
        breaks = [start + m.start() for m in SEMICOLON.finditer(sentence)]
        self.breaks = sorted(breaks + [start + m.start() for m in word_starts(CLAUSE_WORDS, sentence)])
        self.members = [(start + m.start(), start + m.end()) for m in word_starts(MEMBERS, sentence)]
        self._hits: dict[str, list[tuple[int, int, str]]] = {}
        self._hedged: bool | None = None

    def hits(self, p: str) -> list[tuple[int, int, str]]:
        """The trigger words of predicate p, as (start, end, word), in text order."""
        found = self._hits.get(p)
        if found is None:
            s0, sentence = self.start, self.sentence
            if self.lower:  # case-sensitive patterns over the lower-cased sentence
                found = [(s0 + m.start(), s0 + m.end(), sentence[m.start():m.end()])
                         for m in word_starts(self.words.lower[p], self.lower)]
            else:
                found = [(s0 + m.start(), s0 + m.end(), m.group())
                         for m in self.words.compiled[p].finditer(sentence)]
            self._hits[p] = found
        return found

    @property
    def hedged(self) -> bool:
        """Does the sentence hedge anywhere ("could", "may", "plans to")?"""
        if self._hedged is None:
            self._hedged = _says(_HEDGE_LOWER, HEDGE, self.sentence, self.lower)
        return self._hedged

    @staticmethod
    def first(positions: list[int], start: int, end: int) -> int | None:
        i = bisect_left(positions, start)
        return positions[i] if i < len(positions) and positions[i] < end else None

    @staticmethod
    def first_span(spans: list[tuple], start: int, end: int) -> tuple | None:
        """The first span that lies within [start, end)."""
        for span in spans:
            if span[0] >= start:
                return span if span[1] <= end else None
        return None


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
    return _SPACES.sub(" ", span_text).strip()


class RelationReader:
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
        for m in self._anaphors():
            self.index.add(m)
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
        self.qualifiers |= {id(m) for m in self.mentions
                            if ROLE_TITLES.match(self.ctx.text, m.end + 1) and self.ctx.text[m.end:m.end + 1] == " "}

    def _anaphors(self) -> list[Mention]:
        """Mentions that name an actor without its name, for reading relations only:
        'the mission' / 'this force' (the mission last named), a sentence-opening 'It' (the actor
        that opened the sentence before), 'in the country' (the state the article is about), 'the
        resolution' (the Security Council, where the article names it)."""
        out = []
        missions = [m for m in self.mentions if self.ctx.type(m.actor) == "Mission"]
        mission_ends = [m.end for m in missions]
        for rx in word_starts(THE_MISSION, self.ctx.text):
            if self.index.overlapping(rx.start(), rx.start() + 1):
                continue
            after = [m for m in self.index.window(rx.end(), rx.end() + 12) if m.start >= rx.end()
                     and re.fullmatch(r",\s*(?:the\s+)?", self.ctx.text[rx.end():m.start])]
            if after and self.ctx.type(after[0].actor) == "Mission":
                continue  # "the first international force, the AU Mission in Sudan": named right after
            i = bisect_right(mission_ends, rx.start()) - 1
            if i >= 0 and rx.start() - missions[i].end < 1500:
                out.append(Mention(rx.start(), rx.end(), rx.group(), missions[i].actor, "anaphor"))
        sents = self.sentences
        for (p0, p1), (s0, s1) in zip(sents, sents[1:]):
            if IT_OPENS.match(self.ctx.text, s0, s1):
                firsts = [m for m in self.index.between(p0, p1) if self.ctx.type(m.actor) in ORGS]
                if firsts:
                    out.append(Mention(s0, s0 + 2, self.ctx.text[s0:s0 + 2], firsts[0].actor, "anaphor"))
        home = self.ctx.home_state
        if home:
            for rx in word_starts(THE_COUNTRY, self.ctx.text):
                if not self.index.overlapping(rx.start(), rx.start() + 1):
                    out.append(Mention(rx.start(1), rx.end(1), "the country", home, "anaphor"))
        council = next((k for k in self.ctx.present if self.ctx.actors[k].acronym == "UNSC"), None)
        if council:  # "the resolution calls on …": a resolution is the Council's act
            for rx in word_starts(THE_RESOLUTION, self.ctx.text):
                if not self.index.overlapping(rx.start(), rx.end()):
                    out.append(Mention(rx.start(), rx.end(), rx.group(), council, "anaphor"))
        return out

    def emit(self, s: str, p: str, o: str, sent: tuple[int, int], conf: float, rule: str) -> None:
        if s == o or s not in self.ctx.present or o not in self.ctx.present:
            return
        key = (s, p, o)
        if key in self.out and self.out[key].confidence >= conf:
            return
        start, end = sent
        self.out[key] = Relation(s, p, o, _clip(self.ctx.text[start:end]), start, end, conf, rule)

    def sentence_index(self, pos: int) -> int | None:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0 and pos < self.sentences[i][1]:
            return i
        return None

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = self.sentence_index(pos)
        return self.sentences[i] if i is not None else (pos, pos)

    def mentions_of_sentence(self, pos: int) -> list[Mention]:
        i = self.sentence_index(pos)
        return self.in_sentence[i] if i is not None else []

    # -- names that state a relation
    def from_names(self) -> None:
        seen: set[tuple[str, str]] = set()
        for m in self.mentions:
            a = self.ctx.actors.get(m.actor)
            if not a:
                continue
            sent = self.sentence_of(m.start)
            inner = [x for x in self.index.inside(m.start, m.end) if x is not m]
            if a.type == "Mission":
                for st in a.deployed_in:
                    names = self.ctx.actors[st].names() if st in self.ctx.actors else []
                    if any(n in m.text for n in names) and (m.actor, st) not in seen:
                        seen.add((m.actor, st))
                        self.emit(m.actor, "deployedIn", st, sent, 0.9, "name")
            if a.parent and a.parent in self.ctx.present:
                parent = self.ctx.actors[a.parent]
                if any(has_words(n, m.text) for n in parent.names() if len(n) > 1) or (
                        re.match(r"(?:UN|U\.N\.|United Nations)\b", m.text) and a.parent == "UN"):
                    if a.type == "Programme":
                        self.emit(a.parent, "implements", m.actor, sent, 0.8, "name")
                    else:
                        self.emit(m.actor, "partOf", a.parent, sent, 0.9, "name")
            if a.type == "GovernmentBody" and a.country and a.country in self.ctx.present:
                if (m.actor, a.country) not in seen:
                    seen.add((m.actor, a.country))
                    self.emit(m.actor, "partOf", a.country, sent, 0.85, "body-of-state")
            for x in inner:
                if self.ctx.type(x.actor) == "Government" and a.type == "Mission":
                    self.emit(m.actor, "deployedIn", x.actor, sent, 0.9, "name")

    def anaphoric_missions(self) -> None:
        """'the UN mission' names the UN's mission last mentioned: part of the UN, where it is."""
        for rx in word_starts(THE_ORG_MISSION, self.ctx.text):
            org_at = self.index.window(rx.start(1), rx.start(1) + 1)
            org = next((m.actor for m in org_at if m.start == rx.start(1)), None)
            prior = [m for m in self.index.window(rx.start() - 3000, rx.start())
                     if m.end <= rx.start() and self.ctx.type(m.actor) == "Mission"]
            if not org or not prior:
                continue
            mission = self.ctx.actors[prior[-1].actor]
            if mission.parent != org and not (mission.parent is None and mission.source == "discovered"):
                continue
            sent = self.sentence_of(rx.start())
            self.emit(mission.key, "partOf", org, sent, 0.75, "anaphora")
            for st in mission.deployed_in:
                self.emit(mission.key, "deployedIn", st, sent, 0.7, "anaphora")

    def possessed_missions(self) -> None:
        """'France announced the end of its Operation Sangaris': the owner of a mission, named as
        the sentence's first actor, contributes to it (a state) or is its parent (an organisation)."""
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for m in ms:
                if self.ctx.type(m.actor) != "Mission" or not ITS.search(self.ctx.text[max(s0, m.start - 40):m.start]):
                    continue
                owner = next((x for x in ms if x.end <= m.start and x.kind not in ("adjective", "anaphor", "nested")
                              and self.ctx.type(x.actor) in ("Government", "Agency")), None)
                if owner is None:
                    continue
                p = "contributesTo" if self.ctx.type(owner.actor) == "Government" else "partOf"
                s, o = (owner.actor, m.actor) if p == "contributesTo" else (m.actor, owner.actor)
                self.emit(s, p, o, (s0, s1), 0.7, "possessive")

    def confirmed_by_reference(self) -> None:
        """A mission and the state the reference data deploys it in, named in one sentence, or an
        organ and its parent organisation: the sentence speaks of that link."""
        for (s0, s1), in_s in zip(self.sentences, self.in_sentence):
            ms = [m for m in in_s if m.kind != "nested"]
            keys = {m.actor for m in ms}
            for k in keys:
                a = self.ctx.actors.get(k)
                if not a:
                    continue
                for st in a.deployed_in:
                    if st in keys:
                        self.emit(k, "deployedIn", st, (s0, s1), 0.7, "reference+sentence")
                if a.parent in keys and a.type in ("Mission", "Agency"):
                    self.emit(k, "partOf", a.parent, (s0, s1), 0.7, "reference+sentence")

    def relative_clauses(self) -> None:
        """'the Wagner Group, which the United States and the European Union have sanctioned':
        the actors of the relative clause act on the one it qualifies."""
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for i, a in enumerate(ms):
                rel = self.ctx.text.startswith(",", a.end) and WHICH.match(self.ctx.text[a.end:a.end + 20])
                if not rel:
                    continue
                agents = []
                for b in ms[i + 1:]:
                    gap = self.ctx.text[(agents[-1].end if agents else a.end + rel.end()):b.start]
                    if agents and not AND_GAP.fullmatch(gap):
                        break
                    if not agents and gap:
                        break
                    agents.append(b)
                if not agents:
                    continue
                tail = self.ctx.text[agents[-1].end:s1]
                for p in self.words.order:
                    hit = self.words.compiled[p].match(tail.lstrip()) or re.match(
                        rf"\s*(?:has|have|had|will|would)?\s*(?:\w+ly\s+)?\b(?:{self.words.words[p]})\b", tail, re.I)
                    if not hit:
                        continue
                    subj_types, obj_types = PREDICATE_TYPES[p]
                    for b in agents:
                        if self.ctx.type(b.actor) in subj_types and self.ctx.type(a.actor) in obj_types:
                            self.emit(b.actor, p, a.actor, (s0, s1), 0.7, "relative-clause")
                    break

    def agreements(self) -> None:
        """'The signing of the DDPD between the Government of Sudan and the LJM': the parties to an
        agreement named in a sentence about signing or implementing it implement it."""
        parties = {"Government", "ArmedGroup"}
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            sentence = self.ctx.text[s0:s1]
            if not _says(_AGREEMENT_LOWER, AGREEMENT, sentence, _lower(sentence)):
                continue
            for p in ms:
                if self.ctx.type(p.actor) != "Programme":
                    continue
                for x in ms:
                    if self.ctx.type(x.actor) in parties and not (p.start <= x.start < p.end):
                        if NEGATION.search(self.ctx.text[min(x.end, p.end):max(x.start, p.start)]):
                            continue
                        conf = 0.5 if HEDGE.search(sentence) else 0.7
                        self.emit(x.actor, "implements", p.actor, (s0, s1), conf, "agreement")

    # -- roles
    def roles(self) -> None:
        """'Minister of Foreign Affairs Stéphane Dion' is a member of his state; 'President William
        Ruto' leads his; 'UN Secretary-General Ban Ki-moon' leads the UN. The owner is the actor
        named in or just before the title, else the UN for its officials, else the article's state."""
        fallback = []  # roles whose owner is only the article's state: kept if nothing better
        explicit = set()
        for m in self.mentions:
            if self.ctx.type(m.actor) != "Person":
                continue
            sent = self.sentence_of(m.start)
            before = self.ctx.text[max(sent[0], m.start - 120):m.start]
            titles = list(ROLE_TITLES.finditer(before))
            if not titles or before[titles[-1].end():].count(" ") > 6:
                self._apposed_role(m)
                continue
            i = len(titles) - 1
            while i and TITLE_OF_TITLE.fullmatch(before[titles[i - 1].end():titles[i].start()]):
                i -= 1  # "Special Representative of the UN Secretary-General": the first title is theirs
            t = titles[i]
            title_at = m.start - len(before) + t.start()
            local = [x for x in self.mentions_of_sentence(m.start)
                     if x.actor != m.actor and x.end <= m.start and self.ctx.type(x.actor) in ORGS]
            # named in the title ("Minister of Defence of Kenya") or just before it ("Haiti Prime
            # Minister", "Canada's Minister", "UN Secretary General,")
            # (not the field a title names: "Special Representative of the UN Secretary-General
            # for Iraq" is the UN's, not Iraq's)
            owner = next((x.actor for x in local if x.start >= title_at
                          and not FOR_FIELD.search(self.ctx.text[max(0, x.start - 8):x.start])), None)
            if owner is None:
                prior = [x for x in local if x.end <= title_at
                         and re.fullmatch(r"\s*(?:[’']s?)?\s*", self.ctx.text[x.end:title_at])]
                owner = prior[-1].actor if prior else None
            if owner is None and re.search(r"Secretary[- ]General|Special Representative", t.group()):
                owner = "UN" if "UN" in self.ctx.present else None  # a UN official
            lead = (LEADER_TITLES.fullmatch(t.group()) and not DEPUTY.match(t.group())
                    and not FORMER.search(before[:t.start()]))  # a former president is a member
            if owner is None and re.search(r"President|Prime Minister|Minister", t.group()):
                # a head of government or a minister with no state at the title: the one state
                # named earlier in the sentence (of two, "with Cuba and Norway as guarantors, and
                # signed by President Juan Manuel Santos", neither), else (less sure) the state the
                # article is about
                states = {x.actor for x in local if self.ctx.type(x.actor) == "Government" and x.kind != "adjective"
                          and not re.match(r",\s*(?:which|who)\b", self.ctx.text[x.end:x.end + 10])}
                if len(states) == 1:
                    owner = states.pop()
                elif not states and self.ctx.sure_home:
                    fallback.append((m.actor, "leads" if lead else "memberOf", self.ctx.sure_home, sent))
            if owner is None:
                continue
            explicit.add(m.actor)
            self.emit(m.actor, "leads" if lead and self.ctx.type(owner) in ORGS else "memberOf", owner, sent,
                      0.8, "role")
        # a role whose state the text does not name belongs to the state the article is clearly
        # about, unless another head with no state shares its sentence ("Prime Minister Albin Kurti
        # in Pristina and President Aleksandar Vučić in Belgrade" do not both lead Kosovo)
        heads = Counter(sent for person, p, _, sent in fallback if person not in explicit and p == "leads")
        for person, p, owner, sent in fallback:
            if person not in explicit and (p != "leads" or heads[sent] == 1):
                self.emit(person, p, owner, sent, 0.6, "role:article-state")

    def _apposed_role(self, m: Mention) -> None:
        """'Martin Griffiths, the UN Special Envoy for Yemen': a role given after the name."""
        of = TITLE_OF.match(self.ctx.text[m.end:m.end + 80])
        if of and APPOSED_TITLE.fullmatch(of.group("title")):
            pos = m.end + of.end()  # "Amina Yusuf, director of the Juba Peace Institute"
            org = next((x for x in self.index.window(pos, pos + 1) if x.start == pos
                        and self.ctx.type(x.actor) in ORGS), None)
            if org is not None:
                lead = (re.match(r"(?i:head|chief|director|chair|president|leader|commander)", of.group("title"))
                        and "former" not in of.group(0))
                self.emit(m.actor, "leads" if lead else "memberOf", org.actor, self.sentence_of(m.start), 0.8, "role")
                return
        after = re.match(r",\s+(?:(?:a|an|the)\s+)?(?P<former>former\s+)?(?:then\s+|current\s+)?",
                         self.ctx.text[m.end:m.end + 40])
        if not after:
            return
        pos = m.end + after.end()
        org = next((x for x in self.index.window(pos, pos + 1) if x.start == pos
                    and self.ctx.type(x.actor) in ORGS), None)
        if org is not None and after.group("former"):
            title = ROLE_TITLES.match(self.ctx.text, org.end + 1)
            if title:  # "Roza Otunbayeva, a former president of Kyrgyzstan": a member now
                self.emit(m.actor, "memberOf", org.actor, self.sentence_of(m.start), 0.75, "role:former")
            return
        if org is None:  # "Nicholas Haysom, the Special Representative of the Secretary-General"
            title = ROLE_TITLES.match(self.ctx.text, pos)
            if title and re.search(r"Secretary[- ]General|Special Representative", self.ctx.text[pos:pos + 60]) \
                    and "UN" in self.ctx.present:
                self.emit(m.actor, "memberOf", "UN", self.sentence_of(m.start), 0.75, "role")
            return
        title = ROLE_TITLES.match(self.ctx.text, org.end + 1)
        if not title:
            return
        lead = LEADER_TITLES.fullmatch(title.group()) and not DEPUTY.match(title.group())
        self.emit(m.actor, "leads" if lead else "memberOf", org.actor, self.sentence_of(m.start), 0.8, "role")

    def bios(self) -> None:
        rx = BIO
        for para in re.finditer(r"[^\n]+", self.ctx.text):
            m = rx.match(para.group())
            if not m:
                continue
            local = self.index.between(para.start(), para.end())
            who = next((x for x in local if x.start == para.start() and self.ctx.type(x.actor) == "Person"), None)
            org = next((x for x in local if x.start >= para.start() + m.end() - 4
                        and self.ctx.type(x.actor) in ORGS), None)
            if who and org and org.start - para.start() < m.end() + 5:
                self.emit(who.actor, "memberOf", org.actor, self.sentence_of(para.start()), 0.85, "bio")

    # -- trigger words between two actors
    def triggers(self) -> None:
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            if len(ms) < 2 or in_heading(self.ctx.text, s0):
                continue  # a headline is not a sentence
            pairs = [(a, b) for i, a in enumerate(ms) for b in ms[i + 1:]
                     if a.actor != b.actor and b.start - a.end <= 220]
            if not pairs:
                continue
            found = Triggers(self.ctx.text[s0:s1], s0, self.words)
            for a, b in pairs:
                self._pair(a, b, (s0, s1), found)

    def _pair(self, a: Mention, b: Mention, sent: tuple[int, int], found: Triggers) -> None:
        text = self.ctx.text
        if found.breaks and found.first(found.breaks, a.end, b.start) is not None:
            return  # "; ", "while", "but", "and was …": another clause, another subject
        ta, tb = self.ctx.type(a.actor), self.ctx.type(b.actor)
        member = found.first_span(found.members, a.end, b.start)
        if member and ta == "Agency" and tb == "Government":
            mid = self.index.between(a.end, b.start)
            listed = [m for m in mid if m.start >= member[1]]
            if not [m for m in mid if m.start < member[1]] and _listed(text, [*listed, b]):
                self.emit(b.actor, "partOf", a.actor, sent, 0.8, "members")
            return
        if id(a) in self.qualifiers or id(b) in self.qualifiers or "nested" in (a.kind, b.kind):
            return
        if "adjective" in (a.kind, b.kind):
            return  # "a French commander": an adjective, not the state acting
        if text.startswith("-", a.end) and HYPHEN_MODIFIER.match(text[a.end:a.end + 2]):
            if LED.match(text[a.end:a.end + 5]) and not text[a.end + 4:b.start].strip(" ,"):
                self.emit(a.actor, "leads", b.actor, sent, 0.75, "x-led")
            return  # "UN-administered", "NATO-led": a modifier, not a clause
        others = None
        for p in self.words.order:
            hit = found.first_span(found.hits(p), a.end, b.start)
            if not hit:
                continue
            t0, t1, word = hit
            if others is None:
                others = [m for m in self.index.between(a.end, b.start)
                          if m.actor not in (a.actor, b.actor) and id(m) not in self.qualifiers]
            # the subject is the actor nearest the trigger, or one of a list ending there ("the US
            # and Israel criticised"); actors after the trigger only as a list ("Mali, Niger and Chad")
            left = [m for m in others if m.end <= t0]
            right = [m for m in others if m.start >= t0]
            if left and not _listed(text, [a, *left]):
                continue
            if right and not _listed(text, [*right, b]):
                continue
            if NEGATION.search(text[max(a.end, t0 - 40):t0]):
                return
            if RELATIVE_BEFORE.search(text[a.end:t0]):
                continue  # "the Council said the mission which will be led by": the mission is led
            if RELATIVE_AFTER.search(text[t1:b.start]):
                continue  # "supporting the transition, which the Council requested": another clause
            subj_types, obj_types = PREDICATE_TYPES[p]
            passive = not word.lower().endswith("ing") and (  # "are participating in" is active
                BY_AFTER.match(text[t1:b.start]) is not None or bool(PASSIVE_BEFORE.search(text[a.end:t0])))
            giver_after = bool(GIVER_AFTER.match(text[t0:b.start]))
            s, o = (b, a) if passive or giver_after else (a, b)
            if passive and BY_BEFORE.search(text[max(0, a.start - 8):a.start]):
                continue  # "authorized by the AU and endorsed by the Council": both agents, neither object
            if s is a and GERUND_BEFORE.search(text[max(0, s.start - 20):s.start]):
                continue  # "degrading al-Shabaab, supporting …": an object, not the subject
            if p != "deployedIn" and self._a_place(s):
                continue  # "in Niger", "jihadists in Burkina Faso, Chad and Mali": a place, not who acts
            if p == "opposes" and self.ctx.type(o.actor) == "Government" and self._a_place(o, OUT_OF_BEFORE):
                continue  # "operating out of Chad and Niger": where, not whom
            sa, oa = self.ctx.actors.get(s.actor), self.ctx.actors.get(o.actor)
            if p != "leads" and sa and oa and (sa.parent == oa.key or oa.parent == sa.key
                                                or sa.country == oa.key or oa.country == sa.key):
                return  # an organ and its parent: the name says partOf, not support
            ts, to = self.ctx.type(s.actor), self.ctx.type(o.actor)
            if p == "requests" and not passive and len(text[t1:b.start].split()) > 3:
                continue  # "asked the Secretary-General to appoint an envoy for Afghanistan"
            if p == "deployedIn" and word.lower() == "in" and (
                    ts != "Mission" or len(text[a.end:b.start].strip()) > 12):
                continue
            if p == "implements" and ts == "Government" and to == "Mission":
                # "France launched Operation Barkhane": a state's own operation, which it staffs
                p, subj_types, obj_types = "contributesTo", {"Government"}, {"Mission"}
            if ts in subj_types and to in obj_types:
                # hedging counts in the clause that carries the link, not anywhere in the sentence
                hedged = found.hedged and HEDGE.search(text[max(sent[0], min(s.start, o.start) - 40):max(s.end, o.end)])
                conf = 0.5 if hedged else 0.75
                if p == "requests" and (LEAVE.match(text, o.end) or POSSESSIVE_DEPARTURE.match(text, o.end)
                                        or DEPARTURE_BEFORE.search(text[t1:o.start])):
                    self.emit(s.actor, "opposes", o.actor, sent, conf, f"request-to-leave:{word.lower()}")
                    return  # "asked MONUSCO to leave": opposition, not a request
                self.emit(s.actor, p, o.actor, sent, conf, f"trigger:{word.lower()}")
                if s is a:
                    for c in self._companions(o, sent):
                        if self.ctx.type(c.actor) in subj_types:
                            self.emit(c.actor, p, o.actor, sent, conf, "companion")
                return

    def _a_place(self, m: Mention, before: re.Pattern | None = None) -> bool:
        """Is this mention, or the list it closes ('in Burkina Faso, Chad and Mali'), a place?"""
        text = self.ctx.text
        head = m
        for x in reversed([x for x in self.mentions_of_sentence(m.start) if x.end <= m.start]):
            if not LIST_GAP.fullmatch(text[x.end:head.start]) or x.kind == "anaphor":
                break
            head = x
        return bool((before or PLACE_BEFORE).search(text[max(0, head.start - 40):head.start]))

    def _companions(self, m: Mention, sent: tuple[int, int]) -> list[Mention]:
        """'participating in the EACRF alongside Kenya and South Sudan': the actors listed after
        'alongside', 'along with' or 'together with' act as the subject does."""
        joint = ALONGSIDE.match(self.ctx.text, m.end)
        if not joint:
            return []
        after = [x for x in self.mentions_of_sentence(m.start) if x.start >= joint.end() and x.end <= sent[1]]
        if not after or after[0].start != joint.end():
            return []
        listed = [after[0]]
        for x in after[1:]:
            if not LIST_GAP.fullmatch(self.ctx.text[listed[-1].end:x.start]):
                break
            listed.append(x)
        return listed

    def contributor_lists(self) -> None:
        """'Other LOTFA donors are Canada, Denmark and Japan', 'AMISOM troop contributing countries,
        namely Burundi and Kenya', 'The largest troop contributors are Argentina and the United
        Kingdom': each one listed funds or contributes to what the noun names, or, for a mission's
        contributors with nothing named, to the mission last named."""
        text = self.ctx.text
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for m in word_starts(CONTRIBUTORS, text[s0:s1]):
                p = "funds" if m.group("kind").lower().startswith(("donor", "funder")) else "contributesTo"
                n0, n1 = s0 + m.start(), s0 + m.end()
                target = self._named_at(ms, n0, before=True) or self._named_at(ms, n1, before=False)
                if target is None and p == "contributesTo":
                    target = self._mission_in_view(ms, n0)
                if target is None:
                    continue
                listed = [x for x in ms if x.start >= (target.end if target.start > n0 else n1)]
                listed = self._list_from(listed)
                subj_types, obj_types = PREDICATE_TYPES[p]
                if self.ctx.type(target.actor) not in obj_types:
                    continue
                for x in listed:
                    if self.ctx.type(x.actor) in subj_types:
                        self.emit(x.actor, p, target.actor, (s0, s1), 0.7, "contributor-list")

    def _named_at(self, ms: list[Mention], pos: int, before: bool) -> Mention | None:
        """The actor named right before `pos` ('LOTFA donors'), or right after it ('donors to LOTFA',
        'contributors of AMISOM')."""
        text = self.ctx.text
        for x in ms:
            if before and x.end <= pos and re.fullmatch(r"\s*(?:[’']s)?\s*(?:\([A-Za-z]+\)\s*)?", text[x.end:pos]):
                return x
            if not before and x.start >= pos and re.fullmatch(r"\s*(?:\([A-Za-z]+\)\s*)?(?:to|of|in|for)\s+(?:the\s+)?",
                                                           text[pos:x.start]):
                return x
        return None

    def _list_from(self, ms: list[Mention]) -> list[Mention]:
        """The coordinated list that the first of `ms` opens: 'Argentina and the United Kingdom,
        followed by Slovakia and Hungary'."""
        if not ms:
            return []
        out = [ms[0]]
        for x in ms[1:]:
            if not (LIST_GAP.fullmatch(self.ctx.text[out[-1].end:x.start])
                    or FOLLOWED_BY.fullmatch(self.ctx.text[out[-1].end:x.start])):
                break
            out.append(x)
        return out

    def _mission_in_view(self, ms: list[Mention], pos: int) -> Mention | None:
        """The mission a sentence speaks of: the one it names, else the one last named before."""
        named = [x for x in ms if self.ctx.type(x.actor) == "Mission" and x.kind != "nested"]
        if named:
            return named[0]
        prior = [x for x in self.index.window(pos - 3000, pos) if x.end <= pos and self.ctx.type(x.actor) == "Mission"]
        return prior[-1] if prior else None

    def contingents(self) -> None:
        """'officers from Malaysia, Australia and Portugal', 'the fifth Senegalese detachment of the
        ECOWAS Mission', 'Chadian troops': a state whose troops or police serve contributes to the
        mission the sentence speaks of."""
        text = self.ctx.text
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for m in word_starts(FROM_STATES, text[s0:s1]):
                listed = self._list_from([x for x in ms if x.start >= s0 + m.end()])
                if not listed or listed[0].start != s0 + m.end():
                    continue
                mission = self._mission_in_view(ms, s0 + m.start())
                for x in listed:
                    if mission and self.ctx.type(x.actor) == "Government":
                        self.emit(x.actor, "contributesTo", mission.actor, (s0, s1), 0.7, "contingent")
            for x in ms:
                if x.kind != "adjective" or self.ctx.type(x.actor) != "Government":
                    continue
                if not STATE_UNITS.match(text, x.end):
                    continue
                mission = self._mission_in_view(ms, x.start)
                if mission:
                    self.emit(x.actor, "contributesTo", mission.actor, (s0, s1), 0.7, "contingent")

    def affiliations(self) -> None:
        """'Crisis Group experts Ashish Pradhan and Graeme Smith', 'a report by Christoph Vogel and
        Josaphat Usamba for the Rift Valley Institute': persons named with an organisation's role
        noun before them, or 'for/of/at' an organisation after them, belong to it."""
        roles = _role_pattern(self.ctx.role_nouns)
        text = self.ctx.text
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for i, m in enumerate(ms):
                if self.ctx.type(m.actor) != "Person" or (i and self.ctx.type(ms[i - 1].actor) == "Person"
                                                         and LIST_GAP.fullmatch(text[ms[i - 1].end:m.start])):
                    continue  # a list is read from its first name
                people = self._list_from([x for x in ms[i:]])
                people = [x for x in people if self.ctx.type(x.actor) == "Person"]
                org, lead = None, False
                if i and self.ctx.type(ms[i - 1].actor) in AFFILIATIONS and roles:
                    role = roles.fullmatch(text[ms[i - 1].end:m.start])
                    if role:
                        org, lead = ms[i - 1], bool(LEADER_NOUN.match(role.group("role")))
                after = next((x for x in ms if x.start >= people[-1].end), None)
                if org is None and after is not None and self.ctx.type(after.actor) in AFFILIATIONS \
                        and FOR_ORG.fullmatch(text[people[-1].end:after.start]):
                    org = after
                if org is None:
                    continue
                for x in people:
                    if not any((x.actor, p, org.actor) in self.out for p in ("leads", "memberOf")):
                        self.emit(x.actor, "leads" if lead else "memberOf", org.actor, (s0, s1), 0.75, "affiliation")

    def requests_to_leave(self) -> None:
        """'Tshisekedi wants the EACRF out of the country', 'the government asked for the mission's
        departure', 'called for the withdrawal of MONUSCO': asking a force to leave is opposing it."""
        text = self.ctx.text
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            sentence = text[s0:s1]
            if not DEPART_WORDS.search(sentence):
                continue
            for o in ms:
                if self.ctx.type(o.actor) not in ("Mission", "Government", "Agency", "ArmedGroup"):
                    continue
                before = text[max(s0, o.start - 60):o.start]
                after = text[o.end:min(s1, o.end + 40)]
                verb = ((OUT.match(after) and WANT_OUT.search(before)) or DEPARTURE_OF.search(before)
                        or (POSSESSIVE_DEPARTURE.match(after) and ASK_FOR.search(before)))
                if not verb:
                    continue
                v0 = o.start - len(before) + verb.start()  # where the asking starts
                subject = next((x for x in reversed(ms) if x.end <= v0 and x.actor != o.actor
                                and self.ctx.type(x.actor) in ANY - {"Programme"}), None)
                if subject is not None:
                    self.emit(subject.actor, "opposes", o.actor, (s0, s1), 0.7, "request-to-leave")

    def mandates(self) -> None:
        """'the Council adopted resolution 2373, which extended the mandate of UNIFIL', 'EUFOR's
        mandate is renewed every year by the Security Council': the Council backs the mission it
        establishes, authorises, extends or renews (not one whose mandate it ends)."""
        council = next((k for k in self.ctx.present if self.ctx.actors[k].acronym == "UNSC"), None)
        if council is None:
            return
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            if not any(m.actor == council for m in ms):
                continue
            sentence = self.ctx.text[s0:s1]
            if not MANDATE.search(sentence) or ENDS_MANDATE.search(sentence) or COUNCIL_MEMBERS.search(sentence):
                continue  # not when it ends a mandate, nor when its members only talk of one
            for m in ms:
                if self.ctx.type(m.actor) == "Mission" and m.kind != "nested":
                    self.emit(council, "supports", m.actor, (s0, s1), 0.7, "mandate")

    def run(self) -> list[Relation]:
        self.from_names()
        self.anaphoric_missions()
        self.possessed_missions()
        self.confirmed_by_reference()
        self.relative_clauses()
        self.agreements()
        self.roles()
        self.bios()
        self.affiliations()
        self.contributor_lists()
        self.contingents()
        self.mandates()
        self.requests_to_leave()
        self.triggers()
        return sorted(self.out.values(), key=lambda r: (r.start, r.subject, r.predicate, r.object))


@lru_cache(maxsize=8)
def _role_pattern(nouns: frozenset[str]) -> re.Pattern | None:
    """What stands between an organisation and the persons it names: "'s senior experts ", " head, "."""
    if not nouns:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"(?:[’']s)?\s+(?:(?:senior|chief|deputy|former|then|current|acting)\s+)?"
                      rf"(?P<role>(?:{alternatives})(?:s|es)?),?\s+", re.I)


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


def read_relations(ctx: Context, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Relation]:
    return RelationReader(ctx, sentences, mentions).run()
