"""RDF → networkx → a self-contained, safe pyvis page; and the analytics behind it.

The network: a node per actor that some article mentions, an edge per relation read from the
articles (all its evidence kept), weighted by the number of articles that support it. pyvis holds
the nodes, edges and options; our own template (graph/templates/network_page.html) renders them
with vis-network inlined from the pyvis package, so the page opens from disk with no network, and
every string from an article reaches the page as JSON data shown as text, never as HTML.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .model import PeacegraphError
from .names import resolve_actor as resolve_actor_in_store
from .vocab import PG

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
DEFAULT_MAX_NODES = 500

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


# ---------------------------------------------------------------------------- RDF → networkx


def to_networkx(store):
    """A networkx MultiDiGraph of the actors mentioned in articles and the relations read from them.

    Nodes: type, label, aliases, articles (ids) and titles. Edges (one per predicate and direction):
    predicate, weight (articles that support it), evidence [(sentence, article id)]."""
    import networkx as nx

    g = nx.MultiDiGraph()
    # (rows as plain strings, `store.values`: hundreds of thousands of them on a large graph)
    titles = {art: (aid, title or aid) for art, aid, title in store.values(f"""
        SELECT ?art ?id ?title WHERE {{ ?art a <{PG.Article}> ; <{DCT}identifier> ?id .
                                       OPTIONAL {{ ?art <{DCT}title> ?title }} }}""")}
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
    for a, alias in store.values(f"""
        SELECT DISTINCT ?a ?alias WHERE {{ {{ ?a <{SKOS}altLabel> ?alias }} UNION {{ ?a <{PG.acronym}> ?alias }} }}"""):
        if a in info:
            aliases[a].add(alias)
    for a, d in info.items():
        arts = sorted(mentioned[a])
        g.add_node(a, type=d["type"], label=d["label"], aliases=sorted(aliases[a] - {d["label"]}),
                   articles=[titles.get(x, (x, x))[0] for x in arts],
                   titles=[titles.get(x, (x, x))[1] for x in arts])
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
            g.add_edge(s, o, key=p, predicate=p, weight=len(e["articles"]), evidence=sorted(set(e["evidence"])))
    return g


def centrality(g) -> dict[str, float]:
    """PageRank over the undirected actor graph, links weighted by the articles that support them."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_nodes_from(g)
    for s, o, d in g.edges(data=True):
        w = simple.get_edge_data(s, o, {}).get("weight", 0)
        simple.add_edge(s, o, weight=w + d["weight"])
    return nx.pagerank(simple, weight="weight")


def resolve_actor(g, name: str) -> str:
    """The node an analyst means: an IRI, a label, an alias or an acronym (case-blind)."""
    if name in g:
        return name
    wanted = name.casefold().strip()
    for n, d in g.nodes(data=True):
        if d["label"].casefold() == wanted or wanted in (a.casefold() for a in d["aliases"]):
            return n
    matches = [n for n, d in g.nodes(data=True) if wanted in d["label"].casefold()]
    if len(matches) == 1:
        return matches[0]
    hint = f" (did you mean {', '.join(sorted(g.nodes[m]['label'] for m in matches)[:5])}?)" if matches else ""
    raise PeacegraphError(f"no actor named {name!r} in the graph{hint}")


def select(g, store, f: Filters):
    """The subgraph a view shows, and how many actors were left out by --max-nodes."""
    import networkx as nx

    h = g
    if f.articles or f.topics:
        keep_articles = set(f.articles)
        if f.topics:
            wanted = {t.casefold() for t in f.topics}
            for r in store.select(f"""
                SELECT ?id ?notation ?label WHERE {{ ?art <{PG.topic}> ?t ; <{DCT}identifier> ?id .
                  ?t <{SKOS}notation> ?notation ; <{SKOS}prefLabel> ?label }}"""):
                if str(r["notation"]).casefold() in wanted or str(r["label"]).casefold() in wanted:
                    keep_articles.add(str(r["id"]))
        h = h.subgraph([n for n, d in h.nodes(data=True) if keep_articles & set(d["articles"])]).copy()
        for s, o, k, d in list(h.edges(keys=True, data=True)):
            ev = [e for e in d["evidence"] if e[1] in keep_articles]
            if not ev:
                h.remove_edge(s, o, k)
            else:
                d["evidence"], d["weight"] = ev, len({e[1] for e in ev})
    if f.types:
        unknown = set(f.types) - set(TYPE_STYLE)
        if unknown:
            raise PeacegraphError(
                f"unknown actor type(s) {', '.join(sorted(unknown))} (one of {', '.join(TYPE_STYLE)})")
        h = h.subgraph([n for n, d in h.nodes(data=True) if d["type"] in f.types]).copy()
    if f.min_weight > 1:
        h = h.copy()
        h.remove_edges_from([(s, o, k) for s, o, k, d in h.edges(keys=True, data=True)
                             if d["weight"] < f.min_weight])
        h.remove_nodes_from([n for n in list(h) if h.degree(n) == 0])
    if f.focus:
        centre = resolve_actor_in_store(store, f.focus)
        if centre not in h:
            raise PeacegraphError(f"{f.focus!r} is not among the actors these filters keep")
        ego = nx.ego_graph(h.to_undirected(as_view=True), centre, radius=f.depth)
        h = h.subgraph(ego.nodes).copy()
    left_out = 0
    if len(h) > f.max_nodes:
        rank = centrality(h)
        keep = sorted(h, key=lambda n: (-rank.get(n, 0), n))[: f.max_nodes]
        left_out = len(h) - len(keep)
        h = h.subgraph(keep).copy()
    return h, left_out


