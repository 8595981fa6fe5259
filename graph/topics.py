"""Tag an article with the SKOS topics (data/topics.ttl) it discusses substantially."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from .model import PeacegraphError
from .text import PIECE, automaton_iter, matchable, word_count


@dataclass
class Topic:
    iri: str
    notation: str
    label: str
    phrases: list[str]
    signal_types: frozenset[str] = frozenset()  # actor types or kinds whose mentions signal the topic
    signal_mentions: int = 0  # how many such mentions tag an article with it
    cue_words: list[str] = field(default_factory=list)  # with a cue object in one sentence: a hit
    cue_objects: list[str] = field(default_factory=list)
    not_labels: list[str] = field(default_factory=list)  # phrases that hold a label but name something else


NOT_LABEL = object()  # in the automaton's entries: a phrase whose labels inside it don't count


class TopicScheme:
    """The concept scheme and an automaton over every label of every concept."""

    def __init__(self, topics: list[Topic], words_per_hit: int = 400, short_words: int = 250):
        self.topics = {t.notation: t for t in topics}
        self.words_per_hit = words_per_hit
        self.short_words = short_words
        self.automaton = ahocorasick.Automaton()
        table: dict[str, list[tuple[str, str | None]]] = {}
        for t in topics:
            for p in t.phrases:
                # acronyms and proper names ("SSR", "Boko Haram") match in their case; phrases in any
                exact = p if p.isupper() or p[:1].isupper() else None
                table.setdefault(matchable(p), []).append((t.notation, exact))
        self.phrases = frozenset(table)  # every phrase, folded: what names a theme, not an actor
        for t in topics:
            for p in t.not_labels:
                table.setdefault(matchable(p), []).append((t.notation, NOT_LABEL))
        self.excepted = frozenset(t.notation for t in topics if t.not_labels)
        for low, entries in table.items():
            self.automaton.add_word(low, (len(low), entries))
        if table:
            self.automaton.make_automaton()
        self.longest = max(map(len, table), default=1)
        # cue pairs: (notation, 0) for a cue word, (notation, 1) for what it acts on
        self.cues = ahocorasick.Automaton()
        cues: dict[str, list[tuple[str, int]]] = {}
        for t in topics:
            if t.cue_words and t.cue_objects:
                for role, words in enumerate((t.cue_words, t.cue_objects)):
                    for w in words:
                        cues.setdefault(matchable(w), []).append((t.notation, role))
        for low, entries in cues.items():
            self.cues.add_word(low, (len(low), entries))
        if cues:
            self.cues.make_automaton()
        self.longest_cue = max(map(len, cues), default=1)

    def tag(self, text: str, low: str | None = None, names: list[tuple[int, int]] | None = None,
            types: dict[str, int] | None = None, spans: list[tuple[int, int]] | None = None) -> list[str]:
        """Notations of the topics the text names often enough for its length: once in a short
        piece (under `short_words`), twice in a longer one, once more for every `words_per_hit`
        words of a long one. Words inside an actor's name (`names`, spans) don't count: the "Centre
        for Security Governance" is not a piece about governance. A sentence (`spans`) that joins
        a topic's cue word to its cue object ("training" ... "police") counts as one naming of it,
        unless it names the topic already. A label inside one of the topic's not-labels doesn't count
        ("the ceasefire line" is a place, not a mediation). `types` counts mentions by actor type and kind of
        operation, for the topics they signal."""
        if not self.topics:
            return []
        if low is None and len(text) <= PIECE:
            low = matchable(text)  # once for both automata (a long text is folded as each reads it)
        names = sorted(names or [])
        counts: dict[str, int] = {}
        named_in: dict[str, set[int]] = {}  # sentences that name each topic
        starts = [s for s, _ in spans] if spans else []
        name_starts = [s for s, _ in names]
        held: list[tuple[str, int, int]] = []  # namings of topics with not-labels, counted at the end
        unnamed: list[tuple[str, int, int]] = []  # where not-labels are
        n = len(text)
        for end_idx, (length, entries) in automaton_iter(self.automaton, text, self.longest, low):
            end = end_idx + 1
            start = end - length
            if (start > 0 and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
                continue
            i = bisect_right(name_starts, start) - 1
            if i >= 0 and names[i][1] >= end and names[i] != (start, end):
                continue  # inside a name (a name that is the phrase, "ISIL", "al-Shabaab", counts)
            for notation, exact in entries:
                if exact is NOT_LABEL:
                    unnamed.append((notation, start, end))
                    continue
                if exact and text[start:end] != exact:
                    continue  # an acronym or a proper name, matched in its case
                if notation in self.excepted:
                    held.append((notation, start, end))  # a not-label holding it may end later
                    continue
                counts[notation] = counts.get(notation, 0) + 1
                if starts:
                    named_in.setdefault(notation, set()).add(bisect_right(starts, start))
        unnamed.sort()
        for notation, start, end in held:
            # the not-labels of this topic that start where this naming may lie inside them (each
            # is at most `longest` long: bounded work however many there are)
            j = bisect_right(unnamed, (notation, start, n + 1))
            while j > 0 and unnamed[j - 1][0] == notation and unnamed[j - 1][1] >= start - self.longest:
                j -= 1
                if unnamed[j][2] >= end:
                    break
            else:
                counts[notation] = counts.get(notation, 0) + 1
                if starts:
                    named_in.setdefault(notation, set()).add(bisect_right(starts, start))
        if starts and self.cues.kind == ahocorasick.AHOCORASICK:
            seen: dict[tuple[str, int], set[int]] = {}
            for end_idx, (length, entries) in automaton_iter(self.cues, text, self.longest_cue, low):
                end = end_idx + 1
                start = end - length
                if (start > 0 and text[start - 1].isalnum()) or (end < n and text[end].isalnum()):
                    continue
                i = bisect_right(name_starts, start) - 1
                if i >= 0 and names[i][1] >= end:
                    continue  # inside a name: the "European Union Training Mission" trains no one here
                k = bisect_right(starts, start)
                for entry in entries:
                    seen.setdefault(entry, set()).add(k)
            for (notation, role), where in seen.items():
                if role == 0:
                    both = where & seen.get((notation, 1), set())
                    counts[notation] = counts.get(notation, 0) + len(both - named_in.get(notation, set()))
        words = word_count(text)
        need = 1 if words < self.short_words else max(2, round(words / self.words_per_hit))
        types = types or {}
        return [n for n, t in self.topics.items() if counts.get(n, 0) >= need or (
            t.signal_types and sum(types.get(k, 0) for k in t.signal_types) >= t.signal_mentions)]


def load_topics(path: Path) -> TopicScheme:
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    from .vocab import PG

    try:
        g = Graph().parse(path, format="turtle")
    except FileNotFoundError:
        raise PeacegraphError(f"{path}: topic scheme not found") from None
    except Exception as e:
        raise PeacegraphError(f"{path}: malformed Turtle: {str(e).splitlines()[0][:200]}") from None
    topics = []
    for c in sorted(g.subjects(RDF.type, SKOS.Concept)):
        notation = g.value(c, SKOS.notation)
        label = g.value(c, SKOS.prefLabel)
        if notation is None or label is None:
            raise PeacegraphError(f"{path}: concept {c} needs skos:notation and skos:prefLabel")
        phrases = [str(label), str(notation)]
        phrases += [str(x) for x in g.objects(c, SKOS.altLabel)]
        phrases += [str(x) for x in g.objects(c, SKOS.hiddenLabel)]
        signals = frozenset(str(x).rsplit("#", 1)[-1] for x in g.objects(c, PG.signalledBy))
        need = g.value(c, PG.signalMentions)
        topics.append(Topic(str(c), str(notation), str(label), list(dict.fromkeys(phrases)), signals,
                            int(need) if need is not None else 3,
                            sorted(str(x) for x in g.objects(c, PG.cueWord)),
                            sorted(str(x) for x in g.objects(c, PG.cueObject)),
                            sorted(str(x) for x in g.objects(c, PG.notLabel))))
    return TopicScheme(topics)
