"""Trigger words between two actors ("deployed in", "funded", "asked", "fighting"), checked against
the types each predicate allows, turned round for the passive, dropped when negated, weakened when
hedged."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..model import Mention
from ..text import Headings, word_starts
from .base import (
    _HEDGE_LOWER,
    HEDGE,
    LIST_GAP,
    NEGATION,
    POSSESSIVE_DEPARTURE,
    PREDICATE_TYPES,
    TriggerWords,
    _listed,
    _lower,
    _says,
)

# nouns whose giver follows them: "the backing of France", "support from Canada"
GIVER_AFTER = re.compile(
    r"^(?:backing|support|assistance|help|funding|aid|advice|training|contributions?|troops?|police|personnel"
    r"|contingents?|peacekeepers|officers)\b[^.;]{0,30}?\b(?:of|from|by)\s+(?:the\s+)?$", re.I)
# before such a noun, its "of" names who gets it: "a regional response in support of the DRC"
IN_AID_OF = re.compile(r"\bin $")
# a clause break: ";" or one of these words (scanned apart, with word_starts())
SEMICOLON = re.compile(";")
CLAUSE_WORDS = re.compile(r"while\b|whereas\b|but\b|and (?:was|were|is|are|has|have|had|will|would)\b"
                          r"|and \w+ed by\b")
MEMBERS = re.compile(r"member(?: state)?s?\b")  # for word_starts()
# between "members" and the first of them: "Council members France and the UK", "members such as Kenya"
MEMBERS_GAP = re.compile(r"\s*(?:[,:(]\s*)?(?:[^.;]{0,40}?\b(?:such as|including|namely|like|notably|among them"
                         r"|are|were|is|was|include)\s+)?(?:the\s+)?")
HYPHEN_MODIFIER = re.compile(r"-[a-z]")
LED = re.compile(r"-led\b")
RELATIVE_BEFORE = re.compile(r"\b(?:the|a|an) [a-z]+(?: [a-z]+)? (?:which|that|who)\b")
RELATIVE_AFTER = re.compile(r",\s*(?:which|who|whom|whose)\b")
RELATIVE_MID = re.compile(r"\s(?:that|which|who)\s+(?:\w+\s+)?(?:have|has|had|are|is|were|was|will|would)\s")
BY_AFTER = re.compile(r"\s*(?:\w+\s+)?by\b")
FROM_AFTER = re.compile(r"\s+(?:from|through)\s+")  # "financed from UN contributions": the giver follows
AND_OPENS = re.compile(r",\s+and\s+(?:the\s+)?$")
NOUN_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+$")
SPEAKER = re.compile(r"\s+(?:said|says|added|adds|noted|stated|announced|explained|told|insisted|argued)\b")
SPEAKER_BEFORE = re.compile(r",\s+(?:the\s+)?$")
PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:\w+ly\s+)?$")
BY_BEFORE = re.compile(r"\bby\s+(?:the\s+)?$")
ON_BEFORE = re.compile(r"\b(?:on|about|over|towards?|regarding)\s+(?:the\s+)?$")
GERUND_BEFORE = re.compile(r"\b\w{3,}ing\s+(?:the\s+)?$")
OUT_OF_BEFORE = re.compile(r"\b(?:in|at|near|from|out of|across|throughout)\s+(?:the\s+)?$")
PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from)\s+(?:the\s+)?$"
                          r"|\b(?!government|authorities|forces)[a-z]+ of\s+(?:the\s+)?$")
# after the object of a request: a request to leave ("asked MONUSCO to leave", "wants the EACRF out")
LEAVE = re.compile(r"\s+(?:to\s+(?:leave|withdraw|depart|pull\s+out|quit|go\s+home|end\s+its)\b|out\s+of\b|out\b)")
DEPARTURE_BEFORE = re.compile(r"\b(?:departure|withdrawal|exit|pull-?out)\s+of\s+(?:the\s+)?$")
# "back" as an adverb, not the verb: "brings back to the Council's table", "pushed back the rebels",
# "Taliban back in charge", "go back to" (a particle after a verb, or before a preposition)
BACK_ADVERB_AFTER = re.compile(r"\s+(?:to|into|in|from|on|out|home|down|over|away|by)\b")
BACK_ADVERB_BEFORE = re.compile(
    r"\b(?:\w+ed|brings?|brought|bringing|comes?|came|coming|go|goes|went|going|gone|beats?|beaten|fights?"
    r"|fought|holds?|held|drives?|drove|driven|cuts?|sets?|gets?|got|gives?|gave|pays?|paid|sends?|sent|turns?"
    r"|pulls?|rolls?|scales?|steps?|falls?|fell|push|pushes|pushing|way)\s+$", re.I)


LAUNCHES = re.compile(r"launch|establish|creat|set up|run")
# before "implementation": who watches over or helps another's work ("expected to verify implementation of
# the Final Agreement", "supporting implementation of the R-ARCSS"), not who carries it out
OVERSEES = re.compile(r"\b(?:verif\w*|monitor\w*|overse\w*|observ\w*|support\w*|assist\w*|track\w*|facilitat\w*)"
                      r"\s+(?:the\s+)?(?:(?:full|effective|timely)\s+)?$")


def _possible() -> dict[str, set[tuple[str, str]]]:
    """(type of the first actor, type of the second) that each predicate can link, in either voice
    (a state "launching" its own mission contributes to it: implements is possible there too)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for p, (subjects, objects) in PREDICATE_TYPES.items():
        pairs = {(s, o) for s in subjects for o in objects}
        out[p] = pairs | {(o, s) for s, o in pairs}
    out["implements"] |= {("Government", "Mission"), ("Mission", "Government")}
    return out


