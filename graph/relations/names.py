"""What names and the reference data state: "UN Security Council" is part of the UN, a mission named
with its state is deployed there, "its Operation Sangaris" is its owner's."""

from __future__ import annotations

import re

from ..text import has_words, word_starts

THE_ORG_MISSION = re.compile(r"th(?:e|is|at) (UN|U\.N\.|EU|AU|United Nations|European Union|African Union) "
                             r"(?:peacekeeping )?(?:mission|operation)\b")
ITS = re.compile(r"\b(?:its|their) (?:own )?(?:[a-z-]+ ){0,3}$")


# before a mission that another follows: "Following up an EU military advisory mission (EUMAM RCA)",
# "took over from AFISMA", "replacing MISCA", "the successor to MONUC"
PREDECESSOR = re.compile(r"\b(?:[Rr]eplac\w*|[Ss]ucce\w*(?: to)?|[Ff]ollow\w*(?: up)?|t(?:ook|akes?|aking) over from"
                         r"|transfer\w* (?:\w+ )?from)\s+(?:the\s+|an?\s+)?(?:[\w’'-]+\s+){0,4}\(?$")
UN_NAME = re.compile(r"(?:UN|U\.N\.|United Nations)\b")
OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")
POSSESSIVE = re.compile(r"[’']s\s+(?:own\s+)?")
UNITS = {"Agency", "Mission", "Organisation"}  # what a discovered unit of an organisation may be
UNIT_OWNERS = {"Agency", "Mission", "Organisation"}


