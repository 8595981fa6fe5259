"""A state's bodies named without the state ("Parliament", "the country's Ministry of Defence", "the
Malian army") and "the Council" of UN writing."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..text import whole_words, word_starts_opening
from ..vocab import slug
from .base import BARE_BODIES

THE_GOVERNMENT = re.compile(r"[Tt]he Government\b(?! of)")  # for word_starts_opening(), with what it opens with:
THE_GOVERNMENT_OPENS = ("The Government", "the Government")


class BodyRules:
    """The rules of a state's bodies, mixed into Discoverer (graph/discover/__init__.py), whose `self`
    they read."""

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

    def bare_bodies(self) -> None:
        """'Parliament', 'the Ministry of Defence', 'the Government': the state in view's own."""
        for name in sorted(BARE_BODIES, key=len, reverse=True):
            for start, end in whole_words(name, self.text):
                if not self._sentence_initial(start):
                    self._bare_body(name, start, end)
        for m in word_starts_opening(THE_GOVERNMENT, self.text, THE_GOVERNMENT_OPENS):
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

    def council(self) -> None:
        """'the Council' in UN writing is the Security Council, unless another council was named."""
        councils = [x for x in self.mentions if "Council" in x.text]
        council_starts = [x.start for x in councils]
        for start, end in whole_words("Council", self.text):
            if self.covered(start, end):
                continue
            # the last council named before (one that starts later cannot end before `start`)
            i = bisect_left(council_starts, start) - 1
            while i >= 0 and councils[i].end > start:
                i -= 1
            if i >= 0:
                key = councils[i].actor
            else:
                sent = self._sentence_of(start)
                if not re.search(r"\bresolution|\bCouncil members\b|\bmandate", sent):
                    continue
                unsc = self.registry.resolve("United Nations Security Council")
                if not unsc:
                    continue
                key = unsc.key
            self.add_mention(start, end, key, "name")

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

