"""Topics (graph/topics.py): the words of a theme, outside actors' names, often enough for the length."""

from __future__ import annotations

from graph.articles import from_text
from graph.extract import extract_article


def topics(text: str, knowledge) -> list[str]:
    return extract_article(from_text("A test article\n\n" + text, "t.txt", "t"), knowledge).topics


def test_words_inside_a_name_are_not_the_theme(knowledge):
    text = "The Centre for Security Governance published a note on MONUSCO's patrols in Ituri."
    assert "governance" not in topics(text, knowledge)
    assert "governance" in topics(text + " Good governance matters there.", knowledge)


def test_a_longer_piece_needs_the_theme_twice(knowledge):
    filler = " ".join(["The patrol went north along the river and came back before dark."] * 25)
    once = filler + " A ceasefire was mentioned. " + filler
    twice = filler + " A ceasefire was mentioned. " + filler + " The ceasefire held."
    assert len(once.split()) > 250
    assert "mediation" not in topics(once, knowledge)
    assert "mediation" in topics(twice, knowledge)
    assert "mediation" in topics("A ceasefire was signed in Juba.", knowledge)  # a short piece: once is enough


def test_a_peace_operation_named_again_and_again_signals_peacekeeping(knowledge):
    few = "MONUSCO patrolled Beni. MONUSCO said little. The governor thanked MONUSCO."
    many = few + " MONUSCO stayed. MONUSCO left Bunia. MONUSCO handed over its bases."
    assert "peacekeeping" not in topics(few, knowledge)
    assert "peacekeeping" in topics(many, knowledge)  # topics.ttl: pg:signalledBy pg:Mission, 6 mentions
