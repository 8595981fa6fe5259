"""RDF → networkx → a self-contained, safe pyvis page; and the analytics behind it.

The network: a node per actor that some article mentions, an edge per relation read from the
articles (all its evidence kept), weighted by the number of articles that support it; for the page,
also the background facts of the reference and curated graphs between those actors, as a second
kind of edge. pyvis holds the nodes, edges and options; our own template
(graph/templates/network_page.html) renders them with vis-network inlined from the pyvis package,
so the page opens from disk with no network, and every string from an article reaches the page as
JSON data shown as text, never as HTML.
"""

from __future__ import annotations

import difflib
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .model import PeacegraphError
from .names import resolve_actor as resolve_actor_in_store
from .vocab import PG, PREDICATES

TYPE_STYLE = {  # colour, shape: one per actor type, shown in the legend
    "Government": ("#1f77b4", "dot"),
    "GovernmentBody": ("#17becf", "dot"),
    "Mission": ("#d62728", "star"),
    "Agency": ("#ff7f0e", "diamond"),
    "Programme": ("#2ca02c", "square"),
    "Organisation": ("#9467bd", "triangle"),
    "ArmedGroup": ("#8c564b", "triangleDown"),
    "Person": ("#e377c2", "dot"),
}
PREDICATE_COLOUR = {
    "deployedIn": "#d62728", "partOf": "#7f7f7f", "contributesTo": "#ff7f0e", "funds": "#2ca02c",
    "implements": "#bcbd22", "supports": "#1f77b4", "leads": "#9467bd", "memberOf": "#e377c2",
    "requests": "#17becf", "opposes": "#000000",
}
# Links that place an actor inside another: a focused walk may climb one to the parent, but does
# not go on from there to all the parent's other parts (a mission's view is not the UN's).
STRUCTURAL = frozenset({"partOf", "memberOf"})
DEFAULT_MAX_NODES = 500
COMMUNITY_VIEW_ABOVE = 300  # actors with links in a view: above this the page opens on communities
ARTICLE, BACKGROUND = "article", "background"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
DCT = "http://purl.org/dc/terms/"


@dataclass
class Filters:
    """What a view shows: all of it, or the part an analyst asked for."""

    focus: str | None = None
    depth: int = 1
    types: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    min_weight: int = 1
    max_nodes: int = DEFAULT_MAX_NODES
    layout: str = "physics"
    background: bool | None = None  # background facts shown at first (default: not in a focused view)

    def describe(self) -> str:
        parts = []
        if self.focus:
            parts.append(f"within {self.depth} step(s) of {self.focus}")
        if self.types:
            parts.append("types " + ", ".join(self.types))
        if self.articles:
            parts.append("articles " + ", ".join(self.articles))
        if self.topics:
            parts.append("topics " + ", ".join(self.topics))
        if self.min_weight > 1:
            parts.append(f"links supported by at least {self.min_weight} articles")
        return "; ".join(parts) or "the whole graph"

    def shows_background(self) -> bool:
        return self.background if self.background is not None else not self.focus


# ---------------------------------------------------------------------------- RDF → networkx


def _articles(store) -> dict[str, dict]:
    """Each article by IRI: its id, title, date (ISO, as written) and source (path or URL)."""
    out = {}
    for art, aid, title, date, source in store.values(f"""
        SELECT ?art ?id ?title ?date ?source WHERE {{ ?art a <{PG.Article}> ; <{DCT}identifier> ?id .
          OPTIONAL {{ ?art <{DCT}title> ?title }} OPTIONAL {{ ?art <{DCT}date> ?date }}
          OPTIONAL {{ ?art <{DCT}source> ?source }} }}"""):
        out[art] = {"id": aid, "title": title or aid, "date": (date or "")[:10], "source": source or ""}
    return out


