"""Benchmark the extractor alone: words per second on one core, beside the floor of tokenising the
same text with a regular expression.

    python bench/extract.py [--repeat 20]

Reads the bundled sample (data/articles) and, when present, ../shared/eval/dev.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import time
from pathlib import Path

from graph.articles import find_article_files, read_article
from graph.extract import extract_article, load_knowledge

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()

    t = time.perf_counter()
    knowledge = load_knowledge(ROOT / "data")
    _ = knowledge.gazetteer  # compile the automaton now, so that it is timed with loading
    load_s = time.perf_counter() - t
    folders = [ROOT / "data" / "articles"]
    if (ROOT.parent / "shared" / "eval" / "dev").is_dir():
        folders.append(ROOT.parent / "shared" / "eval" / "dev")
    articles = [read_article(f) for f in find_article_files(folders)]
    words = sum(len(a.text.split()) for a in articles)

    runs = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        for a in articles:
            extract_article(a, knowledge)
        runs.append(time.perf_counter() - t)
    floor = []
    token = re.compile(r"\w+|[^\w\s]")
    for _ in range(args.repeat):
        t = time.perf_counter()
        for a in articles:
            token.findall(a.text)
        floor.append(time.perf_counter() - t)
    med, med_floor = statistics.median(runs), statistics.median(floor)
    print(f"machine     {platform.machine()} {platform.python_implementation()} {platform.python_version()}")
    print(f"knowledge   {len(knowledge.registry)} actors, loaded and compiled in {load_s:.2f} s")
    print(f"corpus      {len(articles)} articles, {words} words, {args.repeat} runs")
    print(f"extractor   {words / med:,.0f} words/s (median {med * 1000:.1f} ms per pass)")
    print(f"regex floor {words / med_floor:,.0f} words/s (tokenising the same text)")


if __name__ == "__main__":
    main()
