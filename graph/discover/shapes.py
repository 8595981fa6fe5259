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
from ..text import UPPER, Headings, fold, word_starts

LOWER = "a-zß-öø-ÿā-žƀ-ɏḁ-ỿ"  # with Latin Extended-B and Vietnamese letters ("Nguyễn", "Vượng")
PARTICLES = ("da", "de", "di", "do", "dos", "das", "du", "del", "della", "van", "von", "der", "den", "ter",
             "le", "la", "bin", "ibn", "al", "el", "ben", "ould", "ag", "abu")
# one word of a name: "Ladsous", "Ki-moon", "McDonald", "N'Diaye", "Hautecloque-Raysz"
NAME_WORD = rf"[{UPPER}][{LOWER}'’]+(?:[{UPPER}][{LOWER}]+)?(?:-[{UPPER}{LOWER}][{LOWER}'’]+)*"
_PARTICLE_SET = frozenset(PARTICLES)  # for look-ups (the tuple keeps the pattern's order)
# an Arabic article joined to a later word: "Abdel Fattah al-Burhan", "Ahmed ould Abdallah"
_JOINED = "(?:(?:al|el|ad|ash|as|ar|an|at|az|ud|ul)-)?"
_NAME = (rf"{NAME_WORD}(?:[ ](?:(?:{'|'.join(PARTICLES)})[ ])*(?:[{UPPER}]\.?[ ])?{_JOINED}{NAME_WORD}){{1,3}}"
         rf"(?![\w-])")
NAME_SCAN = re.compile(_NAME)  # scanned with word_starts(): it opens a word
_TOKENS = re.compile(r"[\w’'-]+|,")
_WORDS = re.compile(r"\S+")
_AUXILIARIES = {"has", "had", "also", "then"}
_ARTICLES = {"the", "a", "an", "his", "her", "their", "its"}
_MODIFIERS = {"former", "then", "current", "acting", "outgoing", "interim", "incoming", "new", "deputy", "senior",
              "chief", "executive", "special", "programme", "program", "regional", "country"}
_COORDINATED = re.compile(rf",?[ ]+(?:and|&)[ ]+(?={NAME_WORD})")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    cue: str  # the rule that found it: speech, apposition, role, credit, given-name, coordination


class PersonFinder:
    """The cues of one lexicon, compiled once."""

    LISTS = ("given_names", "speech_verbs", "roles", "works", "place_words")

    def __init__(self, lexicon: Lexicon):
        self.given = lexicon["given_names"]
        self.places = lexicon["place_words"]
        self.speech = _phrases(lexicon["speech_verbs"])
        self.roles = _phrases(lexicon["roles"])
        self.works = _phrases(lexicon["works"])

    def find(self, text: str, taken: Callable[[int, int], bool], excluded: Callable[[str, int, int], bool],
             heading: Callable[[int], bool] | None = None, covered: Callable[[int, int], bool] | None = None
             ) -> Iterator[Found]:
        """The persons' names of `text`: spans no other actor takes, with the cue that found each.
        `heading`: in_heading for this text, if the caller has it (text.Headings); `covered`: is every
        character of a span another actor's (then each of its words is `excluded`)?"""
        heading = heading or Headings(text)
        for m in word_starts(NAME_SCAN, text, hyphen=True):
            if covered is not None and covered(m.start(), m.end()):
                continue  # a known name ("United Nations"), most of them: no word is left for a run
            words = [(w.group(), m.start() + w.start(), m.start() + w.end())
                     for w in _WORDS.finditer(m.group())]
            for run in _runs(words, excluded):
                if fold(run[0][0]) in self.places:
                    continue  # "North Kivu said": a place
                s, e = run[0][1], run[-1][2]
                if taken(s, e) or heading(s):
                    continue
                cue = self.cue(text, s, e, run[0][0])
                if cue is None:
                    continue
                yield Found(s, e, cue)
                yield from self._coordinated(text, e, taken, excluded)

    def cue(self, text: str, start: int, end: int, first: str) -> str | None:
        """The cue beside a name, if any. Word look-ups in the lists, not one regular expression of
        every alternative: this runs for every capitalised pair of words of every article."""
        if fold(first) in self.given:
            return "given-name"  # the cheapest look first: any cue will do
        before = _TOKENS.findall(text, max(0, start - 60), start)[-6:]
        after = _TOKENS.findall(text, end, min(len(text), end + 120))[:12]
        before = [w.lower() for w in before]
        after = [w.lower() for w in after]
        # "X said", "X, has told", "said X", "according to X"
        rest = after[1:] if after[:1] == [","] else after
        if rest[:1] and rest[0] in _AUXILIARIES:
            rest = rest[1:]
        if _opens(rest, self.speech) or _closes(before[:-1] if before[-1:] == ["by"] else before, self.speech):
            return "speech"
        if after[:1] == [","] and self._apposition(after[1:]):
            return "apposition"
        # "the mission chief, X", "Crisis Group experts X"
        if _closes(before[:-1] if before[-1:] == [","] else before, self.roles, plural=True):
            return "role"
        # "a new report by X", "this study, by X"
        if before[-1:] == ["by"]:
            head = [w for w in before[:-1] if w != ","]
            if _closes(head, self.works, plural=True) or _closes(head[:-1], self.works, plural=True):
                return "credit"
        return None

    def _apposition(self, words: list[str]) -> bool:
        """', Head of …', ', then French president', ', a senior researcher', ', UN Under-Secretary-General'."""
        i = 1 if words[:1] and words[0] in _ARTICLES else 0
        while i < len(words) and words[i] in _MODIFIERS:
            i += 1
        for skip in range(4):  # up to three capitalised words before the role: "UN", "French"
            if _opens(words[i + skip:], self.roles, plural=True):
                return True
        return False

    def _coordinated(self, text: str, end: int, taken, excluded) -> Iterator[Found]:
        """'Ashish Pradhan and Graeme Smith': the name joined to a person's is a person's too."""
        while True:
            joint = _COORDINATED.match(text, end)
            if not joint:
                return
            m = NAME_SCAN.match(text, joint.end())
            if not m:
                return
            words = [(w.group(), m.start() + w.start(), m.start() + w.end()) for w in _WORDS.finditer(m.group())]
            runs = list(_runs(words, excluded))
            if not runs or runs[0][0][1] != m.start():
                return
            s, e = runs[0][0][1], runs[0][-1][2]
            if taken(s, e):
                return
            yield Found(s, e, "coordination")
            end = e


