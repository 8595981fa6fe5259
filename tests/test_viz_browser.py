"""The network page as a person opens it: headless Debian Chromium from file://, no network at all.

Each test leaves a screenshot at 1400×900 in exports/test-artifacts/ to look at."""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from graph import build, open_store
from graph.cli import main
from graph.network import Filters, build_pyvis, render_page, select, to_networkx

from .conftest import DATA, ROOT
from .test_network import HOSTILE, large_graph

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-quic"]
ARTEFACTS = ROOT / "exports" / "test-artifacts"

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed "
                                 "(apt-get install chromium; .ci/run does it)")]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, path: Path):
    """Load a page from disk with every non-file request blocked; collect what it tried and said."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    seen = {"requests": [], "errors": [], "dialogs": []}

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            seen["requests"].append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))

    def on_dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", timeout=120_000)
    return page, seen


def screenshot(page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / name))


# What the page draws, read from vis-network itself (not from our own bookkeeping)
DRAWN = """() => {
  const net = window.peacegraph.network, out = {nodes: {}, edges: []};
  for (const [id, n] of Object.entries(net.body.nodes)) {
    if (net.isCluster(id)) continue;
    out.nodes[id] = {hidden: !!n.options.hidden, colour: n.options.color.background};
  }
  for (const e of window.peacegraph.edges.get()) if (!e.hidden) out.edges.push(e.id);
  return out;
}"""


def status(page) -> dict:
    s = page.locator("#status")
    return {k: int(s.get_attribute(f"data-{k}")) for k in ("actors", "links", "background", "unlinked")}


def expected_counts(data: dict, types: set[str], preds: set[str], background: bool, unlinked: bool = False):
    """What the status line should say, worked out here from the page's data: a link is shown when
    its predicate and both ends' types are; an actor when its type is and a link of it is shown."""
    by_id = {n["id"]: n for n in data["nodes"]}
    degree = defaultdict(int)
    links = bg = 0
    for e in data["edges"]:
        if e["predicate"] in preds and by_id[e["from"]]["type"] in types and by_id[e["to"]]["type"] in types \
                and (background or e["kind"] == "article"):
            degree[e["from"]] += 1
            degree[e["to"]] += 1
            links += e["kind"] == "article"
            bg += e["kind"] == "background"
    shown = [n for n in data["nodes"] if n["type"] in types and (degree[n["id"]] or unlinked or n.get("focus"))]
    hidden = sum(1 for n in data["nodes"] if n["type"] in types and not degree[n["id"]] and not unlinked)
    return {"actors": len(shown), "links": links, "background": bg, "unlinked": hidden}


def page_json(page) -> dict:
    return page.evaluate("window.peacegraph.data")


def test_default_page_loads_offline_and_draws_the_graph(browser, sample_store):
    page, seen = open_page(browser, sample_store["exports"] / "network.html")
    store = open_store(sample_store["path"], read_only=True)
    try:
        g = to_networkx(store, background=True)
        expected, _ = select(g, store, Filters())
    finally:
        store.close()
    assert seen["requests"] == [] and seen["errors"] == []
    drawn = page.evaluate(DRAWN)
    assert len(drawn["nodes"]) == expected.number_of_nodes()
    linked = {n for s, o in expected.edges() for n in (s, o)}
    assert {n for n, d in drawn["nodes"].items() if not d["hidden"]} == linked  # the unlinked out of sight
    assert page.evaluate("window.peacegraph.network.physics.options.enabled") is False  # settled, then stopped
    assert page.locator("#legend label").count() == len({d["type"] for _, d in expected.nodes(data=True)})
    s = status(page)
    assert s["unlinked"] == expected.number_of_nodes() - len(linked) > 0
    assert f"{s['unlinked']} actors with no link shown are hidden" in page.text_content("#status")
    # legible at the first view: the largest labels at 17 px or more on screen, sans-serif everywhere
    biggest = page.evaluate("""() => { const net = window.peacegraph.network; let m = 0;
        for (const n of Object.values(net.body.nodes)) if (!n.options.hidden) m = Math.max(m, n.options.font.size);
        return m * net.getScale(); }""")
    assert biggest >= 16.9
    assert "sans-serif" in page.evaluate("getComputedStyle(document.body).fontFamily")
    # the tooltip too (vis-network's own style asks for Verdana, which Debian lacks: serif)
    page.hover("#network", position={"x": 5, "y": 5})
    tooltip_font = page.evaluate("""() => { const d = document.createElement('div'); d.className = 'vis-tooltip';
        document.getElementById('network').appendChild(d); const f = getComputedStyle(d).fontFamily; d.remove();
        return f; }""")
    assert "sans-serif" in tooltip_font and "verdana" not in tooltip_font.lower()
    screenshot(page, "network.png")
    page.close()


