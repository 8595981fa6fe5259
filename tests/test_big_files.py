"""One large article: the extraction's work grows with its size, not with its square; a long
extraction says what it is doing on a terminal; a file past the size limit is refused in one line
that says what to do."""

from __future__ import annotations

import json
import os
import pty
import random
import re
import subprocess
import sys

from click.testing import CliRunner

from graph.articles import MAX_BYTES, from_text, read_article
from graph.cli import main
from graph.extract import LONG_ARTICLE, STAGES, extract_article
from graph.model import Mention, MentionIndex
from graph.store import open_store
from graph.text import WordIndex, whole_words

from .conftest import BUNDLED, DATA, ROOT, SHARED_EVAL

_CAPITALISED = re.compile(r"\b([A-Z][a-z]{3,}|[A-Z]{2,})\b")


def long_text(chars: int, new_names: bool = False) -> str:
    """An article of about `chars` characters made of the bundled articles' paragraphs, again and
    again; with `new_names`, each pass names other actors ('Kivu' → 'Kivub'), as a long file of
    many articles does."""
    paras = [p.strip() for f in sorted((DATA / "articles").glob("*.txt"))
             for p in f.read_text(encoding="utf-8").split("\n\n")[2:] if p.strip()]
    out, n, copy = ["A Long Article Made of Many\n"], 0, 0
    while n < chars:
        copy += 1
        tag = "".join(chr(97 + int(d)) for d in str(copy))
        for p in paras:
            p = _CAPITALISED.sub(rf"\g<1>{tag}", p) if new_names and copy > 1 else p
            out.append(p)
            n += len(p) + 2
    return "\n\n".join(out)


def lines_run(text: str, knowledge) -> int:
    """The Python lines executed to extract the text: a count of work that no other load on the
    machine changes."""
    art = from_text(text, "long.txt", "long")
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        extract_article(art, knowledge)
    finally:
        sys.settrace(None)
    return count


def test_extraction_work_grows_with_the_size_of_one_article(knowledge):
    # four times the text, four times the work (less: the fixed costs): work in the square of the
    # size (a loop over every mention for each mention or name) would be sixteen times. The
    # benchmark (bench/big_file.py) measures the seconds, up to 50 MB.
    extract_article(from_text(long_text(100_000, True), "warm.txt", "warm"), knowledge)  # first-use costs
    for new_names in (False, True):
        small = lines_run(long_text(100_000, new_names), knowledge)
        large = lines_run(long_text(400_000, new_names), knowledge)
        assert 2 < large / small < 4 * 1.3, (new_names, small, large)


class FlatIndex:
    """The mentions as one sorted list, as MentionIndex kept them before its blocks: the reference."""

    def __init__(self, mentions):
        self.items = sorted(mentions, key=lambda m: (m.start, m.end))

    def add(self, m):
        i = 0
        while i < len(self.items) and self.items[i].start <= m.start:
            i += 1
        self.items.insert(i, m)

    def remove(self, m):
        self.items = [x for x in self.items if x is not m]


def test_mention_index_in_blocks_keeps_the_order_and_answers_of_one_list():
    rnd = random.Random(5)
    made = [Mention(s, s + rnd.randint(1, 30), "x", f"a{rnd.randint(0, 9)}") for s in
            (rnd.randint(0, 5000) for _ in range(300))]
    index, flat = MentionIndex(made), FlatIndex(made)
    held = list(made)
    for step in range(3000):  # enough to split blocks many times over
        if held and rnd.random() < 0.3:
            m = held.pop(rnd.randrange(len(held)))
            index.remove(m)
            flat.remove(m)
        else:
            s = rnd.choice([m.start for m in held]) if held and rnd.random() < 0.3 else rnd.randint(0, 5000)
            m = Mention(s, s + rnd.randint(1, 30), "x", f"a{rnd.randint(0, 9)}")  # equal starts too
            held.append(m)
            index.add(m)
            flat.add(m)
        if step % 100 == 0:
            assert [id(m) for m in index.items] == [id(m) for m in flat.items]
            lo = rnd.randint(-50, 5050)
            hi = lo + rnd.randint(0, 400)
            maxlen = max((m.end - m.start for m in flat.items), default=0)
            assert index.overlapping(lo, hi) == [m for m in flat.items if m.start < hi and lo < m.end]
            assert index.between(lo, hi) == [m for m in flat.items if m.start >= lo and m.end <= hi]
            assert index.window(lo, hi) == [m for m in flat.items if lo - maxlen <= m.start < hi]
            assert list(index.before(lo)) == [m for m in reversed(flat.items) if m.start < lo]
    assert len(index) == len(flat.items) == len(held)


def test_word_index_finds_what_a_scan_of_the_text_finds(knowledge):
    texts = [from_text(long_text(300_000, new_names=True), "long.txt", "long").text]
    texts += [p.read_text(encoding="utf-8") for p in BUNDLED]
    if (SHARED_EVAL / "dev").is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED_EVAL / "dev").glob("*.txt"))]
    names = {n for a in knowledge.registry.actors.values() for n in a.names()}
    names |= {"Council", "Kivub", "U.N.", "(UN)", "al-Shabaab", "Nations ", " UN", "UN-"}
    for text in texts:
        words = WordIndex(text)
        for name in names:
            for hyphen in (True, False):
                assert list(words.whole_words(name, hyphen)) == list(whole_words(name, text, hyphen)), name


