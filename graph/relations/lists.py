"""Lists of contributors and donors, contingents, units sent, and companions: "LOTFA donors are Canada,
Denmark and Japan", "officers from Malaysia and Portugal", "Estonia has sent commandos to Takuba",
"alongside Kenya and South Sudan"."""

from __future__ import annotations

import re

from ..model import Mention
from ..text import word_starts
from .base import LIST_GAP, PREDICATE_TYPES

# after an actor: others who act with it ("alongside Kenya and South Sudan")
ALONGSIDE = re.compile(r"\s*,?\s*(?:alongside|along with|together with|jointly with)\s+(?:the\s+)?")
# the nouns that list contributors and donors, scanned with word_starts()
CONTRIBUTORS = re.compile(
    r"(?P<kind>(?:[Tt]roop|[Pp]olice|[Tt]roop and [Pp]olice)[- ](?:[Cc]ontributing|[Cc]ontributor) (?:[Cc]ountries"
    r"|[Nn]ations|[Ss]tates)"
    r"|(?:[Tt]roop|[Pp]olice) [Cc]ontributors|[Dd]onors|[Dd]onor [Cc]ountries|[Ff]unders"
    r"|[Cc]ontributing (?:[Cc]ountries|[Nn]ations))"
    r"(?:\s*\([A-Z]+s?\))?(?:\s+(?:to|of|in|for)\s+(?:the\s+)?)?")
# between the noun (or what it names) and the first one listed: "troop contributors are Rwanda and
# India", "donors include Sweden", "(TCCs) namely Burundi", "contributing countries: Chad, Niger"
LIST_OPENS = re.compile(r"\s*(?:\([A-Za-z]+\)\s*)?[,:]?\s*(?:[^.;]{0,40}?\b(?:namely|such as|including|include[sd]?"
                        r"|are|were|is|was|like|notably|among them|which are|from)\s+)?(?:the\s+)?")
OWNER_GAP = re.compile(r"\s*(?:[’']s)?\s*(?:\([A-Za-z]+\)\s*)?")  # "LOTFA donors", "AMISOM's contributors"
OWNED_GAP = re.compile(r"\s*(?:\([A-Za-z]+\)\s*)?(?:to|of|in|for)\s+(?:the\s+)?")  # "donors to LOTFA"
CONTRIBUTOR_WORDS = ("donor", "funders", "contributors", "contributing")  # the nouns CONTRIBUTORS needs
UNIT_WORDS = {"troops", "soldiers", "officers", "police", "peacekeepers", "personnel", "contingent", "contingents",
              "battalion", "battalions", "commandos", "gendarmes", "units"}
FOLLOWED_BY = re.compile(r",?\s+followed by\s+(?:the\s+)?")
# troops or police from states, scanned with word_starts(): "officers from Malaysia, Australia and Portugal"
FROM_STATES = re.compile(r"(?:troops|soldiers|officers|police(?: officers)?|peacekeepers|personnel|contingents?"
                         r"|battalions?|commandos|gendarmes|units) from (?:the )?")
# after a state's adjective: its units ("Senegalese detachment", "Chadian troops", "the Kenyan police contingent")
STATE_UNITS = re.compile(r"\s+(?:(?:military|police|army|special[- ]forces)\s+)?(?:troops|soldiers|contingents?"
                         r"|detachments?|battalions?|peacekeepers|blue helmets|units?|gendarmes|commandos"
                         r"|police officers)\b")

# a state sending its units, scanned with word_starts(): "have sent hundreds of commandos", "pledged to
# offer 1,000 police officers", "which deployed large contingents"
SENDS = re.compile(r"(?:sent|sends|deploy(?:s|ed)?|contribut(?:es|ed)|pledged|provid(?:es|ed)|offer(?:s|ed)?"
                   r"|committed|dispatched)\b(?:\s+to\s+(?:offer|send|deploy|provide|contribute))?"
                   r"(?:\s+[\w,.-]+){0,4}?\s+(?:troops|soldiers|commandos|police officers|contingents?|peacekeepers"
                   r"|battalions?|gendarmes)\b")
SENT_UNITS = ("troops", "soldiers", "commandos", "police officers", "contingent", "peacekeepers", "battalion",
              "gendarmes")  # what SENDS needs
SENDER_GAP = re.compile(r",?\s*(?:which\s+|who\s+)?(?:\w+ly\s+)?(?:ha(?:s|ve|d)\s+)?(?:also\s+|already\s+)?")
TO_SOMEWHERE = re.compile(r"\s+(?:to|with)\s")


