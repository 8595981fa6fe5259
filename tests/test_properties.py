"""Property-based tests over random and hostile text: extraction does not crash, every offset points
at its text, and every RDF export parses back to the graph in the store."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.articles import from_text
from graph.extract import extract_article

WORDS = ["MONUSCO", "the", "UN", "Security", "Council", "(", ")", "DRC", "Canada", "Canadian", "government",
         "President", "Minister", "of", "Foreign", "Affairs", "Harjit", "Sajjan", "funded", "the", "Fund",
         "Peace", "Operations", "Program", "PSOP", "not", "could", "asked", "Mali", "MINUSMA", "and", ",",
         ".", "\n", "\n\n", "Congolese", "authorities", "Sudan", "People's", "Liberation", "Movement-IO",
         "al-Shabaab", "<script>", "alert(1)", "</script>", "é", "’s", "Operation", "Barkhane", "in", "by",
         "was", "supported", "member", "states", "Burkina", "Faso", "General", "Dr.", "X.", "U.S.", "-",
         "—", "Séléka", "anti-Balaka", "Centre", "for", "Security", "Governance", "(CSG)", "Institute"]

texts = st.one_of(
    st.text(min_size=1, max_size=400),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=120).map(" ".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_extraction_never_crashes_and_offsets_hold(knowledge, text):
    if not text.strip():
        return
    try:
        article = from_text(text, "h.txt", "h")
    except Exception as e:  # only the clear "no article text" refusal is allowed
        assert "no article text" in str(e)
        return
    ex = extract_article(article, knowledge)
    t = ex.article.text
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(t)
        assert t[m.start:m.end] == m.text
        assert m.actor in ex.actors
    for r in ex.relations:
        assert t[r.start:r.end].split() == r.evidence.split()
        assert r.subject in ex.actors and r.object in ex.actors and r.subject != r.object


def _canonical(g):
    """A graph in a form where equality is isomorphism: its set of triples, or, when it holds
    blank nodes, rdflib's canonical form (much slower, hence only then)."""
    from rdflib import BNode
    from rdflib.compare import to_isomorphic

    triples = set(g)
    if any(isinstance(t, BNode) for triple in triples for t in triple):
        return to_isomorphic(g)
    return frozenset(triples)


def _graphs(ds) -> dict[str, object]:
    return {str(g.identifier): _canonical(g) for g in ds.graphs() if len(g)}


@pytest.mark.fault  # slow: each example builds a store and parses every format back with rdflib
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(texts, min_size=1, max_size=6))
def test_every_export_parses_back_to_an_isomorphic_graph(tmp_path_factory, batch):
    """Several hostile articles per store (one build and one round trip for all: the reference graph
    every build writes makes each round trip cost seconds)."""
    from rdflib import Dataset, Graph

    from graph import PeacegraphError, build, open_store
    from graph.store import RDF_FORMATS

    from .conftest import DATA

    root = tmp_path_factory.mktemp("roundtrip")
    files = []
    for i, text in enumerate(batch):
        if text.strip():
            files.append(root / f"hostile-{i}.txt")
            files[-1].write_text(text, encoding="utf-8")
    store = open_store(root / "store")
    try:
        while files:
            try:
                build(files, store=store, data_dir=DATA, exports=None)
                break
            except PeacegraphError as e:  # only the clear refusals of a file that holds no article
                assert any(why in str(e) for why in ("no article text", "binary file, not text", "file is empty"))
                files = [f for f in files if str(f) not in str(e)]  # the one it names: build the rest
        if not files:
            return
        store.dump(root / "all.nq", "nquads")
        truth = Dataset()
        truth.parse(root / "all.nq", format="nquads")
        stored = {str(g.identifier).split("/graph/article/")[1] for g in truth.graphs()
                  if "/graph/article/" in str(g.identifier)}
        assert {f.stem for f in files} == stored
        expected = _graphs(truth)
        union = Graph()
        for s, p, o, _ in truth.quads((None, None, None, None)):
            union.add((s, p, o))
        for fmt, (_, rdflib_fmt, keeps_graphs) in RDF_FORMATS.items():
            path = root / f"out.{fmt}"
            store.dump(path, fmt)
            if keeps_graphs:
                back = Dataset()
                back.parse(path, format=rdflib_fmt)
                assert _graphs(back) == expected, fmt
            else:
                back = Graph()
                back.parse(path, format=rdflib_fmt)
                assert _canonical(back) == _canonical(union), fmt
    finally:
        store.close()
