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
from graph.network import COMMUNITY_VIEW_ABOVE, Filters, build_pyvis, centrality, render_page, select, to_networkx

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
        g = to_networkx(store, background=True)
        h, _ = select(g, store, Filters())
    finally:
        store.close()
    assert len(data["nodes"]) == h.number_of_nodes() and len(data["edges"]) == h.number_of_edges()
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


# ---------------------------------------------------------------------------- issue 16: a page to read


def sample_graph(sample_store, background=True):
    store = open_store(sample_store["path"], read_only=True)
    try:
        return to_networkx(store, background=background)
    finally:
        store.close()


def node_of(g, acronym):
    return next(n for n, d in g.nodes(data=True) if d["acronym"] == acronym or acronym in d["aliases"])


def test_labels_are_acronyms_and_short_names_with_the_full_name_beside(sample_store):
    data = page_data((sample_store["exports"] / "network.html").read_text(encoding="utf-8"))
    by_full = {n["full"]: n for n in data["nodes"]}
    # names the reference data gives (data/reference): acronyms, and "DRC" for the state
    monusco = by_full["United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"]
    assert monusco["label"] == "MONUSCO" and "MONUSCO" in monusco["title"] and monusco["full"] in monusco["title"]
    # the tooltips give each article's date beside its title
    assert all(f"({data['articles'][a]['date']})" in monusco["title"] for a in monusco["articles"][:8])
    some_link = next(e for e in data["edges"] if e["kind"] == "article")
    assert data["articles"][some_link["evidence"][0][1]]["date"] in some_link["title"]
    assert by_full["Democratic Republic of the Congo"]["label"] == "DRC"
    undp = by_full["United Nations Development Programme"]
    assert undp["label"] == "UNDP"
    # no label is cut to an ellipsis on one long line: long names without a short one wrap
    assert all(max(len(line) for line in n["label"].split("\n")) <= 22 for n in data["nodes"])
    # bigger labels for more central actors: the most central actor's label is the largest
    top = max(data["nodes"], key=lambda n: n["imp"])
    assert top["font"]["size"] == max(n["font"]["size"] for n in data["nodes"])
    assert "sans-serif" in data["options"]["nodes"]["font"]["face"]


def test_two_kinds_of_link(sample_store, tmp_path):
    data = page_data((sample_store["exports"] / "network.html").read_text(encoding="utf-8"))
    g = sample_graph(sample_store)
    kinds = {e["kind"] for e in data["edges"]}
    assert kinds == {"article", "background"} and data["background"] is True  # shown in the whole view
    for e in data["edges"]:
        d = g.get_edge_data(e["from"], e["to"])
        if e["kind"] == "background":
            assert e["dashes"] and e["color"]["opacity"] < 1 and e["evidence"] == []
            # a fact of the reference or curated graph, that no article states
            assert ("bg:" + e["predicate"]) in d and e["predicate"] not in d
        else:
            assert "dashes" not in e and e["evidence"] and e["predicate"] in d
    # in a focused view they are off at first
    out = tmp_path / "focus.html"
    r = CliRunner().invoke(main, ["viz", "--store", str(sample_store["path"]), "-o", str(out), "--focus", "UNDP"])
    assert r.exit_code == 0, r.output
    assert page_data(out.read_text(encoding="utf-8"))["background"] is False


def test_focus_walks_article_links_and_stops_at_the_parent():
    """A mission's view holds who deploys, funds and opposes it, and its parent, not the parent's
    other parts (a graph written for the test: extraction is not what is tested here)."""
    g = nx.MultiDiGraph(articles={})
    for n, t in [("M", "Mission"), ("UN", "Agency"), ("S", "Government"), ("C", "Government"),
                 ("B", "GovernmentBody"), ("G", "ArmedGroup"), ("X", "Government")] + \
            [(f"UN{i}", "Agency") for i in range(20)]:
        g.add_node(n, type=t, label=n, aliases=[], acronym="", articles=["a"], titles=["A"])

    def link(s, p, o, kind="article"):
        g.add_edge(s, o, key=p if kind == "article" else "bg:" + p, kind=kind, predicate=p,
                   weight=1 if kind == "article" else 0, evidence=[("s", "a")] if kind == "article" else [])

    link("M", "partOf", "UN")
    for i in range(20):
        link(f"UN{i}", "partOf", "UN")
    link("S", "funds", "M")
    link("M", "deployedIn", "C")
    link("B", "partOf", "C")
    link("G", "opposes", "M")
    link("M", "deployedIn", "X", kind="background")
    h, _ = select(g, None, Filters(focus="M", depth=2))
    assert set(h) == {"M", "UN", "S", "C", "B", "G", "X"}
    assert h.graph["focus"] == "M"
    net = build_pyvis(h, Filters(focus="M"))
    centre = next(n for n in net.nodes if n["id"] == "M")
    assert centre["focus"] and centre["borderWidth"] > 1 and (centre["x"], centre["y"]) == (0, 0)
    assert net.page["background"] is False