def test_colours_after_toggling_each_type_match_the_legend(browser, sample_store):
    page, _ = open_page(browser, sample_store["exports"] / "network.html")
    legend = {page.locator("#legend label").nth(i).locator("input").get_attribute("value"):
              page.locator("#legend label").nth(i).locator(".swatch").get_attribute("data-colour")
              for i in range(page.locator("#legend label").count())}
    types = {n["id"]: n["type"] for n in page_json(page)["nodes"]}
    page.check("#unlinked")  # every actor drawn, so that every colour is seen
    for t in legend:
        box = page.locator(f"#legend input[value={t}]")
        box.uncheck()
        drawn = page.evaluate(DRAWN)
        assert all(d["hidden"] for n, d in drawn["nodes"].items() if types[n] == t)
        box.check()
        drawn = page.evaluate(DRAWN)
        assert not any(d["hidden"] for d in drawn["nodes"].values())
        for n, d in drawn["nodes"].items():
            assert d["colour"].lower() == legend[types[n]].lower(), (t, n)
    # and the swatches are what the legend draws
    for t, colour in legend.items():
        swatch = page.locator(f"#legend input[value={t}] ~ .swatch")
        r, g_, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") == f"rgb({r}, {g_}, {b})"
    page.close()


def test_status_counts_follow_each_filter(browser, sample_store):
    page, _ = open_page(browser, sample_store["exports"] / "network.html")
    data = page_json(page)
    types = {n["type"] for n in data["nodes"]}
    preds = {e["predicate"] for e in data["edges"]}

    def check(types, preds, background, unlinked=False):
        want = expected_counts(data, types, preds, background, unlinked)
        assert status(page) == want
        drawn = page.evaluate(DRAWN)
        assert sum(1 for d in drawn["nodes"].values() if not d["hidden"]) == want["actors"]
        assert len(drawn["edges"]) == want["links"] + want["background"]

    check(types, preds, True)
    for t in sorted(types):
        page.locator(f"#legend input[value={t}]").uncheck()
        check(types - {t}, preds, True)
        page.locator(f"#legend input[value={t}]").check()
    for p in sorted(preds):
        page.locator(f"#predicates input[value={p}]").uncheck()
        check(types, preds - {p}, True)
        page.locator(f"#predicates input[value={p}]").check()
    page.uncheck("#background")
    check(types, preds, False)
    page.check("#unlinked")
    check(types, preds, False, unlinked=True)
    text = page.text_content("#status")
    assert f"{len(data['nodes'])} of {len(data['nodes'])} actors shown" in text
    page.close()


def set_range(page, lo: int, hi: int) -> None:
    page.evaluate("""([lo, hi]) => { for (const [id, v] of [["date-from", lo], ["date-to", hi]]) {
        const e = document.getElementById(id); e.value = String(v); e.dispatchEvent(new Event("input")); } }""",
                  [lo, hi])


def test_the_date_slider_hides_links_outside_its_range(browser, sample_store):
    page, _ = open_page(browser, sample_store["exports"] / "network.html")
    data = page_json(page)
    dates = data["dates"]
    assert len(dates) >= 3
    drawn_all = set(page.evaluate(DRAWN)["edges"])
    lo, hi = 1, len(dates) - 2
    set_range(page, lo, hi)
    assert page.text_content("#date-from-label") == dates[lo] and page.text_content("#date-to-label") == dates[hi]
    drawn = set(page.evaluate(DRAWN)["edges"])
    in_range = {e["id"] for e in data["edges"] if e["kind"] == "background"
                or any(dates[lo] <= data["articles"][a]["date"] <= dates[hi] for a in e["articles"])}
    assert drawn == in_range & drawn_all and drawn < drawn_all
    s = status(page)
    assert s["links"] == sum(1 for e in data["edges"] if e["id"] in drawn and e["kind"] == "article")
    screenshot(page, "network-dates.png")
    set_range(page, 0, len(dates) - 1)
    assert set(page.evaluate(DRAWN)["edges"]) == drawn_all
    page.close()


