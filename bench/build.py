"""Benchmark the whole pipeline at scale, on synthetic corpora (bench/gen_corpus.py):

- build throughput at each size, cold and then with 1% of the articles changed: seconds,
  articles/s, words/s, triples, peak memory of the whole process tree, store size on disk;
- at the largest size: the saved queries' latency (median and p95), export to Turtle and N-Quads,
  and the network page at the default --max-nodes;
- start-up: `peacegraph --help` and `peacegraph query` on a small graph.

    python bench/build.py [--sizes 100 1000 10000] [--workdir /tmp/pg-bench]

Results are printed and appended to bench/RESULTS.md with the machine and the date.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_corpus import write_corpus  # noqa: E402


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def run(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall time, peak memory of the process tree, and output of a command."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(proc.pid))
        time.sleep(0.05)
    out = proc.stdout.read()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    return time.perf_counter() - t, peak, out


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def peacegraph(*args: str) -> list[str]:
    return [sys.executable, "-m", "graph.cli", "--data", str(ROOT / "data"), *args]


def _stages(out: str) -> str:
    found = re.search(r"^seconds\s+(.*)$", out, re.M)
    return found.group(1) if found else "?"


def build_row(label: str, n: int, words: int, secs: float, peak: int, out: str, store: Path) -> str:
    triples = int(re.search(r"triples\s+(\d+)", out).group(1))
    return (f"| {n:,} | {label} | {secs:.1f} | {n / secs:,.0f} | {words / secs:,.0f} | {triples:,} | "
            f"{peak / 2**30:.2f} | {du(store) / 2**20:,.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/pg-bench"))
    ap.add_argument("--repeat", type=int, default=10, help="Runs of each saved query.")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = ap.parse_args()

    shutil.rmtree(args.workdir, ignore_errors=True)
    lines = [f"## Build at scale ({date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, `python bench/build.py --sizes {' '.join(map(str, args.sizes))}`)",
             "", "Cold: an empty store. Incremental: then 1% of the articles changed. Both write the store "
             "(`build --no-exports`: the exports are timed on their own below). Memory: peak resident set of "
             "the build and its worker processes together.", "",
             "| articles | build | seconds | articles/s | words/s | triples | peak memory (GB) | store (MB) |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    print("\n".join(lines), flush=True)
    stages: list[str] = []
    for n in args.sizes:
        work = args.workdir / str(n)
        paths = write_corpus(n, work / "articles", seed=7)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
        store = work / "store"
        secs, peak, out = run(peacegraph("build", str(work / "articles"), "--store", str(store),
                                         "--no-exports", "--timings"), work)
        lines.append(build_row("cold", n, words, secs, peak, out, store))
        stages.append(f"- {n:,} cold: {_stages(out)}")
        print(lines[-1], flush=True)
        changed = paths[:: 100]
        for p in changed:
            p.write_text(p.read_text(encoding="utf-8") + "\nThe mission was reviewed again this year.\n",
                         encoding="utf-8")
        changed_words = sum(len(p.read_text(encoding="utf-8").split()) for p in changed)
        secs2, peak2, out2 = run(peacegraph("build", str(work / "articles"), "--store", str(store),
                                            "--no-exports", "--timings"), work)
        stages.append(f"- {n:,} incremental: {_stages(out2)}")
        lines.append(build_row(f"incremental ({len(changed)} changed, {secs2 / secs:.0%} of cold)", len(changed),
                               changed_words, secs2, peak2, out2, store))
        print(lines[-1], flush=True)

    lines += ["", "Seconds per stage (`build --timings`):", "", *stages]

    # the largest graph: queries, exports, network page
    n = args.sizes[-1]
    work = args.workdir / str(n)
    store = work / "store"
    sys.path.insert(0, str(ROOT))
    from graph.queries import bind_params, load_saved
    from graph.store import open_store

    lines += ["", f"Saved queries on the {n:,}-article graph ({args.repeat} runs each, fewer past a minute):", "",
              "| query | rows | median (ms) | p95 (ms) |", "| --- | ---: | ---: | ---: |"]
    db = open_store(store, read_only=True)
    for name, q in load_saved(ROOT / "data" / "queries").items():
        bindings = bind_params(q, {}, db)
        times, rows = [], 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            rows = len(db.query(q.text, bindings, max_rows=10**7).rows)
            times.append(time.perf_counter() - t)
            if sum(times) > 60:
                break  # a slow query: fewer runs
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        lines.append(f"| {name} | {rows:,} | {statistics.median(times) * 1000:,.1f} | {p95 * 1000:,.1f} |")
        print(lines[-1], flush=True)
    db.close()

    lines += ["", "| task | seconds | output (MB) |", "| --- | ---: | ---: |"]
    for fmt, suffix in (("turtle", "ttl"), ("nquads", "nq")):
        target = work / f"export.{suffix}"
        secs, _, _ = run(peacegraph("export", "--format", fmt, "-o", str(target), "--store", str(store)), work)
        lines.append(f"| export {fmt} | {secs:.1f} | {target.stat().st_size / 2**20:,.0f} |")
        print(lines[-1], flush=True)
    page = work / "network.html"
    secs, _, _ = run(peacegraph("viz", "-o", str(page), "--store", str(store)), work)
    lines.append(f"| network page (default --max-nodes) | {secs:.1f} | {page.stat().st_size / 2**20:,.1f} |")
    print(lines[-1], flush=True)

    small = args.sizes[0]
    for label, cmd in (("peacegraph --help", peacegraph("--help")),
                       (f"peacegraph query (the {small}-article graph)",
                        peacegraph("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a pg:mentions ?b }", "--store",
                                   str(args.workdir / str(small) / "store")))):
        best = min(run(cmd, ROOT)[0] for _ in range(5))
        lines.append(f"| start-up: {label} (best of 5) | {best:.2f} | – |")
        print(lines[-1], flush=True)

    text = "\n".join(lines) + "\n"
    with args.results.open("a", encoding="utf-8") as f:
        f.write("\n" + text)


if __name__ == "__main__":
    main()
