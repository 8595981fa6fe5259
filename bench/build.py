"""Benchmark the whole pipeline, on synthetic corpora (bench/gen_corpus.py) or on any folder of
articles, multiplied.

Synthetic (the default):

- build throughput at each size, cold and then with 1% of the articles changed: seconds,
  articles/s, words/s, triples, peak memory of the whole process tree, store size on disk;
- at the largest size: the saved queries' latency (median and p95), export to Turtle and N-Quads,
  and the network page at the default --max-nodes;
- start-up: `peacegraph --help` and `peacegraph query` on a small graph.

    python bench/build.py [--sizes 100 1000 10000] [--workdir /tmp/pg-bench]

Real text (`--corpus DIR`): `--articles N` articles made from DIR's articles taken in turn, each with
its paragraphs shuffled (the header lines stay first; seed `--seed`), then for each run a cold build
with its exports (`build --timings`, as a user runs it) and, for every stage, its words per second
against the floor: reading the same files and tokenising them with a regular expression, in one
process. After each build, the extractor's two passes alone over the same files, in the same
worker processes (no store, no encoding, no exports): what no build with this extractor can go
under. Then the exports against Oxigraph's own N-Quads dump of the same store, and Oxigraph's bulk
loader alone given the same quads (the store's own part of a build). With `--code
LABEL=DIR` (repeated) the builds alternate between checkouts (before and after a change, in one
run); `--runs` alternations.

    python bench/build.py --corpus ../shared/eval/dev --articles 1000 [--runs 3] [--code before=/tmp/old]
    python bench/build.py --corpus synthetic --articles 1000     # the same measures, synthetic articles

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


# ---------------------------------------------------------------------------- real text

TEXT_SUFFIXES = (".txt", ".md")
WORD = re.compile(r"\w+")


def _paragraphs(text: str) -> tuple[str, list[str], str]:
    """A text file's front matter (kept as it is), its paragraphs (blank-line separated, else
    lines) and the separator between them."""
    head = ""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end >= 0:
            head, text = text[: end + 5], text[end + 5:]
    sep = "\n\n" if "\n\n" in text.strip() else "\n"
    return head, [p for p in text.strip().split(sep) if p.strip()], sep


def multiply_corpus(source: Path, n: int | None, folder: Path, seed: int = 7) -> list[Path]:
    """`n` articles made from the article files under `source`, taken in turn: a text file
    (.txt, .md) with its paragraphs shuffled, its header lines (the short ones it opens with:
    title, byline, date) kept first; another format copied as it is."""
    import random

    sys.path.insert(0, str(ROOT))
    from graph.articles import find_article_files

    files = find_article_files([source])
    if not files:
        raise SystemExit(f"{source}: no articles")
    n = n or len(files)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = files[i % len(files)]
        target = folder / f"{src.stem}-{i:05d}{src.suffix}"
        if src.suffix.lower() in TEXT_SUFFIXES:
            head, paras, sep = _paragraphs(src.read_text(encoding="utf-8"))
            k = 1
            while k < len(paras) and len(paras[k]) < 100:
                k += 1
            body = paras[k:]
            rng.shuffle(body)
            target.write_text(head + sep.join(paras[:k] + body) + "\n", encoding="utf-8")
        else:
            shutil.copyfile(src, target)
        out.append(target)
    return out


def floor_seconds(paths: list[Path], repeat: int = 5) -> tuple[float, int]:
    """The floor: reading the files and tokenising them with a regular expression, best of
    `repeat`; and their words (whitespace-separated, as bench/extract.py counts them)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        tokens = 0
        for p in paths:
            tokens += len(WORD.findall(p.read_text(encoding="utf-8")))
        best = min(best, time.perf_counter() - t)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    return best, words


def stage_seconds(out: str) -> dict[str, float]:
    """The stages of `build --timings` output: name → seconds."""
    found = re.search(r"^seconds\s+(.*)$", out, re.M)
    if not found:
        return {}
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"([a-z][a-z ]*?) (\d+\.\d+)", found.group(1))}


