"""The word lists under data/lexicon are data: extend one and the extractor reads differently; break
one and the error names it."""

from __future__ import annotations

import shutil

import pytest

from graph.articles import from_text
from graph.extract import extract_article, load_knowledge
from graph.model import PeacegraphError

from .conftest import DATA


def test_trigger_words_head_nouns_and_titles_are_data(tmp_path):
    """A word added to data/lexicon changes what is read; a broken list is named in one line."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = "A test article\n\nNorway bankrolled the Juba Peace Fund. The Kivu Lookout studies Ituri."

    def extract(d):
        ex = extract_article(from_text(text, "t.txt", "t"), load_knowledge(d))
        return ({(ex.actors[r.subject].label, r.predicate, ex.actors[r.object].label) for r in ex.relations},
                {a.label: a.type for a in ex.actors.values()})

    rels, types = extract(data)
    assert ("Norway", "funds", "Juba Peace Fund") in rels  # "bankroll" is a trigger word of funds
    assert "Kivu Lookout" not in types
    (data / "lexicon" / "triggers.csv").write_text(
        (data / "lexicon" / "triggers.csv").read_text(encoding="utf-8").replace("funds,bankroll\\w*\n", ""),
        encoding="utf-8")
    with open(data / "lexicon" / "heads.csv", "a", encoding="utf-8") as f:
        f.write("Lookout,Organisation\n")
    rels, types = extract(data)
    assert ("Norway", "funds", "Juba Peace Fund") not in rels
    assert types.get("Kivu Lookout") == "Organisation"

    with open(data / "lexicon" / "triggers.csv", "a", encoding="utf-8") as f:
        f.write("befriends,pal\\w*\n")
    with pytest.raises(PeacegraphError, match=r"lexicon/triggers\.csv: unknown predicate 'befriends'"):
        load_knowledge(data)


@pytest.mark.parametrize("name, content, message", [
    ("heads.csv", "head,type\nLookout,Think tank\n", r"heads\.csv: Lookout: unknown actor type 'Think tank'"),
    ("heads.csv", "head,type\nLookout\n", r"heads\.csv, line 2: 1 fields where the header has 2"),
    ("titles.txt", "President\nChief (of\n", r"titles\.txt: a title is not a regular expression"),
    ("triggers.csv", 'predicate,pattern\nfunds,"fund\n', r"triggers\.csv, line \d+: unexpected end of data"),
])
def test_a_broken_list_is_named_in_one_line(tmp_path, name, content, message):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    (data / "lexicon" / name).write_text(content, encoding="utf-8")
    with pytest.raises(PeacegraphError, match=message) as e:
        load_knowledge(data)
    assert "\n" not in str(e.value)


def test_a_two_word_head_types_an_outlet(knowledge):
    ex = extract_article(from_text("A test article\n\nThe Kenya News Agency and the Ghana Broadcasting Corporation "
                                   "reported the vote.", "t.txt", "t"), knowledge)
    types = {a.label: a.type for a in ex.actors.values()}
    assert types.get("Kenya News Agency") == "Organisation"  # heads.csv: "News Agency,Organisation"
    assert types.get("Ghana Broadcasting Corporation") == "Organisation"


@pytest.mark.parametrize("row, sentence, relation", [
    ("opposes,xyz|quarrel\\w* with", "Norway quarrelled with Sweden.", ("Norway", "opposes", "Sweden")),
    ("opposes,rebukes?", "Kenya rebuke Uganda.", ("Kenya", "opposes", "Uganda")),
    ("opposes,snub[(]?bed|rebuffed", "Kenya rebuffed Uganda.", ("Kenya", "opposes", "Uganda")),
])
def test_a_trigger_pattern_is_read_whatever_it_opens_with(tmp_path, row, sentence, relation):
    """A sentence is scanned for a predicate's words only where what they open with stands in it:
    a pattern whose matches need not open alike (an alternative outside a group, beside a class
    that holds a bracket) is scanned for everywhere, and an optional letter is not one they need."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with open(data / "lexicon" / "triggers.csv", "a", encoding="utf-8") as f:
        f.write(row + "\n")
    ex = extract_article(from_text(f"A test article\n\n{sentence}", "t.txt", "t"), load_knowledge(data))
    assert relation in {(ex.actors[r.subject].label, r.predicate, ex.actors[r.object].label) for r in ex.relations}
