"""RDF → networkx → a self-contained pyvis page.

The graph of actors: a node per actor mentioned in some article, an edge per relation read from
the articles, weighted by the number of articles that support it.
"""

from __future__ import annotations

from pathlib import Path

from .vocab import PG

TYPE_STYLE = {  # colour, shape
    "Government": ("#1f77b4", "dot"),
    "GovernmentBody": ("#6baed6", "dot"),
    "Mission": ("#d62728", "star"),
    "Agency": ("#ff7f0e", "diamond"),
    "Programme": ("#2ca02c", "square"),
    "Organisation": ("#9467bd", "triangle"),
    "ArmedGroup": ("#8c564b", "triangleDown"),
    "Person": ("#e377c2", "dot"),
}


def to_networkx(store):
    """A networkx MultiDiGraph of the actors and the relations read from articles."""
    import networkx as nx

    g = nx.MultiDiGraph()
    rows = store.select(f"""
        SELECT ?a ?label ?type (COUNT(DISTINCT ?art) AS ?articles) WHERE {{
          ?art <{PG.mentions}> ?a .
          ?a a ?type ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
          FILTER(STRSTARTS(STR(?type), "{PG}"))
        }} GROUP BY ?a ?label ?type""")
    for r in rows:
        g.add_node(str(r["a"]), label=str(r["label"]), type=str(r["type"]).split("#")[-1],
                   articles=int(r["articles"]))
    rows = store.select(f"""
        SELECT ?s ?p ?o (COUNT(DISTINCT ?art) AS ?n) (SAMPLE(?ev) AS ?evidence) WHERE {{
          ?r a <{PG.RelationStatement}> ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
             <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
             <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
             <{PG.evidence}> ?ev ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?art .
        }} GROUP BY ?s ?p ?o""")
    for r in rows:
        s, o = str(r["s"]), str(r["o"])
        if s in g and o in g:
            g.add_edge(s, o, predicate=str(r["p"]).split("#")[-1], weight=int(r["n"]),
                       evidence=str(r["evidence"]))
    return g


def write_network_page(store, path: Path) -> None:
    """Write the network page: one HTML file, no external resources, every text escaped."""
    from pyvis.network import Network

    from .store import atomic_write

    g = to_networkx(store)
    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        colour, shape = TYPE_STYLE.get(d["type"], ("#999999", "dot"))
        net.add_node(n, label=d["label"], title=f"{d['label']} ({d['type']}), {d['articles']} article(s)",
                     color=colour, shape=shape, size=10 + 4 * d["articles"])
    for s, o, d in g.edges(data=True):
        net.add_edge(s, o, title=f"{d['predicate']}: {d['evidence']}", label=d["predicate"],
                     width=d["weight"])
    page = net.generate_html(notebook=False)
    atomic_write(path, lambda f: f.write(page.encode("utf-8")))
