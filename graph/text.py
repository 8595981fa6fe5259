"""Text helpers that several stages share: folding, sentences, fast whole-word scans, headings.

Every stage reads the same text the same way: `sentences` splits it, `fold`/`matchable` make names
comparable, `word_starts`/`whole_words` scan it at the speed of Python's re prefix search.
"""

from __future__ import annotations

import re
import unicodedata

UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"


def fold(text: str) -> str:
    """Strip accents and typographic quotes: 'Séléka' → 'Seleka', 'd’Ivoire' → "d'Ivoire"."""
    if text.isascii():
        return text  # nothing to strip (and most names are ASCII)
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


# characters: a long text is copied (lower-cased, folded, scanned) in pieces of this size or so,
# where a copy of the whole would take several times its size at once
PIECE = 1 << 18


def lowered(text: str) -> str:
    """text.lower(), made in pieces (PIECE): str.lower() of a text with one non-ASCII letter takes
    12 bytes a character while it works (a 50 MB text: 600 MB at once). The pieces are
    cut after a line break, which no letter's lower case (final sigma's) looks across."""
    if len(text) <= PIECE or text.isascii():
        return text.lower()  # (an ASCII text's lower() takes no more than its copy)
    return "".join(text[i:j].lower() for i, j in _line_pieces(text))


def _line_pieces(text: str):
    """(start, end) of pieces of `text` of PIECE characters or so, each cut after a line break."""
    i, n = 0, len(text)
    while i < n:
        j = text.find("\n", i + PIECE) + 1 or n  # after the next line break, or the end
        yield i, j
        i = j


def ascii_lower(text: str) -> str:
    """A copy of `text` in which a word of ASCII letters stands where it stands in text.lower(): its
    ASCII letters lower-cased, every other character '?'. One byte a character, where text.lower()
    takes two (or four) as soon as one character of the text is past Latin-1. Exact because no
    character but the Kelvin sign lower-cases to ASCII, nor to two but 'İ': a text with either
    is lower-cased as it is (`lowered`)."""
    if text.isascii():
        return text.lower()
    if "\u212a" in text or "\u0130" in text:
        return lowered(text)
    return "".join(text[i:i + PIECE].encode("ascii", "replace").lower().decode("ascii")
                   for i in range(0, len(text), PIECE))


def automaton_iter(automaton, text: str, longest: int, low: str | None = None):
    """What automaton.iter(low) yields, `low` being matchable(text) (made here if not given), for a
    pyahocorasick Automaton whose longest word has `longest` characters. A long text is read in
    pieces (PIECE): the automaton reads a copy of its string at 4 bytes a character
    (a 50 MB text: 200 MB at once); without `low`, each piece is folded as it is read, and no folded
    copy of the whole text is made."""
    if len(text) <= PIECE:
        # (no generator in between: a short text's hits cost as before)
        return automaton.iter(matchable(text) if low is None else low)
    if low is None and "\u0130" in text:
        low = matchable(text)  # 'İ' lower-cases to two characters: matchable() reads the text whole
    if low is not None:
        return _automaton_pieces(automaton, ((i, low[i:j]) for i, j in _line_pieces(low)), longest)
    return _automaton_pieces(automaton, ((i, matchable(text[i:j])) for i, j in _line_pieces(text)), longest)


def _automaton_pieces(automaton, pieces, longest: int):
    # a word across two pieces is found by reading the last `longest - 1` characters of the piece
    # before with the first ones of this piece; the rest of the piece is read alone (a word ending
    # there starts in it: no word is longer), so no piece is copied to be read
    edge = longest - 1
    tail = ""
    for start, piece in pieces:
        if tail:
            for end_idx, value in automaton.iter(tail + piece[:edge]):
                if end_idx >= len(tail):  # (those ending in the piece before: given with it)
                    yield start - len(tail) + end_idx, value
        for end_idx, value in automaton.iter(piece):
            if end_idx >= edge or not tail:
                yield start + end_idx, value
        tail = piece[max(0, len(piece) - edge):] if edge else ""


def matchable(text: str) -> str:
    """Lower-cased, accent- and quote-folded copy of `text` with the same length."""
    low = lowered(text)
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not low.isascii():
        table = {}
        for c in set(low):
            if ord(c) > 127:
                f = fold(c)
                if len(f) == 1 and f != c:
                    table[ord(c)] = f
        if any(ord(f) in table for f in table.values()):
            return low.translate(table)
        for c, f in table.items():  # a few replace() calls are many times faster than translate()
            low = low.replace(chr(c), f)
    return low


def word_starts(rx: re.Pattern, text: str, hyphen: bool = False):
    """What rx.finditer(text) gives with a leading \\b (or, with `hyphen`, (?<![\\w-])): the matches
    that open a word, for patterns whose matches start with a word character.

    Many times faster than writing the assertion in the pattern: Python's re skips quickly to a
    pattern's literal prefix or first character, but tries every position when an assertion
    comes first."""
    pos, n = 0, len(text)
    while pos <= n:
        m = rx.search(text, pos)
        if m is None:
            return
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_" or (hyphen and text[s - 1] == "-")):
            pos = s + 1  # inside a word: try the next position, as the scan with \b would
            continue
        yield m
        pos = m.end() if m.end() > s else s + 1


