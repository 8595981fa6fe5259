"""An article's text longer than Oxigraph's parsers take as one term (16 MiB): stored whole, its
mentions pointing into it, and exported as RDF that parses back (with rdflib) to the store's quads."""

from __future__ import annotations

import pytest
import rdflib.plugins.parsers.ntriples
from click.testing import CliRunner
from rdflib import Dataset, Graph

from graph.articles import read_article
from graph.cli import main
from graph.encode import text
from graph.store import PARSER_LIMIT, long_quad, open_store
from graph.vocab import NIF, Ids

from .conftest import DATA
from .test_remote import server  # noqa: F401 - the fixture: a real Oxigraph server

# real sentences without a name in them (a name repeated a million times would make a million
# mentions: minutes of extraction), with curly quotes and accents (two and three bytes a character)
FILLER = ("The mission reported again on the situation in the provinces, as it does every month. "
          "Its ‘protection of civilians’ mandate was renewed after a long debate on the régime’s "
          "naïve promises. Humanitarian access remained difficult in the east, where roads are often cut. ")


def rdflib_nquads(path, monkeypatch) -> set:
    """The quads of an N-Quads file as rdflib reads them. (rdflib's N-Triples reader reads 2 KB at
    a time and matches a line again after each: time in the square of a line's length, hours for
    17 MB. So the short lines are read together, and each long one alone, read at once.)"""
    lines = [line + "\n" for line in path.read_text(encoding="utf-8").split("\n") if line]
    ds = Dataset()
    ds.parse(data="".join(line for line in lines if len(line) < 2**20), format="nquads")
    for line in (line for line in lines if len(line) >= 2**20):
        monkeypatch.setattr(rdflib.plugins.parsers.ntriples, "bufsiz", len(line) + 1)
        ds.parse(data=line, format="nquads")
    return {(s, p, o, g) for s, p, o, g in ds.quads()}


def rdflib_quads(ds: Dataset) -> set:
    return {(s, p, o, g) for s, p, o, g in ds.quads()}


@pytest.mark.fault  # (reads 17 MB: some 15 s)
def test_an_article_over_16_mib_is_built_queried_and_exported_whole(tmp_path, monkeypatch):
    folder = tmp_path / "articles"
    folder.mkdir()
    # a few paragraph breaks and quotes: each is an escape, and rdflib's Turtle reader takes time
    # in the length times the escapes of a literal
    paragraph = FILLER * (2**20 // len(FILLER))
    long = folder / "long.txt"
    long.write_text("A Long Report\n\n"
                    'UNDP supports MONUSCO in Goma, says the "Annex\\Report".\n\n'
                    + "\n\n".join([paragraph] * 17)
                    + "\n\nIn the end, UNDP thanked MONUSCO.\n", encoding="utf-8")
    expected = read_article(long).text
    assert len(expected.encode("utf-8")) > PARSER_LIMIT + 2**20

    run = CliRunner().invoke(main, ["--data", str(DATA), "build", str(folder), "--store", str(tmp_path / "store"),
                                    "--exports", str(tmp_path / "exports")])
    assert run.exit_code == 0, run.output

    g = Ids().article_graph("long")
    store = open_store(tmp_path / "store", read_only=True)
    try:
        [(stored,)] = store.values(f"SELECT ?t WHERE {{ GRAPH <{g}> {{ ?c <{NIF.isString}> ?t }} }}")
        assert stored == expected  # the text whole, not cut, every escape read back
        mentions = store.values(f"""SELECT ?a ?b ?e WHERE {{ GRAPH <{g}> {{
            ?m <{NIF.anchorOf}> ?a ; <{NIF.beginIndex}> ?b ; <{NIF.endIndex}> ?e }} }}""")
        assert {a for a, _, _ in mentions} == {"UNDP", "MONUSCO"}
        assert all(expected[int(b):int(e)] == a for a, b, e in mentions)
        assert max(int(b) for _, b, _ in mentions) > PARSER_LIMIT  # the last sentence's, 17 M characters in
        quads = {(s, p, o, g) for s, p, o, g in store.quads()}
    finally:
        store.close()
    assert any(len(o) == len(expected) for _, _, o, _ in quads)

    # the exports hold the store's quads (graph.trig) and its triples (graph.ttl), long text included
    trig = Dataset()
    trig.parse(tmp_path / "exports" / "graph.trig", format="trig")
    assert rdflib_quads(trig) == quads
    ttl = Graph().parse(tmp_path / "exports" / "graph.ttl", format="turtle")
    assert set(ttl) == {(s, p, o) for s, p, o, _ in quads}
    assert "<html" in (tmp_path / "exports" / "network.html").read_text(encoding="utf-8")[:200].lower()

    # `peacegraph export` to N-Quads, and a saved query, over the same store
    nq = tmp_path / "all.nq"
    run = CliRunner().invoke(main, ["export", "--store", str(tmp_path / "store"), "--format", "nquads", "-o", str(nq)])
    assert run.exit_code == 0, run.output
    assert rdflib_nquads(nq, monkeypatch) == quads
    run = CliRunner().invoke(main, ["--data", str(DATA), "query", "--store", str(tmp_path / "store"),
                                    "--name", "articles"])
    assert run.exit_code == 0 and "A Long Report" in run.output


@pytest.mark.parametrize("backend", ["oxigraph", "oxigraph-bulk", "memory"])
def test_a_literal_over_the_parsers_limit_is_stored_by_every_write_path(tmp_path, backend):
    # every character N-Triples escapes, or that a reader might take for a line break
    piece = 'a "quoted" C:\\path\\n, a tab\there, lines\nand\r\nbreaks\u2028\u0085, é, 😀. '
    value = piece * ((PARSER_LIMIT + 2**20) // len(piece))
    g, s, p = "http://example.org/g", "http://example.org/s", "http://example.org/p"
    triples = f'<{s}> <{p}> {text(value)} .\n<{s}> <{p}> "short" .\n'
    store = open_store("memory" if backend == "memory" else tmp_path / "store")
    try:
        with store.transaction(large=backend == "oxigraph-bulk") as tx:
            tx.replace(g, triples)
        rows = store.values(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ <{s}> <{p}> ?o }} }}")
        assert sorted(rows, key=lambda r: len(r[0])) == [("short",), (value,)]
        if backend == "oxigraph":  # the summary's way: a graph replaced by loading it
            store.rewrite_graph(g, f'<{s}> <{p}> {text(value + "!")} .\n')
            assert store.values(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ <{s}> <{p}> ?o }} }}") == [(value + "!",)]
    finally:
        store.close()


