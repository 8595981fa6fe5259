"""The network page and the analytics, through the library and the CLI (the browser tests are apart)."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest
from click.testing import CliRunner

from graph import build, open_store
from graph.cli import main
from graph.network import Filters, select, to_networkx

from .conftest import DATA

HOSTILE = ("The <img src=x onerror=alert(1);window.__pwned=1> Institute for Peace and the "
           "<script>alert(2);window.__pwned=2</script> Fund support MONUSCO in the DRC. "
           "Canada funded the <b onmouseover=alert(3)>Kivu href Programme</b>.\n")


def page_data(html: str) -> dict:
    m = re.search(r"var data = (\{.*?\});\n", html, re.S)
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    (root / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    store = open_store(root / "store")
    build([root / "in"], store=store, data_dir=DATA, exports=root / "exports")
    store.close()
    return root


def test_page_is_self_contained(sample_store):
    html = (sample_store["exports"] / "network.html").read_text(encoding="utf-8")
    assert not re.search(r"<(?:script|link|img|iframe)[^>]+(?:src|href)\s*=", html, re.I)
    assert not re.search(r"(?:cdnjs|jsdelivr|unpkg|googleapis|cloudflare)\.", html, re.I)  # no CDN named
    # and the browser is told to fetch nothing: no source but the page itself and data: images
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert csp.startswith("default-src 'none';") and not re.search(r"https?:|\*|'self'", csp)
    assert "vis.Network" in html
    data = page_data(html)
    store = open_store(sample_store["path"], read_only=True)
    try:
        g = to_networkx(store)
    finally:
        store.close()
    assert len(data["nodes"]) == g.number_of_nodes() and len(data["edges"]) == g.number_of_edges()
    assert {n["type"] for n in data["nodes"]} <= {x["type"] for x in data["legend"]}


def test_article_text_never_reaches_the_page_as_markup(hostile_store):
    html = (hostile_store / "exports" / "network.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert" not in html and "<b onmouseover" not in html
    assert "__pwned" in html  # the text is there, escaped
    data = page_data(html)
    texts = " ".join(n["title"] + n["label"] for n in data["nodes"]) + " ".join(e["title"] for e in data["edges"])
    assert "<script>" in texts or "<img" in texts  # kept, as text


def test_filters(sample_store):
    store = open_store(sample_store["path"], read_only=True)
    try:
        g = to_networkx(store)
        h, _ = select(g, store, Filters(types=["Mission", "Government"]))
        assert h.number_of_nodes() and {d["type"] for _, d in h.nodes(data=True)} <= {"Mission", "Government"}
        h, _ = select(g, store, Filters(focus="MONUSCO", depth=1))
        monusco = next(n for n, d in g.nodes(data=True) if "MONUSCO" in d["aliases"])
        assert monusco in h and set(h) <= set(nx.ego_graph(g.to_undirected(), monusco, 1))
        h, _ = select(g, store, Filters(articles=["monusco-2024-drawdown"]))
        assert monusco in h and all("monusco-2024-drawdown" in d["articles"] for _, d in h.nodes(data=True))
        h, _ = select(g, store, Filters(topics=["SGBV"]))
        assert h.number_of_nodes() > 0
        h, left = select(g, store, Filters(max_nodes=10))
        assert h.number_of_nodes() == 10 and left == g.number_of_nodes() - 10
        h, _ = select(g, store, Filters(min_weight=2))
        assert all(d["weight"] >= 2 for _, _, d in h.edges(data=True))
    finally:
        store.close()


def test_viz_cli(sample_store, tmp_path):
    out = tmp_path / "monusco.html"
    r = CliRunner().invoke(main, ["viz", "--store", str(sample_store["path"]), "-o", str(out),
                                  "--focus", "MONUSCO", "--depth", "2", "--layout", "fixed", "--max-nodes", "30"])
    assert r.exit_code == 0, r.output
    data = page_data(out.read_text(encoding="utf-8"))
    assert 1 < len(data["nodes"]) <= 30 and all("x" in n for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    r = CliRunner().invoke(main, ["viz", "--store", str(sample_store["path"]), "-o", str(out), "--focus", "Atlantis"])
    assert r.exit_code == 1 and "no actor named 'Atlantis'" in r.output
    r = CliRunner().invoke(main, ["viz", "--store", str(sample_store["path"]), "-o", str(out), "--type", "Pirate"])
    assert r.exit_code == 1 and "unknown actor type" in r.output


def test_stats_and_path(sample_store):
    r = CliRunner().invoke(main, ["stats", "--store", str(sample_store["path"]), "--json"])
    assert r.exit_code == 0, r.output
    s = json.loads(r.output)
    assert s["by_type"]["Government"] > 10 and s["communities"] and s["links_most_supported"]
    assert s["pagerank"][0][0] == "United Nations" or s["degree"][0][0] == "United Nations"
    # the FARDC are the DRC's armed forces, and MONUSCO is deployed in the DRC: both said by the names
    r = CliRunner().invoke(main, ["path", "--store", str(sample_store["path"]), "FARDC", "MONUSCO"])
    assert r.exit_code == 0, r.output
    assert "chain 1" in r.output and "Democratic Republic of the Congo" in r.output and "“" in r.output


def test_network_exports(sample_store, tmp_path):
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        r = CliRunner().invoke(main, ["export", "--store", str(sample_store["path"]), "--format", fmt, "-o", str(out)])
        assert r.exit_code == 0, r.output
        g = reader(out)
        assert g.number_of_nodes() > 50
        assert any(d.get("label") == "Canada" for _, d in g.nodes(data=True))
    r = CliRunner().invoke(main, ["export", "--store", str(sample_store["path"]), "--format", "csv",
                                  "-o", str(tmp_path / "net")])
    assert r.exit_code == 0, r.output
    nodes = list(csv.DictReader((tmp_path / "net" / "nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "net" / "edges.csv").open(encoding="utf-8")))
    assert {"id", "label", "type", "pagerank"} <= set(nodes[0]) and {"source", "target", "predicate"} <= set(edges[0])
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    r = CliRunner().invoke(main, ["export", "--store", str(sample_store["path"]), "--format", "csv"])
    assert r.exit_code == 2 and "-o" in r.output


def test_a_large_graph_fills_pyvis_directly():
    from graph.network import build_pyvis, render_page

    g = nx.MultiDiGraph()
    for i in range(2000):
        g.add_node(f"n{i}", type="Government", label=f"Actor {i}", aliases=[], articles=["a"], titles=["A"])
    for i in range(1, 2000):
        g.add_edge(f"n{i}", f"n{i // 2}", predicate="supports", weight=1, evidence=[("s", "a")])
    net = build_pyvis(g, Filters())
    assert len(net.nodes) == 2000 and len(net.edges) == 1999
    html = render_page(net, "big", "big")
    assert len(page_data(html)["nodes"]) == 2000
