"""The word lists the rules read (data/lexicon/*.txt): given names, verbs of speech, role nouns, …

Each file holds one entry a line; `#` starts a comment. An analyst extends a list without touching
code, and a changed list changes the knowledge fingerprint, so the next build reads every article
again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import PeacegraphError
from .text import fold


@dataclass(frozen=True)
class Lexicon:
    """Word lists by name (folded, as read), each a frozenset."""

    lists: dict[str, frozenset[str]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())


def read_list(path: Path) -> list[str]:
    """The entries of one list file, in order, without comments and blank lines."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PeacegraphError(f"{path}: not UTF-8 text") from None
    out = []
    for line in raw.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return out


def load_lexicon(folder: Path) -> Lexicon:
    """Every list of `folder` (a missing folder or file is an empty list)."""
    lists = {}
    if folder.is_dir():
        for p in sorted(folder.glob("*.txt")):
            lists[p.stem] = frozenset(fold(e) for e in read_list(p))
    return Lexicon(lists)
