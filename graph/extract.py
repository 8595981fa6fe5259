"""The extraction pipeline: Article → Extraction, and the JSON contract of `peacegraph extract`.

Stages, in order (each a function with one job):
  link      known actors by name (linking.py)
  discover  actors the reference data lacks (discover.py)
  tag       SKOS topics (topics.py)
  relate    relations with evidence (relations.py)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .articles import read_article
from .discover import discover, discovery_words
from .lexicon import Lexicon, load_lexicon
from .linking import Gazetteer, link
from .merge import Found, discovered
from .model import Actor, Article, Extraction, PeacegraphError
from .reference import Registry, load_reference
from .relations import Context, read_relations, trigger_words
from .text import PIECE, matchable, sentences
from .topics import TopicScheme, load_topics
from .vocab import MISSION_KINDS, Ids


def default_data_dir() -> Path:
    """./data when run in a project checkout, else the data shipped with the package."""
    here = Path.cwd() / "data"
    if (here / "reference").is_dir():
        return here
    packaged = Path(__file__).parent / "data"
    if (packaged / "reference").is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


@dataclass
class Knowledge:
    """What the extractor knows before it reads: actors, their names compiled, topics."""

    registry: Registry
    topics: TopicScheme
    data_dir: Path
    lexicon: Lexicon = field(default_factory=Lexicon)
    _gazetteer: Gazetteer | None = field(default=None, repr=False)
    _base: Gazetteer | None = field(default=None, repr=False)  # the gazetteer of the knowledge this one extends

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(self.registry, self._base)
            self._base = None
        return self._gazetteer

    def with_actors(self, actors: list[Actor]) -> Knowledge:
        """A copy that also knows these (discovered) actors (its gazetteer, when asked for, made
        from this one's, if this one's was made)."""
        reg = Registry(dict(self.registry.actors), list(self.registry.sources), self.registry.curation)
        for a in actors:
            reg.actors.setdefault(a.key, a)
        return Knowledge(reg, self.topics, self.data_dir, self.lexicon, _base=self._gazetteer)


def load_knowledge(data_dir: str | Path | None = None) -> Knowledge:
    from .curate import apply_curation

    data = Path(data_dir) if data_dir else default_data_dir()
    registry = load_reference(data / "reference")
    apply_curation(registry, data / "curated")
    lexicon = load_lexicon(data / "lexicon")
    try:  # a bad word list is named before any article is read
        trigger_words(lexicon.rows("triggers"))
        discovery_words(lexicon.rows("heads"), lexicon.entries("titles"), lexicon.rows("leading_heads"))
    except PeacegraphError as e:
        raise PeacegraphError(f"{data / 'lexicon'}/{e}") from None
    return Knowledge(registry, load_topics(data / "topics.ttl"), data, lexicon)


# What each stage does, as a progress callback is told it (a long article takes minutes: 50 MB
# about two; see LONG_ARTICLE)
STAGES = {"link": "linking known names", "discover": "discovering actors", "tag": "tagging topics",
          "relate": "reading relations"}
LONG_ARTICLE = 1_000_000  # characters: past this, an extraction takes seconds and shows its stages


def extract_article(article: Article, knowledge: Knowledge,
                    progress: Callable[[str], None] | None = None) -> Extraction:
    """Run every stage on one article; `progress`, if given, is called with each stage's name (a
    key of STAGES) as it begins."""
    tell = progress or (lambda stage: None)
    text = article.text
    tell("link")
    # the folded copy that linking and tagging read (a long text's is made a piece at a time as
    # each reads it: text.automaton_iter)
    low = matchable(text) if len(text) <= PIECE else None
    spans = sentences(text)
    mentions = link(text, knowledge.gazetteer, low)
    tell("discover")
    mentions, new, sure_home, home = discover(article, mentions, knowledge.registry, spans, knowledge.lexicon,
                                              knowledge.topics.phrases)
    actors = {**knowledge.registry.actors, **new}
    present = {m.actor for m in mentions}
    # topics before relations: the folded copy is let go before relations are read
    tell("tag")
    kinds: Counter[str] = Counter()  # mentions by actor type, and by kind of operation
    for m in mentions:
        if m.kind != "nested" and m.actor in actors:
            kinds[actors[m.actor].type] += 1
            if actors[m.actor].kind:
                kinds[MISSION_KINDS[actors[m.actor].kind]] += 1
    topics = knowledge.topics.tag(text, low, [(m.start, m.end) for m in mentions], kinds, spans)
    del low
    ctx = Context(text, actors, present, home, sure_home, knowledge.lexicon["roles"],
                  trigger_words(knowledge.lexicon.rows("triggers")))
    tell("relate")
    relations = read_relations(ctx, spans, mentions)
    ex = Extraction(article, {k: actors[k] for k in sorted(present)}, mentions, relations, topics,
                    [knowledge.topics.topics[t].iri for t in topics])
    if knowledge.registry.curation is not None:
        from .curate import curate_extraction

        ex = curate_extraction(ex, knowledge.registry.curation, knowledge.registry)
    return ex


def discover_actors(article: Article, knowledge: Knowledge,
                    progress: Callable[[str], None] | None = None) -> Found:
    """The first stages only (link, discover, curate): the actors an article names that the
    knowledge lacks, each with its number of mentions. A build pools them before extracting."""
    tell = progress or (lambda stage: None)
    text = article.text
    tell("link")
    mentions = link(text, knowledge.gazetteer)
    tell("discover")
    mentions, new, _, _ = discover(article, mentions, knowledge.registry, sentences(text), knowledge.lexicon,
                                   knowledge.topics.phrases)
    present = {m.actor for m in mentions}
    ex = Extraction(article, {k: a for k, a in new.items() if k in present}, mentions, [], [], [])
    if knowledge.registry.curation is not None:
        from .curate import curate_extraction

        ex = curate_extraction(ex, knowledge.registry.curation, knowledge.registry)
    return discovered(ex)


def extract(path: str | Path, knowledge: Knowledge | None = None) -> Extraction:
    """Read and extract one article file."""
    return extract_article(read_article(path), knowledge or load_knowledge())


def to_contract(ex: Extraction, ids: Ids | None = None) -> dict:
    """The JSON object of ../shared/eval/CONTRACT.md."""
    ids = ids or Ids()
    return _contract(ex, ids, [actor for actor, _ in _contract_actors(ex, ids)])


def _contract(ex: Extraction, ids: Ids, actors: list[dict]) -> dict:
    a = ex.article
    return {
        "article": {"id": ids.article(a.id), "title": a.title, "date": a.date,
                    "authors": a.authors, "publisher": a.publisher, "source": a.source},
        "actors": actors,
        "topics": ex.topics,
        "relations": [
            {"subject": ids.actor(r.subject), "predicate": r.predicate, "object": ids.actor(r.object),
             "evidence": r.evidence, "start": r.start, "end": r.end, "confidence": r.confidence}
            for r in ex.relations
        ],
    }


def _contract_actors(ex: Extraction, ids: Ids, with_mentions: bool = True):
    """The contract's actors, in order of their first mention, one at a time (each with its
    mentions, and the mentions as well)."""
    by_actor = ex.mentions_by_actor()
    for key, actor in sorted(ex.actors.items(), key=lambda kv: min(m.start for m in by_actor[kv[0]])):
        ms = by_actor[key]
        surface = list(dict.fromkeys(m.text for m in ms))
        yield {
            "id": ids.actor(key),
            "label": actor.label,
            "type": actor.type,
            "aliases": [n for n in dict.fromkeys(actor.names() + surface) if n != actor.label],
            "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in ms] if with_mentions else [],
            "source": actor.source,
        }, ms


def write_contract(ex: Extraction, out, ids: Ids | None = None) -> None:
    """Write the contract's JSON to `out` (anything with a write(str) method) as
    json.dumps(to_contract(ex), ensure_ascii=False, indent=1) writes it, an actor at a time and its
    mentions a thousand at a time: a 50 MB article's contract holds 650,000 mentions, each a dict
    while the whole object is held."""
    ids = ids or Ids()
    # each object is written without its list, cut where the list goes: '"actors": []' stands in it
    # as that key only (a quote inside a string is escaped), and so does '"mentions": []'
    before, after = json.dumps(_contract(ex, ids, []), ensure_ascii=False, indent=1).split('"actors": []', 1)
    out.write(before + '"actors": [')
    sep = "\n  "
    for actor, ms in _contract_actors(ex, ids, with_mentions=False):
        # each actor two levels in: its lines indented by two more (a JSON string holds no raw newline)
        head, tail = json.dumps(actor, ensure_ascii=False, indent=1).replace("\n", "\n  ").split('"mentions": []', 1)
        out.write(sep + head + '"mentions": [')
        for i in range(0, len(ms), 1000):
            out.write(("," if i else "") + ",".join(
                _MENTION.format(json.dumps(m.text, ensure_ascii=False), m.start, m.end) for m in ms[i:i + 1000]))
        out.write("\n   ]" + tail if ms else "]" + tail)
        sep = ",\n  "
    out.write("]" + after if sep == "\n  " else "\n ]" + after)


# a mention as json.dumps(indent=1) writes it four levels in (actors, an actor, its mentions, one)
_MENTION = '\n    {{\n     "text": {},\n     "start": {},\n     "end": {}\n    }}'
