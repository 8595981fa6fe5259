"""Benchmark the extractor's two passes as a build runs them, in one process: the CPU time of pass
one (discover_actors on every article), of the pooled knowledge's gazetteer, and of pass two
(extract_article on every article with that knowledge).

    python bench/passes.py FOLDER [--repeat 5] [--code before=/tmp/old --code after=.]

With `--code LABEL=DIR` (repeated) each run imports the package from DIR, the checkouts taken in
turn (before and after a change, alternating, on a machine whose load varies); the best and the
median of the runs are printed for each.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(folder: Path) -> dict[str, float]:
    """CPU seconds of each pass over the articles of `folder`, with the package on sys.path."""
    from graph.articles import find_article_files, read_article
    from graph.extract import discover_actors, extract_article, load_knowledge
    from graph.merge import pool

    knowledge = load_knowledge(Path(sys.modules["graph"].__file__).parent.parent / "data")
    _ = knowledge.gazetteer  # (compiled once before the passes, as a build does)
    articles = [read_article(f) for f in find_article_files([folder])]
    t0 = time.process_time()
    found = [discover_actors(a, knowledge) for a in articles]
    t1 = time.process_time()
    k2 = knowledge.with_actors(pool(f for f in found if f))
    _ = k2.gazetteer
    t2 = time.process_time()
    for a in articles:
        extract_article(a, k2)
    t3 = time.process_time()
    return {"articles": len(articles), "pass 1": t1 - t0, "gazetteer 2": t2 - t1, "pass 2": t3 - t2,
            "code": str(Path(sys.modules["graph"].__file__).resolve().parent.parent)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--code", action="append", default=[], help="LABEL=DIR: a checkout to time (repeatable)")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a run, in this process
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_run(args.folder)))
        return
    codes = [c.split("=", 1) for c in args.code] or [["this", str(ROOT)]]
    runs: dict[str, list[dict[str, float]]] = {label: [] for label, _ in codes}
    for _ in range(args.repeat):
        for label, code in codes:  # alternating
            out = subprocess.run([sys.executable, __file__, str(args.folder), "--one"], check=True,
                                 capture_output=True, text=True, cwd="/", env={"PYTHONPATH": str(Path(code).resolve())})
            runs[label].append(json.loads(out.stdout))
            if runs[label][-1]["code"] != str(Path(code).resolve()):
                sys.exit(f"{label}: the package was imported from {runs[label][-1]['code']}, not {code}")
    print(f"machine {platform.machine()}, Python {platform.python_version()}; {args.folder}: "
          f"{runs[codes[0][0]][0]['articles']} articles, {args.repeat} runs each, CPU seconds (best / median)")
    for label, rs in runs.items():
        cells = [f"{key} {min(r[key] for r in rs):.3f} / {statistics.median(r[key] for r in rs):.3f}"
                 for key in ("pass 1", "gazetteer 2", "pass 2")]
        print(f"{label:10s} " + ", ".join(cells))


if __name__ == "__main__":
    main()
