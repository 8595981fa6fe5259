"""The extractor's fast scans find exactly what the plain regular expressions they replace find.

Each fast form (the word boundary checked in Python, a case-sensitive pattern over lower-cased
text, str.find for a name) is compared with the regular expression a reader would write, over
random text full of the characters that make the difference: hyphens, underscores, digits,
accents, and the letters re.I matches to ASCII ones (İ ı ſ K).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.discover import PROPER_RUN, discovery_words, has_words, whole_words, word_starts
from graph.lexicon import load_lexicon
from graph.relations import _HEDGE_LOWER, HEDGE, _lower, trigger_words

from .conftest import DATA

LEXICON = load_lexicon(DATA / "lexicon")
WORDS = discovery_words(LEXICON.rows("heads"), LEXICON.entries("titles"))
TRIGGERS = trigger_words(LEXICON.rows("triggers"))

PIECES = ["in", "In", "IN", "operations in", "Operation in", "deployed", "DEPLOYED", "led", "misled",
          "take command", "Take Command", "commanded", "asked", "task", "funded", "refund", "co-funded",
          "member states", "members", "could", "if", "President", "Vice President", "Vice-President",
          "Deputy Minister", "Minister", "Lt. General", "Secretary-General", "Council", "UN", "Mission",
          "ſupport", "ſ", "ı", "İ", "K", "é", "É", "_", "-", "--", "1", " ", "  ", ",", ".", "’", "\n"]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join),
    st.text(alphabet="aIinNdl-_ ſıİKé", max_size=60),
)
names = st.sampled_from(["Council", "UN", "Mission", "in", "Vice President", "a-b", "é", "ſ"])


@settings(max_examples=400, deadline=None)
@given(texts, names)
def test_whole_words_is_the_bounded_regex(text, name):
    joined = [m.span() for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)]
    assert list(whole_words(name, text)) == joined
    assert has_words(name, text) == bool(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text))


@settings(max_examples=400, deadline=None)
@given(texts)
def test_word_starts_is_a_leading_word_boundary(text):
    assert [m.span() for m in word_starts(WORDS.title_scan, text)] == [m.span() for m in WORDS.title_re.finditer(text)]
    unhyphenated = re.compile(rf"(?<![\w-]){PROPER_RUN.pattern}")
    assert [m.span() for m in word_starts(PROPER_RUN, text, hyphen=True)] == [
        m.span() for m in unhyphenated.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_trigger_scan_over_lower_case_is_the_case_blind_scan(text):
    lower = _lower(text)
    if lower is None:  # the scan falls back to the case-blind patterns: nothing to compare
        assert any(c in text for c in "İıſK") or len(text.lower()) != len(text)
        return
    for p in TRIGGERS.order:
        fast = [(m.start(), m.end()) for m in word_starts(TRIGGERS.lower[p], lower)]
        assert fast == [m.span() for m in TRIGGERS.compiled[p].finditer(text)], p
    assert (next(word_starts(_HEDGE_LOWER, lower), None) is not None) == bool(HEDGE.search(text))


# -- the forms made faster for real text (issue 17): each against the plain form it replaces

TOKEN_PIECES = ["U", "S", "U.S.", "U.N.", "J.", "Dr.", "a.b", "A.B.", "St.", "x.", ".", "..", "’s", "'s", "&",
                "-", "Ki-moon", "é", "É", "_", "1", "2.5", " ", "  ", ",", ";", ":", "(", ")", "“", "”", "\"",
                "\u00a0", "\u2009", "\t", "\n", "Mission", "of", "the"]
token_texts = st.lists(st.sampled_from(TOKEN_PIECES), max_size=30).map("".join)


# a word with a "." only inside it, as first written: one character at a time
PLAIN_WORD = r"(?:[\w'’&-]|\.(?=\w))*"
PLAIN_TOKEN = re.compile(rf"\w{PLAIN_WORD}\.?(?<=\b[A-Z]\.)|\w{PLAIN_WORD}|[()\[\],;:!?.\"“”]")


@settings(max_examples=600, deadline=None)
@given(token_texts, st.integers(0, 5), st.integers(0, 5))
def test_tokens_are_the_plain_tokeniser(text, cut_start, cut_end):
    from graph.discover.base import _tokens

    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    plain = [(m.group(), m.start(), m.end()) for m in PLAIN_TOKEN.finditer(text, start, end)]
    assert _tokens(text, start, end) == plain
    assert _tokens(text, start, end, limit=3) == plain[:3]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES + ["January", "Peace", "Centre for", "and", "Mission-Sudan"]),
                max_size=30).map(" ".join))
def test_proper_runs_are_the_plain_runs(text):
    from graph.discover.names import CALENDAR
    from graph.text import UPPER

    word = rf"[{UPPER}]{PLAIN_WORD}"
    plain = re.compile(rf"{word}(?:(?:[ ]+(?:of|for|and|on|in|the|de|du|des|la|le|to|&))*[ ]+(?!{CALENDAR}\b){word})+")
    assert [m.span() for m in PROPER_RUN.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aBé É’‘–—ſıİKﬁñÑß\u0301\u00a0ǅẞ x.", max_size=40))
def test_matchable_is_the_per_character_fold(text):
    from graph.text import fold, matchable

    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    table = {ord(c): fold(c) for c in set(low) if ord(c) > 127 and len(fold(c)) == 1 and fold(c) != c}
    assert matchable(text) == low.translate(table)
    assert len(matchable(text)) == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .\t\n\r\u00a0\u2009\u3000\u2028\x1c\x85", max_size=40))
def test_evidence_is_the_sentence_with_its_spaces_closed_up(text):
    from graph.relations.base import _clip

    assert _clip(text) == re.sub(r"\s+", " ", text).strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=25), st.integers(0, 70),
       st.integers(0, 20))
def test_mention_lookups_are_the_plain_filters(spans, start, length):
    from graph.model import Mention, MentionIndex

    index = MentionIndex(Mention(s, s + n, "x" * n, f"a{i}") for i, (s, n) in enumerate(spans))
    items, end = list(index), start + length
    assert index.inside(start, end) == [m for m in items if m.start >= start and m.end <= end]
    assert index.at(start, end) == next((m for m in items if m.start == start and m.end == end), None)
    assert index.ending_at(end) == [m for m in items if m.end == end]
    assert index.overlapping(start, end) == [m for m in items if m.start < end and start < m.end]


# -- the forms made faster in the second round (issue 17): each against the form it replaces

OPENING_PIECES = ["the Government", "The Government", "the Government of", "theGovernment", "leader", "ringleader",
                  "Leader", "chief", "commander", "head", "ahead", "spokesman", "spokes", "envoy", "founder",
                  "Rodrigo", "Londoño", "de", "ould", "Lawrence", "Kanyuka", "-", "_", "é", " ", "  ", "\n", ","]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(OPENING_PIECES), max_size=30).map("".join),
       st.lists(st.sampled_from(OPENING_PIECES), max_size=30).map(" ".join), st.booleans())
def test_a_scan_from_what_matches_open_with_is_the_whole_scan(glued, spaced, hyphen):
    from graph.discover.bodies import THE_GOVERNMENT, THE_GOVERNMENT_OPENS
    from graph.discover.people import LEADERS, LED_BY
    from graph.text import word_starts_opening

    for text in (glued, spaced):
        for rx, openings in ((THE_GOVERNMENT, THE_GOVERNMENT_OPENS), (LED_BY, LEADERS)):
            assert [m.span() for m in word_starts_opening(rx, text, openings, hyphen)] == [
                m.span() for m in word_starts(rx, text, hyphen)]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES + ["Peace", "Fund", "Program", "PSOP", ";", ":", "Peacebuilding" * 8]),
                max_size=60)
       .map(" ".join), st.integers(0, 10), st.integers(6, 36))
def test_the_tokens_before_a_bracket_are_the_last_of_the_whole_stretch(text, cut, n):
    from graph.discover.acronyms import _last_tokens
    from graph.discover.base import _tokens

    start = min(cut, len(text))
    toks = _tokens(text, start, len(text))
    stops = [i for i, t in enumerate(toks) if t[0] in ";:"]
    plain = [t for t in toks[stops[-1] + 1 if stops else 0:] if t[0] != ","][-n:]
    assert _last_tokens(text, start, len(text), n) == plain


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES + ["January", "Peace", "Centre", "for", "and", "&", "Mission-Sudan",
                                                "O'Brien", "Fund", "Ministry"]), max_size=30).map(" ".join))
def test_a_proper_run_without_a_stop_is_its_words(text):
    from graph.discover.base import _tokens

    for m in word_starts(PROPER_RUN, text, hyphen=True):
        if "." not in m.group():
            assert [t[0] for t in _tokens(text, m.start(), m.end())] == [w for w in m.group().split() if w != "&"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Four Years After the Bangui Agreement", "Peace", "talks", "resumed.", "\n",
                                 " ", "In Bangui", "UN"]), max_size=20).map("".join), st.data())
def test_headings_asked_once_a_line_are_in_heading(text, data):
    from graph.text import Headings, in_heading

    headings = Headings(text)
    for pos in data.draw(st.lists(st.integers(0, len(text)), max_size=10)):
        assert headings(pos) == in_heading(text, pos)