POSSIBLE = _possible()


class Triggers:
    """The clause breaks, "member states" and trigger words of one sentence, each scanned once, the
    trigger words only when a pair of actors gets as far as asking for them."""

    def __init__(self, sentence: str, start: int, words: TriggerWords):
        self.sentence, self.start, self.words = sentence, start, words
        self.lower = _lower(sentence)  # for the fast scans, where lower-casing is exact
        # (each scan only where its word is: most sentences have no ";" and no "member")
        breaks = [start + m.start() for m in SEMICOLON.finditer(sentence)] if ";" in sentence else []
        if "and " in sentence or "but" in sentence or "while" in sentence or "whereas" in sentence:
            breaks += [start + m.start() for m in word_starts(CLAUSE_WORDS, sentence)]
        self.breaks = sorted(breaks)
        self.members = ([(start + m.start(), start + m.end()) for m in word_starts(MEMBERS, sentence)]
                        if "member" in sentence else [])
        self._hits: dict[str, list[tuple[int, int, str]]] = {}
        self._opened: set[str] | None = None  # the predicates whose words' openings the sentence holds
        self._hedged: bool | None = None

    def hits(self, p: str) -> list[tuple[int, int, str]]:
        """The trigger words of predicate p, as (start, end, word), in text order."""
        found = self._hits.get(p)
        if found is None:
            s0, sentence = self.start, self.sentence
            if self.lower and p in self.words.opened:  # none of p's words opens in the sentence: none is there
                if self._opened is None:
                    self._opened = self.words.predicates_opened(self.lower)
                if p not in self._opened:
                    self._hits[p] = found = []
                    return found
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


