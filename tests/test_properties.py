"""Property-based tests: on any text, extraction does not crash and every offset points at its text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.articles import from_text
from graph.extract import extract_article

WORDS = ["MONUSCO", "the", "UN", "Security", "Council", "(", ")", "DRC", "Canada", "Canadian", "government",
         "President", "Minister", "of", "Foreign", "Affairs", "Harjit", "Sajjan", "funded", "the", "Fund",
         "Peace", "Operations", "Program", "PSOP", "not", "could", "asked", "Mali", "MINUSMA", "and", ",",
         ".", "\n", "\n\n", "Congolese", "authorities", "Sudan", "People's", "Liberation", "Movement-IO",
         "al-Shabaab", "<script>", "alert(1)", "</script>", "é", "’s", "Operation", "Barkhane", "in", "by",
         "was", "supported", "member", "states", "Burkina", "Faso", "General", "Dr.", "X.", "U.S.", "-",
         "—", "Séléka", "anti-Balaka", "Centre", "for", "Security", "Governance", "(CSG)", "Institute"]

texts = st.one_of(
    st.text(min_size=1, max_size=400),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=120).map(" ".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts)
def test_extraction_never_crashes_and_offsets_hold(knowledge, text):
    if not text.strip():
        return
    try:
        article = from_text(text, "h.txt", "h")
    except Exception as e:  # only the clear "no article text" refusal is allowed
        assert "no article text" in str(e)
        return
    ex = extract_article(article, knowledge)
    t = ex.article.text
    for m in ex.mentions:
        assert 0 <= m.start < m.end <= len(t)
        assert t[m.start:m.end] == m.text
        assert m.actor in ex.actors
    for r in ex.relations:
        assert t[r.start:r.end].split() == r.evidence.split()
        assert r.subject in ex.actors and r.object in ex.actors and r.subject != r.object
