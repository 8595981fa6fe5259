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
