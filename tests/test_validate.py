"""The built graph conforms to the SHACL shapes, and the shapes do catch a broken graph."""

from __future__ import annotations

from click.testing import CliRunner
from rdflib import Literal, URIRef

from graph import open_store
from graph.cli import main
from graph.encode import graph_body
from graph.vocab import PG, Ids

from .conftest import DATA


def test_sample_graph_conforms(sample_store):
    r = CliRunner().invoke(main, ["--data", str(DATA), "validate", "--store", str(sample_store["path"])])
    assert r.exit_code == 0, r.output
    assert "conforms" in r.output


def test_a_broken_statement_is_reported(tmp_path, article):
    from graph import build

    store = open_store(tmp_path / "store")
    build([article], store=store, data_dir=DATA, exports=None)
    ids = Ids()
    g = ids.article_graph("monusco-2024-drawdown")
    quads = [q for q in store.quads(g)]
    rec = next(s for s, p, o, _ in quads if p == PG.evidence)
    quads = [q for q in quads if not (q[0] == rec and q[1] in (PG.evidence, PG.confidence))]
    quads.append((rec, PG.confidence, Literal(7), URIRef(g)))
    store.replace_graphs({g: graph_body(quads)})
    store.close()
    r = CliRunner().invoke(main, ["--data", str(DATA), "validate", "--store", str(tmp_path / "store")])
    assert r.exit_code == 1
    assert "evidence" in r.output and "confidence" in r.output
