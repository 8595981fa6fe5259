"""Safe to serve: no query makes peacegraph fetch a URL, a syntax error is one line that says where,
and the endpoint runs a bounded number of queries at once. Real HTTP servers on 127.0.0.1 only."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
import requests
from click.testing import CliRunner

from graph import open_store
from graph.cli import main
from graph.errors import QueryRefused, SparqlSyntaxError
from graph.queries import run
from graph.serve import create_app

from .conftest import DATA


class Listener:
    """A real HTTP server on a free loopback port that records every request it receives."""

    def __init__(self):
        self.requests: list[str] = []
        seen = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server calls
                seen.append(f"{self.command} {self.path}")
                body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint(sample_store):
    """The endpoint over the sample store, with one query slot and a 3 s limit."""
    from werkzeug.serving import make_server

    store = open_store(sample_store["path"], read_only=True)
    app = create_app(store, DATA / "queries", timeout=3.0, max_rows=50, slots=1)
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    store.close()


def service_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?a a pg:Mission . service silent <{url}/y> {{ ?a ?p ?o }} }}",
        f"SELECT ?a WHERE {{ ?a a pg:Mission OPTIONAL {{ SELECT ?a WHERE {{ SERVICE <{url}/z> {{ ?a ?p ?o }} }} }} }}",
        f"# SERVICE in a comment is none, but this is:\nASK {{ BIND(<{url}/v> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/w> {{ ?s ?p ?o }} }}",
    ]


def test_the_listener_hears_a_request(listener):
    """The check below can fail: a request to the listener is recorded."""
    assert requests.get(f"{listener.url}/probe", timeout=10).status_code == 200
    assert listener.requests == ["GET /probe"]


def test_service_is_refused_by_query_and_the_library(listener, sample_store):
    for q in service_queries(listener.url):
        r = CliRunner().invoke(main, ["--data", str(DATA), "query", q, "--store", str(sample_store["path"])])
        assert r.exit_code == 1, (q, r.output)
        assert r.output.count("\n") == 1 and r.output.startswith("Error: SERVICE") and "refused" in r.output, r.output
    store = open_store("memory")  # rdflib would fetch too
    with pytest.raises(QueryRefused, match="SERVICE"):
        run(store, service_queries(listener.url)[0])
    with pytest.raises(QueryRefused, match="SERVICE"):
        store.query(service_queries(listener.url)[1])  # the store's own query, below run()
    oxigraph = open_store(sample_store["path"], read_only=True)
    try:
        with pytest.raises(QueryRefused, match="SERVICE"):
            oxigraph.query(service_queries(listener.url)[2])
    finally:
        oxigraph.close()
    assert listener.requests == []


def test_service_is_refused_by_the_endpoint(listener, endpoint):
    for q in service_queries(listener.url):
        r = requests.get(f"{endpoint}/sparql", params={"query": q}, timeout=30)
        assert r.status_code == 400 and r.text.startswith("SERVICE") and r.text.count("\n") == 1, r.text
        r = requests.post(f"{endpoint}/sparql", data=q.encode(), timeout=30,
                          headers={"Content-Type": "application/sparql-query"})
        assert r.status_code == 400 and "SERVICE" in r.text
    assert listener.requests == []


@pytest.mark.parametrize("query, line, column, found, expected", [
    ("SELECT ?x WHERE { ?x a }", 1, 24, "'}'", ["a variable", "an IRI"]),
    ("SELECT ?x WHERE {\n  ?x a pg:Mission ;\n     ?y }", 3, 9, "'}'", ["a variable", "an IRI"]),
    ("SELEC * WHERE { ?a ?b ?c }", 1, 1, "'SELEC'", ["SELECT", "ASK", "CONSTRUCT"]),
    ("SELECT ?a WHERE { ?a ?b ?c } LIMT 3", 1, 30, "'LIMT'", ["LIMIT", "ORDER"]),
    ("# a comment\nSELECT (COUNT(*) ?n) WHERE { ?a ?b ?c }", 2, 18, "'?n'", ["AS"]),
    ("SELECT ?a WHERE { ?a rdfs:label \"unclosed }", 1, 33, "'\"unclosed }'", ["a literal"]),
])
def test_a_syntax_error_is_one_line_with_where_what_and_what_was_expected(
        sample_store, query, line, column, found, expected):
    r = CliRunner().invoke(main, ["--data", str(DATA), "query", query, "--store", str(sample_store["path"])])
    assert r.exit_code == 1 and r.output.count("\n") == 1, r.output
    head = f"Error: SPARQL syntax error at line {line}, column {column}: found {found}, expected "
    assert r.output.startswith(head), r.output
    assert all(e in r.output for e in expected), r.output
    assert "\\u{" not in r.output and len(r.output) < 300
    with pytest.raises(SparqlSyntaxError, match=f"line {line}, column {column}"):
        run(open_store("memory"), query)


def test_an_update_is_refused_however_it_is_written(sample_store):
    for q in ["DELETE WHERE { ?s ?p ?o }", "PREFIX x: <http://x/>\n# drop it\n  insert data { x:a x:b x:c }",
              "LOAD <http://127.0.0.1:1/x>", "CLEAR ALL"]:
        r = CliRunner().invoke(main, ["--data", str(DATA), "query", q, "--store", str(sample_store["path"])])
        assert r.exit_code == 1 and "read-only" in r.output and r.output.count("\n") == 1, r.output


def test_the_endpoint_says_where_a_syntax_error_is(endpoint):
    r = requests.get(f"{endpoint}/sparql", params={"query": "SELECT ?x WHERE {\n ?x a }"}, timeout=30)
    assert r.status_code == 400
    assert r.text.startswith("SPARQL syntax error at line 2, column 7: found '}', expected ")


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_full_endpoint_answers_503_with_retry_after(endpoint):
    """Four heavy queries at once on one slot: one runs (and is stopped at 3 s), three are turned
    away at once with Retry-After; afterwards the slot is free again."""
    start = threading.Barrier(4)
    answers: list[requests.Response] = []

    def ask():
        start.wait()
        answers.append(requests.get(f"{endpoint}/sparql", params={"query": HEAVY}, timeout=60))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    busy = [r for r in answers if "every query slot (1) is taken" in r.text]
    stopped = [r for r in answers if "stopped after 3 s" in r.text]
    assert len(answers) == 4 and len(busy) == 3 and len(stopped) == 1, [(r.status_code, r.text) for r in answers]
    assert all(r.status_code == 503 and r.headers["Retry-After"] == "3" for r in busy)
    assert stopped[0].status_code == 503 and "Retry-After" not in stopped[0].headers
    r = requests.get(f"{endpoint}/sparql", params={"query": "ASK { ?a a pg:Mission }"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_queries_are_checked_in_many_threads_at_once():
    """rdflib's parser (pyparsing) breaks when two threads parse at once; the endpoint's do."""
    from graph.sparql import check_query

    queries = [HEAVY, "SELECT ?x WHERE { ?x a }", "ASK { ?a pg:partOf ?b }", "DELETE WHERE { ?s ?p ?o }"] * 10
    start, errors = threading.Barrier(len(queries)), []

    def check(q):
        start.wait()
        try:
            check_query(q)
        except (SparqlSyntaxError, QueryRefused) as e:
            if q == HEAVY or q.startswith("ASK") or ("DELETE" in q) != isinstance(e, QueryRefused):
                errors.append(f"{q}: {e}")
        except Exception as e:  # noqa: BLE001 - any other error is the failure looked for
            errors.append(f"{q}: {type(e).__name__}: {e}")

    threads = [threading.Thread(target=check, args=(q,)) for q in queries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []


def test_peacegraph_serve_takes_its_slots_from_the_command_line(sample_store):
    import subprocess
    import sys
    import time

    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "graph.cli", "--data", str(DATA), "serve", "--port", str(port),
                               "--slots", "1", "--timeout", "2", "--store", str(sample_store["path"])],
                              stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        for _ in range(300):
            try:
                requests.get(url, params={"query": "ASK {}"}, timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        start, answers = threading.Barrier(3), []

        def ask():
            start.wait()
            answers.append(requests.get(url, params={"query": HEAVY}, timeout=60))

        threads = [threading.Thread(target=ask) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        busy = [r for r in answers if r.headers.get("Retry-After") == "2" and "slot (1) is taken" in r.text]
        assert len(busy) == 2 and all(r.status_code == 503 for r in answers), [r.text for r in answers]
    finally:
        server.terminate()
        server.wait(10)