def _runs(words: list[tuple[str, int, int]], excluded: Callable[[str, int, int], bool]):
    """The stretches of two to four words (particles aside) left once words no name holds are taken out."""
    run: list[tuple[str, int, int]] = []
    for w in [*words, None]:
        if w is not None and (w[0] in _PARTICLE_SET or len(w[0].rstrip(".")) == 1 or not excluded(*w)):
            run.append(w)
            continue
        while run and (run[0][0] in _PARTICLE_SET or len(run[0][0].rstrip(".")) == 1):
            run.pop(0)
        while run and (run[-1][0] in _PARTICLE_SET or len(run[-1][0].rstrip(".")) == 1):
            run.pop()
        if 2 <= len(run) and len([x for x in run if x[0] not in _PARTICLE_SET]) <= 4:  # "Lula da Silva": 3 words
            yield run
        run = []


def _phrases(entries: frozenset[str]) -> dict[str, set[tuple[str, ...]]]:
    """Entries of one or more words, by their first word: {"according": {("according", "to")}}."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for e in entries:
        words = tuple(_TOKENS.findall(e.lower()))
        if words:
            out.setdefault(words[0], set()).add(words)
    return out


def _same_word(got: str, want: str, plural: bool) -> bool:
    return got == want or plural and got in (want + "s", want + "es")


def _match_len(words: list[str], phrases: dict[str, set[tuple[str, ...]]], plural: bool = False) -> int:
    """The length of the longest phrase that `words` open with (its last word may be plural, with
    `plural`), or 0."""
    if not words:
        return 0
    best = 0
    candidates = phrases.get(words[0], set())
    if plural:  # "experts": a one-word phrase in the plural
        for stem in (words[0][:-1], words[0][:-2]):
            candidates = candidates | {p for p in phrases.get(stem, ()) if len(p) == 1}
    for p in candidates:
        n = len(p)
        if n <= len(words) and all(w == q for w, q in zip(words[:n - 1], p[:-1])) \
                and _same_word(words[n - 1], p[-1], plural):
            best = max(best, n)
    return best


def _opens(words: list[str], phrases: dict[str, set[tuple[str, ...]]], plural: bool = False) -> bool:
    """Do `words` open with one of the phrases?"""
    return _match_len(words, phrases, plural) > 0


def _closes(words: list[str], phrases: dict[str, set[tuple[str, ...]]], plural: bool = False) -> bool:
    """Do `words` end with one of the phrases?"""
    return any(len(words) >= n and _match_len(words[-n:], phrases, plural) == n for n in (1, 2, 3))
