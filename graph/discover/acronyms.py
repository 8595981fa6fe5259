"""Acronyms defined in the text, "Peace and Stabilization Operations Program (PSOP)", found by the
Schwartz–Hearst algorithm (or the capitalised run before the bracket, for a French acronym of an
English name), and linked wherever either form stands."""

from __future__ import annotations

import re
from bisect import bisect_right

from ..model import Mention
from ..text import fold, matchable
from .base import CONNECTORS, STOP_START, _after_role, _cap, _tokens

# Plural nouns that end a defined phrase naming a kind of actor, not one: "Troop Contributing
# Countries (TCCs)".
GENERIC_PLURALS = {"Countries", "States", "Members", "Partners", "Contributors", "Donors", "Groups",
                   "Organisations", "Organizations", "Actors", "Stakeholders", "Parties"}
_FUNCTION_WORDS = {"of", "the", "for", "and", "in", "on", "to", "de", "la", "du", "des", "&"}


def _content_words(name: str) -> set[str]:
    return {w for w in re.findall(r"\w+", fold(name).lower()) if w not in _FUNCTION_WORDS}


def _same_name(long: str, names: list[str]) -> bool:
    """Does a long form written in the text name the same thing as one of these names? ('UN Peace
    Keeping force in Cyprus' is the 'United Nations Peacekeeping Force in Cyprus')"""
    words = _content_words(long)
    squashed = _squash(long)
    for n in names:
        other = _content_words(n)
        if words and other and len(words & other) / len(words | other) >= 0.4:
            return True
        if len(squashed) > 8 and squashed == _squash(n):
            return True
    return False


def _squash(name: str) -> str:
    """A name's letters alone, lower case, with 'UN' written out: spacing, hyphens and the UN's
    abbreviation do not make another name."""
    low = re.sub(r"\bU\.?N\.?(?=\s)", "United Nations", fold(name))
    return re.sub(r"[^a-z]", "", low.lower())


def sh_long_form(short: str, words: list[str]) -> int | None:
    """Index into `words` where the long form of `short` starts (Schwartz & Hearst 2003), or None."""
    letters = [c.lower() for c in short if c.isalnum()]
    if not letters or not letters[0].isalpha():
        return None
    text = " ".join(words).lower()
    s_i, l_i = len(letters) - 1, len(text) - 1
    while s_i >= 0:
        c = letters[s_i]
        while l_i >= 0 and (text[l_i] != c or (s_i == 0 and l_i > 0 and text[l_i - 1].isalnum())):
            l_i -= 1
        if l_i < 0:
            return None
        s_i -= 1
        l_i -= 1
    start_char = l_i + 1
    return len(text[:start_char].split())


def _last_tokens(text: str, start: int, end: int, n: int) -> list[tuple[str, int, int]]:
    """The last `n` tokens of text[start:end] after its last ";" or ":" ("Afghanistan; UNDP; Law and
    Order …"), commas left out: where a long form before a bracket may be. The words just before
    the bracket are tokenised first, the whole stretch (a long sentence) only if they are too few."""
    # no token holds a space: the tokens from one on are the last ones of the whole stretch
    cut = text.rfind(" ", start, max(start, end - 16 * n)) + 1
    while True:
        toks = _tokens(text, cut or start, end)
        stops = [i for i, t in enumerate(toks) if t[0] in ";:"]
        toks = [t for t in toks[stops[-1] + 1 if stops else 0:] if t[0] != ","]
        if stops or len(toks) >= n or not cut:  # (then the same as the whole stretch's)
            return toks[-n:]
        cut = 0