# ---------------------------------------------------------------------------- the page


def _tooltip_node(d: dict) -> str:
    lines = [f"{d['label']} ({d['type']})"]
    if d["aliases"]:
        lines.append("Also: " + ", ".join(d["aliases"][:8]))
    lines.append(f"Mentioned in {len(d['articles'])} article(s):")
    lines += [f"  • {t}" for t in d["titles"][:8]]
    if len(d["titles"]) > 8:
        lines.append(f"  … and {len(d['titles']) - 8} more")
    return "\n".join(lines)


def _tooltip_edge(g, s: str, o: str, d: dict) -> str:
    lines = [f"{g.nodes[s]['label']} —{d['predicate']}→ {g.nodes[o]['label']}",
             f"Supported by {d['weight']} article(s):"]
    for sentence, article in d["evidence"][:5]:
        text = sentence if len(sentence) <= 240 else sentence[:237] + "…"
        lines.append(f"“{text}” ({article})")
    if len(d["evidence"]) > 5:
        lines.append(f"… and {len(d['evidence']) - 5} more")
    return "\n".join(lines)


def build_pyvis(h, f: Filters):
    """A pyvis Network holding the view's nodes, edges and options (lists filled directly)."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True)
    rank = centrality(h)
    top = max(rank.values(), default=1.0) or 1.0
    positions = {}
    if f.layout == "fixed" and len(h):
        import networkx as nx

        positions = nx.spring_layout(h.to_undirected(as_view=True), seed=7, k=None, iterations=50)
    for n, d in h.nodes(data=True):
        colour, shape = TYPE_STYLE.get(d["type"], ("#999999", "dot"))
        node = {"id": n, "label": d["label"] if len(d["label"]) <= 40 else d["label"][:38] + "…",
                "title": _tooltip_node(d), "group": d["type"], "color": colour, "shape": shape,
                "size": round(8 + 32 * (rank.get(n, 0) / top) ** 0.5, 1), "type": d["type"],
                "fullLabel": d["label"], "aliases": d["aliases"]}
        if positions:
            x, y = positions[n]
            node.update(x=round(float(x) * 1000, 1), y=round(float(y) * 1000, 1))
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    for s, o, d in h.edges(data=True):
        net.edges.append({"from": s, "to": o, "label": d["predicate"], "title": _tooltip_edge(h, s, o, d),
                          "color": PREDICATE_COLOUR.get(d["predicate"], "#999999"),
                          "width": min(1 + 1.5 * (d["weight"] - 1) + 1, 10), "arrows": "to",
                          "predicate": d["predicate"]})
    options = {
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "font": {"size": 10, "align": "middle", "color": "#555555"},
                  "arrows": {"to": {"scaleFactor": 0.5}}},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "physics": {"enabled": f.layout != "fixed", "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
                    "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 25}},
    }
    net.options = options
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
    return template.render(
        title=title, summary=summary,
        vis_js=(vis / "vis-network.min.js").read_text(encoding="utf-8"),
        vis_css=(vis / "vis-network.css").read_text(encoding="utf-8"),
        data_json=_safe_json({"nodes": net.nodes, "edges": net.edges, "options": net.options,
                              "legend": legend, "predicates": PREDICATE_COLOUR}),
        escape=html.escape,
    )


def write_network_page(store, path: Path, filters: Filters | None = None, title: str | None = None,
                       files=None) -> dict:
    """Write a network page (all of the graph, or what `filters` keep); return what it shows.
    With `files` (store.StagedFiles), the page is staged with them rather than renamed at once."""
    from .store import _write

    f = filters or Filters()
    g = to_networkx(store)
    h, left_out = select(g, store, f)
    net = build_pyvis(h, f)
    counts = {"nodes": h.number_of_nodes(), "edges": h.number_of_edges(), "left_out": left_out}
    summary = (f"{counts['nodes']} actors and {counts['edges']} links; {f.describe()}."
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
