"""Every backend speaks the one Store protocol, and open_store picks it from the table by its spec."""

from __future__ import annotations

from graph import open_store
from graph.store import BACKENDS, FORKED_READS, Store

from .test_remote import server  # noqa: F401 - the fixture


def test_every_backend_speaks_the_protocol_and_is_found_by_its_spec(server, tmp_path):  # noqa: F811
    specs = {"memory": "memory", "remote": server, "oxigraph": str(tmp_path / "store")}
    assert set(specs) == set(BACKENDS)
    forked = set()
    for name, spec in specs.items():
        store = open_store(spec)
        try:
            if FORKED_READS in store.capabilities:
                forked.add(name)
            assert isinstance(store, Store) and store.name == name and store.spec == spec
            with store.transaction() as tx:
                tx.replace("urn:g", "<urn:a> <urn:b> <urn:c> .\n")
            assert store.graph_names() == ["urn:g"] and len(store) == 1
            assert store.values("SELECT ?o WHERE { <urn:a> ?p ?o }") == [("urn:c",)]
        finally:
            store.close()
    assert forked == {"oxigraph"}  # a query there runs in a child that can be stopped


def test_oxigraph_gives_the_literals_rdflib_makes(tmp_path):
    """A query's literals on Oxigraph (built without rdflib's constructor, for speed) are those
    rdflib itself makes of the same data: equal, with the same hash, value, language, datatype and
    well-typedness."""
    from rdflib import Dataset

    data = ('<urn:a> <urn:p> "Mission de l\'ONU \\"MONUSCO\\"" .\n'
            '<urn:a> <urn:p> "un titre"@fr .\n'
            '<urn:a> <urn:p> "Title"@en-gb .\n'
            '<urn:a> <urn:p> "" .\n'
            '<urn:a> <urn:p> "2023-09-05"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
            '<urn:a> <urn:p> "2023-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
            '<urn:a> <urn:p> "12"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
            '<urn:a> <urn:p> "0.5"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
            '<urn:a> <urn:p> "x"^^<urn:custom> .\n')
    store = open_store(str(tmp_path / "store"))
    try:
        with store.transaction() as tx:
            tx.replace("urn:g", data)
        got = sorted((r["o"] for r in store.query("SELECT ?o WHERE { ?s ?p ?o }").rows), key=repr)
    finally:
        store.close()
    ds = Dataset()
    ds.parse(data=data, format="nt")
    expected = sorted((o for _, _, o in ds.triples((None, None, None))), key=repr)
    assert len(got) == len(expected) == 9
    for a, b in zip(got, expected):
        assert (a, hash(a), a.value, a.language, a.datatype, a.ill_typed, a.n3()) == \
            (b, hash(b), b.value, b.language, b.datatype, b.ill_typed, b.n3()), repr(b)


def test_the_memory_store_summarises_and_draws_what_oxigraph_does(sample_store):
    """The summary graph and the page's graph (article links and background facts) built on rdflib's
    memory store are those of the Oxigraph store: the same rows, through the queries each engine
    answers in its own way (the memory store took two minutes on these before they were look-ups)."""
    from graph import build
    from graph.network import to_networkx
    from graph.vocab import Ids

    from .conftest import DATA

    disk = open_store(sample_store["path"], read_only=True)
    mem = open_store("memory")
    try:
        build([sample_store["articles"]], store=mem, data_dir=DATA, exports=None)
        summary = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{Ids().summary_graph}> {{ ?s ?p ?o }} }}"
        on_disk, in_memory = sorted(disk.values(summary)), sorted(mem.values(summary))
        assert len(on_disk) > 1000 and on_disk == in_memory
        a, b = to_networkx(disk, background=True), to_networkx(mem, background=True)
        edges = lambda g: sorted((s, o, k, sorted(d.items())) for s, o, k, d in g.edges(keys=True, data=True))  # noqa: E731
        assert sorted(a.nodes(data=True)) == sorted(b.nodes(data=True))
        assert edges(a) == edges(b)
        assert any(d["kind"] == "background" for _, _, d in a.edges(data=True))
    finally:
        mem.close()
        disk.close()
