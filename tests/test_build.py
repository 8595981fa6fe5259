"""The end-to-end build: seed article and bundled sample → store → Turtle, TriG and network page."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from graph import build, open_store
from graph.cli import main
from graph.vocab import PG, Ids

from .conftest import DATA

ids = Ids()


def A(key: str) -> URIRef:
    return URIRef(ids.actor(key))


@pytest.fixture
def seed_build(tmp_path, seed_article):
    store = open_store(tmp_path / "store")
    report = build([seed_article], store=store, data_dir=DATA, exports=tmp_path / "exports")
    store.close()
    return tmp_path, report


def _distinct_triples(store_dir) -> int:
    """The store's triples counted once however many graphs hold them: what a triple format holds."""
    store = open_store(store_dir, read_only=True)
    try:
        [(n,)] = store.values("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
                              "{ GRAPH ?g { ?s ?p ?o } } }")
    finally:
        store.close()
    return int(n)


def test_exports_hold_exactly_the_store(sample_store):
    """graph.ttl holds each of the store's triples once; graph.trig every quad, as many as the build said."""
    g = Graph().parse(sample_store["exports"] / "graph.ttl", format="turtle")
    assert len(g) == _distinct_triples(sample_store["path"])
    ds = Dataset()
    ds.parse(sample_store["exports"] / "graph.trig", format="trig")
    assert len(list(ds.quads())) == sample_store["report"].triples > len(g)


def store_and_exports(store_dir, exports) -> tuple[set, set, set, set]:
    """The store's quads and distinct triples, and those of graph.trig and graph.ttl, as N-Quads lines."""
    import pyoxigraph as ox

    db = ox.Store.read_only(str(store_dir))
    quads = set(db.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())
    triples = {str(q.triple) for q in db}
    trig = {str(q) for q in ox.parse(path=str(exports / "graph.trig"), format=ox.RdfFormat.TRIG)}
    ttl = {str(t) for t in ox.parse(path=str(exports / "graph.ttl"), format=ox.RdfFormat.TURTLE)}
    return {q.removesuffix(" .") for q in quads}, triples, trig, ttl


