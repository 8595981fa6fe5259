"""Discover actors the reference data lacks, by rule. One module per family, mixed into Discoverer
and run in the order of `run()`:

- bodies.py: a state's forces and bodies named without the state ("the Malian army",
  "Parliament", "the country's Ministry of Defence") and "the Council" of UN writing;
- acronyms.py: acronym definitions, "Peace and Stabilization Operations Program (PSOP)"
  (Schwartz–Hearst);
- people.py: persons by their titles and roles ("Minister of National Defence Harjit Sajjan"),
  appositions, bylines, credits and citations, by the shape of their names with a cue beside it
  (shapes.py: speech, apposition, role, credit, a known given name), and later by their surname;
- names.py: French, Spanish and Portuguese names whose head opens them (data/lexicon/leading_heads.csv:
  "Comité national pour le salut du peuple"), the news agency of a dateline ("NAIROBI, Kenya (AP)
  —"), proper names typed by their head noun (data/lexicon/heads.csv): Centre, Fund, Agreement,
  Mission, Ministry, Movement… ("Effectiveness of Peace Operations Network").
base.py holds what they share. Each discovered actor gets a key made from its name, so the same name
gives the same IRI anywhere.
"""

from __future__ import annotations

from ..lexicon import Lexicon
from ..model import Actor, Article, Mention
from ..reference import Registry
from ..text import has_words, in_heading, sentences, whole_words, word_starts
from .acronyms import AcronymRules, sh_long_form
from .base import DiscovererBase, Words, discovery_words
from .bodies import BodyRules
from .names import PROPER_RUN, NameRules
from .people import PersonRules

__all__ = ["PROPER_RUN", "Discoverer", "Words", "discover", "discovery_words", "has_words", "in_heading",
           "sentences", "sh_long_form", "whole_words", "word_starts"]


class Discoverer(AcronymRules, NameRules, BodyRules, PersonRules, DiscovererBase):
    """Discovery for one article, given the mentions the gazetteer already found: every rule, in order."""

    def run(self) -> tuple[list[Mention], dict[str, Actor]]:
        self.state_forces()
        self.acronym_definitions()
        self.romance_names()
        self.dateline_outlets()
        self.titled_persons()
        self.led_by_persons()
        self.apposed_persons()
        self.credited_persons()
        self.shaped_persons()
        self.proper_names()
        self.bare_bodies()
        self.council()
        self.surnames()
        home = self.salient_state()
        return list(self.mentions), self.new, home if self.home_sure else None, home


def discover(article: Article, mentions: list[Mention], registry: Registry,
             spans: list[tuple[int, int]] | None = None, lexicon: Lexicon | None = None,
             themes: frozenset[str] = frozenset()):
    """Mentions (known and discovered), the new actors found, the state the article is clearly about
    (None when another comes close), and the state most about, sure or not. `themes`: the topics'
    phrases, folded (matchable), which name no actor."""
    return Discoverer(article, mentions, registry, spans, lexicon, themes).run()