def _cmd(code: Path, *args: str) -> tuple[list[str], dict]:
    env = dict(os.environ, PYTHONPATH=str(code))
    return [sys.executable, "-m", "graph.cli", "--data", str(code / "data"), *args], env


def run_env(cmd: list[str], cwd: Path, env: dict) -> tuple[float, int, str, float]:
    """`run`, with an environment; also the CPU seconds of the process and its workers (user and
    system: on a busy machine, steadier than the wall clock)."""
    import tempfile

    t = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:  # (a file, not a pipe: the output is not read until the end)
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        peak = 0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        out = log.read()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    return time.perf_counter() - t, peak, out, usage.ru_utime + usage.ru_stime


def _export_script(code: Path, store: Path, fmt: str, target: Path) -> list[str]:
    """A process that opens the store read-only and writes one export: peacegraph's `store.dump`
    (what `peacegraph export` runs), or with fmt `oxigraph-nquads` Oxigraph's own dump."""
    if fmt == "oxigraph-nquads":
        body = (f"import pyoxigraph as ox, time; db = ox.Store.read_only({str(store)!r}); t = time.perf_counter(); "
                f"db.dump({str(target)!r}, ox.RdfFormat.N_QUADS); print(time.perf_counter() - t)")
    else:
        body = (f"import time; from pathlib import Path; from graph.store import open_store; "
                f"s = open_store({str(store)!r}, read_only=True); t = time.perf_counter(); "
                f"s.dump(Path({str(target)!r}), {fmt!r}); print(time.perf_counter() - t); s.close()")
    return [sys.executable, "-c", body]


# The extractor's two passes alone, as a build runs them (its worker processes, forked with the
# knowledge), with nothing else: no store, no encoding, no exports. What no build of the same
# extractor can go under on the same cores.
_EXTRACT_ONLY = """
import json, os, resource, sys, time
from pathlib import Path
from graph.articles import find_article_files, read_article
from graph.build import Workers
from graph.extract import discover_actors, extract_article, load_knowledge
from graph.merge import pool
def first(path, k):
    art = read_article(path)
    return art, discover_actors(art, k)
def second(art, k):
    return len(extract_article(art, k).relations)
k = load_knowledge(sys.argv[1])
files = find_article_files([Path(sys.argv[2])])
t = time.perf_counter()
with Workers(None, len(files)) as w:
    found = w.map(first, files, k)
    pooled = pool([f for _, f in found if f])
    relations = sum(w.imap(second, [a for a, _ in found], k.with_actors(pooled) if pooled else k))
wall = time.perf_counter() - t
cpu = sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                             resource.getrusage(resource.RUSAGE_CHILDREN)))
print(json.dumps({"wall": wall, "cpu": cpu, "relations": relations}))
"""


def extraction_alone(code: Path, folder: Path, cwd: Path) -> dict:
    """Wall and CPU seconds of the extractor's two passes over `folder` in the build's workers."""
    import json

    out = subprocess.run([sys.executable, "-c", _EXTRACT_ONLY, str(code / "data"), str(folder)],
                         env=dict(os.environ, PYTHONPATH=str(code)), cwd=cwd, capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.splitlines()[-1])