def to_networkx(store, background: bool = False):
    """A networkx MultiDiGraph of the actors mentioned in articles and the relations read from them.

    Nodes: type, label, acronym, aliases, articles (ids) and titles. Edges (one per predicate and
    direction): kind "article", predicate, weight (articles that support it), evidence
    [(sentence, article id)]. With `background`, also the reference and curated facts between
    those actors (kind "background", keyed "bg:<predicate>", source the graph's label) that no
    article states. `g.graph["articles"]` holds each article's id, title, date and source."""
    import networkx as nx

    g = nx.MultiDiGraph()
    # (rows as plain strings, `store.values`: hundreds of thousands of them on a large graph)
    arts = _articles(store)
    g.graph["articles"] = {a["id"]: {k: a[k] for k in ("title", "date", "source")} for a in arts.values()}
    titles = {art: (a["id"], a["title"]) for art, a in arts.items()}
    mentioned: dict[str, set[str]] = defaultdict(set)
    for art, a in store.values(f"SELECT DISTINCT ?art ?a WHERE {{ ?art <{PG.mentions}> ?a }}"):
        mentioned[a].add(art)
    # An actor's type and label are stated in every graph that describes it: the summary graph
    # holds one of each (see summary.py)
    info: dict[str, dict] = {}
    described = f"SELECT ?a ?type ?label WHERE {{ ?a <{PG.displayType}> ?type ; <{PG.displayLabel}> ?label }}"
    for a, type_, label in store.values(described):
        if a in mentioned:
            info[a] = {"type": type_.split("#")[-1], "label": label}
    aliases: dict[str, set[str]] = defaultdict(set)
    acronyms: dict[str, set[str]] = defaultdict(set)
    for a, alias, kind in store.values(f"""
        SELECT DISTINCT ?a ?alias ?kind WHERE {{ {{ ?a <{SKOS}altLabel> ?alias BIND("alt" AS ?kind) }}
          UNION {{ ?a <{PG.acronym}> ?alias BIND("acronym" AS ?kind) }} }}"""):
        if a in info:
            aliases[a].add(alias)
            if kind == "acronym":
                acronyms[a].add(alias)
    for a, d in info.items():
        by_date = sorted(mentioned[a], key=lambda x: (arts.get(x, {}).get("date", ""), x))
        g.add_node(a, type=d["type"], label=d["label"], aliases=sorted(aliases[a] - {d["label"]}),
                   acronym=min(acronyms[a], key=lambda x: (len(x), x)) if acronyms[a] else "",
                   articles=[titles.get(x, (x, x))[0] for x in by_date],
                   titles=[titles.get(x, (x, x))[1] for x in by_date])
    support: dict[tuple[str, str, str], dict] = {}
    for s, p, o, ev, art in store.values(f"""
        SELECT ?s ?p ?o ?ev ?art WHERE {{
          ?r a <{PG.RelationStatement}> ; <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o ;
             <{PG.evidence}> ?ev ; <{PROV_FROM}> ?art }}"""):
        e = support.setdefault((s, p.split("#")[-1], o), {"articles": set(), "evidence": []})
        e["articles"].add(art)
        e["evidence"].append((ev, titles.get(art, (art, art))[0]))
    for (s, p, o), e in sorted(support.items()):
        if s in g and o in g:
            g.add_edge(s, o, key=p, kind=ARTICLE, predicate=p, weight=len(e["articles"]),
                       evidence=sorted(set(e["evidence"])))
    if background:
        # graph by graph (those that state a label: the reference and curated ones) and predicate by
        # predicate: each a direct look-up. Over `GRAPH ?g` with the predicates as VALUES, rdflib's
        # engine (--store memory) tried every triple of every graph: 2 minutes for 12 articles.
        rows = set()
        for bg, source in store.values(f"SELECT ?g ?source WHERE {{ GRAPH ?g {{ ?g <{RDFS_LABEL}> ?source }} }}"):
            for p in PREDICATES:
                rows.update((s, p, o, source) for s, o in store.values(
                    f"SELECT ?s ?o WHERE {{ GRAPH <{bg}> {{ ?s <{PG[p]}> ?o }} }}"))
        for s, p, o, source in sorted(rows):
            if s in g and o in g and s != o and not g.has_edge(s, o, key=p):
                g.add_edge(s, o, key="bg:" + p, kind=BACKGROUND, predicate=p, weight=0, evidence=[],
                           source=source)
    return g


def article_links(g):
    """The view of `g` that keeps only the links read from articles."""
    import networkx as nx

    return nx.subgraph_view(g, filter_edge=lambda s, o, k: g.edges[s, o, k].get("kind", ARTICLE) == ARTICLE)


