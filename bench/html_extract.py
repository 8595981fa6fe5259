"""Main text and metadata of web pages: trafilatura (`graph.articles.main_text`, what `add` and `build`
use) beside the hand-written HTML reader that `build` used before (`graph.articles._from_html`, kept
for pages too small for trafilatura), on the bundled .html articles and the test pages (tests/web/).

The gold main text of a page is its paragraphs, headings and list items inside the element marked
`data-gold` (the test pages) or inside <article> less the byline (the bundled ones), plus its <h1>.
Text is scored as bags of words: precision (how much of what was kept is article text), recall (how
much of the article text was kept), F1. Metadata is scored against what each page states.

    python bench/html_extract.py
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.articles import _from_html, find_metadata, main_text, normalise  # noqa: E402

# what each page states: title, date, first author, publisher
EXPECTED = {
    "haiti-2024-mss-kenya.html": ("Kenyan Police in Port-au-Prince: Early Questions for the Multinational Security "
                                  "Support Mission", "2024-08-20", "Thandiwe Krausmann", "peacegraph sample briefs"),
    "unifil-2023-resolution-1701.html": ("UNIFIL at 45: Resolution 1701 and the Daily Work of Keeping the Blue Line "
                                         "Quiet", "2023-09-05", "Mirela Ostheim", "peacegraph sample briefs"),
    "blog-monusco-handover.html": ("Handing Over in Ituri: What MONUSCO Leaves Behind", "2024-05-14",
                                   "Odile Marchetti", "Great Lakes Notes"),
    "news-unmiss-elections.html": ("South Sudan Delays Its Elections Again as UNMISS Warns of Violence", "2024-09-14",
                                   "Kwabena Asante-Lind", "Horn and Nile Wire"),
    "mission-unficyp-mandate.html": ("The mandate of UNFICYP", "2024-02-01", "", "UNFICYP sample mission site"),
}
PAGES = [ROOT / "data" / "articles" / n for n in ("haiti-2024-mss-kenya.html", "unifil-2023-resolution-1701.html")] + \
        [ROOT / "tests" / "web" / n for n in ("blog-monusco-handover.html", "news-unmiss-elections.html",
                                                        "mission-unficyp-mandate.html")]


def words(text: str) -> Counter:
    return Counter(w.lower() for w in re.findall(r"\w+", text))


def gold(raw: str) -> str:
    import lxml.html

    doc = lxml.html.fromstring(raw)
    roots = doc.xpath("//*[@data-gold]") or doc.xpath("//article")
    parts = [" ".join(h.text_content().split()) for h in doc.xpath("//h1")[:1]]
    for r in roots:
        for el in r.iter("p", "h2", "h3", "h4", "li", "td"):
            if el.get("class") in ("byline", "meta") or el.xpath("ancestor::*[@class='newsletter-box']"):
                continue
            parts.append(" ".join(el.text_content().split()))
    return "\n".join(parts)


def score(got: str, want: str) -> tuple[float, float, float]:
    g, w = words(got), words(want)
    hit = sum((g & w).values())
    p = hit / max(1, sum(g.values()))
    r = hit / max(1, sum(w.values()))
    return p, r, 2 * p * r / max(1e-9, p + r)


def old_reader(raw: str, name: str) -> tuple[str, tuple]:
    text, meta = _from_html(raw, Path(name))
    text = normalise(text)
    found = find_metadata(text)  # as build fills what the page's tags do not say
    meta = {k: meta.get(k) or found.get(k) for k in ("title", "date", "authors", "publisher")}
    return text, (meta["title"], meta["date"], (meta["authors"] or [None])[0], meta["publisher"])


def new_reader(raw: str, name: str) -> tuple[str, tuple]:
    text, meta = main_text(raw, f"https://example.org/{name}")
    return text, (meta.get("title"), meta.get("date"), (meta.get("authors") or [None])[0], meta.get("publisher"))


def main() -> None:
    totals = {"hand-written (_from_html)": [[], 0], "trafilatura (main_text)": [[], 0]}
    print(f"{'page':<36} {'reader':<30} {'precision':>9} {'recall':>7} {'F1':>6} {'metadata':>8}")
    for page in PAGES:
        raw = page.read_text("utf-8")
        want = gold(raw)
        for (label, acc), reader in zip(totals.items(), (old_reader, new_reader)):
            text, meta = reader(raw, page.name)
            p, r, f = score(text, want)
            right = sum(str(a or "").lower() == str(b).lower() for a, b in zip(meta, EXPECTED[page.name]))
            acc[0].append((p, r, f))
            acc[1] += right
            print(f"{page.name:<36} {label:<30} {p:>9.3f} {r:>7.3f} {f:>6.3f} {right:>6}/4")
    print()
    for label, (rows, right) in totals.items():
        n = len(rows)
        p, r, f = (sum(x[i] for x in rows) / n for i in range(3))
        print(f"{'mean':<36} {label:<30} {p:>9.3f} {r:>7.3f} {f:>6.3f} {right:>5}/{4 * n}")


if __name__ == "__main__":
    main()
