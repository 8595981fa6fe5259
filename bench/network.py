"""Benchmark the network page: how long it takes to become interactive (laid out, physics off)
in headless Debian Chromium at 200, 1,000 and 5,000 nodes (synthetic graphs), with the default
physics layout and with --layout fixed, and how long Python takes to prepare it (the page of a
view above a few hundred linked actors opens on communities laid out in Python, whatever --layout).

    python bench/network.py [--sizes 200 1000 5000] [--repeat 3] [--results FILE]

Each page is loaded --repeat times; the table gives the median (the machine is shared).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import networkx as nx

from graph.network import TYPE_STYLE, Filters, build_pyvis, render_page

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def synthetic(n: int, seed: int = 7):
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    types = list(TYPE_STYLE)
    for i in range(n):
        g.add_node(f"n{i}", type=rng.choice(types), label=f"Actor {i}", aliases=[], articles=["a"], titles=["A"])
    for i in range(1, n):  # a preferential-attachment shape: a few hubs, many leaves
        for _ in range(rng.choice([1, 1, 2])):
            j = rng.randrange(0, i) if rng.random() < 0.5 else rng.randrange(0, max(1, i // 20))
            g.add_edge(f"n{i}", f"n{j}", predicate=rng.choice(["supports", "partOf", "opposes"]),
                       weight=1, evidence=[("A sentence.", "a")])
    return g


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 5000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--layouts", nargs="+", default=["physics", "fixed"])
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    lines = [f"## Network page: time to interactive ({date.today()}, {platform.machine()}, headless Chromium)",
             "",
             "| nodes | edges | layout | opens on | page size (MB) | prepared in Python (s) "
             "| time to interactive (s) |",
             "| ---: | ---: | --- | --- | ---: | ---: | ---: |"]
    with tempfile.TemporaryDirectory() as d, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for n in args.sizes:
            g = synthetic(n)
            for layout in args.layouts:
                t = time.perf_counter()
                net = build_pyvis(g, Filters(layout=layout, max_nodes=n))
                path = Path(d) / f"n{n}-{layout}.html"
                path.write_text(render_page(net, "bench", "bench"), encoding="utf-8")
                prepared = time.perf_counter() - t
                comms = len(getattr(net, "page", {}).get("communities", []))
                opens = f"{comms} communities" if comms else "all actors"
                times = []
                for _ in range(args.repeat):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    t = time.perf_counter()
                    page.goto(path.as_uri())
                    page.wait_for_selector("body[data-ready=true]", timeout=600_000)
                    times.append(time.perf_counter() - t)
                    page.close()
                dt = statistics.median(times)
                size = path.stat().st_size / 2**20
                lines.append(f"| {n} | {g.number_of_edges()} | {layout} | {opens} | {size:.1f} | {prepared:.1f} "
                             f"| {dt:.1f} |")
                print(lines[-1], flush=True)
        browser.close()
    text = "\n".join(lines) + "\n"
    with args.results.open("a", encoding="utf-8") as f:
        f.write("\n" + text)
    print(text)


if __name__ == "__main__":
    main()
