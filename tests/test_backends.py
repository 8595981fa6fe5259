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
