"""SPARQL for analysts: saved questions on the bundled sample, the query command, and its refusals."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import BUNDLED, DATA, SEED


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


# every saved query answers with real rows, on facts the bundled articles state plainly (the extractor
# improves, so these are facts a reader would take from the sentence, or reference facts)


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
    # "Germany, which had a sizeable contingent in Gao, had already announced its own exit" (MINUSMA)
    rs = rows(sample_store, "mission-contributors", "mission=MINUSMA")
    assert {r["mission"] for r in rs} == {"https://w3id.org/peacegraph/id/actor/MINUSMA"}
    assert any(r["contributor"] == "Germany" and "Germany" in r["evidence"]
               and r["article"].endswith("/minusma-2023-withdrawal") for r in rs)


def test_funding_and_implementation(sample_store):
    rs = rows(sample_store, "funding-and-implementation")
    # "the government of the Central African Republic and fourteen armed groups signed the Political
    # Agreement for Peace and Reconciliation (APPR)"
    assert any(r["actor"] == "Central African Republic" and r["predicate"] == "implements"
               and r["target"] == "Political Agreement for Peace and Reconciliation in the Central African Republic"
               for r in rs)
    assert {r["predicate"] for r in rs} <= {"funds", "implements"}


def test_co_mentions(sample_store):
    rs = rows(sample_store, "co-mentions", "min=3")
    assert rs and all(int(r["articles"]) >= 3 for r in rs)
    assert any({r["a"], r["b"]} == {"United Nations", "United Nations Security Council"} for r in rs)


def test_who_says(sample_store):
    rs = rows(sample_store, "who-says", "actor=UNIFIL", "predicate=pg:deployedIn")
    assert rs and {r["objectLabel"] for r in rs} == {"Lebanon"}
    assert all("UNIFIL" in r["evidence"] or "Interim Force in Lebanon" in r["evidence"] for r in rs)
    assert any(r["article"].endswith("/unifil-2023-resolution-1701") and r["date"] == "2023-09-05" for r in rs)


def test_actors_by_topic(sample_store):
    rs = rows(sample_store, "actors-by-topic", "topic=peacekeeping")
    # the UNIFIL article is about peacekeeping ("blue helmets", "peacekeepers") and names UNIFIL
    assert "United Nations Interim Force in Lebanon" in labels(rs, "actor")
    assert {r["topic"] for r in rs} == {"https://w3id.org/peacegraph/topic/peacekeeping"}


def test_persons_and_bodies(sample_store):
    rs = rows(sample_store, "persons-and-bodies")
    # "President Gustavo Petro, in office since August 2022, …"
    assert any(r["person"] == "Gustavo Petro" and r["role"] == "leads" and r["body"] == "Colombia" for r in rs)


MONUSCO_LABEL = "United Nations Organization Stabilization Mission in the Democratic Republic of the Congo"


@pytest.mark.parametrize("written", ["MONUSCO", "monusco", "DR Congo mission", "Monusco", MONUSCO_LABEL,
                                     MONUSCO_LABEL.upper(), "https://w3id.org/peacegraph/id/actor/MONUSCO"])
def test_an_actor_parameter_takes_any_of_its_names(sample_store, written):
    from graph import open_store
    from graph.queries import resolve_actor_iri

    store = open_store(sample_store["path"], read_only=True)
    try:
        if written == "DR Congo mission":  # a name it does not have
            with pytest.raises(Exception, match="no actor named 'DR Congo mission'"):
                resolve_actor_iri(store, written)
        else:
            assert resolve_actor_iri(store, written) == "https://w3id.org/peacegraph/id/actor/MONUSCO"
    finally:
        store.close()


def test_actor_timeline(sample_store):
    # UNIFIL is named in its own article (5 September 2023) and in the Elsie article (14 November 2022)
    rs = rows(sample_store, "actor-timeline", "actor=UNIFIL")
    dates = [r.get("date") for r in rs]
    assert {"2022-11-14", "2023-09-05"} <= set(dates) and dates == sorted(dates)


def test_mission_two_hops(sample_store):
    rs = rows(sample_store, "mission-two-hops", "mission=MONUSCO")
    assert {"1", "2"} <= labels(rs, "hops")
    # the reference data: MONUSCO is deployed in the DRC and part of the UN, and the UN Security
    # Council is part of the UN
    assert {"Democratic Republic of the Congo", "United Nations", "United Nations Security Council"} <= labels(
        rs, "actor")
    # the first step of a path of two is an actor one link away; a direct link has none
    assert all(r["via"] == "" for r in rs if r["hops"] == "1")
    assert all(r["via"] for r in rs if r["hops"] == "2")


def test_single_article_actors(sample_store):
    rs = rows(sample_store, "single-article-actors")
    # the byline "By: Amara Delacroix-Nwosu" of the MONUSCO article, in no other
    assert "Amara Delacroix-Nwosu" in labels(rs, "actor")


def test_most_mentioned(sample_store):
    rs = rows(sample_store, "most-mentioned")
    assert rs[0]["actor"] in ("United Nations", "United Nations Security Council")


def test_articles(sample_store):
    rs = rows(sample_store, "articles")
    assert len(rs) == len(BUNDLED) + SEED.exists()  # the sample (and the seed, when beside the checkout)
    assert all(int(r["actors"]) > 0 for r in rs)


def test_opposition(sample_store):
    rs = rows(sample_store, "opposition")
    # "The Armed Forces of the Democratic Republic of the Congo (FARDC) are fighting the M23": whichever
    # way round the extractor reads the fighting
    fardc = "Armed Forces of the Democratic Republic of the Congo"
    assert any({r["actor"], r["opposes"]} == {"March 23 Movement", fardc} for r in rs)


# the saved queries count articles from the direct links of each article's graph (each holds a link
# once, however often the article says it) and order by label without regard to case: the same
# counts as the statements give, in the order an analyst reads


def _articles_behind(sample_store, predicates):
    from graph import open_store

    store = open_store(sample_store["path"], read_only=True)
    try:
        found = store.values(f"""SELECT ?a ?p ?b (COUNT(DISTINCT ?article) AS ?n) WHERE {{
            VALUES ?p {{ {" ".join(predicates)} }}
            ?r a pg:RelationStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
               prov:wasDerivedFrom ?article .
            ?s pg:displayLabel ?a . ?o pg:displayLabel ?b .
            FILTER NOT EXISTS {{ ?r a pg:CuratedStatement }}
        }} GROUP BY ?a ?p ?b""")
    finally:
        store.close()
    return {(a, p.rsplit("#", 1)[1], b): int(n) for a, p, b, n in found}


@pytest.mark.parametrize("name, predicates, columns", [
    ("opposition", ["pg:opposes"], ("actor", None, "opposes")),
    ("persons-and-bodies", ["pg:leads", "pg:memberOf"], ("person", "role", "body")),
    ("funding-and-implementation", ["pg:funds", "pg:implements"], ("actor", "predicate", "target")),
])
def test_link_counts_are_the_statements_counts(sample_store, name, predicates, columns):
    expected = _articles_behind(sample_store, predicates)
    a, p, b = columns
    got = {(r[a], r[p] if p else "opposes", r[b]): int(r["articles"]) for r in rows(sample_store, name)}
    assert got and all(expected[k] == n for k, n in got.items())
    if name != "persons-and-bodies":  # which keeps the persons alone
        assert set(got) == set(expected)


def test_tables_are_ordered_by_count_then_label_ignoring_case(sample_store):
    rs = rows(sample_store, "most-mentioned")
    keys = [(-int(r["articles"]), r["actor"].lower()) for r in rs]
    assert len(rs) > 100 and keys == sorted(keys)


@pytest.mark.parametrize("name, key", [  # (these sort by the summary's orders: the same order)
    ("opposition", lambda r: (-int(r["articles"]), r["actor"].lower())),
    ("persons-and-bodies", lambda r: (r["person"].lower(), r["role"], r["body"].lower())),
    ("mission-two-hops", lambda r: (int(r["hops"]), r["actor"].lower())),
    ("articles", lambda r: (r.get("date", ""), r["article"])),
])
def test_large_tables_are_in_their_order(sample_store, name, key):
    keys = [key(r) for r in rows(sample_store, name)]
    assert len(keys) > 5 and keys == sorted(keys)


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
    (["SELECT ?x WHERE { ?x a }"], "SPARQL syntax error at line 1, column 24: found '}'"),
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


@pytest.mark.parametrize("sparql", [
    "SELECT DISTINCT ?type WHERE { ?m a ?type }",
    # a subquery under OPTIONAL or in a UNION binds only itself: the parameter is bound at the top too
    "SELECT DISTINCT ?type WHERE { ?m a ?type OPTIONAL { SELECT ?m ?l WHERE { ?m rdfs:label ?l } } }",
    "SELECT DISTINCT ?type WHERE { { SELECT ?m ?type WHERE { ?m a ?type } } UNION { ?m a ?type } }",
    # one joined to the whole pattern binds it for all
    "SELECT DISTINCT ?type { { SELECT ?m { ?m rdfs:label ?l } } ?m a ?type }",
])
def test_a_parameter_binds_the_whole_query(sample_store, sparql):
    r = q(sample_store, sparql, "--param", "m=https://w3id.org/peacegraph/id/actor/MONUSCO", "--format", "csv")
    assert r.exit_code == 0, r.output
    assert set(r.output.split()[1:]) == {"https://w3id.org/peacegraph/ontology#Mission"}


def test_acronyms_are_alternative_labels(sample_store):
    """An actor's acronym (or short name) is a skos:altLabel as well as a pg:acronym: the SKOS way finds it."""
    r = q(sample_store, 'SELECT ?x WHERE { ?x skos:altLabel "MONUSCO" }', "--format", "csv")
    assert r.exit_code == 0, r.output
    assert r.output.split() == ["x", "https://w3id.org/peacegraph/id/actor/MONUSCO"]
    # every acronym, of reference and discovered actors alike ("the Agency for Reincorporation and
    # Normalization (ARN)")
    r = q(sample_store, "SELECT (COUNT(*) AS ?n) WHERE { ?x pg:acronym ?a FILTER NOT EXISTS { ?x skos:altLabel ?a } }",
          "--format", "csv")
    assert r.output.split() == ["n", "0"]