class AcronymRules:
    """The rules of acronym definitions, mixed into Discoverer (graph/discover/__init__.py), whose `self`
    they read."""

    # -- rules
    def acronym_definitions(self) -> None:
        for m in re.finditer(r"\(\s*([A-Z][A-Za-z0-9&.\-–]{1,15}(?: [A-Z]{2,6})?)\s*\)", self.text):
            short, p0 = m.group(1), m.start()
            if short.lower() == short or sum(c.isupper() for c in short) < 2:
                continue
            line_start = self.text.rfind("\n", 0, p0) + 1
            i = bisect_right(self.sentence_starts, p0) - 1
            sent_start = self.sentence_starts[i] if i >= 0 else line_start
            toks = _last_tokens(self.text, max(sent_start, line_start), p0, min(len(short) + 5, 2 * len(short)) + 2)
            words = [t[0] for t in toks]
            i = sh_long_form(short, words)
            long_toks = toks[i:] if i is not None else []
            # The long form is the proper-name run before the bracket (French acronyms fail SH).
            run = []
            for t in reversed(toks):
                if _cap(t[0]) or (t[0].lower() in CONNECTORS and run):
                    run.insert(0, t)
                else:
                    break
            while run and (run[0][0].lower() in CONNECTORS or run[0][0] in STOP_START):
                run.pop(0)
            if not long_toks or not _cap(long_toks[0][0]):
                # no Schwartz–Hearst match (a French acronym for an English name): take the
                # capitalised run before the bracket if it names an actor
                long_toks = run if any(self.w.head_type.get(t[0]) for t in run) else []
            long_toks = _after_role(long_toks, self.w)
            while long_toks and (long_toks[0][0].lower() in CONNECTORS or long_toks[0][0] in STOP_START):
                long_toks.pop(0)
            if not long_toks or not _cap(long_toks[0][0]) or long_toks[-1][0] in GENERIC_PLURALS:
                continue  # "Troop Contributing Countries (TCCs)": a kind of actor, not one
            capitals = sum(_cap(t[0]) for t in long_toks if t[0].lower() not in CONNECTORS)
            content = sum(1 for t in long_toks if t[0].lower() not in CONNECTORS)
            if capitals < (content if content <= 2 else content - 1):
                continue  # "security sector reform (SSR)", "Insider attacks (IA)": a topic, not an actor
            ls, le = long_toks[0][1], long_toks[-1][2]
            long = self.text[ls:le]
            s_start, s_end = m.start(1), m.end(1)
            short_at, long_at = self.mentions.at(s_start, s_end), self.mentions.at(ls, le)
            short_key = short_at.actor if short_at else None
            long_key = long_at.actor if long_at else None
            if short_key and not long_key and not _same_name(long, self._names_of(short_key)):
                short_key = None  # the text defines the acronym as something else: it wins here
                for x in self._acronym_mentions(short):
                    self.mentions.remove(x)
            if short_key and not long_key:
                self.add_mention(ls, le, short_key, "definition", replace=True)
            elif long_key and not short_key:
                self.add_mention(s_start, s_end, long_key, "acronym")
                self._link_everywhere(short, long_key)
            elif not short_key and not long_key:
                if len(long_toks) < 2 and not self.w.head_type.get(long_toks[-1][0]):
                    continue
                type_ = self.type_of_name(long, ls)
                if type_ is None and self._a_theme(long):
                    continue  # "Protection of Civilians (POC)": what actors do, not one of them
                type_ = type_ or "Organisation"
                country = self.salient_state(ls) if type_ == "GovernmentBody" else None
                a = self.actor(long, type_, acronym=short, country=country)
                self.add_mention(ls, le, a.key, "definition", replace=True)
                self.add_mention(s_start, s_end, a.key, "acronym")
                self._link_everywhere(short, a.key)
                self._link_everywhere(long, a.key)

    def _a_theme(self, name: str) -> bool:
        """Is the name one of the topics' phrases, or part of one ("Demobilization and Reintegration")?"""
        folded = f" {matchable(name)} "
        return any(folded in f" {phrase} " for phrase in self.themes)

    def _acronym_mentions(self, short: str) -> list[Mention]:
        """The mentions of kind acronym whose text is `short`, found where the text has it (not by
        reading every mention of a long article)."""
        out, i = [], self.text.find(short)
        while i >= 0:
            out += [x for x in self.mentions.window(i, i + len(short))
                    if x.start == i and x.end == i + len(short) and x.text == short and x.kind == "acronym"]
            i = self.text.find(short, i + 1)
        return out

    def _names_of(self, key: str) -> list[str]:
        a = self.registry.get(key) or self.new.get(key)
        return a.names() if a else []

    def _link_everywhere(self, name: str, key: str) -> None:
        if (name, key) in self._linked:
            return
        self._linked.add((name, key))
        for start, end in self.occurrences(name):
            self.add_mention(start, end, key, "acronym" if name.isupper() else "name",
                             replace=len(name.split()) > 1)