def centrality(g) -> dict[str, float]:
    """PageRank over the undirected actor graph of article links, weighted by the articles that
    support them (background facts do not count)."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(g)
    for s, o, d in g.edges(data=True):
        if d.get("kind", ARTICLE) != ARTICLE:
            continue
        w = simple.get_edge_data(s, o, {}).get("weight", 0)
        simple.add_edge(s, o, weight=w + d["weight"])
    return nx.pagerank(simple, weight="weight")


def nearest(word: str, choices, n: int = 5) -> list[str]:
    """The choices closest to what was typed (case-blind), for a 'did you mean' line."""
    folded = {c.casefold(): c for c in choices}
    return [folded[m] for m in difflib.get_close_matches(word.casefold(), list(folded), n=n, cutoff=0.6)]


def _choices_hint(word: str, choices, what: str) -> str:
    """' (did you mean …?)', or the whole list when it is short, or nothing."""
    choices = sorted(set(choices), key=str.casefold)
    close = nearest(word, choices)
    if close:
        return f" (did you mean {', '.join(close)}?)"
    if len(choices) <= 20:
        return f" ({what}: {', '.join(choices)})" if choices else f" (there are no {what})"
    return f" ({len(choices)} {what}; none is close)"


def _node_named(g, name: str) -> str:
    """The node of `g` whose IRI, label, acronym or alias is `name` (case-blind)."""
    wanted = name.casefold().strip()
    for n, d in g.nodes(data=True):
        if n == name or wanted in (x.casefold() for x in [d["label"], d.get("acronym") or "", *d["aliases"]]):
            return n
    names = [x for _, d in g.nodes(data=True) for x in [d["label"], *d["aliases"]]]
    raise PeacegraphError(f"no actor named {name!r} in the graph{_choices_hint(name, names, 'actors')}")


def focus_walk(g, centre: str, depth: int) -> set[str]:
    """The actors within `depth` article links of `centre`. Climbing a partOf/memberOf link reaches
    the parent but stops there, so that a mission's view holds who deploys, funds, leads and
    opposes it rather than every other body of the UN."""
    reached, frontier = {centre}, [centre]
    for _ in range(depth):
        found: dict[str, bool] = {}  # actor → reached by some link it may be walked on from
        for n in frontier:
            for s, o, d in [*g.out_edges(n, data=True), *g.in_edges(n, data=True)]:
                if d.get("kind", ARTICLE) != ARTICLE:
                    continue
                m = o if s == n else s
                if m in reached:
                    continue
                upward = d["predicate"] in STRUCTURAL and s == n  # n is part of m
                found[m] = found.get(m, False) or not upward
        reached |= set(found)
        frontier = [m for m, onward in sorted(found.items()) if onward]
    return reached


def _topic_articles(store, topics: list[str]) -> set[str]:
    """The ids of the articles tagged with any of `topics` (notation or label, case-blind); a topic
    the scheme does not know, or that no article carries, stops with the valid choices."""
    scheme: dict[str, str] = {}  # folded notation or label → notation
    for notation, label in store.values(f"""
        SELECT DISTINCT ?n ?l WHERE {{ ?t <{SKOS}notation> ?n . OPTIONAL {{ ?t <{SKOS}prefLabel> ?l }} }}"""):
        scheme[notation.casefold()] = notation
        if label:
            scheme[label.casefold()] = notation
    tagged: dict[str, set[str]] = defaultdict(set)
    for aid, notation in store.values(f"""
        SELECT DISTINCT ?id ?n WHERE {{ ?art <{PG.topic}> ?t ; <{DCT}identifier> ?id . ?t <{SKOS}notation> ?n }}"""):
        tagged[notation].add(aid)
    keep: set[str] = set()
    for t in topics:
        notation = scheme.get(t.casefold())
        if notation is None:
            raise PeacegraphError(f"unknown topic {t!r}" + _choices_hint(t, set(scheme.values()), "topics"))
        if not tagged.get(notation):
            raise PeacegraphError(f"no article is on topic {t!r}" + _choices_hint(t, tagged, "topics of the articles"))
        keep |= tagged[notation]
    return keep


def select(g, store, f: Filters):
    """The subgraph a view shows, and how many actors were left out by --max-nodes.

    An article, topic or actor that matches nothing stops with the valid choices (or the nearest)."""
    h = g
    if f.articles or f.topics:
        known = set(g.graph.get("articles", {}))
        for a in f.articles:
            if a not in known:
                raise PeacegraphError(f"no article {a!r} in the store" + _choices_hint(a, known, "articles"))
        keep_articles = set(f.articles) | (_topic_articles(store, f.topics) if f.topics else set())
        h = h.subgraph([n for n, d in h.nodes(data=True) if keep_articles & set(d["articles"])]).copy()
        for s, o, k, d in list(h.edges(keys=True, data=True)):
            if d.get("kind", ARTICLE) != ARTICLE:
                continue
            ev = [e for e in d["evidence"] if e[1] in keep_articles]
            if not ev:
                h.remove_edge(s, o, k)
            else:
                d["evidence"], d["weight"] = ev, len({e[1] for e in ev})
    if f.types:
        unknown = set(f.types) - set(TYPE_STYLE)
        if unknown:
            bad = sorted(unknown)[0]
            raise PeacegraphError(f"unknown actor type(s) {', '.join(sorted(unknown))}"
                                  + _choices_hint(bad, TYPE_STYLE, "types"))
        h = h.subgraph([n for n, d in h.nodes(data=True) if d["type"] in f.types]).copy()
    if f.min_weight > 1:
        h = h.copy()
        h.remove_edges_from([(s, o, k) for s, o, k, d in h.edges(keys=True, data=True)
                             if d["weight"] < f.min_weight])
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
    centre = None
    if f.focus:
        # the one resolver of show, --param and path; a graph with no store behind it (one built in
        # memory) is searched by its nodes' names
        centre = resolve_actor_in_store(store, f.focus) if store is not None else _node_named(g, f.focus)
        if centre not in h:
            raise PeacegraphError(f"{f.focus!r} is not among the actors these filters keep")
        keep = focus_walk(h, centre, f.depth)
        # the focused actor's own background facts (its parent, where it is deployed) come along,
        # off until the page's "background facts" box is ticked
        keep |= {m for s, o, d in [*h.out_edges(centre, data=True), *h.in_edges(centre, data=True)]
                 if d.get("kind") == BACKGROUND for m in (s, o)}
        h = h.subgraph(keep).copy()
    else:
        # in a view of everything, background facts only join actors that articles link: an actor
        # no article links stays among the unlinked ones the page keeps out of sight
        linked = _linked(h)
        h = h.copy()
        h.remove_edges_from([(s, o, k) for s, o, k, d in h.edges(keys=True, data=True)
                             if d.get("kind") == BACKGROUND and not (s in linked and o in linked)])
    h.graph["focus"] = centre
    left_out = 0
    if len(h) > f.max_nodes:
        # the most central actors by PageRank over article links; never one that no article links
        rank = centrality(h)
        linked = _linked(h)
        keep = sorted(linked, key=lambda n: (n != centre, -rank.get(n, 0), n))[: f.max_nodes]
        left_out = len(h) - len(keep)
        h = h.subgraph(keep).copy()
    return h, left_out


def _linked(h) -> set[str]:
    """The actors with at least one link read from an article."""
    return {n for s, o, d in h.edges(data=True) if d.get("kind", ARTICLE) == ARTICLE for n in (s, o)}


# ---------------------------------------------------------------------------- the page


def short_label(d: dict) -> str:
    """What a node is labelled with: its acronym or a short name where it has one (MONUSCO, UNDP,
    DRC), else its name on up to three lines."""
    if d.get("acronym") and len(d["acronym"]) <= 14:
        return d["acronym"]
    label = d["label"]
    if len(label) <= 22:
        return label
    caps = [a for a in d.get("aliases", ()) if 2 <= len(a) <= 8 and a.isalpha() and a.isupper()]
    if caps:
        return min(caps, key=lambda a: (len(a), a))
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= 20:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 3:
        lines = lines[:3]
        lines[2] = lines[2][:19] + "…"
    return "\n".join(lines)


def _date_of(articles: dict, aid: str) -> str:
    return articles.get(aid, {}).get("date", "")


def _title_of(articles: dict, aid: str) -> str:
    return articles.get(aid, {}).get("title", aid)


def _tooltip_node(d: dict, articles: dict) -> str:
    short = short_label(d).replace("\n", " ")
    lines = [d["label"] if short == d["label"] else f"{short}: {d['label']}", d["type"]]
    if d["aliases"]:
        lines.append("Also: " + ", ".join(d["aliases"][:8]))
    lines.append(f"Mentioned in {len(d['articles'])} article(s):")
    for aid in d["articles"][:8]:
        date = _date_of(articles, aid)
        lines.append(f"  • {_title_of(articles, aid)}" + (f" ({date})" if date else ""))
    if len(d["articles"]) > 8:
        lines.append(f"  … and {len(d['articles']) - 8} more")
    return "\n".join(lines)


def _tooltip_edge(g, s: str, o: str, d: dict, articles: dict) -> str:
    names = [short_label(g.nodes[x]).replace("\n", " ") for x in (s, o)]
    lines = [f"{names[0]} —{d['predicate']}→ {names[1]}"]
    if d.get("kind") == BACKGROUND:
        lines.append(f"Background fact ({d.get('source', 'reference data')}), not read from an article")
        return "\n".join(lines)
    lines.append(f"Read in {d['weight']} article(s):")
    for sentence, aid in d["evidence"][:3]:
        text = sentence if len(sentence) <= 240 else sentence[:237] + "…"
        date = _date_of(articles, aid)
        lines.append(f"“{text}”\n    — {_title_of(articles, aid)}" + (f", {date}" if date else ""))
    if len(d["evidence"]) > 3:
        lines.append(f"… and {len(d['evidence']) - 3} more (click the link)")
    return "\n".join(lines)


def _source_url(source: str) -> str:
    """A link to the article: its URL, or the file it was read from when it is still there. A local
    source is a path relative to the articles folder (dcterms:source); it is looked for as written
    and in the default folder, data/articles/, from where the page is written."""
    if source.startswith(("http://", "https://")):
        return source
    if not source:
        return ""
    for p in (Path(source), Path("data") / "articles" / source):
        try:
            if p.is_file():
                return p.resolve().as_uri()
        except (OSError, ValueError):
            continue
    return ""


def _importance(h, rank: dict[str, float], linked: set[str]) -> dict[str, float]:
    """0..1: half the square root of PageRank against the top one, half the rank's percentile, so
    that a hub does not shrink everyone else to one size. Actors no article links get 0."""
    ordered = sorted(linked, key=lambda n: (rank.get(n, 0), n))
    top = max((rank.get(n, 0) for n in linked), default=0) or 1.0
    pct = {n: (i + 1) / len(ordered) for i, n in enumerate(ordered)}
    return {n: (0.5 * (rank.get(n, 0) / top) ** 0.5 + 0.5 * pct[n]) if n in linked else 0.0 for n in h}


def _communities(h, rank: dict[str, float], linked: set[str]) -> list[list[str]]:
    """Louvain communities over the article links, each sorted by PageRank (its first member names it)."""
    import networkx as nx
    from networkx.algorithms import community

    u = nx.Graph()
    u.add_nodes_from(sorted(linked))  # in a fixed order: Louvain's result depends on it
    for s, o, d in h.edges(data=True):
        if d.get("kind", ARTICLE) == ARTICLE and s != o:
            u.add_edge(s, o, weight=u.get_edge_data(s, o, {}).get("weight", 0) + d["weight"])
    comms = community.louvain_communities(u, weight="weight", seed=7)
    comms = [sorted(c, key=lambda n: (-rank.get(n, 0), n)) for c in comms]
    return sorted(comms, key=lambda c: (-len(c), c[0]))


def _community_layout(h, comms: list[list[str]]) -> dict[str, tuple[float, float]]:
    """Positions: the communities laid out as a graph of their own, each one's members by a spring
    layout inside a disc sized to it, so that the page opens at once with no physics to run."""
    import networkx as nx
    import numpy as np

    index = {n: i for i, c in enumerate(comms) for n in c}
    cg = nx.Graph()
    cg.add_nodes_from(range(len(comms)))
    for s, o in h.edges():
        a, b = index.get(s), index.get(o)
        if a is not None and b is not None and a != b:
            cg.add_edge(a, b, weight=cg.get_edge_data(a, b, {}).get("weight", 0) + 1)
    radius = np.array([40.0 * math.sqrt(len(c)) + 20 for c in comms])
    if len(comms) > 1:
        at = nx.spring_layout(cg, weight="weight", seed=7)
        pts = np.array([at[i] for i in range(len(comms))])
        gaps = np.linalg.norm(pts[:, None, :] - pts[None, :, :], axis=-1)
        need = (radius[:, None] + radius[None, :]) / np.maximum(gaps, 1e-6)
        np.fill_diagonal(need, 0)
        pts *= 1.25 * min(float(need.max()), 50 * float(radius.max()))  # room for the names too
    else:
        pts = np.zeros((1, 2))
    pos = {}
    for i, c in enumerate(comms):
        if len(c) == 1:
            inner = {c[0]: np.zeros(2)}
        else:
            inner = nx.spring_layout(h.subgraph(c).to_undirected(as_view=True), seed=7, iterations=40)
        for n, p in inner.items():
            x, y = pts[i] + np.asarray(p) * radius[i]
            pos[n] = (round(float(x), 1), round(float(y), 1))
    return pos


FONT = "'Liberation Sans', 'DejaVu Sans', Arial, Helvetica, sans-serif"


def build_pyvis(h, f: Filters):
    """A pyvis Network holding the view's nodes, edges and options (lists filled directly), and in
    `net.page` what the page needs beside them: articles, communities, the focus, the dates."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True)
    articles = h.graph.get("articles", {})
    centre = h.graph.get("focus")
    rank = centrality(h)
    linked = _linked(h)
    imp = _importance(h, rank, linked)
    comms = _communities(h, rank, linked) if len(linked) > COMMUNITY_VIEW_ABOVE else []
    community_of = {n: i for i, c in enumerate(comms) for n in c}
    positions: dict[str, tuple[float, float]] = {}
    if comms:
        positions = _community_layout(h, comms)
    elif f.layout == "fixed" and len(h):
        import networkx as nx

        at = nx.spring_layout(h.to_undirected(as_view=True), seed=7, k=None, iterations=50)
        positions = {n: (round(float(x) * 1000, 1), round(float(y) * 1000, 1)) for n, (x, y) in at.items()}
    if positions and centre in positions:  # the focused actor in the middle
        cx, cy = positions[centre]
        positions = {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in positions.items()}
    physics = not positions
    for n, d in h.nodes(data=True):
        colour, shape = TYPE_STYLE.get(d["type"], ("#999999", "dot"))
        i = imp.get(n, 0.0)
        node = {"id": n, "label": short_label(d), "full": d["label"], "type": d["type"],
                "acronym": d.get("acronym", ""), "aliases": d["aliases"], "articles": d["articles"],
                "title": _tooltip_node(d, articles), "shape": shape, "linked": n in linked,
                "color": {"background": colour, "border": "#333333",
                          "highlight": {"background": colour, "border": "#000000"},
                          "hover": {"background": colour, "border": "#000000"}},
                "size": round(7 + 21 * i, 1), "font": {"size": round(12 + 22 * i, 1)}, "imp": round(i, 3),
                "borderWidth": 1}
        if n == centre:
            # marked by a gold halo and a dark ring, its colour still its type's
            node.update(focus=True, borderWidth=3, size=node["size"] + 6, font={"size": node["font"]["size"] + 4},
                        shadow={"enabled": True, "color": "#f5b700", "size": 28, "x": 0, "y": 0})
            node["color"]["border"] = "#000000"
            if physics:
                node.update(x=0, y=0, fixed=True)
        if n in community_of:
            node["community"] = community_of[n]
        if n in positions:
            x, y = positions[n]
            node.update(x=x, y=y)
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    if positions:  # actors with no link: in rows under the graph, out of sight until asked for
        rest = [node for node in net.nodes if "x" not in node]
        if rest:
            xs = [x for x, _ in positions.values()] or [0.0]
            bottom = max((y for _, y in positions.values()), default=0.0) + 300
            width = max(max(xs) - min(xs), 1500.0)
            per_row = max(1, int(width // 150))
            for k, node in enumerate(rest):
                node.update(x=round(min(xs) + 150 * (k % per_row), 1), y=round(bottom + 120 * (k // per_row), 1))
    used_dates = set()
    for k, (s, o, d) in enumerate(h.edges(data=True)):
        background = d.get("kind") == BACKGROUND
        colour = PREDICATE_COLOUR.get(d["predicate"], "#999999")
        arts = sorted({aid for _, aid in d["evidence"]})
        used_dates.update(_date_of(articles, a) for a in arts)
        edge = {"id": f"e{k}", "from": s, "to": o, "predicate": d["predicate"],
                "kind": BACKGROUND if background else ARTICLE, "articles": arts,
                "evidence": [list(e) for e in d["evidence"][:20]], "more": max(0, len(d["evidence"]) - 20),
                "title": _tooltip_edge(h, s, o, d, articles), "arrows": "to",
                "color": {"color": colour, "highlight": colour, "hover": colour,
                          "opacity": 0.45 if background else 1.0}}
        if background:
            edge.update(dashes=[6, 6], width=1, source=d.get("source", ""))
        else:
            edge.update(width=min(1.5 + 1.5 * (d["weight"] - 1), 10))
        net.edges.append(edge)
    shown = {a for n in h for a in h.nodes[n]["articles"]} | {a for e in net.edges for a in e["articles"]}
    net.page = {
        "focus": centre, "background": f.shows_background(), "physics": physics,
        "articles": {a: {"title": articles[a]["title"], "date": articles[a]["date"],
                         "url": _source_url(articles[a]["source"])} for a in sorted(shown) if a in articles},
        "dates": sorted(x for x in used_dates if x),
        "communities": [{"name": short_label(h.nodes[c[0]]).replace("\n", " "), "full": h.nodes[c[0]]["label"],
                         "size": len(c)} for c in comms],
    }
    net.options = {
        "nodes": {"font": {"size": 14, "face": FONT, "color": "#1a1a1a", "strokeWidth": 4,
                           "strokeColor": "#ffffff"},
                  "scaling": {"label": {"drawThreshold": 9, "maxVisible": 34}}},
        "edges": {"smooth": False, "arrows": {"to": {"scaleFactor": 0.5}}, "selectionWidth": 2,
                  "font": {"face": FONT, "size": 11}},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "multiselect": True,
                        "hideEdgesOnDrag": len(h) > 1000},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -150, "springLength": 120, "avoidOverlap": 1,
                                         "centralGravity": 0.01},
                    "stabilization": {"enabled": True, "iterations": 250, "updateInterval": 25}},
    }
    return net


def _safe_json(value) -> str:
    """JSON for a <script> block: no '<', '>' or '&' that could close it or open markup."""
    return (json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_page(net, title: str, summary: str) -> str:
    """The page: our template with vis-network inlined; data as escaped JSON, text as text."""
    import html

    import pyvis
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    vis = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html"]))
    template = env.get_template("network_page.html")
    legend = [{"type": t, "colour": c, "shape": s} for t, (c, s) in TYPE_STYLE.items()]
    page = getattr(net, "page", {})
    return template.render(
        title=title, summary=summary,
        vis_js=(vis / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(vis / "vis-network.css").read_text(encoding="utf-8"),
        data_json=_safe_json({"nodes": net.nodes, "edges": net.edges, "options": net.options,
                              "legend": legend, "predicates": PREDICATE_COLOUR, **page}),
        escape=html.escape,
    )


def _is_whole(f: Filters) -> bool:
    return not (f.focus or f.types or f.articles or f.topics or f.min_weight > 1)


def write_network_page(store, path: Path, filters: Filters | None = None, title: str | None = None,
                       files=None) -> dict:
    """Write a network page (all of the graph, or what `filters` keep); return what it shows.
    With `files` (store.StagedFiles), the page is staged with them rather than renamed at once.
    Filters that keep no actor stop with an error, and no page is written."""
    from .store import _write

    f = filters or Filters()
    g = to_networkx(store, background=True)
    h, left_out = select(g, store, f)
    if not len(h) and not _is_whole(f):
        raise PeacegraphError(f"no actor to show ({f.describe()}); no page written")
    net = build_pyvis(h, f)
    kinds = defaultdict(int)
    for e in net.edges:
        kinds[e["kind"]] += 1
    linked = sum(1 for n in net.nodes if n["linked"])
    counts = {"nodes": h.number_of_nodes(), "edges": kinds[ARTICLE], "background": kinds[BACKGROUND],
              "linked": linked, "left_out": left_out, "communities": len(net.page["communities"])}
    summary = (f"{counts['nodes']} actors ({linked} linked by articles), {counts['edges']} links read from "
               f"articles, {counts['background']} background facts; {f.describe()}."
               + (f" {left_out} less central actors left out (--max-nodes {f.max_nodes})." if left_out else ""))
    page = render_page(net, title or "peacegraph: actors of peace operations", summary)
    _write(Path(path), lambda out: out.write(page.encode("utf-8")), files)
    return counts


# ---------------------------------------------------------------------------- analytics


def stats(store, top: int = 10) -> dict:
    """Counts by type, the most central actors, communities and the most supported links."""
    import networkx as nx
    from networkx.algorithms import community

    g = to_networkx(store)
    label = {n: d["label"] for n, d in g.nodes(data=True)}
    by_type: dict[str, int] = defaultdict(int)
    for _, d in g.nodes(data=True):
        by_type[d["type"]] += 1
    u = nx.Graph()
    u.add_nodes_from(g)
    u.add_edges_from((s, o) for s, o in g.edges())
    degree = sorted(((label[n], d) for n, d in u.degree()), key=lambda x: (-x[1], x[0]))[:top]
    pr = centrality(g)
    pagerank = sorted(((label[n], round(v, 4)) for n, v in pr.items()), key=lambda x: (-x[1], x[0]))[:top]
    bc = nx.betweenness_centrality(u) if len(u) else {}
    between = sorted(((label[n], round(v, 4)) for n, v in bc.items()), key=lambda x: (-x[1], x[0]))[:top]
    comms = community.louvain_communities(u, seed=7) if u.number_of_edges() else []
    comms = sorted((sorted(c, key=lambda n: -pr.get(n, 0)) for c in comms if len(c) > 1), key=len, reverse=True)
    links = sorted(((label[s], d["predicate"], label[o], d["weight"]) for s, o, d in g.edges(data=True)),
                   key=lambda x: (-x[3], x[0], x[1], x[2]))[:top]
    return {
        "actors": g.number_of_nodes(), "links": g.number_of_edges(), "by_type": dict(sorted(by_type.items())),
        "degree": degree, "pagerank": pagerank, "betweenness": between,
        "communities": [[label[n] for n in c[:8]] + ([f"… {len(c) - 8} more"] if len(c) > 8 else [])
                        for c in comms[:top]],
        "links_most_supported": links,
    }


def paths(store, a: str, b: str, limit: int = 3) -> list[list[dict]]:
    """The shortest chains between two actors, each step with its predicate and evidence."""
    import networkx as nx

    g = to_networkx(store)
    s, t = resolve_actor_in_store(store, a), resolve_actor_in_store(store, b)
    if s not in g or t not in g:  # an actor with no link read from an article
        return []
    u = nx.MultiGraph(g)
    try:
        found = []
        for p in nx.all_shortest_paths(u, s, t):
            found.append(p)
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    out = []
    for p in found:
        steps = []
        for x, y in zip(p, p[1:]):
            d = next(iter((g.get_edge_data(x, y) or {}).values()), None)
            forward = d is not None
            d = d or next(iter(g.get_edge_data(y, x).values()))
            steps.append({"from": g.nodes[x]["label"], "to": g.nodes[y]["label"], "predicate": d["predicate"],
                          "forward": forward, "evidence": d["evidence"][0] if d["evidence"] else None})
        out.append(steps)
    return out


def export_graph(store, path: Path, fmt: str) -> list[Path]:
    """The actor network for Gephi (GraphML, GEXF) or spreadsheets (nodes.csv and edges.csv)."""
    import csv
    import io

    import networkx as nx

    from .store import StagedFiles, atomic_write

    g = to_networkx(store)
    pr = centrality(g)
    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, label=d["label"], type=d["type"], aliases="|".join(d["aliases"]),
                      articles="|".join(d["articles"]), article_count=len(d["articles"]),
                      pagerank=round(pr.get(n, 0.0), 6))
    for s, o, k, d in g.edges(keys=True, data=True):
        flat.add_edge(s, o, key=k, predicate=d["predicate"], weight=d["weight"],
                      evidence=" | ".join(e[0] for e in d["evidence"][:3]),
                      articles="|".join(sorted({e[1] for e in d["evidence"]})))
    path = Path(path)
    if fmt in ("graphml", "gexf"):
        writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
        atomic_write(path, lambda out: writer(flat, out))
        return [path]
    if fmt != "csv":
        raise PeacegraphError(f"unknown network format {fmt!r}")
    nodes_path = path.with_name(path.stem + "-nodes.csv") if path.suffix else path / "nodes.csv"
    edges_path = path.with_name(path.stem + "-edges.csv") if path.suffix else path / "edges.csv"

    def table(rows, fields):
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
        return buf.getvalue().encode("utf-8")

    node_rows = [{"id": n, **d} for n, d in flat.nodes(data=True)]
    edge_rows = [{"source": s, "target": o, **d} for s, o, d in flat.edges(data=True)]
    nodes = table(node_rows, ["id", "label", "type", "aliases", "articles", "article_count", "pagerank"])
    edges = table(edge_rows, ["source", "target", "predicate", "weight", "evidence", "articles"])
    with StagedFiles() as files:  # both files, or neither
        files.write(nodes_path, lambda out: out.write(nodes))
        files.write(edges_path, lambda out: out.write(edges))
    return [nodes_path, edges_path]
