"""Benchmark one large article: is the cost linear in the size of one file?

Makes articles of the given sizes out of real text (the paragraphs of the bundled sample and, when
present, of ../shared/eval/dev, shuffled with a fixed seed and repeated until the size is reached),
then times `peacegraph extract FILE --format json` and `peacegraph build FILE --no-exports` (with
`--exports`, `build` writes the exports too: graph.ttl, graph.trig, network.html) on each, one
process per run, and reports seconds, seconds per MB and the peak resident memory. `export` times
`peacegraph export --format nquads` of the store built. With `--check`, each build is then read
back: the article's text in the store (nif:isString, by SPARQL) must be the text read from the file,
every mention's offsets must point at its words, and the N-Quads export must hold that text (its
long line read by rdflib, which has no limit on a term's length; the other lines by pyoxigraph).

    python bench/big_file.py [--sizes 0.5 5 50] [--commands extract build export] [--exports] [--check]
                             [--workdir /tmp/pg-big]

Prints a Markdown table (append it to bench/RESULTS.md by hand, with what was compared).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def paragraphs() -> list[str]:
    """The body paragraphs of the real articles at hand (their first lines, title and byline, left out)."""
    folders = [ROOT / "data" / "articles", ROOT.parent / "shared" / "eval" / "dev"]
    out = []
    for folder in folders:
        for f in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            paras = [p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
            out += [p for p in paras[2:] if not p.startswith("---")]
    return out


_CAPITALISED = re.compile(r"\b([A-Z][a-z]{3,}|[A-Z]{2,})\b")  # names and acronyms


def _renamed(paragraph: str, copy: int) -> str:
    """The paragraph with its capitalised words and acronyms made new ('Kivu' → 'Kivubc', 'UNDP' →
    'UNDPbc' in copy 12), so that each copy of the sample names other actors, as a long file of many
    articles does."""
    tag = "".join(chr(97 + int(d)) for d in str(copy))
    return _CAPITALISED.sub(lambda m: m.group(1) + tag, paragraph)


def write_big_article(path: Path, megabytes: float, seed: int = 17, new_names: bool = False) -> int:
    """Write an article of about `megabytes` MB of shuffled real paragraphs (with `new_names`, each
    pass over them with its names made new); return its size in bytes."""
    paras, rnd = paragraphs(), random.Random(seed)
    target = int(megabytes * 2**20)
    chunks, size, copy = ["One Long Article Made of Many Real Ones\n\nBy Bench Mark, 2026-11-28\n"], 0, 0
    while size < target:
        rnd.shuffle(paras)
        copy += 1
        for p in paras:
            p = _renamed(p, copy) if new_names and copy > 1 else p
            chunks.append(p)
            size += len(p.encode("utf-8")) + 2
            if size >= target:
                break
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(chunks) + "\n", encoding="utf-8")
    return path.stat().st_size


def write_apart(path: Path, megabytes: float, new_names: bool = False) -> int:
    """write_big_article in a process of its own. What this process holds counts in the peak of
    the commands it times: a child started with vfork (as subprocess does) reports the largest
    memory of its parent's too (a 50 MB article's words, split here, made it 660 MB, not 470)."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); from big_file import write_big_article; "
            f"from pathlib import Path; write_big_article(Path({str(path)!r}), {megabytes!r}, new_names={new_names!r})")
    subprocess.run([sys.executable, "-c", code], check=True)
    return path.stat().st_size


def word_count(path: Path) -> int:
    """The words of a file, a line at a time (see write_apart)."""
    with open(path, encoding="utf-8") as f:
        return sum(len(line.split()) for line in f)


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one command; its output is discarded."""
    t = time.perf_counter()
    with open(os.devnull, "w") as null:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's peacegraph, whichever is installed
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=null, stderr=subprocess.PIPE, text=True, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    secs = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stderr.read()}")
    return secs, usage.ru_maxrss * 1024  # the largest of the process and the children it waited for


def check_store(article: Path, store_dir: Path) -> str:
    """The article's text and mentions as the store holds them, against the file: what is wrong, or 'ok'."""
    sys.path.insert(0, str(ROOT))
    from graph.articles import read_article
    from graph.store import open_store
    from graph.vocab import NIF, Ids

    expected, g = read_article(article).text, Ids().article_graph("big")
    store = open_store(store_dir, read_only=True)
    try:
        [(stored,)] = store.values(f"SELECT ?t WHERE {{ GRAPH <{g}> {{ ?c <{NIF.isString}> ?t }} }}")
        mentions = store.values(f"""SELECT ?a ?b ?e WHERE {{ GRAPH <{g}> {{
            ?m <{NIF.anchorOf}> ?a ; <{NIF.beginIndex}> ?b ; <{NIF.endIndex}> ?e }} }}""")
    finally:
        store.close()
    if stored != expected:
        return f"check FAILED: the stored text ({len(stored):,} characters) is not the file's ({len(expected):,})"
    wrong = sum(expected[int(b):int(e)] != a for a, b, e in mentions)
    if wrong:
        return f"check FAILED: {wrong} of {len(mentions):,} mentions point elsewhere"
    return (f"check ok: the stored text is the file's ({len(stored):,} characters, "
            f"{len(stored.encode('utf-8')) / 2**20:.1f} MiB), {len(mentions):,} mentions at their words")