def test_queries_lists_the_library():
    r = CliRunner().invoke(main, ["--data", str(DATA), "queries"])
    assert r.exit_code == 0 and "actors-by-type" in r.output and "--param type=<class>" in r.output


def test_show(sample_store):
    r = CliRunner().invoke(main, ["show", "--store", str(sample_store["path"]), "MONUSCO"])
    assert r.exit_code == 0, r.output
    assert "BACKGROUND" in r.output and "READ IN ARTICLES" in r.output
    # "the United Nations Organization Stabilization Mission in the Democratic Republic of the Congo
    # (MONUSCO) closed its presence in South Kivu": read in the article, not only in the background
    assert "→ deployedIn Democratic Republic of the Congo" in r.output.split("READ IN ARTICLES")[1]
    assert "“" in r.output and "MENTIONED IN" in r.output
    r = CliRunner().invoke(main, ["show", "--store", str(sample_store["path"]), "Atlantis"])
    assert r.exit_code == 1 and "no actor named" in r.output


def test_memory_store_answers_the_same(sample_store, tmp_path):
    """Every saved question gives the same rows on rdflib's memory store as on Oxigraph, including
    a parameter that finds nothing (rdflib answers an empty group with a row of unbound values
    unless the query says HAVING, and its initial bindings do not reach into subqueries)."""
    from graph import build, open_store
    from graph.queries import bind_params, load_saved, run

    mem = open_store("memory")
    build([sample_store["articles"]], store=mem, data_dir=DATA, exports=None)
    disk = open_store(sample_store["path"], read_only=True)
    unused = [t for (t,) in disk.values("""SELECT ?n WHERE { ?t skos:notation ?n
                                            FILTER NOT EXISTS { ?article pg:topic ?t } }""")]

    def norm(rs):  # one sentence or path of several is picked freely
        return sorted(tuple(sorted((k, str(v)) for k, v in r.items() if k not in ("evidence", "via"))) for r in rs)

    try:
        saved = load_saved(DATA / "queries")
        asked = [(name, {}) for name in saved] + [("actors-by-topic", {"topic": unused[0]})]
        for name, given in asked:
            q = saved[name]
            a = run(disk, q.text, bind_params(q, given, disk))
            b = run(mem, q.text, bind_params(q, given, mem))
            assert norm(a.rows) == norm(b.rows), name
        assert not run(mem, saved["actors-by-topic"].text,
                       bind_params(saved["actors-by-topic"], {"topic": unused[0]}, mem)).rows
    finally:
        disk.close()