class TriggerRules:
    """The rules of trigger words between two actors,
    mixed into RelationReader (graph/relations/__init__.py), whose `self` they read."""

    # -- trigger words between two actors
    def triggers(self) -> None:
        self._fitting: dict[tuple, list[str]] = {}  # the predicates a pair of types can fit, in order
        in_heading = Headings(self.ctx.text)
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            if len(ms) < 2 or in_heading(s0):
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
        member = found.first_span(found.members, a.end, b.start) if found.members else None
        if member and ta == "Agency" and tb == "Government":
            mid = self.index.between(a.end, b.start)
            listed = [m for m in mid if m.start >= member[1]]
            first = (listed or [b])[0]
            if (not [m for m in mid if m.start < member[1]] and _listed(text, [*listed, b])
                    and MEMBERS_GAP.fullmatch(text, member[1], first.start)):
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
        fitting = self._fitting.get((ta, tb))
        if fitting is None:  # no voice makes a pair's types fit the others: their words need no scan
            fitting = self._fitting[ta, tb] = [p for p in self.words.order if (ta, tb) in POSSIBLE[p]]
        for p in fitting:
            spans = found.hits(p)
            hit = found.first_span(spans, a.end, b.start) if spans else None
            if not hit:
                continue
            t0, t1, word = hit
            if self.index.overlapping(t0, t1):
                continue  # the word is part of a name: the "Rapid Support Forces" support no one
            if word.lower() == "back" and (BACK_ADVERB_AFTER.match(text, t1)
                                           or BACK_ADVERB_BEFORE.search(text, max(0, t0 - 16), t0)):
                continue  # "a debate that ATMIS brings back to the Security Council's table"
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
            if RELATIVE_AFTER.search(text[t1:b.start]) or RELATIVE_MID.search(text, t1, b.start):
                continue  # "supporting the transition, which the Council requested", "a partnership among
                # states that have been hit by al-Qaeda": the object is another clause's
            subj_types, obj_types = PREDICATE_TYPES[p]
            if p == "leads" and ta != "Person" and tb != "Person" and NOUN_BEFORE.search(text, max(0, t0 - 8), t0):
                continue  # "a renewed UN mandate, the head of the EU Delegation": a post, which a person holds
            if SPEAKER.match(text, b.end) and SPEAKER_BEFORE.search(text, max(0, b.start - 8), b.start):
                continue  # "…will be provided with advice, the EU added": who says it, not the object
            if self._new_clause(t1, b):
                continue  # "Turkey trains units in Mogadishu, and the EU runs …": the EU opens a clause
            passive = not word.lower().endswith("ing") and (  # "are participating in" is active
                BY_AFTER.match(text[t1:b.start]) is not None or bool(PASSIVE_BEFORE.search(text[a.end:t0]))
                or (word.lower().endswith("ed") and FROM_AFTER.match(text, t1, b.start) is not None))
            giver_after = bool(GIVER_AFTER.match(text[t0:b.start])) and not IN_AID_OF.search(text, max(0, t0 - 4), t0)
            s, o = (b, a) if passive or giver_after else (a, b)
            if o.kind == "anaphor" and "esolution" in o.text:
                continue  # "the implementation of Resolution 1701": the text, not the Council, is the object
            if passive and o is a and ON_BEFORE.search(text[max(0, a.start - 12):a.start]):
                continue  # "engagement on Lebanon is led by X": X leads the engagement, not Lebanon
            if passive and BY_BEFORE.search(text[max(0, a.start - 8):a.start]):
                continue  # "authorized by the AU and endorsed by the Council": both agents, neither object
            if s is a and GERUND_BEFORE.search(text[max(0, s.start - 20):s.start]):
                continue  # "degrading al-Shabaab, supporting …": an object, not the subject
            if p != "deployedIn" and not giver_after and self._a_place(s):
                continue  # "in Niger", "jihadists in Burkina Faso, Chad and Mali": a place, not who acts
                # (but "the backing of France", "support from Canada": the giver, named after its gift)
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
            if p == "implements" and ts == "Government" and to == "Mission" and LAUNCHES.match(word.lower()):
                # "France launched Operation Barkhane": a state's own operation, which it staffs
                # (not one it "signed" for: a host state signs a mission's agreement)
                p, subj_types, obj_types = "contributesTo", {"Government"}, {"Mission"}
            if p == "implements" and word.lower().startswith("implement") and OVERSEES.search(
                    text, max(0, t0 - 40), t0):
                p, subj_types, obj_types = "supports", *PREDICATE_TYPES["supports"]
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

    def _new_clause(self, t1: int, b: Mention) -> bool:
        """Does `b` open a clause of its own after the trigger's object ("trains units at its base,
        and the EU runs …"), rather than close a list of objects ("supports Mali, Niger, and Chad")?"""
        text = self.ctx.text
        joint = AND_OPENS.search(text, t1, b.start)
        if joint is None:
            return False
        words, pos = [], t1
        for m in self.index.between(t1, joint.start()):
            words.append(text[pos:m.start])
            pos = max(pos, m.end)
        words.append(text[pos:joint.start()])
        return re.search(r"[a-z]{3,}", " ".join(words)) is not None

    def _a_place(self, m: Mention, before: re.Pattern | None = None) -> bool:
        """Is this mention, or the list it closes ('in Burkina Faso, Chad and Mali'), a place?"""
        text = self.ctx.text
        head = m
        for x in reversed([x for x in self.mentions_of_sentence(m.start) if x.end <= m.start]):
            if not LIST_GAP.fullmatch(text[x.end:head.start]) or x.kind == "anaphor":
                break
            head = x
        return bool((before or PLACE_BEFORE).search(text[max(0, head.start - 40):head.start]))