def word_starts_opening(rx: re.Pattern, text: str, openings: tuple[str, ...], hyphen: bool = False):
    """What word_starts(rx, text, hyphen) yields, for a pattern each of whose matches opens with one
    of `openings`: tried only where those stand (found by str.find), not wherever the pattern's first
    character does ("t" for "[Tt]he Government", "c", "e", "f", "h", "l", "s" for "leader|chief|…")."""
    places = set()
    for o in openings:
        i = text.find(o)
        while i >= 0:
            places.add(i)
            i = text.find(o, i + 1)
    pos = 0
    for s in sorted(places):
        if s < pos or (s and (text[s - 1].isalnum() or text[s - 1] == "_" or (hyphen and text[s - 1] == "-"))):
            continue  # inside a word, or inside the last match
        m = rx.match(text, s)
        if m is not None:
            yield m
            pos = m.end() if m.end() > s else s + 1


def whole_words(name: str, text: str, hyphen: bool = True):
    r"""(start, end) where `name` stands in `text` as whole words, not inside a word (nor, with
    `hyphen`, a hyphenated compound): what re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    finds, without compiling a pattern for every name."""
    if not name:
        return
    i, n = text.find(name), len(text)

    def joined(c: str) -> bool:
        return c.isalnum() or c == "_" or (hyphen and c == "-")

    while i >= 0:
        end = i + len(name)
        if (i and joined(text[i - 1])) or (end < n and joined(text[end])):
            i = text.find(name, i + 1)
        else:
            yield i, end
            i = text.find(name, end)


def word_count(text: str) -> int:
    """len(text.split()), line by line: a 50 MB text's list of words took 9 bytes for each byte of it.
    (Every line break splitlines() knows is whitespace to split(), so no word is cut in two.) A
    long text is read in pieces: its list of lines was another copy of it."""
    if len(text) <= PIECE:
        return sum(len(line.split()) for line in text.splitlines())
    return sum(len(line.split()) for i, j in _line_pieces(text) for line in text[i:j].splitlines())


def has_words(name: str, text: str) -> bool:
    """Does `name` stand in `text` as whole words (a hyphen may join it to another)?"""
    return next(whole_words(name, text, hyphen=False), None) is not None


_HEADING_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def in_heading(text: str, pos: int) -> bool:
    """Is `pos` on a headline-style line ("Four Years After the Bangui Agreement: …"), where
    every word is capitalised and capitals say nothing about names?"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start:end if end >= 0 else len(text)]
    if line.rstrip().endswith(".") or len(line.split()) > 25:
        return False  # a sentence or a paragraph (the cheap tests first: most lines are)
    words = [w for w in _HEADING_WORD.findall(line) if len(w) > 3]
    if len(words) < 3:
        return False
    return sum(w[0].isupper() for w in words) / len(words) >= 0.8


class Headings:
    """in_heading(text, pos) for one text, worked out once a line: the rules ask it of every
    capitalised run and every sentence, many to a line."""

    def __init__(self, text: str):
        self.text = text
        self._lines: dict[int, bool] = {}  # the answer by the line's start

    def __call__(self, pos: int) -> bool:
        start = self.text.rfind("\n", 0, pos) + 1  # (the line in_heading reads: it depends on its start alone)
        known = self._lines.get(start)
        if known is None:
            known = self._lines[start] = in_heading(self.text, pos)
        return known


# the end of a sentence, not after an initial or an abbreviation (the look-behinds come after the
# stop, so that the scan jumps from one stop to the next)
SENTENCE_END = re.compile(r"[.!?](?<!\b[A-Z][.!?])(?<!\bU\.S[.!?])(?<!\bNo[.!?])(?<!\bMr[.!?])(?<!\bDr[.!?])"
                          r"(?<!\bSt[.!?])(?<!\bMs[.!?])[”\"’)]?(?=\s+[“\"(]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: split after . ! ? (not after initials or common abbreviations) and at lines."""
    out = []
    for para in re.finditer(r"[^\n]+", text):
        s = para.start()
        for m in SENTENCE_END.finditer(para.group()):
            e = para.start() + m.end()
            out.append((s, e))
            s = e
            while s < para.end() and text[s] == " ":
                s += 1
        if s < para.end():
            out.append((s, para.end()))
    return out


_WORD_RUN = re.compile(r"\w+")
# characters: past this, a text's words are indexed once (a few tenths of a second a megabyte)
# rather than the text read again for each name linked everywhere in it
LONG_TEXT = 250_000


class WordIndex:
    """Where each word of a long text starts, so that a name's whole-word places are looked up at
    the places its first word stands instead of by reading the whole text for each name (a 50 MB
    text names thousands of actors: reading it once per name took time in the square of its size)."""

    def __init__(self, text: str):
        from array import array

        self.text = text
        self._at: dict[str, array] = {}
        at = self._at
        code = "I" if len(text) < 2**32 else "Q"  # 4 bytes a word, where "L" took 8 (a 50 MB text: 32 MB)
        for m in _WORD_RUN.finditer(text):
            w = m.group()
            positions = at.get(w)
            if positions is None:
                positions = at[w] = array(code)
            positions.append(m.start())

    def whole_words(self, name: str, hyphen: bool = True):
        """What whole_words(name, text, hyphen) yields, in the same order."""
        first = _WORD_RUN.match(name)
        if first is None:  # a name that opens with a sign: no word to look up
            yield from whole_words(name, self.text, hyphen)
            return
        text, n, size, last_end = self.text, len(self.text), len(name), 0

        def joined(c: str) -> bool:
            return c.isalnum() or c == "_" or (hyphen and c == "-")

        # a whole-word place opens a word of the text, and that word is the name's first word
        for i in self._at.get(first.group(), ()):
            end = i + size
            if i < last_end or not text.startswith(name, i):
                continue
            if (i and joined(text[i - 1])) or (end < n and joined(text[end])):
                continue
            yield i, end
            last_end = end
