"""Relations a whole clause states: relative clauses, agreements and their parties, requests to
leave, and the Security Council's mandates."""

from __future__ import annotations

import re

from .base import ANY, HEDGE, NEGATION, POSSESSIVE_DEPARTURE, PREDICATE_TYPES, _lower, _says

_AGREEMENT_WORDS = r"sign\w*|implement\w*|ratif\w*|adher\w*|agreed to"
AGREEMENT = re.compile(rf"\b(?:{_AGREEMENT_WORDS})\b", re.I)
_AGREEMENT_LOWER = re.compile(rf"(?:{_AGREEMENT_WORDS})\b")
WHICH = re.compile(r",\s+(?:which|whom)\s+(?:the\s+)?")
AND_GAP = re.compile(r"\s*(?:,|and|, and)\s*(?:the\s+)?")
DEPART_WORDS = ("want", "departure", "withdrawal", "exit", "pull-out", "pullout")  # what the patterns below need
WANT_OUT = re.compile(r"\bwant(?:s|ed|ing)?\s+(?:the\s+)?$")
OUT = re.compile(r"\s+out\b")
DEPARTURE_OF = re.compile(r"\b(?:ask\w*|call\w*|demand\w*|request\w*|urg\w*|push\w*)\s+(?:for\s+)?(?:the\s+)?"
                          r"(?:immediate\s+|swift\s+|accelerated\s+|rapid\s+|full\s+)?"
                          r"(?:departure|withdrawal|exit|pull-?out)\s+of\s+(?:the\s+)?$")
ASK_FOR = re.compile(r"\b(?:ask\w*|call\w*|demand\w*|request\w*|urg\w*)\s+(?:for\s+)?(?:the\s+)?$")
MANDATE = re.compile(r"\b(?:mandates?|resolutions?|authori[sz]\w*|establish\w*|extend\w*|renew\w*)\b", re.I)
ENDS_MANDATE = re.compile(r"\b(?:terminat\w*|end(?:s|ed|ing)? (?:the|its)|clos\w*|withdraw\w*|expir\w*|conclud\w*)\b",
                          re.I)
COUNCIL_MEMBERS = re.compile(r"\bCouncil members\b")


class ClauseRules:
    """The rules of what a whole clause states,
    mixed into RelationReader (graph/relations/__init__.py), whose `self` they read."""

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
            if not any(self.ctx.type(m.actor) == "Programme" for m in ms):
                continue  # the cheap test first: most sentences name no agreement
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

    def requests_to_leave(self) -> None:
        """'Tshisekedi wants the EACRF out of the country', 'the government asked for the mission's
        departure', 'called for the withdrawal of MONUSCO': asking a force to leave is opposing it."""
        text = self.ctx.text
        low = text.lower()
        if not any(w in low for w in DEPART_WORDS):
            return  # a quick look first: most articles ask no one to leave
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            sentence = low[s0:s1]
            if not any(w in sentence for w in DEPART_WORDS):
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

