"""Persons: by their titles ("Minister of National Defence Harjit Sajjan"), roles ("FARC-EP leader
Rodrigo Londoño"), appositions, bylines, credits and citations, the shape of their names with a cue
beside it (graph/discover/shapes.py), and later mentions of their surname."""

from __future__ import annotations

import re

from ..model import Actor
from ..text import UPPER, fold, word_starts, word_starts_opening
from .base import STOP_START, Words, _cap, _is_title, _tokens

_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
PARTICLES = {"de", "da", "van", "von", "der", "del", "la", "le", "bin", "al", "el", "ben", "ould",
             "ag", "dos", "di", "du"}
# Words a capitalised token after a title may be but a person's name never is.
NOT_NAME = {"General", "Assembly", "Council", "Nations", "United", "Union", "Secretary", "Mission",
            "Force", "Forces", "Staff", "Office", "Affairs", "Minister", "President", "Republic",
            "State", "States", "Commission", "Committee", "Government", "Army", "Ministry",
            "Department", "Operations", "Security", "Peace", "Defence", "Defense", "Political",
            "Foreign", "National", "International", "Development", "Public", "Safety", "Justice",
            "Interior", "Peacekeeping", "Humanitarian", "Special", "Representative", "The"}
# a leader's name after the word ('FARC-EP leader Rodrigo Londoño'), scanned where one of LEADERS stands
LED_BY = re.compile(rf"(?:leader|chief|commander|head|spokes(?:person|man|woman)|envoy|founder)\s+"
                    rf"(?P<name>[{UPPER}][\w'’-]+(?:[ ]+(?:(?:{'|'.join(PARTICLES)})[ ]+)?"
                    rf"[{UPPER}][\w'’-]+){{1,3}})")
LEADERS = ("leader", "chief", "commander", "head", "spokes", "envoy", "founder")  # what LED_BY opens with
CITATION = re.compile(r"(?P<last>[A-Z][\w'’-]+), (?P<first>[A-Z][\w'’-]+),? \((?:19|20)\d\d\)")  # for word_starts()


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




class PersonRules:
    """The rules of persons, mixed into Discoverer (graph/discover/__init__.py), whose `self`
    they read."""

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
            toks = _tokens(self.text, m.end(), min(len(self.text), m.end() + 200), limit=24)
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
        for m in word_starts_opening(LED_BY, self.text, LEADERS):
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
        """Names with a person's shape and a cue beside them (shapes.py): "Hédi Annabi, the
        mission chief", "according to Hannah Dönges", "Yahya Jammeh"."""
        if self.finder is None:
            return

        # which characters a mention covers, as bytes: one C-level look per word, not a search of
        # the mention index (this runs for every capitalised word of the article)
        mask = bytearray(len(self.text))
        for m in self.mentions:
            mask[m.start:m.end] = b"\x01" * (m.end - m.start)

        def taken(start: int, end: int) -> bool:
            return mask.find(1, start, end) >= 0

        def excluded(word: str, start: int, end: int) -> bool:
            return (word in NOT_NAME or word in self.w.head_type or word in STOP_START or word in _MONTHS
                    or mask.find(1, start, end) >= 0)

        def covered(start: int, end: int) -> bool:
            return mask.find(0, start, end) < 0

        for f in list(self.finder.find(self.text, taken, excluded, self._in_heading, covered)):
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
        for m in (word_starts(CITATION, self.text) if "(19" in self.text or "(20" in self.text else ()):
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
            for start, end in self.occurrences(surname):
                self.add_mention(start, end, a.key, "surname")

