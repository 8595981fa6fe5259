"""Generate a synthetic peacegraph dataset of about N triples, in the shape the build writes
(article graphs with metadata, NIF mentions, relations and their statements; the reference graph),
from the reference actors, reproducibly from a seed.

    python bench/gen_graph.py --triples 1000000 --seed 7 -o /tmp/pg-1m.nq
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

from graph.encode import article_quads, reference_quads, vocabulary_quads
from graph.extract import load_knowledge
from graph.model import Article, Extraction, Mention, Relation
from graph.vocab import PREDICATES, Ids

ROOT = Path(__file__).resolve().parent.parent


def synthetic_quads(target: int, seed: int):
    rng = random.Random(seed)
    knowledge = load_knowledge(ROOT / "data")
    ids = Ids()
    actors = list(knowledge.registry.actors.values())
    # a few hubs (the UN, the Security Council, big states) that many articles name, as in real corpora
    hubs = [knowledge.registry.get(k) for k in ("UN", "UNSC", "USA", "FRA", "EU", "AU", "COD", "MLI")]
    hubs = [h for h in hubs if h]
    topics = list(knowledge.topics.topics.values())
    yield from reference_quads(knowledge.registry.actors, ids)
    yield from vocabulary_quads(knowledge.data_dir, ids)
    n, i = 0, 0
    while n < target:
        i += 1
        chosen = {a.key: a for a in rng.sample(hubs, 3) + rng.sample(actors, rng.randint(8, 20))}
        words = []
        mentions = []
        for key in chosen:
            for _ in range(rng.randint(1, 4)):
                start = sum(len(w) + 1 for w in words)
                name = chosen[key].label
                words.append(name)
                mentions.append(Mention(start, start + len(name), name, key))
                words.extend(rng.choice(["said", "met", "supported", "in", "and", "with"]) for _ in range(8))
        text = " ".join(words)
        keys = list(chosen)
        relations = []
        for _ in range(rng.randint(4, 12)):
            s, o = rng.sample(keys, 2)
            start = rng.randrange(0, max(1, len(text) - 200))
            relations.append(Relation(s, rng.choice(PREDICATES), o, text[start:start + 180], start, start + 180,
                                      rng.choice([0.5, 0.75, 0.9]), "synthetic"))
        aid = f"synthetic-{i:06d}"
        art = Article(aid, text, f"synthetic/{aid}.txt", title=f"Synthetic brief {i}",
                      date=f"20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                      authors=[], content_hash=hashlib.sha256(aid.encode()).hexdigest())
        chosen_topics = rng.sample(topics, 3)
        ex = Extraction(art, chosen, mentions, relations, [t.notation for t in chosen_topics],
                        [t.iri for t in chosen_topics])
        quads = list(article_quads(ex, ids))
        n += len(quads)
        yield from quads


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    import pyoxigraph as ox

    from graph.store import _ox

    quads = (ox.Quad(_ox(s), _ox(p), _ox(o), _ox(g)) for s, p, o, g in synthetic_quads(args.triples, args.seed))
    ox.serialize(quads, str(args.output), ox.RdfFormat.N_QUADS)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
