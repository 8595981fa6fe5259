"""The SPARQL endpoint, with real HTTP requests and SPARQLWrapper as a standard client."""

from __future__ import annotations

import socket
import threading

import pytest
import requests

from graph import open_store
from graph.serve import create_app

from .conftest import DATA


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(sample_store):
    from werkzeug.serving import make_server

    store = open_store(sample_store["path"], read_only=True)
    app = create_app(store, DATA / "queries", timeout=2.0, max_rows=50)
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(5)
    store.close()


Q = "SELECT ?m ?l WHERE { ?a pg:mentions ?m . ?m a pg:Mission ; rdfs:label ?l } ORDER BY ?l LIMIT 5"


def test_get_and_post_with_content_negotiation(endpoint):
    r = requests.get(f"{endpoint}/sparql", params={"query": Q}, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(r.json()["results"]["bindings"]) == 5
    for accept, marker in [("application/sparql-results+xml", "<sparql"), ("text/csv", "m,l"),
                           ("text/tab-separated-values", "?m\t?l")]:
        r = requests.post(f"{endpoint}/sparql", data={"query": Q}, headers={"Accept": accept}, timeout=30)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(accept) and marker in r.text
    r = requests.post(f"{endpoint}/sparql", data=Q.encode(), timeout=30,
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert r.status_code == 200 and r.json()["head"]["vars"] == ["m", "l"]
    r = requests.get(f"{endpoint}/sparql", timeout=30, headers={"Accept": "text/turtle"},
                     params={"query": "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a pg:Mission ; rdfs:label ?l } "
                                      "LIMIT 3"})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle") and "rdfs:label" in r.text


def test_sparqlwrapper_client(endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery("PREFIX pg: <https://w3id.org/peacegraph/ontology#> "
                    "SELECT ?s WHERE { ?s pg:deployedIn ?o } LIMIT 3")
    client.setReturnFormat(JSON)
    res = client.query().convert()
    assert len(res["results"]["bindings"]) == 3


def test_refusals(endpoint):
    r = requests.post(f"{endpoint}/sparql", data={"update": "DROP ALL"}, timeout=30)
    assert r.status_code == 400 and "read-only" in r.text
    r = requests.post(f"{endpoint}/sparql", data={"query": "DELETE WHERE { ?s ?p ?o }"}, timeout=30)
    assert r.status_code == 400 and "read-only" in r.text
    r = requests.get(f"{endpoint}/sparql", params={"query": "SELECT ?x WHERE { ?x a }"}, timeout=30)
    assert r.status_code == 400 and "syntax error" in r.text
    r = requests.get(f"{endpoint}/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c }"}, timeout=30)
    assert r.status_code == 413 and "more than 50" in r.text
    r = requests.get(f"{endpoint}/sparql", timeout=60,
                     params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert r.status_code == 503 and "stopped after 2 s" in r.text
    r = requests.get(f"{endpoint}/sparql", timeout=30)
    assert r.status_code == 400


def test_saved_queries_and_page(endpoint):
    listing = requests.get(f"{endpoint}/queries", timeout=30).json()
    assert {q["name"] for q in listing} >= {"actors-by-type", "mission-contributors"}
    r = requests.post(f"{endpoint}/sparql", data={"saved": "actors-by-type", "param.type": "Mission"}, timeout=30)
    assert r.status_code == 200
    found = r.json()["results"]["bindings"]
    assert {b["type"]["value"] for b in found} == {"https://w3id.org/peacegraph/ontology#Mission"}
    assert "United Nations Interim Force in Lebanon" in {b["label"]["value"] for b in found}
    page = requests.get(f"{endpoint}/", timeout=30).text
    assert "<textarea" in page and "fetch(\"queries\")" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
