"""Relations a whole clause states: relative clauses, agreements and their parties, requests to
leave, the two sides of a conflict ("the war between Israel and Hezbollah"), an invader and the state
it invades ("the 1974 Turkish invasion of Cyprus"), the Security Council's
mandates, efforts made by one actor in a state, and what a state's adjective gives ("Rwandan support
to the M23")."""

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
# a mission the new one follows: "took over from AFISMA", "replacing MISCA", "the successor to MONUC"
PREDECESSOR = re.compile(r"\b(?:from|replac\w*|succe\w*(?: to)?|after|follow\w*)\s+(?:the\s+)?"
                         r"(?:[\w’'-]+\s+){0,3}$")
# after a state's adjective: what it gives, and to whom ("Rwandan support to the M23", "Qatari funding for")
GIVEN = re.compile(r"\s+(?:(?:military|financial|logistical|political|technical|direct)\s+)?(?P<what>support|backing"
                   r"|assistance|aid|help|training|advice|funding|financing|money|funds)\s+(?:to|for|of)\s+(?:the\s+)?")
FUNDING = {"funding", "financing", "money", "funds"}
EFFORT_WORDS = ("effort", "intervention", "assistance", "engagement", "involvement")  # what EFFORT needs
EFFORT = re.compile(r"(?:[Ee]fforts?|[Ii]nterventions?|[Aa]ssistance|[Ee]ngagement|[Ii]nvolvement)\b")
BY = re.compile(r"\s+(?:led\s+)?by\s+")
BY_ENDS = re.compile(r",|;|\s(?:in|to|for|on|with|against)\s")
LED = re.compile(r"-led\s+(?:[a-z]+\s+)?$")
# a conflict and its two sides: "the war between Israel and Hezbollah", "a bilateral ceasefire between the
# government and the ELN", "the cessation of hostilities between the Government and the FARC-EP"
CONFLICT_WORDS = ("between",)  # what CONFLICT_BETWEEN needs
CONFLICT_BETWEEN = re.compile(r"(?:war|wars|hostilities|fighting|clashes|conflict|ceasefire|cease-fire|truce"
                              r"|violence|tensions?) between (?:the )?")
