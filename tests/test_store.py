"""The store: incremental builds, removal, and the bad stores a user can point at."""

from __future__ import annotations

import re
import shutil

from click.testing import CliRunner

from graph import build, open_store
from graph.cli import main
from graph.vocab import Ids

from .conftest import DATA

ids = Ids()


def cli(*args):
    return CliRunner().invoke(main, ["--data", str(DATA), *args])


def test_incremental_build_and_remove(tmp_path):
    arts = tmp_path / "articles"
    shutil.copytree(DATA / "articles", arts)
    store_dir, out = str(tmp_path / "store"), str(tmp_path / "exports")
    r = cli("build", str(arts), "--store", store_dir, "--exports", out)
    assert "12 extracted" in r.output
    first = (tmp_path / "exports" / "graph.trig").read_text(encoding="utf-8")
    # one article changes: only it is read again, the others' graphs stay as they were
    f = arts / "eulex-2023-rule-of-law.txt"
    f.write_text(f.read_text(encoding="utf-8") + "\nNorway funded the Kosovo Police.\n", encoding="utf-8")
    r = cli("build", str(arts), "--store", store_dir, "--exports", out)
    assert "1 extracted, 11 unchanged" in r.output
    second = (tmp_path / "exports" / "graph.trig").read_text(encoding="utf-8")
    assert "Norway funded the Kosovo Police." in second and "Norway funded" not in first
    _sizes_hold(store_dir, int(re.search(r"^triples\s+(\d+)", r.output, re.M).group(1)))
    # a removed file can be pruned, or removed by id
    (arts / "unama-2024-doha-process.txt").unlink()
    r = cli("build", str(arts), "--store", store_dir, "--exports", out, "--prune")
    assert "1 removed" in r.output
    r = cli("remove", "colombia-2023-verification-mission", "--store", store_dir, "--exports", out)
    assert r.exit_code == 0 and "removed 1" in r.output
    store = open_store(store_dir, read_only=True)
    try:
        names = store.graph_names()
    finally:
        store.close()
    assert ids.article_graph("unama-2024-doha-process") not in names
    assert ids.article_graph("colombia-2023-verification-mission") not in names
    assert ids.article_graph("eulex-2023-rule-of-law") in names
    r = cli("remove", "nope", "--store", store_dir, "--exports", out)
    assert r.exit_code == 1 and "no article 'nope'" in r.output


def _sizes_hold(store_dir: str, reported: int) -> None:
    """Every named graph states its size (void:triples), truly; the build reported their sum."""
    store = open_store(store_dir, read_only=True)
    try:
        stated = dict(store.values("SELECT ?g ?n WHERE { GRAPH ?g { ?g void:triples ?n } }"))
        assert stated.keys() == set(store.graph_names())
        for g, n in stated.items():
            assert int(n) == sum(1 for _ in store.quads(g)), g
        assert reported == len(store) == sum(int(n) for n in stated.values())
    finally:
        store.close()


def test_not_a_store(tmp_path):
    (tmp_path / "file").write_text("x")
    r = cli("query", "ASK {}", "--store", str(tmp_path / "file"))
    assert r.exit_code == 1 and "not a store" in r.output
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.txt").write_text("x")
    r = cli("query", "ASK {}", "--store", str(tmp_path / "folder"))
    assert r.exit_code == 1 and "not a store" in r.output
    r = cli("query", "ASK {}", "--store", str(tmp_path / "nothing"))
    assert r.exit_code == 1 and "no store yet" in r.output


def test_a_locked_store_is_refused_not_broken(tmp_path, seed_article):
    store = open_store(tmp_path / "store")
    build([seed_article], store=store, data_dir=DATA, exports=None)
    try:
        r = cli("build", str(seed_article), "--store", str(tmp_path / "store"), "--exports", str(tmp_path / "e"))
        assert r.exit_code == 1 and "in use by another peacegraph process" in r.output
        r = cli("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a pg:mentions ?b }", "--store", str(tmp_path / "store"))
        assert r.exit_code == 0, r.output  # readers are welcome while a writer holds it
    finally:
        store.close()


