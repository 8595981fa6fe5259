"""SPARQL for analysts: saved questions on the bundled sample, the query command, and its refusals."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import DATA


def q(sample_store, *args):
    return CliRunner().invoke(main, ["--data", str(DATA), "query", "--store", str(sample_store["path"]), *args])


def rows(sample_store, name, *params):
    args = ["--name", name, "--format", "json"]
    for p in params:
        args += ["--param", p]
    r = q(sample_store, *args)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def labels(rs, key):
    return {r[key] for r in rs if key in r}


# every saved query answers with real rows


def test_actors_by_type(sample_store):
    rs = rows(sample_store, "actors-by-type", "type=Mission")
    monusco = "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"
    assert monusco in labels(rs, "label")
    assert all(r["type"].endswith("#Mission") for r in rs)


def test_actor_facts(sample_store):
    rs = rows(sample_store, "actor-facts", "actor=MONUSCO")
    assert "Democratic Republic of the Congo" in labels(rs, "otherLabel")
    assert any(r.get("evidence") and "MONUSCO" in r["evidence"] for r in rs)  # read, with its sentence
    assert any("graph/reference" in r["source"] for r in rs)  # and the background, marked as such


def test_missions_deployment(sample_store):
    rs = rows(sample_store, "missions-deployment")
    assert any(r["mission"].startswith("United Nations Interim Force in Lebanon") and r["state"] == "Lebanon"
               and int(r["articles"]) >= 1 for r in rs)


def test_mission_contributors(sample_store):
    assert "Canada" in labels(rows(sample_store, "mission-contributors", "mission=MONUSCO"), "contributor")


def test_funding_and_implementation(sample_store):
    rs = rows(sample_store, "funding-and-implementation")
    assert any(r["actor"] == "Canada" and r["predicate"] == "implements"
               and r["target"] == "Peace and Stabilization Operations Program" for r in rs)


def test_co_mentions(sample_store):
    rs = rows(sample_store, "co-mentions", "min=3")
    assert rs and all(int(r["articles"]) >= 3 for r in rs)
    assert any({r["a"], r["b"]} == {"United Nations", "United Nations Security Council"} for r in rs)


def test_who_says(sample_store):
    rs = rows(sample_store, "who-says", "actor=Canada", "predicate=pg:contributesTo")
    assert any("MONUSCO" in r["evidence"] and r["article"].endswith("csg-2016-drc-seed") for r in rs)


def test_actors_by_topic(sample_store):
    rs = rows(sample_store, "actors-by-topic", "topic=SSR")
    assert "Canada" in labels(rs, "actor")


def test_persons_and_bodies(sample_store):
    rs = rows(sample_store, "persons-and-bodies")
    assert any(r["person"] == "Harjit Sajjan" and r["body"] == "Canada" for r in rs)


def test_actor_timeline(sample_store):
    rs = rows(sample_store, "actor-timeline", "actor=MONUSCO")
    assert len(rs) >= 2 and "2016-09-02" in {r.get("date") for r in rs}


def test_mission_two_hops(sample_store):
    rs = rows(sample_store, "mission-two-hops", "mission=MONUSCO")
    assert {"1", "2"} <= labels(rs, "hops")
    assert "Canada" in labels(rs, "actor")


def test_single_article_actors(sample_store):
    rs = rows(sample_store, "single-article-actors")
    assert "Peace and Stabilization Operations Program" in labels(rs, "actor")


def test_most_mentioned(sample_store):
    rs = rows(sample_store, "most-mentioned")
    assert rs[0]["actor"] in ("United Nations", "United Nations Security Council")


def test_articles(sample_store):
    rs = rows(sample_store, "articles")
    assert len(rs) == len(list((DATA / "articles").iterdir())) + 1  # the sample and the seed
    assert all(int(r["actors"]) > 0 for r in rs)


def test_opposition(sample_store):
    assert rows(sample_store, "opposition")


def test_every_saved_query_is_tested():
    tested = {n.removeprefix("test_").replace("_", "-") for n in globals() if n.startswith("test_")}
    saved = {p.stem for p in (DATA / "queries").glob("*.rq")}
    assert len(saved) >= 12 and saved <= tested


# the command


def test_formats(sample_store):
    sparql = "SELECT ?m ?l WHERE { ?m a pg:Mission ; rdfs:label ?l . ?a pg:mentions ?m } ORDER BY ?l LIMIT 2"
    assert "─" in q(sample_store, sparql).output
    assert q(sample_store, sparql, "--format", "csv").output.startswith("m,l")
    assert q(sample_store, sparql, "--format", "tsv").output.startswith("?m\t?l")
    assert '"bindings"' in q(sample_store, sparql, "--format", "json").output
    assert "<sparql" in q(sample_store, sparql, "--format", "xml").output
    r = q(sample_store, "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a pg:Mission ; rdfs:label ?l } LIMIT 3",
          "--format", "turtle")
    assert "rdfs:label" in r.output
    assert q(sample_store, "ASK { ?m pg:deployedIn ?s }").output.strip() == "yes"


def test_limit_and_file(sample_store, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?a WHERE { ?x pg:mentions ?a }", encoding="utf-8")
    r = q(sample_store, "-f", str(f), "--limit", "5", "--format", "csv")
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 6


@pytest.mark.parametrize("args, message", [
    (["SELECT ?x WHERE { ?x a }"], "SPARQL syntax error: error at 1:"),
    (["INSERT DATA { <urn:a> <urn:b> <urn:c> }"], "read-only"),
    (["PREFIX ex: <urn:x> DELETE WHERE { ?s ?p ?o }"], "read-only"),
    (["--name", "nope"], "no saved query named 'nope'"),
    (["--name", "actors-by-type", "--param", "colour=red"], "unknown parameter(s) colour"),
    (["--name", "mission-contributors", "--param", "mission=Atlantis"], "no actor named 'Atlantis'"),
    (["SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1"], "stopped after 1 s"),
    (["SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"], "more than 100,000 rows"),
])
def test_refusals(sample_store, args, message):
    r = q(sample_store, *args)
    assert r.exit_code == 1, r.output
    assert message in r.output and "Traceback" not in r.output


def test_parameters_are_terms_not_text(sample_store):
    # a value that would break out of the query if pasted in is just a name that matches nothing
    r = q(sample_store, "--name", "mission-contributors", "--param", 'mission=x" } ; DROP ALL ; #')
    assert r.exit_code == 1 and "no actor named" in r.output


def test_queries_lists_the_library():
    r = CliRunner().invoke(main, ["--data", str(DATA), "queries"])
    assert r.exit_code == 0 and "actors-by-type" in r.output and "--param type=<class>" in r.output


def test_show(sample_store):
    r = CliRunner().invoke(main, ["show", "--store", str(sample_store["path"]), "MONUSCO"])
    assert r.exit_code == 0, r.output
    assert "BACKGROUND" in r.output and "READ IN ARTICLES" in r.output and "contributesTo Canada" in r.output
    assert "“" in r.output and "MENTIONED IN" in r.output
    r = CliRunner().invoke(main, ["show", "--store", str(sample_store["path"]), "Atlantis"])
    assert r.exit_code == 1 and "no actor named" in r.output


def test_memory_store_answers_the_same(sample_store, tmp_path):
    from graph import build, open_store
    from graph.queries import bind_params, load_saved, run

    mem = open_store("memory")
    build([sample_store["articles"]], store=mem, data_dir=DATA, exports=None)
    disk = open_store(sample_store["path"], read_only=True)
    try:
        for name in ("actors-by-type", "mission-contributors", "opposition"):
            saved = load_saved(DATA / "queries")[name]
            a = run(disk, saved.text, bind_params(saved, {}, disk))
            b = run(mem, saved.text, bind_params(saved, {}, mem))
            key = saved.params[0].name if saved.params else None
            def norm(rs, key=key):
                return sorted(tuple(sorted((k, str(v)) for k, v in r.items() if k != key)) for r in rs)

            assert norm(a.rows) == norm(b.rows)
    finally:
        disk.close()
