"""A remote store: a real Oxigraph server on a free loopback port, built into, queried, stopped."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import DATA

OXIGRAPH = shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    if not OXIGRAPH:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(10)


def cli(*args):
    return CliRunner().invoke(main, ["--data", str(DATA), *args])


def test_build_query_export_through_the_protocol(server, tmp_path, article):
    r = cli("build", str(article), "--store", server, "--exports", str(tmp_path / "e"))
    assert r.exit_code == 0, r.output
    first = [ln for ln in r.output.splitlines() if ln.startswith("triples")]
    r = cli("build", str(article), "--store", server, "--exports", str(tmp_path / "e"), "--force")
    assert [ln for ln in r.output.splitlines() if ln.startswith("triples")] == first  # sent again: no duplicates
    r = cli("query", "--store", server, "--name", "actor-timeline", "--param", "actor=MONUSCO")
    assert r.exit_code == 0 and "2024-07-08" in r.output
    r = cli("show", "--store", server, "MONUSCO")
    assert r.exit_code == 0 and "deployedIn Democratic Republic of the Congo" in r.output.split("READ IN ARTICLES")[1]
    r = cli("export", "--store", server, "--format", "nquads", "-o", str(tmp_path / "g.nq"))
    assert r.exit_code == 0 and "graph/article/monusco-2024-drawdown" in (tmp_path / "g.nq").read_text(encoding="utf-8")
    r = cli("remove", "monusco-2024-drawdown", "--store", server, "--exports", str(tmp_path / "e"))
    assert r.exit_code == 0
    r = cli("query", "--store", server, "ASK { ?a pg:mentions ?b }")
    assert r.output.strip() == "no"


def test_a_store_that_is_down():
    r = cli("query", "--store", f"http://127.0.0.1:{free_port()}", "ASK {}")
    assert r.exit_code == 1 and "down or unreachable" in r.output and "Traceback" not in r.output


def test_the_configuration_file_names_the_store_and_its_endpoints(server, tmp_path, article, monkeypatch):
    # the location's own endpoints do not exist: only the configured ones can answer
    (tmp_path / "peacegraph.toml").write_text(f"""[store]
location = "{server}/nothing-here"
query = "{server}/query"
update = "{server}/update"
graph-store = "{server}/store"
timeout = 60
""", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PEACEGRAPH_STORE", raising=False)
    r = cli("build", str(article), "--exports", str(tmp_path / "e"))
    assert r.exit_code == 0, r.output
    r = cli("query", "--name", "actor-timeline", "--param", "actor=MONUSCO")
    assert r.exit_code == 0 and "2024-07-08" in r.output
    r = cli("query", "--store", "memory", "ASK { ?a pg:mentions ?b }")  # the command line comes first
    assert r.exit_code == 0 and r.output.strip() == "no"
