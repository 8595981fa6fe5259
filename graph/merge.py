"""Merge actors discovered in different articles that are one actor.

The same name already gives the same key (and so the same IRI) in every article. What is left are
the slips that real writing has: "Harijat Sajjan" in one article for "Harjit Sajjan" in another,
"Stephan Dion" for "Stéphane Dion". Persons with the same surname and a given name that differs
by a slip are one person; the one already in the graph, else the one named most often, keeps its IRI.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .model import Actor, Extraction
from .text import fold

Found = dict[str, tuple[Actor, int]]  # one article's discovered actors, with how often it names each


def discovered(ex: Extraction) -> Found:
    """The actors an article's extraction discovered, each with its number of mentions."""
    counts = Counter(m.actor for m in ex.mentions)
    return {k: (a, counts[k]) for k, a in ex.actors.items() if a.source == "discovered"}


def pool(found: Iterable[Found]) -> list[Actor]:
    """Discovered actors across articles, one per key."""
    out: dict[str, Actor] = {}
    for f in found:
        for key, (a, _) in f.items():
            out.setdefault(key, a)
    return list(out.values())


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _same_person(a: str, b: str) -> bool:
    pa, pb = fold(a).lower().split(), fold(b).lower().split()
    if len(pa) < 2 or len(pb) < 2 or pa[-1] != pb[-1]:
        return False
    fa, fb = " ".join(pa[:-1]), " ".join(pb[:-1])
    return fa == fb or (min(len(fa), len(fb)) >= 4 and edit_distance(fa, fb) <= 2)


def person_merges(found: Iterable[Found], known: dict[str, str] | None = None) -> dict[str, str]:
    """key → canonical key for persons that are one person. `known` are persons already stored."""
    known = known or {}
    labels: dict[str, str] = dict(known)
    counts: Counter = Counter()
    for f in found:
        for key, (a, n) in f.items():
            if a.type == "Person":
                labels.setdefault(key, a.label)
                counts[key] += n
    by_surname: dict[str, list[str]] = defaultdict(list)
    for key, label in labels.items():
        by_surname[fold(label).lower().split()[-1]].append(key)
    merges: dict[str, str] = {}
    for keys in by_surname.values():
        # the canonical first: already in the graph, else named most often, else the fuller spelling
        keys = sorted(keys, key=lambda k: (k not in known, -counts[k], -len(labels[k]), k))
        for i, k in enumerate(keys):
            if k in merges:
                continue
            for other in keys[i + 1:]:
                if other not in merges and other not in known and _same_person(labels[k], labels[other]):
                    merges[other] = k
    return merges


def apply_merges(ex: Extraction, merges: dict[str, str], actors: dict[str, Actor]) -> Extraction:
    """Rewrite one extraction so that merged actors use their canonical key."""
    if not any(k in merges for k in ex.actors):
        return ex
    for m in ex.mentions:
        m.actor = merges.get(m.actor, m.actor)
    for r in ex.relations:
        r.subject, r.object = merges.get(r.subject, r.subject), merges.get(r.object, r.object)
    ex.relations = [r for r in ex.relations if r.subject != r.object]
    merged: dict[str, Actor] = {}
    for key, a in ex.actors.items():
        target = merges.get(key, key)
        canon = merged.get(target) or ex.actors.get(target) or actors.get(target) or a
        if target != key and a.label not in canon.names():
            canon = Actor(**{**canon.__dict__, "aliases": [*canon.aliases, a.label]})
        merged[target] = canon
    ex.actors = merged
    return ex
