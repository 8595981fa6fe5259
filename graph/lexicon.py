"""The word lists the rules read (data/lexicon/): given names, verbs of speech, role nouns, titles,
head nouns, trigger words, …

- `NAME.txt` is a list: one entry a line, `#` starts a comment;
- `NAME.csv` is a table with a header row (`heads.csv`: head,type; `triggers.csv`: predicate,pattern).

An analyst extends a list without touching code; a changed list changes the knowledge fingerprint,
so the next build reads every article again. A malformed file stops with one line naming it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from .model import PeacegraphError
from .text import fold


@dataclass(frozen=True)
class Lexicon:
    """The lists (as written, in order) and tables (rows without their header) of data/lexicon."""

    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tables: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    _folded: dict[str, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, name: str) -> frozenset[str]:
        """A list as a set of folded entries, for look-ups ("Hervé" is "Herve")."""
        found = self._folded.get(name)
        if found is None:
            found = self._folded[name] = frozenset(fold(e) for e in self.lists.get(name, ()))
        return found

    def entries(self, name: str) -> tuple[str, ...]:
        return self.lists.get(name, ())

    def rows(self, name: str) -> tuple[tuple[str, ...], ...]:
        return self.tables.get(name, ())


def read_list(path: Path) -> list[str]:
    """The entries of one list file, in order, without comments and blank lines."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PeacegraphError(f"{path}: not UTF-8 text") from None
    out = []
    for line in raw.splitlines():
        entry = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if entry:
            out.append(entry)
    return out


def read_table(path: Path) -> list[tuple[str, ...]]:
    """The rows of one table file, checked: each as many fields as the header."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PeacegraphError(f"{path}: not UTF-8 text") from None
    reader = csv.reader(raw.splitlines(), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise PeacegraphError(f"{path}: empty (a header row is needed)")
        rows = []
        for row in reader:
            if not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                continue
            if len(row) != len(header):
                raise PeacegraphError(f"{path}, line {reader.line_num}: {len(row)} fields where the header has "
                                      f"{len(header)} ({', '.join(header)})")
            rows.append(tuple(c.strip() for c in row))
    except csv.Error as e:
        raise PeacegraphError(f"{path}, line {reader.line_num}: {e}") from None
    return rows


def load_lexicon(folder: Path) -> Lexicon:
    """Every list and table of `folder` (a missing folder or file is an empty list)."""
    lists, tables = {}, {}
    if folder.is_dir():
        for p in sorted(folder.glob("*.txt")):
            lists[p.stem] = tuple(read_list(p))
        for p in sorted(folder.glob("*.csv")):
            tables[p.stem] = tuple(read_table(p))
    return Lexicon(lists, tables)


def bundled_lexicon() -> Lexicon:
    """The word lists shipped with peacegraph (for a caller that passes none)."""
    from .extract import default_data_dir

    global _BUNDLED
    if _BUNDLED is None:
        _BUNDLED = load_lexicon(default_data_dir() / "lexicon")
    return _BUNDLED


_BUNDLED: Lexicon | None = None