AND_SIDE = re.compile(r"\s+and\s+(?:the\s+)?")
# a state taking another's land: "Israel's invasion of southern Lebanon", "the 1974 Turkish invasion of
# Cyprus" (the invader's name or adjective right before, the state invaded right after)
SEIZURE_WORDS = ("invasion", "occupation", "annexation")  # what SEIZURE needs
SEIZURE = re.compile(r"(?:invasion|occupation|annexation) of (?:the )?(?:(?:south|north|east|west)(?:ern)? )?")
SEIZER_GAP = re.compile(r"(?:[’']s)? (?:(?:full-scale|military|illegal) )?")
NO_EFFORT = re.compile(r"\b(?:no|any)\s+(?:[a-z-]+\s+)?$")  # "no intervention by NATO", "any involvement"


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
        text, low = self.ctx.text, self.low
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
        establishes, authorises, extends or renews (not one whose mandate it ends, nor the one the
        new mission takes over from)."""
        council = next((k for k in self.ctx.present if self.ctx.actors[k].acronym == "UNSC"), None)
        if council is None:
            return
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            if not any(m.actor == council for m in ms):
                continue
            sentence = self.ctx.text[s0:s1]
            if not MANDATE.search(sentence) or ENDS_MANDATE.search(sentence) or COUNCIL_MEMBERS.search(sentence):
                continue  # not when it ends a mandate, nor when its members only talk of one
            before = {m.actor for m in ms if PREDECESSOR.search(self.ctx.text, max(s0, m.start - 25), m.start)}
            for m in ms:
                if self.ctx.type(m.actor) == "Mission" and m.kind != "nested" and m.actor not in before:
                    self.emit(council, "supports", m.actor, (s0, s1), 0.7, "mandate")


    def efforts(self) -> None:
        """'the effort by the UN and the international community in South Sudan', 'an intervention
        by the EU and the UN, Mali is still struggling', 'UN-led efforts to reunite the country': who
        makes the effort supports the state it is made in (the state after "in", else the one
        other state the sentence names)."""
        text = self.ctx.text
        makers = ("Agency", "Government", "Mission", "Organisation")
        for e, (s0, s1), ms in self.scan_where(EFFORT, EFFORT_WORDS):
            agents, stop = [], None
            by = BY.match(text, e.end(), s1)
            if by:
                end = BY_ENDS.search(text, by.end(), s1)
                stop = end if end else None
                limit = end.start() if end else s1
                agents = [m for m in ms if by.end() <= m.start < limit]
            else:
                agents = [m for m in ms if m.end <= e.start() and LED.search(text, m.end, e.start())
                          and e.start() - m.end < 20]
            agents = [m for m in agents if self.ctx.type(m.actor) in makers and m.kind != "nested"]
            if not agents or NEGATION.search(text, s0, e.start()) or NO_EFFORT.search(
                    text[max(s0, e.start() - 30):e.start()]):
                continue
            states = [m for m in ms if self.ctx.type(m.actor) == "Government" and m not in agents]
            after_in = [m for m in states if stop is not None and stop.group().strip() == "in"
                        and m.start == stop.end()]
            targets = after_in or (states if len({m.actor for m in states}) == 1 else [])
            for a in agents:
                for t in targets[:1]:
                    self.emit(a.actor, "supports", t.actor, (s0, s1), 0.6, "efforts")

    def adjective_givers(self) -> None:
        """'Rwandan support to the M23', 'Qatari funding for the AU mission': the state the adjective
        names gives what the noun says to the actor named right after."""
        text = self.ctx.text
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for x in ms:
                if x.kind != "adjective" or self.ctx.type(x.actor) != "Government":
                    continue
                given = GIVEN.match(text, x.end, s1)
                if not given:
                    continue
                to = next((m for m in ms if m.start == given.end() and m.kind != "nested"), None)
                if to is None or to.actor == x.actor:
                    continue
                p = "funds" if given.group("what") in FUNDING else "supports"
                if self.ctx.type(to.actor) not in PREDICATE_TYPES[p][1]:
                    p = "supports"
                if self.ctx.type(to.actor) in PREDICATE_TYPES[p][1]:
                    self.emit(x.actor, p, to.actor, (s0, s1), 0.7, "adjective-giver")

    def conflicts_between(self) -> None:
        """'the war between Israel and Hezbollah', 'a bilateral ceasefire between the government and the
        ELN': the two sides of a conflict (or of the truce that halts one) oppose each other; the
        first named is the subject."""
        text = self.ctx.text
        sides = ANY - {"Programme"}
        for c, (s0, s1), ms in self.scan_where(CONFLICT_BETWEEN, CONFLICT_WORDS):
            first = next((m for m in ms if m.start == c.end() and m.kind not in ("nested", "adjective")), None)
            if first is None or self.ctx.type(first.actor) not in sides:
                continue
            gap = AND_SIDE.match(text, first.end)
            second = gap and next((m for m in ms if m.start == gap.end() and m.kind not in ("nested", "adjective")),
                                  None)
            if second is None or self.ctx.type(second.actor) not in sides:
                continue
            if NEGATION.search(text, max(s0, c.start() - 30), c.start()):
                continue
            self.emit(first.actor, "opposes", second.actor, (s0, s1), 0.7, "conflict-between")

    def seizures(self) -> None:
        """'Israel's invasion of southern Lebanon', 'the 1974 Turkish invasion of Cyprus', 'Russia's
        annexation of Crimea': the state (or armed group) that invades, occupies or annexes opposes
        the state whose land it takes."""
        text = self.ctx.text
        for w, (s0, s1), ms in self.scan_where(SEIZURE, SEIZURE_WORDS):
            by = next((m for m in ms if m.end <= w.start() and m.kind != "nested"
                       and SEIZER_GAP.fullmatch(text, m.end, w.start())), None)
            of = next((m for m in ms if m.start == w.end() and m.kind not in ("nested", "adjective")), None)
            if by is None or of is None or by.actor == of.actor:
                continue
            if self.ctx.type(by.actor) not in ("Government", "ArmedGroup") or self.ctx.type(of.actor) != "Government":
                continue
            if NEGATION.search(text, max(s0, by.start - 30), by.start):
                continue
            self.emit(by.actor, "opposes", of.actor, (s0, s1), 0.7, "seizure")