def test_exports_are_the_store_quad_for_quad(tmp_path):
    """A first build writes its exports from the graphs as it made them, a later one (unchanged
    articles in the store) from the store: both hold the store's quads, term for term (numbers,
    dates and offsets as the store gives them back)."""
    arts = tmp_path / "articles"
    shutil.copytree(DATA / "articles", arts)
    (arts / "fetched.txt").write_text('---\ntitle: "Handing over in Ituri"\nsource: "https://example.org/a"\n'
                                      'retrieved: "2026-11-28T10:42:07+00:00"\n---\nMONUSCO left Bunia in 2024, '
                                      'and the Armed Forces of the Democratic Republic of the Congo took over.\n',
                                      encoding="utf-8")
    store = open_store(tmp_path / "store")
    try:
        build([arts], store=store, data_dir=DATA, exports=tmp_path / "exports")
    finally:
        store.close()
    quads, triples, trig, ttl = store_and_exports(tmp_path / "store", tmp_path / "exports")
    assert len(quads) > 10000 and trig == quads and ttl == triples
    assert any("nonNegativeInteger" in q or "#integer>" in q for q in quads)
    assert any("2026-11-28T10:42:07Z" in q for q in quads)  # the store's own form of the date
    # one article changed: the others are read back from the store
    first = sorted(arts.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nUNDP funds the programme.\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    try:
        report = build([arts], store=store, data_dir=DATA, exports=tmp_path / "exports")
    finally:
        store.close()
    assert report.extracted == 1
    quads2, triples2, trig2, ttl2 = store_and_exports(tmp_path / "store", tmp_path / "exports")
    assert quads2 != quads and trig2 == quads2 and ttl2 == triples2
    assert not list((tmp_path / "exports").glob(".*"))  # no block or temporary file left behind


def _actor(g: Graph, label: str) -> URIRef:
    found = [s for s in g.subjects(RDFS.label, None) if str(g.value(s, RDFS.label)) == label]
    assert found, f"no actor labelled {label!r}"
    return found[0]


def test_seed_graph_parses_back_with_the_facts(seed_build):
    root, report = seed_build
    g = Graph().parse(root / "exports" / "graph.ttl", format="turtle")
    assert len(g) == _distinct_triples(root / "store") and len(g) > 500
    expected = {
        "Canada": PG.Government,
        "Democratic Republic of the Congo": PG.Government,
        "United Nations Development Programme": PG.Agency,
        "Peace and Stabilization Operations Program": PG.Programme,
        "Harjit Sajjan": PG.Person,
        "Stéphane Dion": PG.Person,
    }
    for label, cls in expected.items():
        assert (_actor(g, label), RDF.type, cls) in g
    monusco = A("MONUSCO")
    assert (monusco, RDF.type, PG.Mission) in g
    article = URIRef(ids.article("csg-2016-drc-seed"))
    for label in expected:
        assert (article, PG.mentions, _actor(g, label)) in g
    assert (article, PG.mentions, monusco) in g
    # a relation read from the article is a direct triple and a provenance record with evidence
    canada, psop = _actor(g, "Canada"), _actor(g, "Peace and Stabilization Operations Program")
    assert (canada, PG.implements, psop) in g
    recs = [r for r in g.subjects(RDF.subject, canada)
            if g.value(r, RDF.predicate) == PG.implements and g.value(r, RDF.object) == psop]
    assert recs and "Peace and Stabilization Operations Program (PSOP)" in str(g.value(recs[0], PG.evidence))
    sajjan = _actor(g, "Harjit Sajjan")
    assert (sajjan, PG.memberOf, canada) in g


def test_trig_keeps_one_named_graph_per_article_and_the_reference_graph(tmp_path, article):
    store = open_store(tmp_path / "store")
    build([article], store=store, data_dir=DATA, exports=tmp_path / "exports")
    store.close()
    root = tmp_path
    ds = Dataset()
    ds.parse(root / "exports" / "graph.trig", format="trig")
    names = {str(c.identifier) for c in ds.graphs()}
    assert ids.article_graph("monusco-2024-drawdown") in names
    assert ids.reference_graph in names
    ref = ds.graph(URIRef(ids.reference_graph))
    assert (A("MONUSCO"), PG.deployedIn, A("COD")) in ref
    art = ds.graph(URIRef(ids.article_graph("monusco-2024-drawdown")))
    # "the United Nations Organization Stabilization Mission in the Democratic Republic of the Congo
    # (MONUSCO) closed its presence in South Kivu": read in the article as well
    assert (A("MONUSCO"), PG.deployedIn, A("COD")) in art
    assert (A("UNIFIL"), PG.deployedIn, A("LBN")) in ref  # background facts stay in the reference graph
    assert not set(art.triples((A("UNIFIL"), None, None)))  # (the article does not name UNIFIL)


def test_same_build_twice_gives_isomorphic_graphs(tmp_path, article):
    outs = []
    for run in ("one", "two"):
        store = open_store(tmp_path / run / "store")
        build([article], store=store, data_dir=DATA, exports=tmp_path / run / "exports")
        store.close()
        outs.append(Graph().parse(tmp_path / run / "exports" / "graph.ttl", format="turtle"))
    assert isomorphic(outs[0], outs[1])


def test_seed_and_sample_share_one_node_per_actor(sample_store):
    store = open_store(sample_store["path"], read_only=True)
    try:
        rows = store.select(f"""
            SELECT ?a (COUNT(DISTINCT ?art) AS ?n) WHERE {{ ?art <{PG.mentions}> ?a }} GROUP BY ?a
            HAVING (COUNT(DISTINCT ?art) > 1)""")
        shared = {str(r["a"]) for r in rows}
        assert ids.actor("CAN") in shared or ids.actor("COD") in shared
        labels = store.select(f"SELECT ?a WHERE {{ ?a <{RDFS.label}> ?l FILTER(?l = \"Canada\") }}")
        assert {str(r["a"]) for r in labels} == {ids.actor("CAN")}
    finally:
        store.close()


def test_build_cli_summary_and_exports(tmp_path):
    articles = tmp_path / "articles"
    shutil.copytree(DATA / "articles", articles)
    out = tmp_path / "exports"
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(articles), "--store",
                                  str(tmp_path / "store"), "--exports", str(out)])
    assert r.exit_code == 0, r.output
    assert "articles  12 (12 extracted, 0 unchanged)" in r.output and "triples" in r.output
    # the actors the articles name (not the reference actors they don't), and the links read from them
    import re

    from graph import open_store

    actors = int(re.search(r"^actors\s+(\d+)", r.output, re.M).group(1))
    links = int(re.search(r"^links\s+(\d+)", r.output, re.M).group(1))
    store = open_store(tmp_path / "store", read_only=True)
    try:
        named = store.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?x pg:mentions ?a }")
        read = store.select("SELECT (COUNT(?r) AS ?n) WHERE { ?r a pg:RelationStatement }")
    finally:
        store.close()
    assert actors == int(named[0]["n"]) and actors < 400
    assert links == int(read[0]["n"]) > 0
    for name in ("graph.ttl", "graph.trig", "network.html"):
        assert (out / name).stat().st_size > 0
    # second run: nothing changed, nothing extracted again
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(articles), "--store",
                                  str(tmp_path / "store"), "--exports", str(out)])
    assert "0 extracted" in r.output