class ListRules:
    """The rules of lists, contingents and companions,
    mixed into RelationReader (graph/relations/__init__.py), whose `self` they read."""

    def contributor_lists(self) -> None:
        """'Other LOTFA donors are Canada, Denmark and Japan', 'AMISOM troop contributing countries,
        namely Burundi and Kenya', 'The largest troop contributors are Argentina and the United
        Kingdom': each one listed funds or contributes to what the noun names, or, for a mission's
        contributors with nothing named, to the mission last named."""
        for m, (s0, s1), ms in self._contributor_nouns():
            p = "funds" if m.group("kind").lower().startswith(("donor", "funder")) else "contributesTo"
            n0, n1 = m.start(), m.end()
            target = self._named_at(ms, n0, before=True) or self._named_at(ms, n1, before=False)
            if target is None and p == "contributesTo":
                target = self._mission_in_view(ms, n0)
            if target is None:
                continue
            after = target.end if target.start > n0 else n1
            listed = self._list_from([x for x in ms if x.start >= after])
            if listed and not LIST_OPENS.fullmatch(self.ctx.text, after, listed[0].start):
                continue  # "the AMISOM troop contributing countries met Sweden": not a list of them
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
            if before and x.end <= pos and OWNER_GAP.fullmatch(text[x.end:pos]):
                return x
            if not before and x.start >= pos and OWNED_GAP.fullmatch(text[pos:x.start]):
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
        for m, sent, ms in self._units_from_states():
            listed = self._list_from([x for x in ms if x.start >= m.end()])
            if not listed or listed[0].start != m.end():
                continue
            mission = self._mission_in_view(ms, m.start())
            for x in listed:
                if mission and self.ctx.type(x.actor) == "Government":
                    self.emit(x.actor, "contributesTo", mission.actor, sent, 0.7, "contingent")
        for (s0, s1), ms in zip(self.sentences, self.in_sentence):
            for x in ms:
                if x.kind != "adjective" or self.ctx.type(x.actor) != "Government":
                    continue
                if not STATE_UNITS.match(text, x.end):
                    continue
                mission = self._mission_in_view(ms, x.start)
                if mission:
                    self.emit(x.actor, "contributesTo", mission.actor, (s0, s1), 0.7, "contingent")

    def unit_senders(self) -> None:
        """'the Czech Republic and Estonia have sent hundreds of commandos to Takuba', 'Kenya pledged to
        offer 1,000 police officers', 'Chad, which deployed large contingents in the north': a state
        sending its units contributes to the mission they go to, or else to the one in view."""
        text = self.ctx.text
        for m, sent, ms in self.scan_where(SENDS, SENT_UNITS):
            before = [x for x in ms if x.end <= m.start()]
            if not before or not SENDER_GAP.fullmatch(text, before[-1].end, m.start()):
                continue
            senders = [before[-1]]
            for x in reversed(before[:-1]):
                if not LIST_GAP.fullmatch(text, x.end, senders[0].start):
                    break
                senders.insert(0, x)
            after = [x for x in ms if x.start >= m.end() and self.ctx.type(x.actor) == "Mission"
                     and x.kind != "nested"]
            if TO_SOMEWHERE.match(text, m.end()):  # sent "to" somewhere: the mission named there, or none
                mission = next((x for x in after if x.start - m.end() <= 60), None)
            else:
                mission = self._mission_in_view([], m.start())
            if mission is None:
                continue
            for x in senders:
                if self.ctx.type(x.actor) == "Government" and x.kind != "adjective":
                    self.emit(x.actor, "contributesTo", mission.actor, sent, 0.7, "units-sent")

    def _contributor_nouns(self):
        """CONTRIBUTORS where one of its nouns stands (found with str.find on the lower-cased text:
        a scan of the pattern would try every t, p, d, f and c of the text)."""
        text, low = self.ctx.text, self.low
        if len(low) != len(text):
            yield from self.scan(CONTRIBUTORS)  # a letter that lower-cases to two: the slow scan
            return
        seen = set()
        for noun in CONTRIBUTOR_WORDS:
            i = low.find(noun)
            while i >= 0:
                # the phrase opens a word or two before the noun ("troop contributing countries")
                start = low.rfind(" ", 0, max(0, low.rfind(" ", 0, i))) + 1
                k = self.sentence_index(i)
                if k is not None:
                    s0, s1 = self.sentences[k]
                    for m in word_starts(CONTRIBUTORS, text[max(start, s0):min(i + 60, s1)]):
                        at = max(start, s0) + m.start()
                        if at not in seen:
                            seen.add(at)
                            yield CONTRIBUTORS.match(text, at), (s0, s1), self.in_sentence[k]
                i = low.find(noun, i + 1)

    def _units_from_states(self):
        """FROM_STATES at each ' from ' whose word before names troops or police (found with
        str.find: a scan of the pattern would try every word of the text)."""
        text = self.ctx.text
        i = text.find(" from ")
        while i >= 0:
            start = text.rfind(" ", 0, i) + 1
            if text[start:i].lower() in UNIT_WORDS:
                if text[start - 7:start] == "police " and start >= 7:
                    start -= 7  # "police officers from"
                m = FROM_STATES.match(text, start)
                k = self.sentence_index(start) if m else None
                if k is not None and m.end() <= self.sentences[k][1]:
                    yield m, self.sentences[k], self.in_sentence[k]
            i = text.find(" from ", i + 1)

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

