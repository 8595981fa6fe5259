"""The network page as a person opens it: headless Debian Chromium from file://, no network at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import build, open_store
from graph.network import Filters, select, to_networkx

from .conftest import DATA, ROOT
from .test_network import HOSTILE

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
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    return page, seen


def test_default_page_loads_offline_and_draws_the_graph(browser, sample_store):
    page, seen = open_page(browser, sample_store["exports"] / "network.html")
    store = open_store(sample_store["path"], read_only=True)
    try:
        g = to_networkx(store)
        expected, _ = select(g, store, Filters())
    finally:
        store.close()
    assert seen["requests"] == [] and seen["errors"] == []
    n = page.evaluate("window.peacegraph.network.body.data.nodes.length")
    e = page.evaluate("window.peacegraph.network.body.data.edges.length")
    assert (n, e) == (expected.number_of_nodes(), expected.number_of_edges())
    assert page.evaluate("window.peacegraph.network.physics.options.enabled") is False  # settled, then stopped
    assert page.locator("#legend label").count() == 8
    page.fill("#search", "MONUSCO")
    assert page.locator("#matches li").count() >= 1
    page.locator("#matches li").first.click()
    assert "Mission" in page.text_content("#details")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "network.png"))
    page.close()


def test_hostile_text_runs_nothing(browser, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    store = open_store(tmp_path / "store")
    build([tmp_path / "in"], store=store, data_dir=DATA, exports=tmp_path / "exports")
    store.close()
    page, seen = open_page(browser, tmp_path / "exports" / "network.html")
    # hover and click every node and edge: tooltips and details show the text, run nothing
    ids = page.evaluate("window.peacegraph.nodes.getIds()")
    for node_id in ids:
        page.evaluate("id => { const n = window.peacegraph.network; n.selectNodes([id]);"
                      " n.body.emitter.emit('click', {nodes: [id], edges: []}); }", node_id)
    details = page.text_content("#details")
    page.fill("#search", "script")
    page.wait_for_timeout(300)
    assert seen["dialogs"] == [] and seen["requests"] == []
    assert page.evaluate("document.querySelectorAll('img[src=x], b[onmouseover]').length") == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert details  # something was shown, as text
    page.close()
