"""rdflib's in-memory Dataset (`--store memory`): for small jobs and for comparison; nothing is kept
after the process."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import URIRef

from ..sparql import PARSING, Result, check_query, engine_syntax_error, with_values_in_subqueries
from ..vocab import PREFIXES
from .base import RDF_FORMATS, StagedFiles, Transaction, _write, long_quad, split_long_lines
from .oxigraph import _rdflib


class MemoryStore:
    """rdflib's in-memory Dataset: for small jobs and for comparison."""

    name = "memory"
    spec = "memory"
    capabilities: frozenset[str] = frozenset()
    read_only = False

    def __init__(self):
        from rdflib import Dataset

        self.ds = Dataset(default_union=True)
        for prefix, ns in PREFIXES.items():
            self.ds.bind(prefix, ns)

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        self.apply(graphs, [])

    def apply(self, graphs: dict[str, str], dropped: Iterable[str]) -> None:
        for g in dropped:
            self.ds.remove_graph(URIRef(g))
        for g, triples in graphs.items():
            self.ds.remove_graph(URIRef(g))
            # rdflib's N-Triples parser takes time in the square of a line's length: a line of an
            # article's text of millions of characters (base.LONG_LINE) is read here instead
            triples, long = split_long_lines(triples)
            graph = self.ds.graph(URIRef(g))
            graph.parse(data=triples, format="nt")
            for line in long:
                q = long_quad(line)
                graph.add((_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object)))

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        self.apply({}, graphs)

    def transaction(self, large: bool = False, whole: bool = False):
        return Transaction(self, whole)

    def rewrite_graph(self, graph: str, triples: str) -> None:
        self.replace_graphs({graph: triples})

    def graph_names(self) -> list[str]:
        return sorted(str(c.identifier) for c in self.ds.graphs() if len(c) and isinstance(c.identifier, URIRef)
                      and not str(c.identifier).startswith("urn:x-rdflib:"))

    def quads(self, graph: str | None = None):
        for s, p, o, g in self.ds.quads((None, None, None, URIRef(graph) if graph else None)):
            yield s, p, o, (g.identifier if hasattr(g, "identifier") else g)

    def __len__(self) -> int:
        return sum(1 for _ in self.ds.quads((None, None, None, None)))

    @staticmethod
    def _prepared(sparql: str):
        """The query parsed by rdflib, one thread at a time (its parser is not thread-safe)."""
        from rdflib.plugins.sparql import prepareQuery

        with PARSING:
            return prepareQuery(sparql, initNs=PREFIXES)

    def select(self, sparql: str) -> list[dict[str, object]]:
        res = self.ds.query(self._prepared(sparql))
        return [{str(k): v for k, v in row.asdict().items()} for row in res]

    def values(self, sparql: str) -> list[tuple[str | None, ...]]:
        return [tuple(None if t is None else str(t) for t in row) for row in self.ds.query(self._prepared(sparql))]

    def query(self, sparql: str, bindings: dict | None = None, max_rows: int | None = None):
        """Run a SPARQL query with rdflib, prefixes bound, parameters bound by VALUES in the
        subqueries that carry them (rdflib's initial bindings do not reach in there) and by
        initial bindings at the top level (which rdflib puts into the triple patterns). Checked
        first: read-only, no SERVICE."""
        from rdflib.query import Result as RdflibResult

        check_query(sparql)
        sparql, top = with_values_in_subqueries(sparql, bindings or {})
        try:
            res: RdflibResult = self.ds.query(self._prepared(sparql), initBindings=top)
        except Exception as e:  # pyparsing's ParseException says where: line and column
            if type(e).__name__ == "ParseException":
                raise engine_syntax_error(f"at line {e.lineno}, column {e.col}: {e.msg}") from None
            raise
        if res.type == "ASK":
            return Result("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            names = [str(v) for v in res.vars]
            rows = []
            for row in res:
                rows.append({n: row[n] for n in names if row[n] is not None})
                if max_rows is not None and len(rows) >= max_rows:
                    break
            return Result("select", variables=names, rows=rows)
        return Result("graph", triples=list(res)[: max_rows or None])

    def dump(self, path: Path, fmt: str, files: StagedFiles | None = None) -> None:
        from rdflib import Graph

        _, rdflib_fmt, quads = RDF_FORMATS[fmt]
        if quads:
            data = self.ds.serialize(format=rdflib_fmt, encoding="utf-8")
        else:
            g = Graph()
            for prefix, ns in PREFIXES.items():
                g.bind(prefix, ns)
            for s, p, o, _ in self.ds.quads((None, None, None, None)):
                g.add((s, p, o))
            data = g.serialize(format=rdflib_fmt, encoding="utf-8")
        _write(path, lambda f: f.write(data), files)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass
