"""The extractor, stage by stage, on small texts written for each rule; then on the real dev set."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from graph.articles import from_text
from graph.cli import main
from graph.extract import extract_article

from .conftest import BUNDLED, DATA, SEED, SHARED_EVAL


def run(text: str, knowledge):
    return extract_article(from_text(text, "t.txt", "t"), knowledge)


def labels(ex) -> dict[str, str]:
    return {a.label: a.type for a in ex.actors.values()}


def rels(ex) -> set[tuple[str, str, str]]:
    return {(ex.actors[r.subject].label, r.predicate, ex.actors[r.object].label) for r in ex.relations}


# -- linking: boundaries, longest match, short forms, demonyms


def test_word_boundaries_and_case(knowledge):
    ex = run("MINUSMA left the car park. The AUDIT found nothing; us too.", knowledge)
    found = labels(ex)
    assert "United States" not in found  # "US" inside MINUSMA, "us"
    assert "Central African Republic" not in found  # "car"
    assert "African Union" not in found  # "AU" in "AUDIT"
    assert any("Multidimensional Integrated Stabilization Mission in Mali" in lab for lab in found)


def test_longest_match_and_short_forms_are_one_actor(knowledge):
    ex = run("The DRC, also called DR Congo or the Democratic Republic of Congo, hosts MONUSCO. "
             "The UN Security Council met.", knowledge)
    drc = [a for a in ex.actors.values() if a.label == "Democratic Republic of the Congo"]
    assert len(drc) == 1
    assert {m.text for m in ex.mentions_of(drc[0].key)} == {"DRC", "DR Congo", "Democratic Republic of Congo"}
    assert "United Nations Security Council" in labels(ex)


def test_demonyms_only_where_they_denote_the_state(knowledge):
    ex = run("Congolese civilians fled the fighting.", knowledge)
    assert "Democratic Republic of the Congo" not in labels(ex)
    ex = run("The Canadian government and Congolese authorities met in Kinshasa.", knowledge)
    assert {"Canada", "Democratic Republic of the Congo"} <= set(labels(ex))
    canada = next(k for k, a in ex.actors.items() if a.label == "Canada")
    assert [m.text for m in ex.mentions_of(canada)] == ["Canadian government"]


def test_demonym_with_forces_is_the_state_force(knowledge):
    ex = run("Hezbollah and the Syrian armed forces launched an offensive.", knowledge)
    bodies = [a for a in ex.actors.values() if a.type == "GovernmentBody"]
    assert bodies and bodies[0].country == "SYR"


# -- discovery: acronyms, head nouns, persons


def test_acronym_definition_creates_a_typed_actor_linked_everywhere(knowledge):
    ex = run("Ottawa launched the Peace and Stabilization Operations Program (PSOP) in 2016. "
             "Since then PSOP has funded projects.", knowledge)
    psop = next(a for a in ex.actors.values() if a.acronym == "PSOP")
    assert psop.label == "Peace and Stabilization Operations Program" and psop.type == "Programme"
    assert [m.text for m in ex.mentions_of(psop.key)] == ["Peace and Stabilization Operations Program", "PSOP", "PSOP"]


def test_text_definition_beats_a_known_acronym(knowledge):
    # DPA is also the UN Department of Political Affairs; here the text says what it means
    ex = run("The Darfur Peace Agreement (DPA) was signed in 2006. The DPA failed.", knowledge)
    assert labels(ex).get("Darfur Peace Agreement") == "Programme"
    assert "Department of Political Affairs" not in labels(ex)


def test_lowercase_definitions_are_topics_not_actors(knowledge):
    ex = run("Security sector reform (SSR) and disarmament, demobilization and reintegration (DDR).", knowledge)
    assert not ex.actors
    assert {"SSR", "DDR"} <= set(ex.topics)


def test_capitalised_themes_and_common_nouns_are_not_actors(knowledge):
    ex = run("The Protection of Civilians (POC) sites hold 200,000 people. Disarmament, Demobilization and "
             "Reintegration (DDR) stalled. Insider attacks (IA) rose. The Rift Valley Institute (RVI) wrote.",
             knowledge)
    assert set(labels(ex)) == {"Rift Valley Institute"}


def test_a_states_commission_or_court_is_its_body(knowledge):
    ex = run("Nigeria's Independent Electoral Commission (IEC) postponed the vote. The Directorate of Military "
             "Intelligence arrested three officers. The Commission on Sahel Futures met in Geneva.", knowledge)
    found = labels(ex)
    assert found.get("Independent Electoral Commission") == "GovernmentBody"  # the state's, by the possessive
    assert found.get("Directorate of Military Intelligence (Nigeria)") == "GovernmentBody"  # the article's state
    assert found.get("Commission on Sahel Futures") == "Agency"  # no state owns it


def test_the_agency_of_a_dateline_is_an_outlet(knowledge):
    ex = run("KINSHASA, Dec 3 (Xinhua) -- The government said MONUSCO would leave.\n\n"
             "NAIROBI, Kenya (AP) — Police left for Haiti.\n\nThe mission (MONUSCO) - a UN force - left.", knowledge)
    found = labels(ex)
    assert found.get("Xinhua") == "Organisation" and found.get("Associated Press") == "Organisation"
    assert "MONUSCO" not in found and len([a for a in ex.actors.values() if a.type == "Organisation"]) == 2


def test_french_spanish_and_portuguese_names_inside_english_text(knowledge):
    ex = run("In Niamey the Comité national pour le salut du peuple (CNSP) took power; the CNSP then met the "
             "Forces de défense et de sécurité. Fighters of the Mouvement pour l'unicité et le jihad en Afrique "
             "de l'Ouest attacked Gao. The Frente de Libertação de Moçambique (Frelimo) won the vote.", knowledge)
    found = labels(ex)
    assert found.get("Comité national pour le salut du peuple") == "GovernmentBody"
    assert found.get("Forces de défense et de sécurité") == "GovernmentBody"
    assert found.get("Mouvement pour l'unicité et le jihad en Afrique de l'Ouest") == "ArmedGroup"
    assert found.get("Frente de Libertação de Moçambique") == "ArmedGroup"
    cnsp = next(a for a in ex.actors.values() if a.acronym == "CNSP")
    assert [m.text for m in ex.mentions_of(cnsp.key)] == ["Comité national pour le salut du peuple", "CNSP", "CNSP"]


def test_english_phrases_after_those_heads_are_not_names(knowledge):
    ex = run("The Union leaders met. The Front line moved. Police do not patrol. The Mission in Mali ended. "
             "The Mission de l'ONU pour la stabilisation en RD Congo (MONUSCO) left.", knowledge)
    assert {a.type for a in ex.actors.values()} == {"Government", "Mission"}
    assert len([a for a in ex.actors.values() if a.type == "Mission"]) == 1  # MONUSCO's French name is MONUSCO


def test_head_nouns_type_new_organisations(knowledge):
    ex = run("A study by the Institute for Sahel Futures and the Lake Kivu Resilience Fund "
             "was presented to the Ministry of Interior.", knowledge)
    found = labels(ex)
    assert found.get("Institute for Sahel Futures") == "Organisation"
    assert found.get("Lake Kivu Resilience Fund") == "Programme"


def test_titles_find_persons_and_their_roles(knowledge):
    ex = run("In Ottawa, Minister of National Defence Harjit Sajjan and Minister of Foreign Affairs "
             "Stéphane Dion spoke for Canada. Canada pledged 600 troops. Later Sajjan travelled to Mali.", knowledge)
    assert labels(ex).get("Harjit Sajjan") == "Person"
    assert labels(ex).get("Stéphane Dion") == "Person"
    sajjan = next(k for k, a in ex.actors.items() if a.label == "Harjit Sajjan")
    assert [m.text for m in ex.mentions_of(sajjan)] == ["Harjit Sajjan", "Sajjan"]
    assert ("Harjit Sajjan", "memberOf", "Canada") in rels(ex)


def test_president_leads_the_state(knowledge):
    ex = run("Kenya will lead the mission. President William Ruto said Kenya was ready.", knowledge)
    assert ("William Ruto", "leads", "Kenya") in rels(ex)


def test_bios_and_bylines(knowledge):
    ex = run("A title line\nBy: Jane Roe | Mali | Aug 30, 2016\n\nMali needs help.\n\n"
             "Jane Roe is a Senior Researcher at the Centre for Security Governance.", knowledge)
    assert ex.article.authors == ["Jane Roe"]
    assert ("Jane Roe", "memberOf", "Centre for Security Governance") in rels(ex)


# -- relations: triggers, direction, negation, hedging


def test_trigger_direction_and_passive(knowledge):
    ex = run("The operation was authorized by the African Union. Kenya requested UNDP to act.", knowledge)
    assert ("Kenya", "requests", "United Nations Development Programme") in rels(ex)
    ex = run("MINUSCA was supported by France.", knowledge)
    assert any(s == "France" and p == "supports" for s, p, _ in rels(ex))


def test_negation_drops_and_hedging_weakens(knowledge):
    ex = run("Canada has not funded the UNDP.", knowledge)
    assert not any(p == "funds" for _, p, _ in rels(ex))
    ex = run("Canada funded UNDP.", knowledge)
    sure = next(r for r in ex.relations if r.predicate == "funds")
    ex = run("Canada could fund UNDP.", knowledge)
    hedged = next(r for r in ex.relations if r.predicate == "funds")
    assert hedged.confidence < sure.confidence


def test_mission_name_states_deployment_and_parent(knowledge):
    ex = run("The UN Stabilization Mission in the Democratic Republic of the Congo (MONUSCO) met.", knowledge)
    got = rels(ex)
    mon = next(a.label for a in ex.actors.values() if a.acronym == "MONUSCO")
    assert (mon, "deployedIn", "Democratic Republic of the Congo") in got


def test_lists_after_member_states(knowledge):
    ex = run("G5 Sahel member states Burkina Faso, Mali, Niger and Chad met.", knowledge)
    members = {s for s, p, o in rels(ex) if p == "partOf" and o == "G5 Sahel"}
    assert members == {"Burkina Faso", "Mali", "Niger", "Chad"}


def test_evidence_offsets_point_at_the_sentence(knowledge):
    text = "Intro line.\n\nKenya contributed police to the Multinational Security Support Mission. More."
    ex = run(text, knowledge)
    r = next(r for r in ex.relations if r.predicate == "contributesTo")
    assert ex.article.text[r.start:r.end] == r.evidence


# -- hostile and odd input


def test_other_language_and_no_actors(knowledge):
    ex = run("Der Himmel ist blau und das Wetter ist schön.", knowledge)
    assert ex.actors == {} and ex.relations == []


def test_script_and_control_characters_in_names(knowledge):
    ex = run("The <script>alert(1)</script> Institute for Peace\x07 met MONUSCO <img src=x onerror=alert(1)>.",
             knowledge)
    for m in ex.mentions:
        assert ex.article.text[m.start:m.end] == m.text
    assert "\x07" not in ex.article.text


@pytest.mark.parametrize("path", BUNDLED + ([SEED] if SEED.exists() else []), ids=lambda p: p.stem)
def test_every_offset_points_at_its_mention(knowledge, path):
    from graph import extract

    ex = extract(path, knowledge)
    assert ex.mentions
    for m in ex.mentions:
        assert ex.article.text[m.start:m.end] == m.text


# -- the CLI and the contract


def test_extract_json_follows_the_contract(seed_article):
    r = CliRunner().invoke(main, ["--data", str(DATA), "extract", str(seed_article), "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert set(d) >= {"article", "actors", "topics", "relations"}
    assert set(d["article"]) >= {"id", "title", "date", "authors", "publisher", "source"}
    assert d["article"]["date"] == "2016-09-02"
    assert d["article"]["authors"] == ["Antoine Vandemoortele"]
    by_label = {a["label"]: a for a in d["actors"]}
    for label, type_ in [("Canada", "Government"), ("Democratic Republic of the Congo", "Government"),
                         ("United Nations Development Programme", "Agency"),
                         ("Peace and Stabilization Operations Program", "Programme"),
                         ("Harjit Sajjan", "Person"), ("Stéphane Dion", "Person")]:
        assert by_label[label]["type"] == type_
    assert any(a["type"] == "Mission" and "MONUSCO" in a["aliases"] for a in d["actors"])
    text = open(seed_article, encoding="utf-8").read()
    ids = {a["id"] for a in d["actors"]}
    for r in d["relations"]:
        assert r["subject"] in ids and r["object"] in ids
        assert r["predicate"] in {"deployedIn", "partOf", "contributesTo", "funds", "implements", "supports",
                                  "leads", "memberOf", "requests", "opposes"}
    assert len(d["relations"]) >= 8
    del text


def test_extract_table_and_turtle(article):
    r = CliRunner().invoke(main, ["--data", str(DATA), "extract", str(article)])
    assert r.exit_code == 0 and "MONUSCO" in r.output and "RELATIONS" in r.output
    r = CliRunner().invoke(main, ["--data", str(DATA), "extract", str(article), "--format", "turtle"])
    from rdflib import Graph

    g = Graph().parse(data=r.output, format="turtle")
    assert len(g) > 200


# -- evaluation


def test_eval_agrees_with_the_shared_scorer():
    dev = SHARED_EVAL / "dev"
    if not (SHARED_EVAL / "score.py").exists():
        pytest.skip("../shared/eval is not beside this checkout")
    r = CliRunner().invoke(main, ["--data", str(DATA), "eval", str(dev)])
    ours = [ln for ln in r.output.splitlines() if ln.startswith(("actors ", "typed ", "pairs ", "triples ", "topics "))]
    exe = [sys.executable, "-m", "graph.cli", "--data", str(DATA), "extract", "{file}", "--format", "json"]
    theirs = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(dev), "--cmd", " ".join(exe)],
                            capture_output=True, text=True, timeout=600).stdout
    theirs = [ln for ln in theirs.splitlines() if ln.startswith(("actors ", "typed ", "pairs ", "triples ", "topics "))]
    assert ours == theirs and len(ours) == 5


def test_eval_verbose_lists_misses(tmp_path):
    import shutil

    shutil.copy(DATA / "articles" / "elsie-2022-women-peace-operations.txt", tmp_path / "a.txt")  # names Canada
    (tmp_path / "a.json").write_text(json.dumps({
        "actors": [{"name": "Canada", "short": None, "type": "Government", "mentions": ["Canada"]},
                   {"name": "Atlantis", "short": None, "type": "Government", "mentions": ["Atlantis"]}],
        "topics": ["SSR"], "relations": []}), encoding="utf-8")
    r = CliRunner().invoke(main, ["--data", str(DATA), "eval", str(tmp_path), "-v"])
    assert "Atlantis" in r.output and "missed" in r.output
    r = CliRunner().invoke(main, ["--data", str(DATA), "eval", str(tmp_path), "--json"])
    d = json.loads(r.output)
    assert d["totals"]["actors"]["tp"] == 1 and d["totals"]["actors"]["gold"] == 2


def test_dev_score_meets_the_targets():
    dev = SHARED_EVAL / "dev"
    if not dev.is_dir():
        pytest.skip("../shared/eval/dev is not beside this checkout: nothing to score")
    from graph.evaluate import evaluate
    from graph.extract import load_knowledge

    report = evaluate(dev, load_knowledge(DATA))
    f1 = report.f1()
    assert report.failed == 0
    # floors: the score the extractor reaches on the 33 dev articles, less 0.01; raised with the
    # score, never lowered
    floors = {"actors": 0.950, "typed": 0.925, "pairs": 0.771, "triples": 0.755, "topics": 0.838}
    assert {k: round(f1[k], 3) for k in floors} == {k: max(round(f1[k], 3), v) for k, v in floors.items()}


@pytest.mark.fault
def test_a_20_mb_article_is_read_whole(tmp_path, knowledge):
    from graph import extract

    para = ("MONUSCO supported the FARDC in North Kivu, and Canada funded the UNDP's community security "
            "programme in the DRC. Congolese civilians fled the fighting.\n\n")
    f = tmp_path / "big.txt"
    f.write_text(para * (20 * 2**20 // len(para)), encoding="utf-8")
    ex = extract(f, knowledge)
    n = 20 * 2**20 // len(para)
    monusco = [m for m in ex.mentions if m.text == "MONUSCO"]
    assert len(monusco) == n
    assert ex.article.text[monusco[-1].start:monusco[-1].end] == "MONUSCO"
    assert any(r.predicate == "funds" for r in ex.relations)


def test_news_dateline_and_relative_clauses(knowledge):
    ex = run("Mali today\n\nBAMAKO, 14 November 2023 (Reuters) - The Wagner Group, which the United States and "
             "the European Union have sanctioned, stayed. The mission's troops come mainly from Chad and Egypt "
             "under MINUSMA.", knowledge)
    assert ex.article.date == "2023-11-14" and ex.article.publisher == "Reuters"
    assert "Reuters" in labels(ex)  # the dateline's agency is an actor too
    got = rels(ex)
    assert ("United States", "opposes", "Wagner Group") in got
    assert ("European Union", "opposes", "Wagner Group") in got


def test_pooled_knowledge_extracts_as_if_its_names_were_compiled_afresh(knowledge):
    """A build's second pass knows the actors the first one pooled: its gazetteer puts only their
    names beside the first one's (Knowledge.with_actors), and starts afresh when a state is among
    them (a state's names are written into others'). Either way every article reads the same as
    with the names compiled from nothing."""
    from graph.articles import read_article
    from graph.extract import discover_actors, load_knowledge, to_contract
    from graph.merge import pool
    from graph.model import Actor

    articles = [read_article(p) for p in BUNDLED]
    pooled = pool(discover_actors(a, knowledge) for a in articles)
    assert pooled  # actors one article finds, which the others may name
    # a state whose name the reference actors' names hold ("… Stabilization Mission in Mali")
    state = Actor(key="mali-republic", label="Mali", aliases=["Malian Republic"], type="Government",
                  source="discovered")
    _ = knowledge.gazetteer
    for added in (pooled, [*pooled, state]):
        grown = knowledge.with_actors(added)
        fresh = load_knowledge(DATA).with_actors(added)  # (no gazetteer made before: one from nothing)
        assert dict(grown.gazetteer.automaton.items()) == dict(fresh.gazetteer.automaton.items())
        assert any(a.label.lower() in dict(grown.gazetteer.automaton.items()) for a in added)
        for a in articles:
            assert to_contract(extract_article(a, grown)) == to_contract(extract_article(a, fresh))
