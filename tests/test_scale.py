"""Builds at scale: workers write what one process writes, a large build goes through the bulk path
and is swapped in whole, and the summary graph counts what the article graphs say."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import build, open_store
from graph.build import BULK_ARTICLES
from graph.cli import main
from graph.vocab import Ids

from .conftest import DATA
from .test_build import store_and_exports

ids = Ids()
PG = "https://w3id.org/peacegraph/ontology#"


def corpus(folder: Path, n: int, prefix: str = "") -> Path:
    """n articles: the bundled sample over and over, each copy a distinct article."""
    folder.mkdir(parents=True, exist_ok=True)
    sample = sorted((DATA / "articles").iterdir())
    for i in range(n):
        src = sample[i % len(sample)]
        text = src.read_text(encoding="utf-8")
        # a different last line makes a different article (and content hash) of each copy
        (folder / f"{prefix}{src.stem}-{i:03d}{src.suffix}").write_text(text + f"\n\nCopy {i}.\n", encoding="utf-8")
    return folder


def quads(store) -> set:
    return set(store.quads())


def test_workers_write_what_one_process_writes(tmp_path):
    arts = corpus(tmp_path / "a", 24)
    one, two = open_store(tmp_path / "one"), open_store(tmp_path / "two")  # the default store, on disk
    try:
        r1 = build([arts], store=one, data_dir=DATA, exports=None, workers=1)
        r2 = build([arts], store=two, data_dir=DATA, exports=None, workers=2)
        assert r1.extracted == r2.extracted == 24
        assert r1.links == r2.links > 100
        assert quads(one) == quads(two)
    finally:
        one.close()
        two.close()


def test_a_large_build_is_bulk_loaded_and_counted(tmp_path):
    n = BULK_ARTICLES + 10
    arts = corpus(tmp_path / "a", n)
    store_dir = tmp_path / "store"
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(arts), "--store", str(store_dir),
                                  "--exports", str(tmp_path / "e")])
    assert r.exit_code == 0, r.output
    assert f"{n} extracted" in r.output
    assert not (tmp_path / "store.next").exists() and not (tmp_path / "store.old").exists()
    # the exports, made by the workers as they encoded the graphs, are the store quad for quad
    quads, triples, trig, ttl = store_and_exports(store_dir, tmp_path / "e")
    assert len(quads) > 100000 and trig == quads and ttl == triples
    # a forced rebuild into that store, one article changed: every old graph is dropped (while the
    # workers extract) and the new one loaded; the exports are again the graphs as written
    changed = sorted(arts.iterdir())[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUNDP funds the programme in Goma.\n",
                       encoding="utf-8")
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(arts), "--force", "--store", str(store_dir),
                                  "--exports", str(tmp_path / "e")])
    assert r.exit_code == 0, r.output
    assert f"{n} extracted" in r.output
    quads2, triples2, trig2, ttl2 = store_and_exports(store_dir, tmp_path / "e")
    assert trig2 == quads2 and ttl2 == triples2
    graphs = {f"<{ids.article_graph(changed.stem)}>", f"<{ids.summary_graph}>"}
    assert 50 < len(quads2 - quads) and all(q.rsplit(" ", 1)[-1] in graphs for q in quads2 ^ quads)
    store = open_store(store_dir)
    try:
        is_string = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString"
        texts = store.values(f"""SELECT ?s WHERE {{ GRAPH <{ids.article_graph(changed.stem)}> {{
                                  ?c <{is_string}> ?s }} }}""")
        assert len(texts) == 1 and texts[0][0].endswith("UNDP funds the programme in Goma.")
    finally:
        store.close()
    store = open_store(store_dir)
    try:
        names = store.graph_names()
        assert sum(1 for g in names if ids.article_id_of_graph(g)) == n
        # the summary's counts are the article graphs' own
        for actor in ("MONUSCO", "UNSC", "KEN"):
            iri = ids.actor(actor)
            direct = store.select(f"SELECT (COUNT(DISTINCT ?art) AS ?n) WHERE {{ ?art <{PG}mentions> <{iri}> }}")
            summary = store.select(f"SELECT ?n WHERE {{ <{iri}> <{PG}articleCount> ?n }}")
            assert int(direct[0]["n"]) > 0
            assert [int(x["n"]) for x in summary] == [int(direct[0]["n"])]
        rows = store.select(f"SELECT ?n WHERE {{ ?a <{PG}linkCount> ?n }}")
        assert len(rows) == n
        # a small change afterwards takes the transactional path, and the summary follows it
        victim = sorted(arts.iterdir())[0]
        victim.unlink()
        report = build([arts], store=store, data_dir=DATA, exports=None, prune=True)
        assert report.removed == 1 and report.extracted == 0
        rows = store.select(f"SELECT ?n WHERE {{ ?a <{PG}linkCount> ?n }}")
        assert len(rows) == n - 1
    finally:
        store.close()


@pytest.mark.fault
def test_a_build_killed_during_the_bulk_load_leaves_the_previous_graph(tmp_path):
    store_dir = tmp_path / "store"
    small = corpus(tmp_path / "small", 3)
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(small), "--store", str(store_dir),
                                  "--exports", str(tmp_path / "e")])
    assert r.exit_code == 0, r.output
    big = corpus(tmp_path / "big", BULK_ARTICLES + 50, prefix="big-")
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "--data", str(DATA), "build", str(big),
                             "--store", str(store_dir), "--exports", str(tmp_path / "e2")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not (tmp_path / "store.next").exists() and proc.poll() is None and time.time() < deadline:
        time.sleep(0.02)
    assert (tmp_path / "store.next").exists(), "the build never reached its bulk load"
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = open_store(store_dir, read_only=True)
    try:
        articles = [g for g in store.graph_names() if ids.article_id_of_graph(g)]
        assert len(articles) in (3, 3 + BULK_ARTICLES + 50)  # the previous graph, or the new one whole
    finally:
        store.close()
    r = CliRunner().invoke(main, ["--data", str(DATA), "build", str(small), str(big), "--store", str(store_dir),
                                  "--exports", str(tmp_path / "e2")])
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "store.next").exists()
    store = open_store(store_dir, read_only=True)
    try:
        assert len([g for g in store.graph_names() if ids.article_id_of_graph(g)]) == 3 + BULK_ARTICLES + 50
    finally:
        store.close()


@pytest.mark.fault
@pytest.mark.parametrize("committed", [True, False])
def test_an_interrupted_swap_is_finished_or_undone(tmp_path, committed):
    """The state a build leaves when killed between committing its copy and renaming it."""
    import pyoxigraph as ox

    store_dir = tmp_path / "store"
    build([corpus(tmp_path / "a", 2)], store=open_store(store_dir), data_dir=DATA, exports=None)
    # what the killed build had written: a complete copy with one more graph
    db = ox.Store.read_only(str(store_dir))
    db.backup(str(tmp_path / "store.next"))
    del db
    nxt = ox.Store(str(tmp_path / "store.next"))
    nxt.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("new"),
                    ox.NamedNode(ids.article_graph("late"))))
    nxt.flush()
    del nxt
    if committed:
        (tmp_path / "store.committed").touch()
    store = open_store(store_dir)  # a writer opening the store repairs it
    try:
        assert (ids.article_graph("late") in store.graph_names()) is committed
    finally:
        store.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("store")) == ["store", "store.lock"]
