"""One large article in little memory: the long text is lower-cased, scanned and written out in
pieces, each giving what the whole would give; extracting it holds a few copies of its text, not
dozens."""

from __future__ import annotations

import io
import json
import tracemalloc

import ahocorasick

from graph.articles import find_metadata, from_text, read_article
from graph.extract import extract_article, to_contract, write_contract
from graph.model import Mention
from graph.text import PIECE, ascii_lower, automaton_iter, lowered, matchable, word_count

from .conftest import BUNDLED
from .test_big_files import long_text


def test_a_long_text_is_lowered_as_a_whole_would_be():
    # a final sigma on each side of a piece's cut, letters that lower-case to two or to ASCII
    line = "ΟΔΥΣΣΕΥΣ Σ ΣΑ Straße İstanbul Kelvin K, MONUSCO’s “Séléka”\n"
    text = line * (2 * PIECE // len(line) + 3)
    assert len(text) > 2 * PIECE
    assert lowered(text) == text.lower()
    for sample in (text, text.replace("İ", "I"), text.replace("İ", "I").replace("K", "K"), "ASCII " * PIECE):
        low = ascii_lower(sample)
        reference = sample.lower()
        if len(reference) == len(sample):  # where the rules read positions in it
            assert len(low) == len(sample)
            for word in ("straße", "kelvin", "monusco", "k,", "istanbul", "ascii", "s "):
                if word.isascii():
                    assert _places(low, word) == _places(reference, word), word


def _places(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def test_an_automaton_reads_a_long_text_in_pieces_as_a_whole():
    # (a word with a line break in it is read across the cut between two pieces)
    words = ["un", "united nations", "nations", "mission des nations unies", "s", "seleka\nthe", "seleka"]
    auto = ahocorasick.Automaton()
    for w in words:
        auto.add_word(w, w)
    auto.make_automaton()
    longest = max(map(len, words))
    for line in ("The Mission des Nations Unies, UN United Nations. Séléka\n", "the UN, İstanbul\n"):
        text = line * (3 * PIECE // len(line))
        assert len(text) > 2 * PIECE
        whole = list(auto.iter(matchable(text)))
        assert list(automaton_iter(auto, text, longest)) == whole  # folded a piece at a time
        assert list(automaton_iter(auto, text, longest, matchable(text))) == whole
        assert any(w == "seleka\nthe" for _, w in whole) == ("Séléka" in line)


def test_words_of_a_long_text_are_counted_as_a_whole():
    text = ("two words\n\nthree more words  \n" * (PIECE // 10)) + "end"
    assert word_count(text) == len(text.split())


def test_metadata_read_from_the_first_and_last_lines():
    text = BUNDLED[0].read_text(encoding="utf-8")
    assert find_metadata(text)["title"] == read_article(BUNDLED[0]).title
    assert find_metadata("\n\nOnly One Line Of Title Here\n\n")["title"] == "Only One Line Of Title Here"
    assert find_metadata("") == {"title": None, "authors": [], "date": None, "publisher": None}


def test_a_mention_holds_its_fields_and_shares_its_text():
    a = Mention(3, 10, "".join(["MONU", "SCO"]), "monusco")
    b = Mention(40, 47, "".join(["MON", "USCO"]), "monusco", "acronym")
    assert (a.start, a.end, a.text, a.actor, a.kind, b.kind) == (3, 10, "MONUSCO", "monusco", "name", "acronym")
    assert a.text is b.text  # one string for every mention of a name
    assert not hasattr(a, "__dict__")  # slotted: a 50 MB article has some 650,000


def test_the_contract_is_written_as_json_dumps_writes_it(knowledge):
    articles = [read_article(f) for f in BUNDLED[:3]]
    articles.append(from_text('A Title With "actors": [] In It\n\nNothing named here.\n', "t.txt", "t"))
    for art in articles:
        ex = extract_article(art, knowledge)
        out = io.StringIO()
        write_contract(ex, out)
        assert out.getvalue() == json.dumps(to_contract(ex), ensure_ascii=False, indent=1)
    assert json.loads(out.getvalue())["actors"] == []


def test_extracting_a_long_article_holds_a_few_copies_of_its_text(knowledge):
    # a character past Latin-1 makes Python hold the text at 2 bytes a character
    text = long_text(1_300_000) + "\n\nA closing line with a euro sign: €.\n"
    assert len(text) > PIECE
    extract_article(from_text("A short one\n\nMONUSCO is in the DRC.\n", "s.txt", "s"), knowledge)  # warm
    tracemalloc.start()
    try:
        ex = extract_article(from_text(text, "long.txt", "long"), knowledge)
        write_contract(ex, _Discard())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    size = len(text.encode("utf-8"))
    # 26 times the text before (three lower-cased copies, str.lower()'s 12 bytes a character, the
    # automata's 4, the contract's mentions as dicts), 10 now (the text itself, made here at 2
    # bytes a character, counted in it)
    assert peak < 15 * size, f"{peak / size:.1f} x the text"


class _Discard:
    def write(self, s: str) -> None:
        pass