def test_max_nodes_keeps_the_most_central_linked_actors(sample_store):
    g = sample_graph(sample_store)
    store = open_store(sample_store["path"], read_only=True)
    try:
        article_linked = {n for s, o, d in g.edges(data=True) if d["kind"] == "article" for n in (s, o)}
        h, left = select(g, store, Filters(max_nodes=len(g) - 1))
        assert set(h) <= article_linked and left == len(g) - len(h)  # never an actor no article links
        h, left = select(g, store, Filters(max_nodes=12))
        whole, _ = select(g, store, Filters())
        rank = centrality(whole)
        best = sorted(article_linked, key=lambda n: -rank[n])[:12]
        assert len(h) == 12 and {rank[n] for n in h} == {rank[n] for n in best}
    finally:
        store.close()


@pytest.mark.parametrize("option, value, expected", [
    ("--focus", "MONUSKO", "no actor named 'MONUSKO' in the graph (nearest: MONUSCO"),
    ("--article", "monusco-2024-drawdwn",
     "no article 'monusco-2024-drawdwn' in the store (did you mean monusco-2024-drawdown"),
    ("--topic", "SSRR", "unknown topic 'SSRR' (did you mean SSR"),
    ("--article", "zzz", "no article 'zzz' in the store (articles: "),
])
def test_a_filter_that_matches_nothing_fails_with_the_choices(sample_store, tmp_path, option, value, expected):
    out = tmp_path / "page.html"
    r = CliRunner().invoke(main, ["viz", "--store", str(sample_store["path"]), "-o", str(out), option, value])
    assert r.exit_code == 1 and r.output.startswith("Error: " + expected), r.output
    assert len(r.output.strip().splitlines()) == 1 and "Traceback" not in r.output
    assert not out.exists()


def test_a_topic_no_article_carries_fails(sample_store, tmp_path):
    store = open_store(sample_store["path"], read_only=True)
    try:
        used = {n for (n,) in store.values("SELECT DISTINCT ?n WHERE { ?a pg:topic ?t . ?t skos:notation ?n }")}
        unused = sorted({n for (n,) in store.values("SELECT ?n WHERE { ?t a skos:Concept ; skos:notation ?n }")} - used)
    finally:
        store.close()
    if not unused:
        pytest.skip("every topic of the scheme is on some sample article")
    out = tmp_path / "page.html"
    r = CliRunner().invoke(main, ["viz", "--store", str(sample_store["path"]), "-o", str(out), "--topic", unused[0]])
    assert r.exit_code == 1 and f"no article is on topic {unused[0]!r}" in r.output and not out.exists()


def large_graph(n=900, seed=3):
    """Planted communities: dense inside, a few links between, so Louvain has something to find."""
    import random

    rng = random.Random(seed)
    g = nx.MultiDiGraph(articles={"a": {"title": "A", "date": "2024-01-01", "source": ""}})
    for i in range(n):
        g.add_node(f"n{i}", type="Government", label=f"Actor {i}", aliases=[], acronym="", articles=["a"], titles=["A"])
    for i in range(n):
        block = i // 100
        for _ in range(3):
            j = block * 100 + rng.randrange(0, min(100, n - block * 100)) if rng.random() < 0.95 else rng.randrange(n)
            if j != i:
                g.add_edge(f"n{i}", f"n{j}", key="supports", kind="article", predicate="supports", weight=1,
                           evidence=[("s", "a")])
    g.add_node("lonely", type="Person", label="Lonely", aliases=[], acronym="", articles=["a"], titles=["A"])
    return g


def test_a_large_view_opens_on_communities_named_by_their_most_central_member():
    g = large_graph()
    assert g.number_of_nodes() > COMMUNITY_VIEW_ABOVE
    net = build_pyvis(g, Filters(max_nodes=10_000))
    comms = net.page["communities"]
    assert 5 <= len(comms) <= 20
    rank = centrality(g)
    members: dict[int, list[str]] = {}
    for node in net.nodes:
        assert "x" in node and "y" in node  # laid out here: nothing for the browser to run
        if node["id"] != "lonely":
            members.setdefault(node["community"], []).append(node["id"])
    assert "community" not in next(n for n in net.nodes if n["id"] == "lonely")
    for i, c in enumerate(comms):
        top = max(members[i], key=lambda n: rank[n])
        assert c["name"] == g.nodes[top]["label"] and c["size"] == len(members[i])
    assert net.options["physics"]["enabled"] is False
    html = render_page(net, "big", "big")
    assert len(page_data(html)["communities"]) == len(comms)