def check_nquads(article: Path, nquads: Path) -> str:
    """Whether the N-Quads export parses and holds the article's text: its lines of a million
    characters or more by rdflib (told to read each at once: it reads 2 KB at a time, in time the
    square of a line's length), the others by pyoxigraph (rdflib would take minutes)."""
    sys.path.insert(0, str(ROOT))
    import pyoxigraph as ox
    import rdflib.plugins.parsers.ntriples as nt
    from rdflib import Dataset

    from graph.articles import read_article

    expected = read_article(article).text
    lines = nquads.read_text(encoding="utf-8").split("\n")
    long = [line for line in lines if len(line) >= 2**20]
    is_string = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"
    short, texts = 0, []
    for q in ox.parse("\n".join(line for line in lines if len(line) < 2**20).encode("utf-8"),
                      format=ox.RdfFormat.N_QUADS):
        short += 1
        if q.predicate.value == is_string:
            texts.append(q.object.value)
    for line in long:
        nt.bufsiz = len(line) + 2
        ds = Dataset()
        ds.parse(data=line + "\n", format="nquads")
        texts += [str(o) for _, _, o, _ in ds.quads()]
    if expected not in texts:
        return f"check FAILED: no literal of the N-Quads export is the article's text ({len(long)} long lines)"
    return f"check ok: N-Quads export parsed ({short:,} quads by pyoxigraph, {len(long)} long by rdflib), text whole"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.5, 5])
    ap.add_argument("--commands", nargs="+", choices=["extract", "build", "export"], default=["extract", "build"])
    ap.add_argument("--exports", action="store_true", help="`build` writes its exports too (not --no-exports).")
    ap.add_argument("--check", action="store_true",
                    help="Read each build back: its text and mentions by SPARQL, its N-Quads export by rdflib.")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/pg-big"))
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--new-names", action="store_true",
                    help="Make the names new in each pass over the sample (many actors, not the same few hundred).")
    args = ap.parse_args()

    print(f"## One large article ({date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, `python bench/big_file.py --sizes "
          f"{' '.join(f'{s:g}' for s in args.sizes)} --commands {' '.join(args.commands)}"
          f"{' --exports' if args.exports else ''}{' --check' if args.check else ''}"
          f"{' --new-names' if args.new_names else ''}`)\n")
    print("| size (MB) | words | command | seconds | s/MB | peak memory (MB) | memory / text |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: |", flush=True)
    for mb in args.sizes:
        work = args.workdir / f"{mb:g}"
        shutil.rmtree(work, ignore_errors=True)
        article = work / "articles" / "big.txt"
        size = write_apart(article, mb, new_names=args.new_names)
        words = word_count(article)
        for command in args.commands:
            base = [sys.executable, "-m", "graph.cli", "--data", str(ROOT / "data")]
            if command == "extract":
                cmd = [*base, "extract", str(article), "--format", "json"]
            elif command == "build":
                out = ["--exports", str(work / "exports")] if args.exports else ["--no-exports"]
                cmd = [*base, "build", str(article), "--store", str(work / "store"), *out, "--force"]
            else:
                cmd = [*base, "export", "--store", str(work / "store"), "--format", "nquads",
                       "-o", str(work / "all.nq")]
            said = command + (" with exports" if command == "build" and args.exports else "")
            for _ in range(args.repeat):
                secs, peak = run(cmd, work)
                print(f"| {size / 2**20:.1f} | {words:,} | {said} | {secs:.1f} | {secs / (size / 2**20):.1f} | "
                      f"{peak / 2**20:,.0f} | {peak / size:.1f} |", flush=True)
            if args.check and command == "build":
                print(f"<!-- {check_store(article, work / 'store')} -->", flush=True)
            if args.check and command == "export":
                print(f"<!-- {check_nquads(article, work / 'all.nq')} -->", flush=True)


if __name__ == "__main__":
    main()