def test_a_killed_build_leaves_the_previous_graph(tmp_path, seed_article):
    import os
    import signal
    import subprocess
    import sys
    import time

    store_dir = tmp_path / "store"
    r = cli("build", str(seed_article), "--store", str(store_dir), "--exports", str(tmp_path / "e"))
    assert r.exit_code == 0
    big = tmp_path / "big"
    big.mkdir()
    for i in range(120):
        shutil.copy(seed_article, big / f"copy-{i:03d}.txt")
    proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "--data", str(DATA), "build", str(big),
                             "--store", str(store_dir), "--exports", str(tmp_path / "e2")])
    time.sleep(2.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    store = open_store(store_dir, read_only=True)
    try:
        names = store.graph_names()
        assert ids.article_graph("csg-2016-drc-seed") in names
        partial = [n for n in names if "copy-" in n]
        assert partial == [] or len(partial) == 120  # all of the new build, or none of it
    finally:
        store.close()
    r = cli("build", str(big), "--store", str(store_dir), "--exports", str(tmp_path / "e2"))
    assert r.exit_code == 0, r.output


def test_a_later_build_names_a_stored_person_with_its_stored_iri(tmp_path):
    """A person discovered by an earlier build is the person a later article spells slightly
    differently: the new article's mentions point at the stored IRI, not at a second person."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "one.txt").write_text(
        "Talks in Bamako\n\nThe UN Special Envoy Mohammed Kassoumi met MINUSMA officials in Bamako on Monday. "
        "Mohammed Kassoumi said the talks would continue.\n", encoding="utf-8")
    (tmp_path / "b" / "two.txt").write_text(
        "More talks\n\nThe UN Special Envoy Muhammed Kassoumi visited Gao on Friday. "
        "Kassoumi met the Malian authorities.\n", encoding="utf-8")
    store = tmp_path / "store"
    assert cli("build", str(tmp_path / "a"), "--store", str(store), "--no-exports").exit_code == 0
    r = cli("build", str(tmp_path / "a"), str(tmp_path / "b"), "--store", str(store), "--no-exports")
    assert r.exit_code == 0, r.output
    assert "1 extracted, 1 unchanged" in r.output
    r = cli("query", "SELECT DISTINCT ?g ?a WHERE { GRAPH ?g { ?x pg:mentions ?a } "
            'FILTER(CONTAINS(STR(?a), "kassoumi")) }', "--store", str(store), "--format", "csv")
    rows = sorted(r.output.split()[1:])
    assert rows == [f"{ids.article_graph('one')},{ids.actor('mohammed-kassoumi')}",
                    f"{ids.article_graph('two')},{ids.actor('mohammed-kassoumi')}"]


def _two_articles(folder):
    folder.mkdir()
    (folder / "one.txt").write_text("Talks in Goma\n\nThe United Nations and MONUSCO met officials in Goma on "
                                    "Monday. Canada supports MONUSCO.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Aid to Mali\n\nThe United Nations Development Programme (UNDP) funds "
                                    "projects in Mali with the United Nations.\n", encoding="utf-8")
    return folder


def test_a_build_with_another_base_is_refused_and_duplicates_nothing(tmp_path):
    arts = _two_articles(tmp_path / "articles")
    store = str(tmp_path / "store")
    assert cli("build", str(arts), "--store", store, "--no-exports").exit_code == 0
    (arts / "two.txt").unlink()
    other = "https://example.org/pg/"
    r = CliRunner().invoke(main, ["--data", str(DATA), "--base", other, "build", str(arts), "--prune",
                                  "--store", store, "--no-exports"])
    assert r.exit_code == 1 and r.output.count("\n") == 1, r.output
    assert f"built with base {ids.base}, not {other}" in r.output
    assert f"build with --base {ids.base}" in r.output and "new store" in r.output
    query = ('SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a rdfs:label "United Nations" }', "--store", store,
             "--format", "csv")
    assert cli("query", *query).output.split() == ["n", "1"]
    r = cli("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a a pg:Article } }", "--store", store,
            "--format", "csv")
    assert r.output.split() == ["n", "2"]  # the refused --prune dropped nothing
    r = cli("query", f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{other}")) }}', "--store", store)
    assert r.output.strip() == "no"
    # the same base goes through, and so does the other base into a new store
    r = CliRunner().invoke(main, ["--data", str(DATA), "--base", ids.base, "build", str(arts), "--prune",
                                  "--store", store, "--no-exports"])
    assert r.exit_code == 0 and "1 removed" in r.output, r.output
    assert cli("query", *query).output.split() == ["n", "1"]
    r = CliRunner().invoke(main, ["--data", str(DATA), "--base", other, "build", str(arts),
                                  "--store", str(tmp_path / "new"), "--no-exports"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["--data", str(DATA), "--base", other, "remove", "one", "--store", store,
                                  "--exports", str(tmp_path / "e")])
    assert r.exit_code == 1 and "built with base" in r.output


def test_readers_open_a_whole_store_while_a_build_writes_it(tmp_path):
    """Readers open the store again and again while another process builds into it, first in one
    transaction, then in bulk with a swap of folders: every open succeeds and sees the graph as
    one complete build or the next left it, never between."""
    import subprocess
    import sys
    import time

    store_dir = tmp_path / "store"
    small, large = tmp_path / "small", tmp_path / "large"
    sources = sorted((DATA / "articles").iterdir())
    for folder, n in ((small, 150), (large, 240)):  # long enough builds for 50 opens on a busy machine
        folder.mkdir()
        for i in range(n):
            src = sources[i % len(sources)]
            shutil.copy(src, folder / f"{folder.name}-{i:03d}{src.suffix}")
    assert cli("build", str(DATA / "articles"), "--store", str(store_dir), "--no-exports").exit_code == 0
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a pg:Article } }"
    seen, opens = set(), 0
    for folder, expected in ((small, {12, 162}), (large, {162, 402})):
        inputs = [str(DATA / "articles"), str(small), *([str(large)] if folder is large else [])]
        build_ = subprocess.Popen([sys.executable, "-m", "graph.cli", "--data", str(DATA), "build", *inputs,
                                   "--store", str(store_dir), "--no-exports"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        during = 0
        while build_.poll() is None or during < 50:
            store = open_store(store_dir, read_only=True)
            try:
                n = int(store.values(count)[0][0])
            finally:
                store.close()
            assert n in expected, (n, expected)
            seen.add(n)
            opens += 1
            during += build_.poll() is None
            if build_.poll() is not None and during < 50:
                break
            time.sleep(0.005)
        out, err = build_.communicate(timeout=300)
        assert build_.returncode == 0, err
        assert during >= 50, f"the build ended after only {during} opens"
    assert seen == {12, 162, 402} or seen >= {162, 402}
