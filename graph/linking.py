"""Find the known actors in a text: an Aho–Corasick automaton over every name in the registry.

Matching is case-blind for long proper names and exact for acronyms, short names and demonyms;
hits must sit on word boundaries and the leftmost-longest hit wins, so "US" inside "MINUSMA",
"CAR" in "car" or "AU" in "AUDIT" are never mentions. Demonyms count only where they denote the
state or its government ("the Canadian government", not "Congolese civilians").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

import ahocorasick

from .model import Mention
from .reference import Registry, name_variants
from .text import automaton_iter, fold, matchable

# Words after a demonym that make it denote the state or its institutions.
STATE_HEADS = {"government", "governments", "authorities", "state", "administration", "regime",
               "presidency", "leadership", "officials", "delegation", "side", "diplomats",
               "diplomacy", "embassy", "parliament", "cabinet", "junta", "counterparts"}
FORCE_HEADS = {"forces", "armed", "army", "military", "troops", "soldiers", "police", "navy",
               "gendarmerie", "contingent", "contingents", "peacekeepers", "battalion", "defence",
               "defense", "air", "intervention", "contribution", "commitment", "engagement",
               "funding", "aid", "support", "president", "prime", "minister", "ministry",
               "foreign", "policy", "return", "re-engagement", "deployment", "presence", "command",
               "commander", "initiative", "security", "backing", "assistance", "financing", "invasion",
               "occupation", "annexation"}
DEMONYM_HEADS = STATE_HEADS | FORCE_HEADS
_NEXT_WORD = re.compile(r"[\s’']*(?:s\s+)?([A-Za-z-]+)")


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str  # name | acronym | demonym
    forms: frozenset[str]  # folded exact forms, for case-sensitive entries
    exact: bool


def _case_blind(form: str) -> bool:
    """Long proper names match in any case ("multinational security support mission")."""
    words = form.split()
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 2


def _state_name_automaton(registry: Registry):
    """Every state name (label and aliases, 4+ characters) → the state's names."""
    auto = ahocorasick.Automaton()
    for st in registry.states():
        names = [n for n in [st.label, *st.aliases] if len(n) >= 4 or n.isupper()]
        for n in names:
            auto.add_word(n, (n, tuple(names)))
    if len(auto):
        auto.make_automaton()
    return auto


def _with_state_aliases(name: str, states) -> list[str]:
    """'… Mission in the Democratic Republic of the Congo' → '… Mission in the DR Congo', …"""
    if not len(states):
        return []
    out = []
    found = [(end - len(n) + 1, end + 1, n, alts) for end, (n, alts) in states.iter(name)]
    found = [f for f in found if (f[0] == 0 or not name[f[0] - 1].isalnum())
             and (f[1] == len(name) or not name[f[1]].isalnum())]
    if not found:
        return out
    start, end, n, alts = max(found, key=lambda f: f[1] - f[0])
    for alt in alts:
        if alt != n:
            out.append(name[:start] + alt + name[end:])
            if name[:start].endswith("the ") and not alt.startswith(("the ", "The ")):
                out.append(name[: start - 4] + alt + name[end:])
    return out[:8]


class Gazetteer:
    """The registry's names compiled into one automaton."""

    def __init__(self, registry: Registry, base: Gazetteer | None = None):
        """`base`: a gazetteer of the registry this one's extends (Knowledge.with_actors), whose
        names are taken as it put them: only the added actors' names are put."""
        self.registry = registry
        table: dict[str, dict[tuple[str, str], set[str]]] = {}
        blind: set[tuple[str, str, str]] = set()
        actors = list(registry.actors.values())
        if base is not None and base._extended_by(registry):
            # (a copy: the added names may join a form's sets)
            table = {low: {ke: set(forms) for ke, forms in entries.items()} for low, entries in base._table.items()}
            blind = set(base._blind)
            actors = actors[len(base.registry.actors):]
        self._table, self._blind = table, blind  # what a gazetteer that extends this one starts from

        def put(form: str, key: str, kind: str) -> None:
            form = form.strip()
            if len(form) < 2 or not any(c.isalpha() for c in form):
                return
            low = matchable(form)
            table.setdefault(low, {}).setdefault((key, kind), set()).add(fold(form))
            if kind == "name" and _case_blind(form):
                blind.add((low, key, kind))

        state_names = _state_name_automaton(registry)
        for a in actors:
            for n in [a.label, *a.aliases]:
                for v in name_variants(n):
                    put(v, a.key, "name")
                    if a.type != "Government":
                        for w in _with_state_aliases(v, state_names):
                            put(w, a.key, "name")
            if a.acronym:
                put(a.acronym, a.key, "acronym")
                if a.acronym.isupper() and a.acronym.isalpha() and len(a.acronym) >= 4:
                    put(a.acronym.capitalize(), a.key, "acronym")  # "Eulex", "Unmik"
            for d in a.demonyms:
                put(d, a.key, "demonym")
        self.automaton = ahocorasick.Automaton()
        for low, entries in table.items():
            found = tuple(Entry(key, kind, frozenset(forms), (low, key, kind) not in blind)
                          for (key, kind), forms in entries.items())
            # (length, entries, whether any entry must match the case and accents as written)
            self.automaton.add_word(low, (len(low), found, any(e.exact for e in found)))
        self.automaton.make_automaton()
        self.longest = max(map(len, table), default=1)

    def _extended_by(self, registry: Registry) -> bool:
        """Does `registry` hold this one's actors, in the same order, then others, none of them a
        state (a state's names are written into other actors' names: _with_state_aliases)?"""
        mine = self.registry.actors
        if len(registry.actors) < len(mine):
            return False
        theirs = iter(registry.actors.items())
        if any(next(theirs) != (key, a) or registry.actors[key] is not a for key, a in mine.items()):
            return False
        return all(a.type != "Government" for _, a in theirs)

    def hits(self, text: str, low: str | None = None) -> list[tuple[int, int, tuple[Entry, ...]]]:
        """Every boundary-respecting hit: (start, end, candidate entries)."""
        n = len(text)
        out = []
        for end_idx, (length, entries, exact) in automaton_iter(self.automaton, text, self.longest, low):
            end = end_idx + 1
            start = end - length
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            if end < n and (text[end].isalnum() or text[end] == "_"):
                continue
            # "Justice and Equality Movement-Sudan", "SPLM-IO": the name goes on past the hyphen
            if end + 1 < n and text[end] == "-" and text[end + 1].isupper():
                continue
            if start > 1 and text[start - 1] == "-" and text[start - 2].isupper():
                continue
            if start and text[start - 1] == "-" and text[max(0, start - 5):start].lower().endswith(
                    ("non-", "pro-", "anti-", "ex-")):
                continue  # "a non-UN mission" is not the UN
            if exact:
                surface = fold(text[start:end])
                ok = tuple(e for e in entries if not e.exact or surface in e.forms)
            else:
                ok = entries
            if ok:
                out.append((start, end, ok))
        return out


