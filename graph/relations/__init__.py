"""Read typed relations between the actors of one article, each with its sentence and a confidence.

Each family of rules is a module, mixed into RelationReader and run in the order of `run()`:
- names.py: what names and the reference data state ("UN Security Council" is part of the UN, the
  "UN Stabilization Mission in the DR Congo" is deployed there, "its Operation Sangaris"; the
  mission an article is about is deployed in its state and part of its organisation when the article
  names them);
- clauses.py: relative clauses, the parties to agreements, requests to leave (opposition), the two
  sides of a conflict or a truce ("the war between Israel and Hezbollah"), who invades, occupies
  or annexes a state ("Israel's invasion of southern Lebanon"), the
  Security Council's mandates, efforts made in a state ("UN-led efforts to reunite the country"),
  what a state's adjective gives ("Rwandan support to the M23");
- roles.py: titles, appositions, closing bios and affiliations ("Minister of Foreign Affairs
  Stéphane Dion", "X, a former president of Y", "Crisis Group experts X and Y");
- lists.py: lists of contributors and donors, contingents, units sent ("Estonia has sent commandos
  to Takuba"), companions ("alongside Kenya");
- triggers.py: trigger words between two actors (data/lexicon/triggers.csv), checked against the
  types each predicate allows, turned round for the passive, dropped when negated, weakened when
  hedged.
base.py holds what they share: the predicates and their types, the article's context, the
sentences and mentions (with anaphors such as "the mission" or "the resolution"), and emit().
"""

from __future__ import annotations

from ..model import Mention, Relation
from .base import (
    _HEDGE_LOWER,
    ANY,
    HEDGE,
    ORDER,
    ORGS,
    PREDICATE_TYPES,
    Context,
    ReaderBase,
    TriggerWords,
    _lower,
    trigger_words,
)
from .clauses import ClauseRules
from .lists import ListRules
from .names import NameRules
from .roles import RoleRules
from .triggers import TriggerRules

__all__ = ["ANY", "HEDGE", "ORDER", "ORGS", "PREDICATE_TYPES", "_HEDGE_LOWER", "Context", "RelationReader",
           "TriggerWords", "_lower", "read_relations", "trigger_words"]


class RelationReader(NameRules, ClauseRules, RoleRules, ListRules, TriggerRules, ReaderBase):
    """Every rule, run in order over one article."""

    def run(self) -> list[Relation]:
        self.from_names()
        self.discovered_parts()
        self.anaphoric_missions()
        self.possessed_missions()
        self.confirmed_by_reference()
        self.relative_clauses()
        self.agreements()
        self.roles()
        self.bios()
        self.affiliations()
        self.contributor_lists()
        self.contingents()
        self.unit_senders()
        self.mandates()
        self.requests_to_leave()
        self.conflicts_between()
        self.seizures()
        self.efforts()
        self.adjective_givers()
        self.triggers()
        self.missions_in_article()
        return sorted(self.out.values(), key=lambda r: (r.start, r.subject, r.predicate, r.object))


def read_relations(ctx: Context, sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[Relation]:
    return RelationReader(ctx, sentences, mentions).run()