def real_text(args) -> None:
    """Builds of a real corpus, multiplied, stage by stage against the floor; exports against
    Oxigraph's own dump."""
    shutil.rmtree(args.workdir, ignore_errors=True)
    folder = args.workdir / "articles"
    if str(args.corpus) == "synthetic":  # the same measures on bench/gen_corpus.py's articles, side by side
        paths = write_corpus(args.articles or 1000, folder, seed=args.seed)
    else:
        paths = multiply_corpus(args.corpus, args.articles, folder, args.seed)
    n = len(paths)
    floor, words = floor_seconds(paths)
    codes = dict(c.split("=", 1) for c in args.code) if args.code else {"this checkout": str(ROOT)}
    codes = {label: Path(d).resolve() for label, d in codes.items()}
    load = os.getloadavg()[0]
    kind = "synthetic articles" if str(args.corpus) == "synthetic" else "real text"
    lines = [f"## Build of {kind} ({date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, `python bench/build.py --corpus {args.corpus} --articles {n}"
             f"{' --runs ' + str(args.runs) if args.runs != 1 else ''}`)", "",
             (f"{n:,} synthetic articles (`bench/gen_corpus.py`, seed {args.seed})" if str(args.corpus) == "synthetic"
              else f"{n:,} articles made from the {len(set(p.stem.rsplit('-', 1)[0] for p in paths))} articles of "
              f"`{args.corpus}` (paragraphs shuffled, seed {args.seed})") +
             f": {words:,} words. Floor (reading the files "
             f"and tokenising them with `\\w+`, best of 5): {floor:.3f} s. Cold builds with their exports "
             f"(`build --timings`), {args.workers or 'default'} workers; load average {load:.1f} at the start.", ""]
    print("\n".join(lines), flush=True)
    results: dict[str, list[tuple[float, dict[str, float], int, int, float]]] = {label: [] for label in codes}
    stores: dict[str, Path] = {}
    results_alone: dict[str, list[dict]] = {label: [] for label in codes}
    for run_no in range(args.runs):
        for label, code in codes.items():
            work = args.workdir / f"run-{label.replace(' ', '-')}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            workers = ["--workers", str(args.workers)] if args.workers else []
            cmd, env = _cmd(code, "build", str(folder), "--store", str(work / "store"), "--exports",
                            str(work / "exports"), "--timings", *workers)
            secs, peak, out, cpu = run_env(cmd, work, env)
            triples = int(re.search(r"triples\s+(\d+)", out).group(1))
            results[label].append((secs, stage_seconds(out), peak, triples, cpu))
            stores[label] = work / "store"
            print(f"run {run_no + 1} {label}: {secs:.2f} s ({secs / floor:.0f}× the floor), CPU {cpu:.1f} s, "
                  f"{triples:,} triples, {out.splitlines()[-1]}", flush=True)
            alone = extraction_alone(code, folder, args.workdir)
            results_alone[label].append(alone)
            print(f"run {run_no + 1} {label}: extraction alone {alone['wall']:.2f} s "
                  f"({alone['wall'] / floor:.0f}× the floor), CPU {alone['cpu']:.1f} s", flush=True)

    for label, runs in results.items():
        med = statistics.median(r[0] for r in runs)
        stage_names = list(dict.fromkeys(k for r in runs for k in r[1]))
        lines += [f"**{label}** ({codes[label] if len(codes) > 1 else 'this commit'}): {len(runs)} run(s), "
                  f"median {med:.2f} s, {words / med:,.0f} words/s, **{med / floor:.0f}× the floor**; "
                  f"CPU (the build and its workers, user and system) median "
                  f"{statistics.median(r[4] for r in runs):.1f} s; "
                  f"{runs[0][3]:,} triples; peak memory {max(r[2] for r in runs) / 2**30:.2f} GB.", "",
                  "| stage | seconds (median) | words/s | × floor |", "| --- | ---: | ---: | ---: |"]
        for st in stage_names:
            secs = statistics.median(r[1].get(st, 0.0) for r in runs)
            rate = f"{words / secs:,.0f}" if secs else "–"
            lines.append(f"| {st} | {secs:.2f} | {rate} | {secs / floor:.1f} |")
        lines.append(f"| whole build (wall clock, with start-up) | {med:.2f} | {words / med:,.0f} | "
                     f"{med / floor:.1f} |")
        alone = statistics.median(r["wall"] for r in results_alone[label])
        lines.append(f"| the extractor's two passes alone, in the same workers (no store, no exports) | "
                     f"{alone:.2f} | {words / alone:,.0f} | {alone / floor:.1f} |")
        lines.append("")
        print("\n".join(lines[-len(stage_names) - 6:]), flush=True)

    # exports of each store against Oxigraph's own N-Quads dump of it, alternating
    lines += ["Exports of the built store, each in its own process against Oxigraph's own N-Quads dump of the "
              f"same store (pyoxigraph `Store.dump`), alternating, median of {args.export_runs}:", "",
              "| code | export | seconds | output (MB) | × Oxigraph's N-Quads dump |",
              "| --- | --- | ---: | ---: | ---: |"]
    for label, code in codes.items():
        env = dict(os.environ, PYTHONPATH=str(code))
        times: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        for _ in range(args.export_runs):
            for fmt in ("oxigraph-nquads", "turtle", "trig", "nquads"):
                target = args.workdir / f"export.{fmt}"
                out = subprocess.run(_export_script(code, stores[label], fmt, target), env=env, cwd=args.workdir,
                                     capture_output=True, text=True, check=True).stdout
                times.setdefault(fmt, []).append(float(out.split()[-1]))
                sizes[fmt] = target.stat().st_size
                target.unlink()
        base = statistics.median(times["oxigraph-nquads"])
        for fmt, ts in times.items():
            t = statistics.median(ts)
            lines.append(f"| {label} | {fmt} | {t:.2f} | {sizes[fmt] / 2**20:,.1f} | {t / base:.2f} |")
        print("\n".join(lines[-len(times):]), flush=True)

    # the store's own part: Oxigraph's bulk loader given the same quads, alone, as a build gives them
    # (a piece per core, loaded at once: the loader parses on one core)
    cores = os.cpu_count() or 1
    lines += ["", "The store alone: Oxigraph's bulk loader given the built store's quads (its own N-Quads dump, "
              f"cut into {cores} pieces loaded at once, as a build loads its spool) into an empty store, in a "
              f"process of its own, median of {args.export_runs}:", ""]
    for label in codes:
        dump, fresh = args.workdir / "load.nq", args.workdir / "load-store"
        subprocess.run(_export_script(ROOT, stores[label], "oxigraph-nquads", dump), check=True, capture_output=True)
        quads = dump.read_bytes().splitlines(keepends=True)
        pieces = [args.workdir / f"load-{i}.nq" for i in range(cores)]
        for i, piece in enumerate(pieces):
            piece.write_bytes(b"".join(quads[i::cores]))
        del quads
        dump.unlink()
        times = []
        for _ in range(args.export_runs):
            shutil.rmtree(fresh, ignore_errors=True)
            body = ("import pyoxigraph as ox, sys, time; from concurrent.futures import ThreadPoolExecutor as T; "
                    f"db = ox.Store({str(fresh)!r}); t = time.perf_counter(); "
                    "load = lambda p: db.bulk_load(path=p, format=ox.RdfFormat.N_QUADS, lenient=True); "
                    f"list(T({cores}).map(load, sys.argv[1:])); db.flush(); print(time.perf_counter() - t)")
            out = subprocess.run([sys.executable, "-c", body, *map(str, pieces)], capture_output=True, text=True,
                                 check=True).stdout
            times.append(float(out.split()[-1]))
        shutil.rmtree(fresh, ignore_errors=True)
        for piece in pieces:
            piece.unlink()
        t = statistics.median(times)
        lines.append(f"- {label}: {t:.2f} s, {t / floor:.0f}× the floor.")
        print(lines[-1], flush=True)

    text = "\n".join(lines) + "\n"
    if not args.dry_run:
        with args.results.open("a", encoding="utf-8") as f:
            f.write("\n" + text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/pg-bench"))
    ap.add_argument("--repeat", type=int, default=10, help="Runs of each saved query.")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--corpus", type=Path, help="A folder of articles: benchmark on them (multiplied) rather "
                    "than on synthetic ones; `synthetic`: the same measures on --articles synthetic articles.")
    ap.add_argument("--articles", type=int, help="With --corpus: how many articles to make of its articles.")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=1, help="With --corpus: builds of each checkout, alternating.")
    ap.add_argument("--export-runs", type=int, default=3, help="With --corpus: runs of each export.")
    ap.add_argument("--workers", type=int, help="build --workers (default: one per core).")
    ap.add_argument("--code", action="append", metavar="LABEL=DIR",
                    help="With --corpus: a checkout to build with (repeat to alternate; default this one).")
    ap.add_argument("--dry-run", action="store_true", help="Print the results without appending them.")
    args = ap.parse_args()
    if args.corpus:
        return real_text(args)

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
    if not args.dry_run:
        with args.results.open("a", encoding="utf-8") as f:
            f.write("\n" + text)


if __name__ == "__main__":
    main()
