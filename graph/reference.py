"""Load the reference actors (data/reference/*.csv, with state names from pycountry) into a registry.

The registry knows every actor's names and the background facts the reference data states
(parent organisation, country, deployment). The linker searches text for the names; `encode`
writes the facts into the reference graph.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .model import Actor, PeacegraphError
from .text import fold
from .vocab import ACTOR_TYPES, MISSION_KINDS

# Which type the rows of each reference file have; a `type` column overrides it.
FILE_TYPES = {
    "states.csv": "Government",
    "missions.csv": "Mission",
    "agencies.csv": "Agency",
    "bodies.csv": "GovernmentBody",
    "armed_groups.csv": "ArmedGroup",
    "organisations.csv": "Organisation",
    "programmes.csv": "Programme",
    "persons.csv": "Person",
    "actors.csv": None,
}
LIST_FIELDS = ("aliases", "demonyms", "deployed_in")


_SPELLINGS = [
    ("Organization", "Organisation"),
    ("Programme", "Program"),
    ("Centre", "Center"),
    ("Defence", "Defense"),
    ("Stabilization", "Stabilisation"),
    ("Labour", "Labor"),
    ("Militarized", "Militarised"),
]
_PREFIX_SHORT = [
    ("United Nations ", ("UN ", "U.N. ")),
    ("European Union ", ("EU ",)),
    ("African Union ", ("AU ",)),
]


def name_variants(name: str) -> set[str]:
    """Regular written variants of a name: spelling, 'of the', 'UN …', hyphens, accents."""
    out = {name}
    for a, b in _SPELLINGS:
        for n in list(out):
            if a in n:
                out.add(n.replace(a, b))
            if b in n:
                out.add(n.replace(b, a))
    for long, shorts in _PREFIX_SHORT:
        for n in list(out):
            if n.startswith(long):
                out.update(s + n[len(long):] for s in shorts)
    for n in list(out):
        if " of the " in n:
            out.add(n.replace(" of the ", " of "))
        if "-" in n and " " in n:
            out.add(re.sub(r"(?<=\w)-(?=\w)", "", n))
            out.add(re.sub(r"(?<=\w)-(?=\w)", " ", n))
    out |= {fold(n) for n in out}
    return {n for n in out if n.strip()}


@dataclass
class Registry:
    """Every known actor by key, and the names that denote them."""

    actors: dict[str, Actor] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    curation: object = None  # curate.Curation, set when data/curated is applied
    _index: dict | None = field(default=None, repr=False)
    _indexed: int = field(default=0, repr=False)

    def add(self, actor: Actor, where: str = "") -> None:
        if actor.key in self.actors:
            raise PeacegraphError(f"{where}: actor id '{actor.key}' is defined twice")
        self.actors[actor.key] = actor

    def get(self, key: str) -> Actor | None:
        return self.actors.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self.actors

    def __len__(self) -> int:
        return len(self.actors)

    def states(self) -> Iterable[Actor]:
        return (a for a in self.actors.values() if a.type == "Government")

    def resolve(self, name: str) -> Actor | None:
        """The actor a name, acronym, alias or key denotes (exact, then folded and case-blind)."""
        if name in self.actors:
            return self.actors[name]
        if self._index is None or self._indexed != len(self.actors):
            self._index = {}
            for a in self.actors.values():
                for n in a.names():
                    self._index.setdefault(fold(n).casefold(), a.key)
            self._indexed = len(self.actors)
        key = self._index.get(fold(name).casefold().strip())
        return self.actors.get(key) if key else None


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _read_csv(path: Path) -> list[tuple[int, dict]]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if not reader.fieldnames or "id" not in reader.fieldnames:
                raise PeacegraphError(f"{path}:1: reference file needs a header row with an 'id' column")
            rows = []
            for row in reader:
                if None in row:  # more fields than the header has
                    raise PeacegraphError(f"{path}:{reader.line_num}: more fields than the header names")
                rows.append((reader.line_num, row))
            return rows
    except UnicodeDecodeError:
        raise PeacegraphError(f"{path}: not valid UTF-8 text") from None
    except csv.Error as e:
        raise PeacegraphError(f"{path}: malformed CSV: {e}") from None


def _states(path: Path, registry: Registry) -> None:
    import pycountry

    for line, row in _read_csv(path):
        key = (row.get("id") or "").strip()
        if not key:
            raise PeacegraphError(f"{path}:{line}: empty id")
        country = pycountry.countries.get(alpha_3=key)
        names = []
        if country is not None:
            names = [getattr(country, "common_name", None), country.name,
                     getattr(country, "official_name", None)]
            names = [n for n in names if n and ", " not in n]  # skip inverted forms
        label = (row.get("label") or "").strip() or (names[0] if names else "")
        if not label:
            raise PeacegraphError(f"{path}:{line}: '{key}' is not an ISO 3166 code; give it a label")
        aliases = [n for n in names if n != label] + _split(row.get("aliases", ""))
        actor = Actor(key=key, label=label, type="Government",
                      aliases=list(dict.fromkeys(aliases)), demonyms=_split(row.get("demonyms", "")))
        registry.add(actor, f"{path}:{line}")


def _generic(path: Path, registry: Registry, default_type: str | None, source: str) -> None:
    for line, row in _read_csv(path):
        where = f"{path}:{line}"
        key = (row.get("id") or "").strip()
        label = (row.get("label") or "").strip()
        type_ = (row.get("type") or "").strip() or default_type
        if not key or not label:
            raise PeacegraphError(f"{where}: every row needs an id and a label")
        if type_ not in ACTOR_TYPES:
            raise PeacegraphError(f"{where}: unknown actor type {type_!r} (one of {', '.join(ACTOR_TYPES)})")
        kind = (row.get("kind") or "").strip() or None
        if kind is not None and kind not in MISSION_KINDS:
            raise PeacegraphError(f"{where}: unknown kind of operation {kind!r} (one of {', '.join(MISSION_KINDS)})")
        actor = Actor(
            key=key,
            label=label,
            type=type_,
            acronym=(row.get("acronym") or "").strip() or None,
            aliases=_split(row.get("aliases", "")),
            demonyms=_split(row.get("demonyms", "")),
            parent=(row.get("parent") or "").strip() or None,
            country=(row.get("country") or "").strip() or None,
            deployed_in=_split(row.get("deployed_in", "")),
            run_by=(row.get("run_by") or "").strip() or None,
            start=(row.get("start") or "").strip() or None,
            end=(row.get("end") or "").strip() or None,
            kind=kind,
            source=source,
        )
        registry.add(actor, where)


def check_references(registry: Registry, where: str) -> None:
    """Every parent, country, deployment and running state names an actor the registry has."""
    for a in registry.actors.values():
        for ref, what in [(a.parent, "parent"), (a.country, "country"), (a.run_by, "run_by")] + [
            (d, "deployed_in") for d in a.deployed_in
        ]:
            if ref and ref not in registry.actors:
                raise PeacegraphError(f"{where}: {a.key}: {what} '{ref}' is not a known actor id")


def load_reference(folder: Path) -> Registry:
    """Load every reference file of a folder; states first so that others can refer to them."""
    if not folder.is_dir():
        raise PeacegraphError(f"{folder}: reference folder not found")
    registry = Registry()
    files = sorted(folder.glob("*.csv"), key=lambda p: (p.name != "states.csv", p.name))
    if not files:
        raise PeacegraphError(f"{folder}: no reference files (*.csv)")
    for path in files:
        if path.name == "states.csv":
            _states(path, registry)
        elif path.name in FILE_TYPES:
            _generic(path, registry, FILE_TYPES[path.name], "reference")
        else:
            _generic(path, registry, None, "reference")
        registry.sources.append(str(path))
    check_references(registry, str(folder))
    _drop_ambiguous_state_names(registry)
    return registry


def _drop_ambiguous_state_names(registry: Registry) -> None:
    """A one-word name inside another state's name ('Congo') denotes neither state for sure."""
    labels = [a.label for a in registry.states()]
    for st in registry.states():
        st.aliases = [
            n for n in st.aliases
            if " " in n or not any(re.search(rf"\b{re.escape(n)}\b", lab) and lab != st.label for lab in labels)
        ]