def test_a_states_own_operation_is_staffed_by_it_in_the_reference_graph(sample_store):
    """missions.csv's run_by column: France contributes to Operation Licorne (which no bundled article names)."""
    from graph import open_store

    store = open_store(sample_store["path"], read_only=True)
    try:
        runners = sorted(store.values("""PREFIX pg: <https://w3id.org/peacegraph/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?state WHERE { ?s pg:contributesTo ?op ; rdfs:label ?state .
                                  ?op rdfs:label "Operation Licorne" }"""))
    finally:
        store.close()
    assert runners == [("France",)]


def test_missions_say_their_kind_of_operation(sample_store):
    """missions.csv's kind column is in the reference graph: peacekeeping apart from other operations."""
    from graph import open_store

    store = open_store(sample_store["path"], read_only=True)
    try:
        kinds = dict(store.values("""PREFIX pg: <https://w3id.org/peacegraph/ontology#>
            SELECT ?acronym ?kind WHERE { ?m pg:acronym ?acronym ; pg:missionKind ?kind
                                         VALUES ?acronym { "MONUSCO" "UNAMA" "EUTM Mali" } }"""))
    finally:
        store.close()
    pg = "https://w3id.org/peacegraph/ontology#"
    assert kinds == {"MONUSCO": pg + "peacekeepingOperation", "UNAMA": pg + "politicalMission",
                     "EUTM Mali": pg + "trainingMission"}
