"""Analysts' corrections in data/curated: applied on every build, kept in their own named graph."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, URIRef

from graph import build, extract, load_knowledge, open_store
from graph.cli import main
from graph.vocab import PG, Ids

from .conftest import DATA

TEXT = ("The Kivu Peace Observatory (KPO) works with MONUSCO in the DRC. "
        "The KPO was funded by Canada. Ottawa also trained the FARDC.\n")


@pytest.fixture
def curated_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    art = tmp_path / "articles"
    art.mkdir()
    (art / "kivu.txt").write_text(TEXT, encoding="utf-8")
    return data, art


def write(path, text):
    path.write_text(text, encoding="utf-8")


def test_alias_reject_merge_and_fact(curated_data, tmp_path):
    data, art = curated_data
    ex = extract(art / "kivu.txt", load_knowledge(data))
    labels = {a.label for a in ex.actors.values()}
    assert "Kivu Peace Observatory" in labels and "Canada" in labels

    cur = data / "curated"
    write(cur / "aliases.csv", "actor,alias\nCanada,Ottawa\n")
    write(cur / "actors.csv", "id,label,type,acronym,aliases,parent,country\n"
                              "KPO,Kivu Peace Observatory,Organisation,KPO,,,COD\n")
    write(cur / "rejects.csv", "actor,subject,predicate,object,note\n"
                               ",Canada,supports,FARDC,training is not support here\n")
    write(cur / "facts.csv", "subject,predicate,object,source,note\n"
                             "Canada,funds,KPO,https://example.org/report,annual report\n")
    k = load_knowledge(data)
    ex = extract(art / "kivu.txt", k)
    canada = next(key for key, a in ex.actors.items() if a.label == "Canada")
    assert "Ottawa" in {m.text for m in ex.mentions_of(canada)}
    assert "KPO" in ex.actors and ex.actors["KPO"].source == "curated"
    assert not any(r.predicate == "supports" and r.subject == canada for r in ex.relations)

    write(cur / "rejects.csv", "actor,subject,predicate,object,note\nKivu Peace Observatory,,,,not an actor\n")
    ex = extract(art / "kivu.txt", load_knowledge(data))
    assert "KPO" not in ex.actors

    # the build keeps curated facts, with their source, in the curated graph
    store = open_store(tmp_path / "store")
    build([art], store=store, data_dir=data, exports=tmp_path / "exports")
    store.close()
    ds = Dataset()
    ds.parse(tmp_path / "exports" / "graph.trig", format="trig")
    ids = Ids()
    g = ds.graph(URIRef(ids.curated_graph))
    assert (URIRef(ids.actor("CAN")), PG.funds, URIRef(ids.actor("KPO"))) in g
    assert any("example.org/report" in str(o) for o in g.objects())


def test_merge_two_actors(curated_data):
    data, art = curated_data
    cur = data / "curated"
    write(cur / "merges.csv", "from,into\nkivu-peace-observatory,Centre for Security Governance\n")
    ex = extract(art / "kivu.txt", load_knowledge(data))
    labels = {a.label for a in ex.actors.values()}
    assert "Kivu Peace Observatory" not in labels
    assert "Centre for Security Governance" in labels


def test_bad_curation_files_are_named(curated_data):
    data, art = curated_data
    write(data / "curated" / "facts.csv", "subject,predicate,object,source,note\nCanada,likes,MONUSCO,x,\n")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(art / "kivu.txt")])
    assert r.exit_code == 1 and "facts.csv:2" in r.output and "likes" in r.output
    write(data / "curated" / "facts.csv", "subject,predicate,object,source,note\nAtlantis,funds,MONUSCO,x,\n")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(art / "kivu.txt")])
    assert r.exit_code == 1 and "Atlantis" in r.output
    write(data / "curated" / "facts.csv", "subject,predicate,object,note\n")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(art / "kivu.txt")])
    assert r.exit_code == 1 and "source" in r.output


HEADERS = {"actors.csv": "id,label,type,acronym,aliases,parent,country",
           "aliases.csv": "actor,alias",
           "merges.csv": "from,into",
           "rejects.csv": "actor,subject,predicate,object,note",
           "facts.csv": "subject,predicate,object,source,note"}
GOOD = {"actors.csv": "KPO,Kivu Peace Observatory,Organisation,KPO,,,COD",
        "aliases.csv": "Canada,Ottawa",
        "merges.csv": "kivu-peace-observatory,Centre for Security Governance",
        "rejects.csv": ",Canada,supports,FARDC,training is not support here",
        "facts.csv": "Canada,funds,MONUSCO,https://example.org/report,annual report"}


@pytest.mark.parametrize("name", sorted(HEADERS))
@pytest.mark.parametrize("fault, bad, message", [
    ("an extra field", lambda good: good + ",extra", "{n} field(s) where the header has {h}"),
    ("a missing field", lambda good: good.rsplit(",", 1)[0], "{n} field(s) where the header has {h}"),
    ("an unclosed quote", lambda good: '"' + good, "unclosed quote"),
    ("a broken quote", lambda good: '"Can"ada' + good[good.index(","):], "broken quote"),
])
def test_a_malformed_curation_row_is_one_line_with_file_line_and_fault(curated_data, name, fault, bad, message):
    data, art = curated_data
    row = bad(GOOD[name])
    h = HEADERS[name].count(",") + 1
    n = row.count(",") + 1
    # the faulty row is the third line, after a good one, and a good row follows it
    write(data / "curated" / name, f"{HEADERS[name]}\n{GOOD[name]}\n{row}\n{GOOD[name]}\n")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(art / "kivu.txt")])
    assert r.exit_code == 1, (fault, r.output)
    assert "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1
    assert f"{name}:3: " in r.output and message.format(n=n, h=h) in r.output, r.output


def test_a_well_formed_curation_file_with_blank_lines_and_quotes_is_read(curated_data):
    data, art = curated_data
    write(data / "curated" / "aliases.csv", 'actor,alias\n\n"Canada","Ottawa"\n"Canada","the ""Great White North"""\n')
    ex = extract(art / "kivu.txt", load_knowledge(data))
    canada = next(key for key, a in ex.actors.items() if a.label == "Canada")
    assert "Ottawa" in {m.text for m in ex.mentions_of(canada)}
    assert 'the "Great White North"' in load_knowledge(data).registry.actors["CAN"].aliases
