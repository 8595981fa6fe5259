"""Persons found by the shape of their names and a cue beside them (graph/discover/shapes.py, people.py), on sentences
written for each rule."""

from __future__ import annotations

from graph.articles import from_text
from graph.extract import extract_article, load_knowledge
from graph.lexicon import Lexicon

from .conftest import DATA


def persons(text: str, knowledge) -> set[str]:
    ex = extract_article(from_text(text, "t.txt", "t"), knowledge)
    return {a.label for a in ex.actors.values() if a.type == "Person"}


def test_speech_and_attribution(knowledge):
    found = persons("Talks resumed in Juba on Monday. Marta Oyelaran told reporters that the ceasefire held. "
                    "According to Kwesi Mensah, the MONUSCO drawdown is on schedule.", knowledge)
    assert {"Marta Oyelaran", "Kwesi Mensah"} <= found


def test_apposition_and_role_before(knowledge):
    found = persons("Ingrid Solheimsen, head of the UN Mission in South Sudan, visited Malakal. The deputy, "
                    "Tomas Ferreira da Silva, stayed in Juba with the country director, Olu Adebanjo.", knowledge)
    assert {"Ingrid Solheimsen", "Tomas Ferreira da Silva", "Olu Adebanjo"} <= found


def test_name_shapes_from_every_region(knowledge):
    found = persons("Talks resumed on Monday. Trần Quốc Vượng said the ceasefire held. Hamid Ahmed al-Khatib "
                    "told reporters it would last. Maria Souza da Costa Lima said so too.", knowledge)
    assert {"Trần Quốc Vượng", "Hamid Ahmed al-Khatib", "Maria Souza da Costa Lima"} <= found


def test_coordinated_names_are_each_a_person(knowledge):
    found = persons("In this report, researchers Lena Okafor and Piet Vandersloot review the DDR programme "
                    "for the Juba Policy Institute.", knowledge)
    assert {"Lena Okafor", "Piet Vandersloot"} <= found
    assert not any(" and " in p for p in found)
    ex = extract_article(from_text("This study by Lena Okafor and Piet Vandersloot for the Juba Policy Institute "
                                   "reviews DDR.", "t.txt", "t"), knowledge)
    assert {a.label: a.type for a in ex.actors.values()}.get("Juba Policy Institute") == "Organisation"


def test_a_known_given_name_needs_no_cue(knowledge):
    found = persons("The ECOWAS force stayed after forcing Yahya Kanteh out of the capital.", knowledge)
    assert "Yahya Kanteh" in found


def test_the_given_name_list_is_data(tmp_path):
    """Without the lexicon, a name with no cue is not taken; with a line added to it, it is."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    text = "The ECOWAS force stayed after forcing Zebulon Mbarga out of the capital."
    assert "Zebulon Mbarga" not in persons(text, load_knowledge(data))
    with open(data / "lexicon" / "given_names.txt", "a", encoding="utf-8") as f:
        f.write("\nZebulon\n")
    assert "Zebulon Mbarga" in persons(text, load_knowledge(data))


def test_shapes_that_are_not_persons(knowledge):
    found = persons("The Security Council said the Bentiu Field Office would close. North Kivu said nothing. "
                    "Field Office staff told Radio Okapi the Peace Fund was empty.", knowledge)
    assert found == set()


def test_a_later_shorter_form_is_the_same_person(knowledge):
    ex = extract_article(from_text("Joao Vale de Almeida, the EU envoy, told the Council it would stay. "
                                   "Vale de Almeida said more troops would come.", "t.txt", "t"), knowledge)
    people = [a for a in ex.actors.values() if a.type == "Person"]
    assert [a.label for a in people] == ["Joao Vale de Almeida"]
    assert len(ex.mentions_of(people[0].key)) == 2


def test_an_empty_lexicon_finds_nothing_by_shape():
    from graph.discover.shapes import PersonFinder

    found = list(PersonFinder(Lexicon()).find("Marta Oyelaran said no.", lambda s, e: False,
                                              lambda w, s, e: False))
    assert found == []

