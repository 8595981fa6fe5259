"""Any standard triplestore, through the SPARQL 1.1 Protocol and the Graph Store Protocol."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from ..errors import PeacegraphError
from ..sparql import Result, check_query, prologue, with_values
from ..vocab import PREFIXES
from .base import RDF_FORMATS, StagedFiles, Transaction, _write, long_quad, replace_update, split_long_lines, too_long

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class RemoteStore:
    """Any standard triplestore, through the SPARQL 1.1 Protocol (query, update) and the Graph Store
    Protocol. The default endpoints are Oxigraph server's (<url>/query, <url>/update, <url>/store);
    others are set with PEACEGRAPH_QUERY_ENDPOINT, PEACEGRAPH_UPDATE_ENDPOINT and
    PEACEGRAPH_GSP_ENDPOINT (e.g. Fuseki's <dataset>/sparql, <dataset>/update, <dataset>/data), or
    in the configuration file (config.py)'s `query`, `update` and `graph-store`.
    Queries read the default graph as the union of the named graphs: configure the server so
    (oxigraph serve --union-default-graph; Fuseki tdb2:unionDefaultGraph true)."""

    name = "remote"
    capabilities = frozenset()

    def __init__(self, url: str, timeout: float = 300.0, query: str | None = None, update: str | None = None,
                 graph_store: str | None = None):
        base = url.rstrip("/")
        self.url = base
        self.spec = base
        self.query_url = os.environ.get("PEACEGRAPH_QUERY_ENDPOINT") or query or base + "/query"
        self.update_url = os.environ.get("PEACEGRAPH_UPDATE_ENDPOINT") or update or base + "/update"
        self.gsp_url = os.environ.get("PEACEGRAPH_GSP_ENDPOINT") or graph_store or base + "/store"
        self.timeout = timeout
        self.read_only = False
        self.select("ASK { }")  # fail now, with a clear message, if the store is down

    def _request(self, url: str, data: bytes | None, headers: dict[str, str], method: str = "POST") -> bytes:
        import urllib.error
        import urllib.request

        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip().splitlines()
            said = body[0][:300] if body else e.reason
            raise PeacegraphError(f"{url}: the store answered {e.code}: {said}") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise PeacegraphError(f"{url}: the store is down or unreachable ({reason})") from None

    def _update(self, sparql: str) -> None:
        self._request(self.update_url, sparql.encode("utf-8"),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        """Drop and refill the graphs in one UPDATE request: one transaction on the server, and
        safe to send again after a dropped connection (no duplicates)."""
        if graphs:
            self._update(replace_update(graphs))

    def apply(self, graphs: dict[str, str], dropped: Iterable[str]) -> None:
        """Requests of a few megabytes each, every one a transaction that can be sent again."""
        batch: dict[str, str] = {}
        size = 0
        for g, triples in graphs.items():
            batch[g] = triples
            size += len(triples)
            if size > 8_000_000:
                self.replace_graphs(batch)
                batch, size = {}, 0
        self.replace_graphs(batch)
        self.drop_graphs(dropped)

    def transaction(self, large: bool = False, whole: bool = False):
        return Transaction(self, whole)

    def rewrite_graph(self, graph: str, triples: str) -> None:
        self.replace_graphs({graph: triples})

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        ops = [f"DROP SILENT GRAPH <{g}>" for g in graphs]
        if ops:
            self._update(" ;\n".join(ops))

    def _results(self, sparql: str) -> dict:
        import json

        raw = self._request(self.query_url, (prologue() + sparql).encode("utf-8"), {
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json"})
        return json.loads(raw)

    def select(self, sparql: str) -> list[dict[str, object]]:
        data = self._results(sparql)
        return [{k: _from_json(v) for k, v in b.items()} for b in data.get("results", {}).get("bindings", [])]

    def values(self, sparql: str) -> list[tuple[str | None, ...]]:
        data = self._results(sparql)
        names = data["head"]["vars"]
        return [tuple(b[n]["value"] if n in b else None for n in names)
                for b in data.get("results", {}).get("bindings", [])]

    def graph_names(self) -> list[str]:
        return sorted(str(r["g"]) for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"))

    def quads(self, graph: str | None = None):
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }} BIND(<{graph}> AS ?g)" if graph else "GRAPH ?g { ?s ?p ?o }"
        for r in self.select(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}"):
            yield r["s"], r["p"], r["o"], r["g"]

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"]) if rows else 0

    def query(self, sparql: str, bindings: dict | None = None, max_rows: int | None = None):
        """Run a query on the server, parameters bound by a VALUES block of RDF terms (checked
        first: read-only, no SERVICE, which the server would follow)."""
        check_query(sparql)
        data = self._results(with_values(sparql, bindings or {}))
        if "boolean" in data:
            return Result("ask", boolean=bool(data["boolean"]))
        if "head" in data and "vars" in data["head"]:
            rows = [{k: _from_json(v) for k, v in b.items()} for b in data["results"]["bindings"][:max_rows]]
            return Result("select", variables=data["head"]["vars"], rows=rows)
        raise PeacegraphError(f"{self.query_url}: CONSTRUCT and DESCRIBE over a remote store: use `export`")

    def dump(self, path: Path, fmt: str, files: StagedFiles | None = None) -> None:
        """Fetch the dataset (Graph Store Protocol, N-Quads) and write it in the wanted format."""
        import pyoxigraph as ox

        raw = self._request(self.gsp_url, None, {"Accept": "application/n-quads"}, method="GET")
        try:
            quads = list(ox.parse(raw, format=ox.RdfFormat.N_QUADS))
        except MemoryError as e:  # a term too long for Oxigraph's parser: its lines are read here
            if not too_long(e):
                raise
            rest, long = split_long_lines(raw.decode("utf-8"))
            quads = list(ox.parse(rest.encode("utf-8"), format=ox.RdfFormat.N_QUADS)) + [long_quad(x) for x in long]
        ox_fmt, _, keeps_graphs = RDF_FORMATS[fmt]
        rdf_format = getattr(ox.RdfFormat, ox_fmt)
        items = quads if keeps_graphs else list(dict.fromkeys(q.triple for q in quads))
        prefixes = None if fmt in ("nt", "nquads") else PREFIXES
        _write(path, lambda f: ox.serialize(items, f, rdf_format, prefixes=prefixes), files)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def _from_json(v: dict):
    """A term of the SPARQL JSON results format as an rdflib term."""
    if v["type"] == "uri":
        return URIRef(v["value"])
    if v["type"] == "bnode":
        return BNode(v["value"])
    if "xml:lang" in v:
        return Literal(v["value"], lang=v["xml:lang"])
    dt = v.get("datatype")
    return Literal(v["value"], datatype=URIRef(dt)) if dt and dt != _XSD_STRING else Literal(v["value"])