def test_bad_input_leaves_store_and_exports_whole(tmp_path, article):
    out = tmp_path / "exports"
    store_dir = tmp_path / "store"
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(article), "--store", str(store_dir),
                                  "--exports", str(out)])
    assert r.exit_code == 0, r.output
    before = (out / "graph.ttl").read_bytes()
    bad = tmp_path / "in"
    bad.mkdir()
    shutil.copy(article, bad / "good.txt")
    (bad / "broken.txt").write_bytes(b"\xff\xfe\x00binary")
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(bad), "--store", str(store_dir),
                                  "--exports", str(out)])
    assert r.exit_code == 1
    assert "broken.txt" in r.output and "binary" in r.output
    assert (out / "graph.ttl").read_bytes() == before
    store = open_store(store_dir, read_only=True)
    try:
        assert ids.article_graph("good") not in store.graph_names()
        assert ids.article_graph("monusco-2024-drawdown") in store.graph_names()
    finally:
        store.close()


def test_malformed_reference_file_is_named(tmp_path, article):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("articles"))
    with (data / "reference" / "missions.csv").open("a", encoding="utf-8") as f:
        f.write("BROKEN,Some mission,,,NOPE,,,\n")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(article)])
    assert r.exit_code == 1
    assert "missions.csv" in r.output or "reference" in r.output
    assert "NOPE" in r.output
    (data / "reference" / "missions.csv").write_text('id,label\n"unclosed,quote\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(article)])
    assert r.exit_code == 1 and "missions.csv" in r.output
    (data / "reference" / "missions.csv").write_text("id,label,kind\nX,Operation X,peacemaking\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(article)])
    assert r.exit_code == 1 and "missions.csv:2: unknown kind of operation 'peacemaking'" in r.output
    assert len(r.output.strip().splitlines()) == 1
    (data / "reference" / "missions.csv").write_text("id,label,run_by\nX,Operation X,NOPE\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["--data", str(data), "extract", str(article)])
    assert r.exit_code == 1 and "X: run_by 'NOPE' is not a known actor id" in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_export_formats_parse_back(sample_store, tmp_path):
    from rdflib import BNode, Dataset

    parsed = {}
    for fmt, parser, quads in [("nquads", "nquads", True), ("turtle", "turtle", False), ("nt", "nt", False),
                               ("xml", "xml", False), ("trig", "trig", True), ("jsonld", "json-ld", True)]:
        out = tmp_path / f"g.{fmt}"
        r = CliRunner().invoke(main, ["export", "--store", str(sample_store["path"]), "--format", fmt,
                                      "-o", str(out)])
        assert r.exit_code == 0, r.output
        g = Dataset() if quads else Graph()
        g.parse(out, format=parser)
        parsed[fmt] = {(s, p, o) for s, p, o, _ in g.quads()} if quads else set(g)
        assert len(parsed[fmt]) > 1000
    # a triple format holds the union of the store's graphs: each triple of each graph, once parsed
    # (blank nodes aside: each file names them its own way)
    union = {t for t in parsed["nquads"] if not any(isinstance(x, BNode) for x in t)}
    for fmt in ("turtle", "nt", "xml"):
        assert {t for t in parsed[fmt] if not any(isinstance(x, BNode) for x in t)} == union, fmt
    r = CliRunner().invoke(main, ["export", "--store", str(sample_store["path"])])
    assert r.exit_code == 0 and "@prefix pg:" in r.output


def test_configurable_base_iri(tmp_path, article):
    r = CliRunner().invoke(main, ["--data", str(DATA), "--base", "http://example.org/pk/", "extract",
                                  str(article), "--format", "json"])
    assert r.exit_code == 0
    assert '"http://example.org/pk/actor/MONUSCO"' in r.output


def test_a_base_that_is_not_an_iri_is_one_line_and_writes_nothing(tmp_path, article):
    """The bulk loader trusts the IRIs peacegraph mints: their base is checked once, first."""
    r = CliRunner().invoke(main, ["--data", str(DATA), "--base", "http://example.org/peace graph/", "build",
                                  str(article), "--store", str(tmp_path / "store"), "--exports", str(tmp_path / "e")])
    assert r.exit_code == 1
    assert r.output.strip().splitlines() == [
        "Error: base IRI 'http://example.org/peace graph/' is not a valid IRI: Invalid IRI code point ' '"]
    assert not (tmp_path / "e").exists() or not any((tmp_path / "e").iterdir())


def test_persons_with_a_slip_are_one_person_across_articles(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("Minister of Foreign Affairs Stéphane Dion spoke for Canada in Ottawa.\n", encoding="utf-8")
    b.write_text("Minister of Foreign Affairs Stephan Dion met Canada's partners. Later Dion left.\n",
                 encoding="utf-8")
    store = open_store(tmp_path / "store")
    build([a, b], store=store, data_dir=DATA, exports=None)
    rows = store.select(f"SELECT DISTINCT ?p WHERE {{ ?art <{PG.mentions}> ?p . ?p a <{PG.Person}> }}")
    store.close()
    assert len(rows) == 1


def test_a_build_finds_the_actors_extract_finds(tmp_path):
    """Discovery before the actors are pooled reads the topics as extract does: a theme defined with
    an acronym ("Protection of Civilians (POC)") is an actor in neither."""
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("UNMISS runs Protection of Civilians (POC) sites in Juba. The Rift Valley Institute (RVI) "
                 "studied the POC sites.\n", encoding="utf-8")
    b.write_text("The POC sites of UNMISS hold 200,000 people, the RVI says.\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    build([a, b], store=store, data_dir=DATA, exports=None)
    rows = store.select(f"SELECT DISTINCT ?l WHERE {{ ?art <{PG.mentions}> ?x . ?x <{RDFS.label}> ?l }}")
    store.close()
    labels = {str(r["l"]) for r in rows}
    assert "Rift Valley Institute" in labels and not any("Civilians" in x or x == "POC" for x in labels)


def test_remove_takes_the_file_name_or_the_id(tmp_path):
    """`remove` takes what the user sees: the file name, with or without extension, its path, or the id."""
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["Rapport MONUSCO été 2024.txt", "Notes (draft) v2.md", "plain.html", "report.v2.txt"]
    for name in names:
        (folder / name).write_text("MONUSCO is deployed in the DRC. Canada supports MONUSCO.\n", encoding="utf-8")
    store, out = str(tmp_path / "store"), str(tmp_path / "exports")
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(folder), "--store", store, "--exports", out])
    assert r.exit_code == 0, r.output

    def articles() -> set[str]:
        s = open_store(store, read_only=True)
        try:
            return {g.rsplit("/", 1)[1] for g in s.graph_names() if "/graph/article/" in g}
        finally:
            s.close()

    assert articles() == {"rapport-monusco-ete-2024", "notes-draft-v2", "plain", "report-v2"}
    for given, dropped in [("Rapport MONUSCO été 2024", "rapport-monusco-ete-2024"),  # the name without extension
                           (str(folder / "Notes (draft) v2.md"), "notes-draft-v2"),  # its path
                           ("report.v2.txt", "report-v2"),  # a file name with dots
                           ("plain", "plain")]:  # the id
        r = CliRunner().invoke(main, ["--data", str(DATA), "remove", given, "--store", store, "--exports", out])
        assert r.exit_code == 0, r.output
        assert r.output.strip() == f"removed 1 article(s): {dropped}"
    assert articles() == set()
    r = CliRunner().invoke(main, ["--data", str(DATA), "remove", "Rapport MONUSCO été 2024.txt", "--store", store,
                                  "--exports", out])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "no article 'Rapport MONUSCO été 2024.txt' (id 'rapport-monusco-ete-2024') in the store" in r.output


def test_a_forced_rebuild_writes_the_store_afresh_but_keeps_what_it_does_not_rewrite(tmp_path):
    """`--force` re-extracts every article given. When that rewrites every graph of the store, the
    store is written afresh; an article left out of the inputs keeps its graph (unless --prune),
    and then the other graphs are replaced one by one."""
    ids = Ids()
    arts, aside = tmp_path / "articles", tmp_path / "aside"
    shutil.copytree(DATA / "articles", arts)
    aside.mkdir()
    store_dir, exports = tmp_path / "store", tmp_path / "exports"

    def run(*extra: str):
        r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(arts), "--store", str(store_dir),
                                      "--exports", str(exports), *extra])
        assert r.exit_code == 0, r.output
        return store_and_exports(store_dir, exports)

    first, _, _, _ = run()
    again, _, trig, _ = run("--force")
    assert again == first and trig == again  # written afresh: the same store
    left = sorted(arts.glob("*.txt"))[0]
    shutil.move(left, aside / left.name)
    kept, _, trig, _ = run("--force")
    graph = f"<{ids.article_graph(left.stem)}>"
    assert {q for q in first if q.endswith(graph)} == {q for q in kept if q.endswith(graph)} != set()
    assert trig == kept
    pruned, _, trig, _ = run("--force", "--prune")
    assert not any(q.endswith(graph) for q in pruned) and trig == pruned