def test_a_long_extraction_tells_its_stages(knowledge):
    told = []
    extract_article(from_text(BUNDLED[0].read_text(encoding="utf-8"), "a.txt", "a"), knowledge, told.append)
    assert told == ["link", "discover", "tag", "relate"] == list(STAGES)


def _on_a_terminal(args: list[str], cwd) -> tuple[str, str, int]:
    """Run peacegraph with stderr on a pseudo-terminal and stdout on a pipe."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "--data", str(DATA), *args], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=slave, env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(slave)
    out = proc.stdout.read().decode("utf-8")
    proc.wait()
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        err += chunk
    os.close(master)
    return out, err.decode("utf-8"), proc.returncode


def test_a_long_article_shows_its_stages_on_a_terminal_only(tmp_path):
    big = tmp_path / "long.txt"
    big.write_text(long_text(LONG_ARTICLE + 1000), encoding="utf-8")
    out, err, code = _on_a_terminal(["extract", str(big), "--format", "json"], tmp_path)
    assert code == 0
    assert json.loads(out)["article"]["id"].endswith("/long")  # stdout is the JSON alone
    lines = err.strip().splitlines()
    assert [re.sub(r"^\s*\d+ s\s+", "", ln) for ln in lines] == [f"long.txt: {s}…" for s in STAGES.values()]
    # on a pipe (as in a test's CliRunner or `| jq`) nothing is added
    piped = CliRunner().invoke(main, ["--data", str(DATA), "extract", str(big), "--format", "json"])
    assert piped.exit_code == 0 and json.loads(piped.stdout) == json.loads(out)
    assert piped.stderr == ""


def test_a_file_over_the_limit_is_refused_in_one_line_that_says_to_split_it(tmp_path):
    big = tmp_path / "report.txt"
    with open(big, "wb") as f:  # sparse: no disk is used
        f.truncate(MAX_BYTES + 2**20)
    runner = CliRunner()
    for args in (["extract", str(big)], ["build", str(tmp_path), "--store", str(tmp_path / "store"),
                                         "--exports", str(tmp_path / "exports")]):
        result = runner.invoke(main, ["--data", str(DATA), *args])
        assert result.exit_code == 1
        assert result.output.strip() == (f"Error: {big}: file is 51.0 MB, over the 50 MB limit for one article: "
                                         "split it into several files (one per article or chapter) and build "
                                         "the folder")
    assert not list((tmp_path / "exports").glob("*")) if (tmp_path / "exports").exists() else True
    store = open_store(tmp_path / "store", read_only=True)
    assert len(store) == 0  # nothing written
    store.close()


def test_a_long_article_is_built_in_bulk_its_graph_written_in_pieces(tmp_path):
    from graph import build
    from graph.encode import article_body, article_pieces, sized, text_line
    from graph.vocab import NIF, Ids

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "long.txt").write_text(long_text(LONG_ARTICLE + 1000, new_names=True), encoding="utf-8")
    store = open_store(tmp_path / "store")
    told: list[str] = []
    report = build([folder], store=store, data_dir=DATA, exports=None, on_stage=told.append)
    ids = Ids()
    g = ids.article_graph("long")
    stated = store.values(f"SELECT ?n WHERE {{ GRAPH <{g}> {{ <{g}> <http://rdfs.org/ns/void#triples> ?n }} }}")
    counted = store.values(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}")
    stored_text = store.values(f"SELECT ?t WHERE {{ GRAPH <{g}> {{ ?c <{NIF.isString}> ?t }} }}")
    store.close()
    assert stored_text == [(read_article(folder / "long.txt").text,)]  # (written apart, a piece at a time)
    assert report.extracted == 1
    assert int(stated[0][0]) == int(counted[0][0]) > 10_000  # the whole graph, and its size said right
    assert told[:2] == ["long: finding its actors: linking known names", "long: finding its actors: discovering actors"]
    assert told[-2:] == ["long: encoding its graph", "writing the store"]
    # the pieces are the graph as a short article's is made, whole (here with U+2028 in the text,
    # which cuts lines where N-Triples does not)
    from graph.extract import load_knowledge

    knowledge = load_knowledge(DATA)
    for text in (long_text(30_000, new_names=True), "A Title\n\nThe UN\u2028 and UNDP met MONUSCO.\u2029 UNDP left."):
        ex = extract_article(from_text(text, "t.txt", "t"), knowledge)
        whole = sized(ids.article_graph("t"), article_body(ex, ids))
        assert "".join(article_pieces(ex, ids, ids.article_graph("t"), size=500)) == whole
        # and without the text's line, which is given apart, in pieces
        subject, predicate, pieces = text_line(ex, ids, size=7)
        apart = "".join(article_pieces(ex, ids, ids.article_graph("t"), size=500, with_text=False))
        line = f'{subject} {predicate} "{"".join(pieces)}" .\n'
        assert sorted((apart + line).split("\n")) == sorted(whole.split("\n"))
