"""Persons no title names: a name's shape, and a cue beside it that only a person's name takes.

A name's shape is two to four capitalised words, with the particles and initials names from every
region carry ("Luiz Carlos da Costa", "Yusuf M Hasan", "Ban Ki-moon", "Joao Vale de Almeida"). The
shape alone is not enough ("Security Council", "Bentiu Field Office" have it too); one of these
cues must stand beside it, each a rule of its own:

- speech and attribution: "X said", "X told …", "according to X", "said X";
- apposition: "X, Head of the UN Mission …", "X, then French president", "X, a researcher";
- a role before it: "the mission chief, X", "his deputy, X", "experts X and Y", "president X";
- a work it signs: "a new report by X";
- a given name the lexicon knows opens it: "Yahya Jammeh", "Teodora Fuior";
- coordination with a person found by another cue: "experts Ashish Pradhan and Graeme Smith".

The word lists are data (data/lexicon/: speech_verbs, roles, works, given_names, place_words).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..text import UPPER, fold, in_heading, word_starts

LOWER = "a-zß-öø-ÿā-ž"
PARTICLES = ("da", "de", "di", "do", "dos", "das", "du", "del", "della", "van", "von", "der", "den", "ter",
             "le", "la", "bin", "ibn", "al", "el", "ben", "ould", "ag", "abu")
# one word of a name: "Ladsous", "Ki-moon", "McDonald", "N'Diaye", "Hautecloque-Raysz"
NAME_WORD = rf"[{UPPER}][{LOWER}'’]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}{LOWER}][{LOWER}'’]+)*"
_NAME = (rf"{NAME_WORD}(?:[ ](?:(?:{'|'.join(PARTICLES)})[ ])*(?:[{UPPER}]\.?[ ])?{NAME_WORD}){{1,3}}"
         rf"(?![\w-])")
NAME_SCAN = re.compile(_NAME)  # scanned with word_starts(): it opens a word
_COORDINATED = re.compile(rf",?[ ]+(?:and|&)[ ]+(?={NAME_WORD})")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    cue: str  # the rule that found it: speech, apposition, role, given-name, coordination


class PersonFinder:
    """The cues of one lexicon, compiled once."""

    LISTS = ("given_names", "speech_verbs", "roles", "works", "place_words")

    def __init__(self, lexicon: Lexicon):
        speech = sorted(lexicon["speech_verbs"], key=len, reverse=True)
        roles = sorted(lexicon["roles"], key=len, reverse=True)
        role = rf"(?:{'|'.join(re.escape(r) for r in roles)})(?:s|es)?" if roles else r"(?!x)x"
        say = rf"(?:{'|'.join(re.escape(v) for v in speech)})" if speech else r"(?!x)x"
        works = sorted(lexicon["works"], key=len, reverse=True)
        work = rf"(?:{'|'.join(re.escape(w) for w in works)})s?" if works else r"(?!x)x"
        self.given = lexicon["given_names"]
        self.places = lexicon["place_words"]
        self.speech_after = re.compile(rf",?[ ]+(?:has[ ]+|had[ ]+|also[ ]+|then[ ]+)?{say}\b", re.I)
        self.speech_before = re.compile(rf"\b{say}[ ]+(?:by[ ]+)?$", re.I)
        # ", Head of …", ", then French president", ", a senior researcher at …", ", UN Under-Secretary-General"
        self.apposition = re.compile(
            rf",[ ]+(?:(?:the|a|an|his|her|their|its)[ ]+)?(?:(?:former|then|current|acting|outgoing|interim|"
            rf"incoming|new|deputy|senior|chief|executive|special|programme|program|regional|country)[ ]+)*"
            rf"(?:[A-Z][\w.’'-]*[ ]+){{0,3}}?{role}\b", re.I)
        # "the mission chief, ", "his deputy, ", "Crisis Group experts ", "autocrat president "
        self.role_before = re.compile(rf"\b{role},?[ ]+$", re.I)
        # "a new report by ", "this study, by "
        self.credit_before = re.compile(rf"\b{work},?[ ]+(?:\w+[ ]+)?by[ ]+$", re.I)

    def find(self, text: str, taken: Callable[[int, int], bool], excluded: Callable[[str, int, int], bool]
             ) -> Iterator[Found]:
        """The persons' names of `text`: spans no other actor takes, with the cue that found each."""
        for m in word_starts(NAME_SCAN, text, hyphen=True):
            words = [(w.group(), m.start() + w.start(), m.start() + w.end())
                     for w in re.finditer(r"\S+", m.group())]
            for run in _runs(words, excluded):
                if fold(run[0][0]) in self.places:
                    continue  # "North Kivu said": a place
                s, e = run[0][1], run[-1][2]
                if taken(s, e) or in_heading(text, s):
                    continue
                cue = self.cue(text, s, e, run[0][0])
                if cue is None:
                    continue
                yield Found(s, e, cue)
                yield from self._coordinated(text, e, taken, excluded)

    def cue(self, text: str, start: int, end: int, first: str) -> str | None:
        after = text[end:end + 120]
        before = text[max(0, start - 60):start]
        if self.speech_after.match(after) or self.speech_before.search(before):
            return "speech"
        if self.apposition.match(after):
            return "apposition"
        if self.role_before.search(before):
            return "role"
        if self.credit_before.search(before):
            return "credit"
        if fold(first) in self.given:
            return "given-name"
        return None

    def _coordinated(self, text: str, end: int, taken, excluded) -> Iterator[Found]:
        """'Ashish Pradhan and Graeme Smith': the name joined to a person's is a person's too."""
        while True:
            joint = _COORDINATED.match(text, end)
            if not joint:
                return
            m = NAME_SCAN.match(text, joint.end())
            if not m:
                return
            words = [(w.group(), m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group())]
            runs = list(_runs(words, excluded))
            if not runs or runs[0][0][1] != m.start():
                return
            s, e = runs[0][0][1], runs[0][-1][2]
            if taken(s, e):
                return
            yield Found(s, e, "coordination")
            end = e


def _runs(words: list[tuple[str, int, int]], excluded: Callable[[str, int, int], bool]):
    """The stretches of two to four words left once words no name holds are taken out."""
    run: list[tuple[str, int, int]] = []
    for w in [*words, None]:
        if w is not None and (w[0] in PARTICLES or len(w[0].rstrip(".")) == 1 or not excluded(*w)):
            run.append(w)
            continue
        while run and (run[0][0] in PARTICLES or len(run[0][0].rstrip(".")) == 1):
            run.pop(0)
        while run and (run[-1][0] in PARTICLES or len(run[-1][0].rstrip(".")) == 1):
            run.pop()
        if 2 <= len(run) <= 4:
            yield run
        run = []