def test_a_long_line_read_as_bytes_gives_the_quad_its_text_gives():
    # the bulk write reads its long lines as bytes (half the memory): every escape, \u ones too
    line = ('<http://example.org/s> <http://example.org/p> "a \\u00e9 \\U0001F600 \\"q\\" \\\\u0041 \\\\ é 😀\\n"@en '
            '<http://example.org/g> .\n')
    quad = long_quad(line)
    assert quad.object.value == 'a é 😀 "q" \\u0041 \\ é 😀\n' and quad.object.language == "en"
    assert long_quad(line.encode("utf-8")) == quad
    plain = line.replace("\\u00e9 \\U0001F600 ", "").replace("\\\\u0041 ", "")  # (no "\\u": unescaped by replace)
    assert long_quad(plain.encode("utf-8")) == long_quad(plain)
    assert long_quad(plain).object.value == 'a "q" \\ é 😀\n'


def test_a_remote_store_takes_and_gives_back_a_literal_over_the_parsers_limit(server, tmp_path, monkeypatch):  # noqa: F811
    # a real Oxigraph server (test_remote.py's fixture): the text goes in a SPARQL update, and
    # comes back in the N-Quads of the Graph Store Protocol, whose long line pyoxigraph cannot parse
    value = 'a "quoted" C:\\path, lines\nand é. ' * ((PARSER_LIMIT + 2**20) // 32)
    g, s, p = "http://example.org/g", "http://example.org/s", "http://example.org/p"
    store = open_store(server)
    with store.transaction() as tx:
        tx.replace(g, f'<{s}> <{p}> {text(value)} .\n<{s}> <{p}> "short" .\n')
    assert sorted(store.values(f"SELECT ?o WHERE {{ GRAPH <{g}> {{ <{s}> <{p}> ?o }} }}"),
                  key=lambda r: len(r[0])) == [("short",), (value,)]
    store.dump(tmp_path / "all.nq", "nquads")
    assert {(str(o), str(g_)) for _, _, o, g_ in rdflib_nquads(tmp_path / "all.nq", monkeypatch)} == {
        ("short", g), (value, g)}