def _demonym_ok(text: str, end: int) -> tuple[bool, int]:
    """Does the demonym ending at `end` denote the state? Returns (ok, end of the mention)."""
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False, end
    word = m.group(1).lower()
    if word in STATE_HEADS:
        return True, m.end(1)
    return word in FORCE_HEADS, end


def leftmost_longest(spans: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Keep non-overlapping spans, preferring the earliest start, then the longest."""
    spans = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    out, last_end = [], -1
    for s in spans:
        if s[0] >= last_end:
            out.append(s)
            last_end = s[1]
    return out


def link(text: str, gazetteer: Gazetteer, low: str | None = None) -> list[Mention]:
    """Mentions of known actors, one actor each, ambiguity settled by the rest of the text."""
    raw = []
    adjectives = set()  # demonyms that only qualify a noun ("Canadian troops"), by start
    for start, end, entries in gazetteer.hits(text, low):
        if len(entries) == 1 and entries[0].kind != "demonym":  # most names: one actor's, no demonym
            raw.append((start, end, entries))
            continue
        kinds = {e.kind for e in entries}
        if kinds == {"demonym"}:
            ok, mend = _demonym_ok(text, end)
            if not ok:
                continue
            if mend == end:
                adjectives.add(start)
            raw.append((start, mend, entries))
        else:
            entries = tuple(e for e in entries if e.kind != "demonym")
            raw.append((start, end, entries))
    chosen = leftmost_longest(raw)
    # Settle names shared by several actors ("Congolese": DRC or Congo?) by the unambiguous
    # mentions around them: the candidate named elsewhere in the text wins, else the first.
    support: dict[str, int] = {}
    for _, _, entries in chosen:
        if len(entries) == 1 or len({e.key for e in entries}) == 1:
            support[entries[0].key] = support.get(entries[0].key, 0) + 1
    mentions = []
    for start, end, entries in chosen:
        if len(entries) == 1:  # nothing to settle
            key, kind = entries[0].key, entries[0].kind
        else:
            keys = list(dict.fromkeys(e.key for e in entries))
            key = max(keys, key=lambda k: (support.get(k, 0), -keys.index(k)))
            kind = next(e.kind for e in entries if e.key == key)
        if kind == "demonym" and start in adjectives:
            kind = "adjective"
        mentions.append(Mention(start, end, text[start:end], key, kind))
    return mentions + _nested_parents(mentions, raw, gazetteer.registry)


def _nested_parents(mentions: list[Mention], raw, registry: Registry) -> list[Mention]:
    """Names inside names that are meant too: the parent an organ's name opens with ('UN Security
    Council', 'African Union Peace and Security Council') and the state a mission's name ends
    with ('… Mission in the DR Congo')."""
    out = []
    raw = sorted(raw, key=lambda r: r[0])
    starts = [r[0] for r in raw]
    for m in mentions:
        actor = registry.get(m.actor)
        if not actor or m.kind != "name":
            continue
        state_found = False
        inner = raw[bisect_left(starts, m.start):bisect_left(starts, m.end)]
        if len(inner) < 2:
            continue  # the mention's own hit alone: nothing inside it
        for start, end, entries in sorted(inner, key=lambda r: r[0] - r[1]):  # longest first
            if not (m.start <= start and end <= m.end and end - start < m.end - m.start):
                continue
            if start == m.start and actor.parent and any(e.key == actor.parent for e in entries):
                out.append(Mention(start, end, text_of(m, start, end), actor.parent, "nested"))
            elif actor.type == "Mission" and end == m.end and not state_found:
                state = next((e.key for e in entries if e.kind == "name" and registry.get(e.key)
                              and registry.get(e.key).type == "Government"), None)
                if state:
                    out.append(Mention(start, end, text_of(m, start, end), state, "nested"))
                    state_found = True
    return out


def text_of(m: Mention, start: int, end: int) -> str:
    return m.text[start - m.start: end - m.start]