class NameRules:
    """The rules of names that state a link,
    mixed into RelationReader (graph/relations/__init__.py), whose `self` they read."""

    # -- names that state a relation
    def from_names(self) -> None:
        seen: set[tuple[str, str]] = set()
        says_parent: dict[tuple[str, str], bool] = {}  # (a name as written, its actor's parent): does it name it?
        for m in self.mentions:
            a = self.ctx.actors.get(m.actor)
            if not a:
                continue
            sent = self.sentence_of(m.start)
            if a.type == "Mission":
                for st in a.deployed_in:
                    names = self.ctx.actors[st].names() if st in self.ctx.actors else []
                    if any(n in m.text for n in names) and (m.actor, st) not in seen:
                        seen.add((m.actor, st))
                        self.emit(m.actor, "deployedIn", st, sent, 0.9, "name")
            if a.parent and a.parent in self.ctx.present:
                says = says_parent.get((m.text, a.parent))
                if says is None:  # (asked once for each name as written: most are written many times)
                    parent = self.ctx.actors[a.parent]
                    says = says_parent[m.text, a.parent] = any(
                        has_words(n, m.text) for n in parent.names() if len(n) > 1) or bool(
                        re.match(r"(?:UN|U\.N\.|United Nations)\b", m.text) and a.parent == "UN")
                if says:
                    if a.type == "Programme":
                        self.emit(a.parent, "implements", m.actor, sent, 0.8, "name")
                    else:
                        self.emit(m.actor, "partOf", a.parent, sent, 0.9, "name")
            elif a.parent and a.type != "Programme" and "UN" in self.ctx.present and UN_NAME.match(m.text) \
                    and "UN" in self._ancestors(a):
                # "United Nations Police": the name says it is the UN's, though its parent (the
                # Department of Peace Operations) is not named
                self.emit(m.actor, "partOf", "UN", sent, 0.85, "name")
            if a.type == "GovernmentBody" and a.country and a.country in self.ctx.present:
                if (m.actor, a.country) not in seen:
                    seen.add((m.actor, a.country))
                    self.emit(m.actor, "partOf", a.country, sent, 0.85, "body-of-state")
            if a.type == "Mission":  # the state named inside a mission's name
                for x in self.index.inside(m.start, m.end):
                    if x is not m and self.ctx.type(x.actor) == "Government":
                        self.emit(m.actor, "deployedIn", x.actor, sent, 0.9, "name")

    def discovered_parts(self) -> None:
        """A unit no list names, named with the organisation it belongs to: "SADC Standby Force",
        "UNMISS Bentiu Field Office" open with it, "the Bentiu Field Office of the UN Mission in South
        Sudan" names it after "of"."""
        owners = [(n, k) for k in self.ctx.present if self.ctx.type(k) in UNIT_OWNERS
                  for n in self.ctx.actors[k].names() if len(n) > 1]
        # the owners by name, so that a unit's name looks up its prefixes rather than reading every
        # owner's names (a long article names thousands)
        by_name: dict[str, list[tuple[int, str]]] = {}
        for i, (n, k) in enumerate(owners):
            by_name.setdefault(n, []).append((i, k))
        text = self.ctx.text
        for m in self.mentions:
            a = self.ctx.actors.get(m.actor)
            if not a or a.source != "discovered" or a.type not in UNITS or m.kind == "anaphor":
                continue
            # the first owner (in `owners`' order) whose name and a space open the unit's name
            found = [ik for p, c in enumerate(m.text) if c == " " for ik in by_name.get(m.text[:p], ())
                     if ik[1] != m.actor]
            owner = min(found)[1] if found else None
            if owner is None:
                of = OF_THE.match(text, m.end)
                after = self.index.window(of.end(), of.end() + 1) if of else []
                named = [x for x in after if x.start == of.end() and x.actor != m.actor and x.kind != "nested"
                         and self.ctx.type(x.actor) in UNIT_OWNERS]
                owner = max(named, key=lambda x: x.end).actor if named else None
            if owner is not None:
                self.emit(m.actor, "partOf", owner, self.sentence_of(m.start), 0.8, "unit-of")

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
        """A mission and the state the reference data deploys it in, a mission and the organisation
        it belongs to, or a state's own operation and that state ("France turned this intervention
        into a counter-terrorism effort called Operation Barkhane", "French President François
        Hollande launched Operation Barkhane": France contributes to it), named in one sentence: the
        sentence speaks of that link. An organ
        and its parent only where the sentence names one as the other's ("the General Assembly of the
        UN", "the AU's Peace and Security Council"): "the Security Council" in a sentence that names
        "UN personnel" or "the UN Secretary-General" says nothing of the Council's place."""
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
                if a.run_by in keys:
                    self.emit(a.run_by, "contributesTo", k, (s0, s1), 0.7, "reference+sentence")
                if a.parent in keys and (a.type == "Mission"
                                         or a.type == "Agency" and self._named_as_part(ms, k, a.parent)):
                    self.emit(k, "partOf", a.parent, (s0, s1), 0.7, "reference+sentence")

    def _named_as_part(self, ms: list, organ: str, parent: str) -> bool:
        """Is the organ named as the parent's in these mentions: 'the General Assembly of the UN',
        "the UN's Security Council"?"""
        text = self.ctx.text
        for x, y in zip(ms, ms[1:]):
            if x.actor == organ and y.actor == parent and OF_THE.fullmatch(text, x.end, y.start):
                return True
            if x.actor == parent and y.actor == organ and POSSESSIVE.fullmatch(text, x.end, y.start):
                return True
        return False

    def missions_in_article(self) -> None:
        """The mission the article is about (named more often than any other, "the mission" included)
        and the one state the reference data deploys it in, or the organisation it belongs to, both
        named in the article though never in one sentence: an article about MINUSMA that names Mali
        speaks of its deployment there. The evidence is the sentence of the mission's mention nearest
        to one of the other's."""
        by_actor: dict[str, list] = {}
        for m in self.mentions:
            if m.kind != "nested":
                by_actor.setdefault(m.actor, []).append(m)
        counts = sorted(((len(ms), k) for k, ms in by_actor.items() if self.ctx.type(k) == "Mission"), reverse=True)
        if not counts or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return  # no mission, or two named as often: the article is not about one
        key = counts[0][1]
        a, ms = self.ctx.actors.get(key), by_actor[key]
        if a is None or all(PREDECESSOR.search(self.ctx.text, max(0, m.start - 60), m.start) for m in ms):
            return  # named only as the one another mission follows: its time there is over
        links = []
        if len(a.deployed_in) == 1:  # (a force across five states: which of them, the text must say)
            links.append(("deployedIn", a.deployed_in[0]))
        if a.parent:
            links.append(("partOf", a.parent))
        for p, other in links:
            if (key, p, other) in self.out or other not in by_actor:
                continue
            _, at = min((min(abs(m.start - x.start) for x in by_actor[other]), m.start) for m in ms)
            self.emit(key, p, other, self.sentence_of(at), 0.6, "reference+article")
