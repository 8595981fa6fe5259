"""Score the extractor on annotated articles (<id>.txt + gold <id>.json, as in the annotation
guidelines): precision, recall and F1 for actors, typed actors, relation pairs, relations, topics.

The measures are those of the shared scorer (score.py): actors are matched one-to-one by shared
normalised names, relations through the matched actors, micro-averaged over the articles.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .model import PeacegraphError

MEASURES = ("actors", "typed", "pairs", "triples", "topics")
MEASURE_NAMES = {"actors": "actors", "typed": "typed actors", "pairs": "relation pairs",
                 "triples": "relations", "topics": "topics"}


def norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace("’", "'").replace("'s ", " ")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return re.sub(r"^the ", "", s)


def _gold_keys(a: dict) -> set[str]:
    keys = [a["name"], a.get("short") or ""] + list(a.get("mentions", []))
    return {norm(k) for k in keys if k and norm(k)}


def _pred_keys(a: dict) -> set[str]:
    keys = [a.get("label") or ""] + list(a.get("aliases") or [])
    keys += [m.get("text", "") for m in a.get("mentions") or [] if isinstance(m, dict)]
    return {norm(k) for k in keys if k and norm(k)}


def prf(tp: int, npred: int, ngold: int) -> tuple[float, float, float]:
    p = tp / npred if npred else (1.0 if not ngold else 0.0)
    r = tp / ngold if ngold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def match_actors(gold: list[dict], pred: list[dict]) -> dict[int, int]:
    """One-to-one greedy match, predicted index → gold index, by shared normalised names."""
    gk = [_gold_keys(g) for g in gold]
    pairs = []
    for pi, p in enumerate(pred):
        pk = _pred_keys(p)
        for gi, keys in enumerate(gk):
            shared = pk & keys
            if shared:
                label_hit = norm(p.get("label") or "") in keys
                pairs.append((-int(label_hit), -len(shared), pi, gi))
    pairs.sort()
    used_p, used_g, out = set(), set(), {}
    for _, _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        out[pi] = gi
    return out


@dataclass
class ArticleScore:
    id: str
    counts: dict[str, tuple[int, int, int]]  # measure → (true positives, predicted, gold)
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    spurious_relations: list[str] = field(default_factory=list)
    error: str | None = None


def score_article(gold: dict, pred: dict, article_id: str = "") -> ArticleScore:
    g_actors = gold.get("actors", [])
    p_actors = [a for a in pred.get("actors", []) if isinstance(a, dict)]
    m = match_actors(g_actors, p_actors)
    typed_tp = sum(1 for pi, gi in m.items() if p_actors[pi].get("type") == g_actors[gi]["type"])

    name_to_gold = {}
    for gi, a in enumerate(g_actors):
        for k in (a["name"], a.get("short")):
            if k:
                name_to_gold[norm(k)] = gi
    g_pairs, g_triples = set(), set()
    for r in gold.get("relations", []):
        s, o = name_to_gold.get(norm(r["subject"])), name_to_gold.get(norm(r["object"]))
        if s is None or o is None or s == o:
            continue
        g_pairs.add(frozenset((s, o)))
        g_triples.add((s, r["predicate"], o))

    id_to_gold = {p_actors[pi].get("id"): gi for pi, gi in m.items()}
    label = {a.get("id"): str(a.get("label")) for a in p_actors}
    p_pairs, p_triples, all_pairs, spurious_rel = set(), set(), set(), []
    for r in pred.get("relations", []) or []:
        if not isinstance(r, dict) or r.get("subject") == r.get("object"):
            continue
        all_pairs.add(frozenset((r.get("subject"), r.get("object"))))
        s, o = id_to_gold.get(r.get("subject")), id_to_gold.get(r.get("object"))
        if s is None or o is None or s == o:
            spurious_rel.append(f"{label.get(r.get('subject'))} {r.get('predicate')} {label.get(r.get('object'))}")
            continue
        p_pairs.add(frozenset((s, o)))
        p_triples.add((s, r.get("predicate"), o))
        if (s, r.get("predicate"), o) not in g_triples:
            spurious_rel.append(f"{g_actors[s]['name']} {r.get('predicate')} {g_actors[o]['name']}")
    n_pred_triples = len({(r.get("subject"), r.get("predicate"), r.get("object"))
                          for r in pred.get("relations", []) or [] if isinstance(r, dict)
                          and r.get("subject") != r.get("object")})
    g_topics = {norm(t) for t in gold.get("topics", [])}
    p_topics = {norm(t) for t in pred.get("topics", []) or [] if isinstance(t, str)}
    return ArticleScore(
        id=article_id,
        counts={
            "actors": (len(m), len(p_actors), len(g_actors)),
            "typed": (typed_tp, len(p_actors), len(g_actors)),
            "pairs": (len(p_pairs & g_pairs), len(all_pairs), len(g_pairs)),
            "triples": (len(p_triples & g_triples), n_pred_triples, len(g_triples)),
            "topics": (len(p_topics & g_topics), len(p_topics), len(g_topics)),
        },
        missed=sorted(g_actors[gi]["name"] for gi in set(range(len(g_actors))) - set(m.values())),
        spurious=sorted(str(p_actors[pi].get("label")) for pi in set(range(len(p_actors))) - set(m)),
        missed_relations=sorted(f"{g_actors[s]['name']} {p} {g_actors[o]['name']}"
                                for s, p, o in g_triples - p_triples),
        spurious_relations=sorted(spurious_rel),
    )


@dataclass
class EvalReport:
    articles: list[ArticleScore]

    def totals(self) -> dict[str, tuple[int, int, int]]:
        out = {k: [0, 0, 0] for k in MEASURES}
        for a in self.articles:
            for k in MEASURES:
                for i in range(3):
                    out[k][i] += a.counts[k][i]
        return {k: tuple(v) for k, v in out.items()}

    def f1(self) -> dict[str, float]:
        return {k: prf(*v)[2] for k, v in self.totals().items()}

    @property
    def failed(self) -> int:
        return sum(1 for a in self.articles if a.error)

    def as_dict(self) -> dict:
        return {
            "totals": {k: dict(zip(("precision", "recall", "f1"), prf(*v)), tp=v[0], predicted=v[1], gold=v[2])
                       for k, v in self.totals().items()},
            "articles": [a.__dict__ for a in self.articles],
            "failed": self.failed,
        }


def evaluate(gold_dir: str | Path, knowledge=None) -> EvalReport:
    """Run the extractor on every annotated article of `gold_dir` and score it."""
    from .extract import extract, load_knowledge, to_contract

    gold_dir = Path(gold_dir)
    golds = sorted(gold_dir.glob("*.json"))
    if not golds:
        raise PeacegraphError(f"{gold_dir}: no gold files (<id>.json beside <id>.txt)")
    knowledge = knowledge or load_knowledge()
    scores = []
    for gpath in golds:
        try:
            gold = json.loads(gpath.read_text(encoding="utf-8"))
            if not isinstance(gold, dict) or "actors" not in gold:
                raise PeacegraphError(f"{gpath}: not a gold file (no 'actors')")
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise PeacegraphError(f"{gpath}: malformed gold file: {e}") from None
        text = next((gpath.with_suffix(s) for s in (".txt", ".md", ".html") if gpath.with_suffix(s).exists()), None)
        try:
            if text is None:
                raise PeacegraphError(f"{gpath}: no article beside it (.txt, .md or .html)")
            pred = to_contract(extract(text, knowledge))
            scores.append(score_article(gold, pred, gpath.stem))
        except PeacegraphError as e:  # a failing article scores zero, and is reported
            s = score_article(gold, {}, gpath.stem)
            s.error = str(e)
            scores.append(s)
    return EvalReport(scores)


def format_report(report: EvalReport, verbose: bool = False) -> str:
    lines = []
    for a in report.articles:
        fa, fr = prf(*a.counts["actors"])[2], prf(*a.counts["pairs"])[2]
        status = f"FAILED {a.error}" if a.error else (
            f"actors F1 {fa:.2f} ({a.counts['actors'][0]}/{a.counts['actors'][2]} found, "
            f"{a.counts['actors'][1]} predicted)  relation-pairs F1 {fr:.2f}")
        lines.append(f"{a.id:40s} {status}")
        if verbose:
            lines.append(f"    missed:   {a.missed}")
            lines.append(f"    spurious: {a.spurious}")
            lines.append(f"    missed relations:   {a.missed_relations}")
            lines.append(f"    spurious relations: {a.spurious_relations}")
    lines.append("")
    for k, (tp, npred, ngold) in report.totals().items():
        p, r, f = prf(tp, npred, ngold)
        lines.append(f"{k:8s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {tp}, predicted {npred}, gold {ngold})")
    f1 = report.f1()
    lines.append(f"articles {len(report.articles)}, failed {report.failed}")
    lines.append(f"actor-F1 {f1['actors']:.3f} typed-actor-F1 {f1['typed']:.3f} "
                 f"relation-pair-F1 {f1['pairs']:.3f} relation-F1 {f1['triples']:.3f} topic-F1 {f1['topics']:.3f}")
    return "\n".join(lines)
