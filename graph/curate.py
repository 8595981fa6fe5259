"""Analysts' corrections, kept as data under data/curated/ and applied on every build.

- actors.csv   id,label,type,acronym,aliases,parent,country   actors to add
- aliases.csv  actor,alias                                      another name for an actor
- merges.csv   from,into                                        two keys that are one actor
- rejects.csv  actor | subject,predicate,object                 a false actor or a false link
- facts.csv    subject,predicate,object,source,note             a fact asserted with its source
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from .model import Actor, Extraction, PeacegraphError
from .reference import Registry, _generic
from .vocab import PREDICATES


@dataclass
class Curation:
    merges: dict[str, str] = field(default_factory=dict)  # from key → into key
    rejected_actors: set[str] = field(default_factory=set)
    rejected_links: set[tuple[str, str, str]] = field(default_factory=set)
    facts: list[tuple[str, str, str, str, str]] = field(default_factory=list)


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """The rows of a curation CSV with the line each starts on, read strictly: a row with more or
    fewer fields than the header, or a broken or unclosed quote, stops with the file, line and fault."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise PeacegraphError(f"{path}: not UTF-8 text (byte {e.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, dict]] = []
    start = 1  # the line the row being read starts on
    try:
        for row in reader:
            end = reader.line_num
            if end > start and row:  # no curated value holds a line break: a quote was left open
                raise PeacegraphError(f"{path}:{start}: unclosed quote (the quoted field runs on to line {end})")
            if not row:  # a blank line
                pass
            elif header is None:
                header = [h.strip() for h in row]
                missing = [c for c in required if c not in header]
                if missing:
                    raise PeacegraphError(f"{path}:{start}: header lacks column(s) {', '.join(missing)}")
            elif len(row) != len(header):
                raise PeacegraphError(f"{path}:{start}: {len(row)} field(s) where the header has {len(header)} "
                                      f"({','.join(header)})")
            else:
                rows.append((start, {k: v.strip() for k, v in zip(header, row) if k}))
            start = end + 1
    except csv.Error as e:
        if "unexpected end of data" in str(e):
            raise PeacegraphError(f"{path}:{start}: unclosed quote (the quoted field runs on to the end of "
                                  "the file)") from None
        raise PeacegraphError(f"{path}:{start}: broken quote: {e} (a quoted field ends at a comma or the "
                              "line's end; a quote inside it is written twice)") from None
    if header is None and required:
        raise PeacegraphError(f"{path}:1: header lacks column(s) {', '.join(required)}")
    return rows


def _resolve(registry: Registry, name: str, where: str) -> str:
    a = registry.resolve(name)
    if a is None:
        raise PeacegraphError(f"{where}: unknown actor {name!r}")
    return a.key


def apply_curation(registry: Registry, folder: Path) -> Curation:
    """Add curated actors and aliases to the registry; return merges, rejects and facts."""
    cur = Curation()
    if not folder.is_dir():
        registry.curation = cur
        return cur
    if (folder / "actors.csv").exists():
        _rows(folder / "actors.csv", ("id", "label", "type"))  # checked strictly first; read as reference data
        _generic(folder / "actors.csv", registry, None, "curated")
        registry.sources.append(str(folder / "actors.csv"))
    for line, row in _rows(folder / "aliases.csv", ("actor", "alias")):
        key = _resolve(registry, row["actor"], f"{folder / 'aliases.csv'}:{line}")
        if row["alias"] and row["alias"] not in registry.actors[key].aliases:
            registry.actors[key].aliases.append(row["alias"])
    for line, row in _rows(folder / "merges.csv", ("from", "into")):
        where = f"{folder / 'merges.csv'}:{line}"
        into = _resolve(registry, row["into"], where)
        source = registry.resolve(row["from"])
        cur.merges[source.key if source else row["from"]] = into
        if source and source.key != into:  # the merged actor's names now denote the target
            target = registry.actors[into]
            target.aliases += [n for n in source.names() if n not in target.names()]
            del registry.actors[source.key]
    for line, row in _rows(folder / "rejects.csv", ("actor",)):
        where = f"{folder / 'rejects.csv'}:{line}"
        if row.get("predicate"):
            if row["predicate"] not in PREDICATES:
                raise PeacegraphError(f"{where}: unknown predicate {row['predicate']!r}")
            cur.rejected_links.add((row["subject"], row["predicate"], row["object"]))
        elif row.get("actor"):
            cur.rejected_actors.add(row["actor"])
    for line, row in _rows(folder / "facts.csv", ("subject", "predicate", "object", "source")):
        where = f"{folder / 'facts.csv'}:{line}"
        if row["predicate"] not in PREDICATES:
            raise PeacegraphError(f"{where}: unknown predicate {row['predicate']!r}")
        if not row["source"]:
            raise PeacegraphError(f"{where}: a curated fact needs a source")
        s = _resolve(registry, row["subject"], where)
        o = _resolve(registry, row["object"], where)
        cur.facts.append((s, row["predicate"], o, row["source"], row.get("note", "")))
    registry.curation = cur
    return cur


def _matches(actor: Actor, name: str) -> bool:
    return name == actor.key or name in actor.names()


def curate_extraction(ex: Extraction, cur: Curation, registry: Registry) -> Extraction:
    """Apply merges and rejections to one article's extraction."""
    merged = {k: into for k, a in ex.actors.items() for frm, into in cur.merges.items()
              if _matches(a, frm) and k != into}

    def canon(key: str) -> str:
        return merged.get(key, key)

    rejected = {k for k, a in ex.actors.items() if any(_matches(a, r) for r in cur.rejected_actors)}
    ex.mentions = [m for m in ex.mentions if m.actor not in rejected]
    for m in ex.mentions:
        m.actor = canon(m.actor)
    keep = {m.actor for m in ex.mentions}
    actors = {}
    for k, a in ex.actors.items():
        key = canon(k)
        if key in keep:
            actors[key] = ex.actors.get(key) or registry.get(key) or a
    ex.actors = actors
    rels = []
    for r in ex.relations:
        r.subject, r.object = canon(r.subject), canon(r.object)
        if r.subject not in keep or r.object not in keep or r.subject == r.object:
            continue
        s, o = ex.actors.get(r.subject), ex.actors.get(r.object)
        if any(_matches(s, a) and p == r.predicate and _matches(o, b) for a, p, b in cur.rejected_links):
            continue
        rels.append(r)
    ex.relations = rels
    return ex