def test_search_matches_names_acronyms_and_aliases_only(browser, sample_store):
    page, _ = open_page(browser, sample_store["exports"] / "network.html")
    data = page_json(page)
    monusco = next(n for n in data["nodes"] if n["acronym"] == "MONUSCO")
    page.fill("#search", "MONUSCO")
    ids = page.locator("#matches li").evaluate_all("els => els.map(e => e.dataset.id)")
    assert ids[0] == monusco["id"]
    by_id = {n["id"]: n for n in data["nodes"]}
    for i in ids:  # nobody who merely shares an article with MONUSCO
        names = [by_id[i]["full"], by_id[i]["acronym"], *by_id[i]["aliases"]]
        assert any("monusco" in x.lower() for x in names), by_id[i]["full"]
    sharing = [n for n in data["nodes"] if set(n["articles"]) & set(monusco["articles"]) and n["id"] != monusco["id"]]
    assert sharing and not set(ids) & {n["id"] for n in sharing if "monusco" not in " ".join(
        [n["full"], *n["aliases"]]).lower()}
    page.press("#search", "Enter")
    assert page.text_content("#details h3") == monusco["full"]
    screenshot(page, "network-search.png")
    page.close()


def click_node(page, node_id: str, modifier: str | None = None) -> None:
    """A real mouse click on the actor where it is drawn (brought into view first)."""
    x, y = page.evaluate("""id => { const net = window.peacegraph.network;
        net.moveTo({position: net.getPositions([id])[id], scale: 1.5});
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById("network").getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", node_id)
    if modifier:
        page.keyboard.down(modifier)
    page.mouse.click(x, y)
    if modifier:
        page.keyboard.up(modifier)


def test_focus_view_of_a_mission_holds_each_kind_of_link_the_sample_states(browser, sample_store, tmp_path):
    store = open_store(sample_store["path"], read_only=True)
    try:
        g = to_networkx(store)  # article links only
    finally:
        store.close()
    monusco = next(n for n, d in g.nodes(data=True) if d["acronym"] == "MONUSCO")
    stated = {(d["predicate"], s == monusco) for s, o, d in [*g.out_edges(monusco, data=True),
                                                            *g.in_edges(monusco, data=True)]}
    assert stated, "the sample's MONUSCO article states links of MONUSCO"
    out = tmp_path / "monusco.html"
    r = CliRunner().invoke(main, ["viz", "--store", str(sample_store["path"]), "-o", str(out),
                                  "--focus", "MONUSCO", "--depth", "2"])
    assert r.exit_code == 0, r.output
    page, seen = open_page(browser, out)
    assert seen["errors"] == []
    data = page_json(page)
    drawn = set(page.evaluate(DRAWN)["edges"])
    shown = {(e["predicate"], e["from"] == monusco) for e in data["edges"]
             if e["id"] in drawn and e["kind"] == "article" and monusco in (e["from"], e["to"])}
    assert stated <= shown
    assert all(e["kind"] == "article" for e in data["edges"] if e["id"] in drawn)  # background off at first
    # marked and in the middle of the drawing
    marked = page.evaluate("id => window.peacegraph.network.body.nodes[id].options.borderWidth", monusco)
    assert marked > 1
    x, y = page.evaluate("""id => { const net = window.peacegraph.network;
        return Object.values(net.canvasToDOM(net.getPositions([id])[id])); }""", monusco)
    w, h = page.evaluate("() => { const r = document.getElementById('network').getBoundingClientRect(); "
                         "return [r.width, r.height]; }")
    assert abs(x - w / 2) < 5 and abs(y - h / 2) < 5
    # the details of the focused actor: its links grouped by predicate, each with its sources
    headings = page.locator("#details h4").all_text_contents()
    assert {h.split(" (")[0].replace("← ", "").replace(" →", "") for h in headings} == {p for p, _ in shown}
    first = page.locator("#details .src a").first
    assert first.get_attribute("href").startswith("file://") and first.get_attribute("rel") == "noopener noreferrer"
    assert page.locator("#details blockquote").count() >= len(shown)
    screenshot(page, "network-focus-monusco.png")
    page.close()


def test_clicking_two_actors_shows_the_shortest_chain(browser, sample_store):
    page, _ = open_page(browser, sample_store["exports"] / "network.html")
    store = open_store(sample_store["path"], read_only=True)
    try:
        g = to_networkx(store)
    finally:
        store.close()
    u = nx.Graph(g)
    monusco = next(n for n, d in g.nodes(data=True) if d["acronym"] == "MONUSCO")
    # another actor two or three links away (whatever the extractor reads, MONUSCO has links)
    away = nx.single_source_shortest_path_length(u, monusco, cutoff=3)
    hops = min(max(away.values()), 2)
    other = min((n for n, k in away.items() if k == hops), key=lambda n: g.nodes[n]["label"])
    assert hops >= 1
    names = {n: page.evaluate("id => window.peacegraph.data.nodes.find(n => n.id === id).label", n).replace("\n", " ")
             for n in (monusco, other)}
    # the button in the details of one actor, then a click on the other
    click_node(page, monusco)
    assert page.text_content("#details h3") == g.nodes[monusco]["label"]
    page.get_by_text("Chain to another actor…").click()
    click_node(page, other)
    assert page.text_content("#details h3") == f"Chain from {names[monusco]} to {names[other]}"
    assert page.locator("#details ol > li").count() == hops
    assert page.locator("#details ol blockquote").count() == hops  # each step with its sentence
    chain = page.evaluate("window.peacegraph.network.getSelectedNodes()")
    assert chain[0] == monusco and chain[-1] == other and len(chain) == hops + 1
    page.evaluate("window.peacegraph.network.fit()")
    screenshot(page, "network-chain.png")
    # or a click on one and a ctrl-click on the other
    click_node(page, other)
    click_node(page, monusco, modifier="Control")
    assert page.text_content("#details h3") == f"Chain from {names[other]} to {names[monusco]}"
    assert page.locator("#details ol > li").count() == hops
    page.close()


def test_a_large_graph_opens_on_communities(browser, tmp_path):
    g = large_graph()
    net = build_pyvis(g, Filters(max_nodes=10_000))
    path = tmp_path / "large.html"
    path.write_text(render_page(net, "large", "large"), encoding="utf-8")
    page, seen = open_page(browser, path)
    assert seen["errors"] == []
    clusters = page.evaluate("() => Object.keys(window.peacegraph.network.body.nodes)"
                             ".filter(id => window.peacegraph.network.isCluster(id))")
    assert len(clusters) == len(net.page["communities"])
    assert "grouped in" in page.text_content("#status")
    screenshot(page, "network-communities.png")
    first = clusters[0]
    page.evaluate("""id => { const net = window.peacegraph.network; net.selectNodes([id]);
                     net.body.emitter.emit('click', {nodes: [id], edges: []}); }""", first)
    assert not page.evaluate("id => window.peacegraph.network.isCluster(id)", first)
    opened = len(clusters) - 1
    assert f"grouped in {opened} communities" in page.text_content("#status")
    # a filter on a view of communities: the counts follow, the communities it leaves are grouped again
    data = page_json(page)
    page.locator("#predicates input[value=supports]").uncheck()
    assert status(page) == expected_counts(data, {"Government", "Person"}, set(), True)
    assert "grouped in" not in page.text_content("#status")
    page.locator("#predicates input[value=supports]").check()
    assert status(page) == expected_counts(data, {"Government", "Person"}, {"supports"}, True)
    assert f"grouped in {opened} communities" in page.text_content("#status")
    page.get_by_text("Open all communities").click()
    page.locator("#legend input[value=Person]").uncheck()
    assert "grouped in" not in page.text_content("#status")
    assert page.evaluate("() => Object.keys(window.peacegraph.network.body.nodes)"
                         ".filter(id => window.peacegraph.network.isCluster(id)).length") == 0
    page.close()


def test_hostile_text_runs_nothing(browser, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    store = open_store(tmp_path / "store")
    build([tmp_path / "in"], store=store, data_dir=DATA, exports=tmp_path / "exports")
    store.close()
    page, seen = open_page(browser, tmp_path / "exports" / "network.html")
    page.check("#unlinked")
    # click every actor and link: the details show the text, run nothing
    for node_id in page.evaluate("window.peacegraph.nodes.getIds()"):
        page.evaluate("id => { const n = window.peacegraph.network; n.selectNodes([id]);"
                      " n.body.emitter.emit('click', {nodes: [id], edges: []}); }", node_id)
        page.hover("#details")
    texts = page.text_content("#details")
    for edge_id in page.evaluate("window.peacegraph.edges.getIds()"):
        page.evaluate("id => window.peacegraph.network.body.emitter.emit('click', {nodes: [], edges: [id]})", edge_id)
        texts += page.text_content("#details")
    page.fill("#search", "script")
    page.wait_for_timeout(300)
    texts += page.text_content("#matches")
    assert seen["dialogs"] == [] and seen["requests"] == []
    assert page.evaluate("document.querySelectorAll('img[src=x], b[onmouseover], #details script').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<script>" in texts or "<img" in texts or "<b onmouseover" in texts  # shown, as text
    page.close()
