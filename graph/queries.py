"""SPARQL for analysts: saved questions, prefixes bound, parameters bound as RDF terms, read-only,
limits on time and size, and the W3C result formats.

A saved query is a `.rq` file in data/queries/ whose comment header says what it is:

    # title: Missions and where they are deployed
    # description: Every mission, the states it is deployed in, and how many articles say so.
    # param: mission actor "MONUSCO"     name, kind (actor|iri|class|topic|literal|integer), default

Parameters are SPARQL variables (`?mission`) bound to RDF terms by a VALUES block that the RDF
library writes from the terms, at the start of every SELECT that carries them: never the user's
text pasted into the query.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import PeacegraphError, QueryTimeout, ResultTooLarge
from .names import resolve_actor, resolve_class, resolve_term, resolve_topic
from .sparql import Result, check_query, prologue, values_block, with_values, with_values_in_subqueries  # noqa: F401
from .vocab import PREFIXES

RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle")
MAX_ROWS = 100_000  # a result larger than this is refused: ask for fewer with LIMIT or --limit
DEFAULT_TIMEOUT = 30.0
PARAM_KINDS = ("actor", "iri", "class", "topic", "literal", "integer")


@dataclass
class Param:
    name: str
    kind: str
    default: str | None = None


@dataclass
class SavedQuery:
    name: str
    title: str
    description: str
    params: list[Param]
    text: str
    path: Path


# ---------------------------------------------------------------------------- saved queries


def load_saved(folder: Path) -> dict[str, SavedQuery]:
    """Every saved query of a folder, by name (the file's stem)."""
    out = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        meta: dict[str, str] = {}
        params = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.startswith("#"):
                break
            key, _, value = line.lstrip("# ").partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "param":
                m = re.match(r"(\w+)\s+(\w+)(?:\s+\"([^\"]*)\")?\s*$", value)
                if not m or m.group(2) not in PARAM_KINDS:
                    raise PeacegraphError(f"{path}:{n}: a param line reads: name kind \"default\" "
                                          f"(kind one of {', '.join(PARAM_KINDS)})")
                params.append(Param(m.group(1), m.group(2), m.group(3)))
            elif key in ("title", "description"):
                meta[key] = (meta.get(key, "") + " " + value).strip()
        if "title" not in meta:
            raise PeacegraphError(f"{path}:1: a saved query starts with a '# title:' line")
        out[path.stem] = SavedQuery(path.stem, meta["title"], meta.get("description", ""), params, text, path)
    return out


# ---------------------------------------------------------------------------- parameters


def bind_params(saved: SavedQuery | None, given: dict[str, str], store) -> dict:
    """Parameter values as rdflib terms, checked against what the saved query declares."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    declared = {p.name: p for p in saved.params} if saved else {}
    if saved:
        unknown = set(given) - set(declared)
        if unknown:
            names = ", ".join(declared) or "none"
            raise PeacegraphError(f"unknown parameter(s) {', '.join(sorted(unknown))} for query "
                                  f"'{saved.name}' (its parameters: {names})")
    values = {p.name: p.default for p in declared.values() if p.default is not None}
    values.update(given)
    out = {}
    for name, value in values.items():
        kind = declared[name].kind if name in declared else ("iri" if re.match(r"^\w+:", value) else "literal")
        if kind == "actor":
            out[name] = URIRef(resolve_actor(store, value))
        elif kind == "class":
            out[name] = URIRef(resolve_class(store, value))
        elif kind == "topic":
            out[name] = URIRef(resolve_topic(store, value))
        elif kind == "iri":
            out[name] = URIRef(resolve_term(store, value))
        elif kind == "integer":
            if not re.fullmatch(r"-?\d+", value):
                raise PeacegraphError(f"parameter {name} must be an integer, got {value!r}")
            out[name] = Literal(int(value), datatype=XSD.integer)
        else:
            out[name] = Literal(value)
    return out


resolve_actor_iri = resolve_actor  # (its name before graph/names.py)
resolve_topic_iri = resolve_topic


# ---------------------------------------------------------------------------- running


def run(store, sparql: str, bindings: dict | None = None, limit: int | None = None,
        max_rows: int = MAX_ROWS) -> Result:
    """Run a read-only query on a store; `limit` keeps the first rows, `max_rows` refuses more."""
    check_query(sparql)
    result = store.query(sparql, bindings or {}, (limit or max_rows) + 1)
    if result.kind == "select":
        if limit is not None and len(result.rows) > limit:
            result.rows, result.truncated = result.rows[:limit], True
        elif len(result.rows) > max_rows:
            raise ResultTooLarge(f"the query returns more than {max_rows:,} rows; "
                                 "ask for fewer with LIMIT or --limit")
    elif result.kind == "graph" and len(result.triples) > max_rows:
        raise ResultTooLarge(f"the query returns more than {max_rows:,} triples; ask for fewer with LIMIT")
    return result


# ---------------------------------------------------------------------------- formatting


def _cell(term) -> str:
    if term is None:
        return ""
    s = str(term)
    for prefix, ns in PREFIXES.items():
        short = prefix in ("pg", "topic", "skos", "rdf", "rdfs")
        if short and s.startswith(ns) and re.fullmatch(r"[\w.-]+", s[len(ns):]):
            return f"{prefix}:{s[len(ns):]}"
    return s


def format_result(result: Result, fmt: str) -> str:
    """The result in one of RESULT_FORMATS (W3C SPARQL results formats, or Turtle for graphs)."""
    from rdflib import Graph
    from rdflib.plugins.sparql.results.csvresults import CSVResultSerializer
    from rdflib.plugins.sparql.results.jsonresults import JSONResultSerializer
    from rdflib.plugins.sparql.results.xmlresults import XMLResultSerializer
    from rdflib.query import Result as RdflibResult

    if result.kind == "graph":
        if fmt not in ("turtle", "table"):
            raise PeacegraphError(f"a CONSTRUCT or DESCRIBE query gives RDF: use --format turtle, not {fmt}")
        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns)
        for t in result.triples:
            g.add(t)
        return g.serialize(format="turtle")
    if fmt == "turtle":
        raise PeacegraphError("--format turtle is for CONSTRUCT and DESCRIBE queries")
    if fmt == "table":
        return _table(result)
    from rdflib import Variable

    r = RdflibResult("ASK" if result.kind == "ask" else "SELECT")
    if result.kind == "ask":
        r.askAnswer = bool(result.boolean)
    else:
        r.vars = [Variable(v) for v in result.variables]
        r.bindings = [{Variable(k): v for k, v in row.items()} for row in result.rows]
    if fmt == "tsv":
        return _tsv(result)
    buf = io.BytesIO() if fmt == "xml" else io.StringIO()
    serializer = {"json": JSONResultSerializer, "xml": XMLResultSerializer, "csv": CSVResultSerializer}[fmt](r)
    serializer.serialize(buf, encoding="utf-8") if fmt == "xml" else serializer.serialize(buf)
    value = buf.getvalue()
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: variables with '?', terms in their N-Triples form."""
    if result.kind == "ask":
        return "?_askResult\n" + ("true" if result.boolean else "false") + "\n"
    lines = ["\t".join("?" + v for v in result.variables)]
    for row in result.rows:
        lines.append("\t".join(row[v].n3() if row.get(v) is not None else "" for v in result.variables))
    return "\n".join(lines) + "\n"


def _table(result: Result) -> str:
    if result.kind == "ask":
        return "yes" if result.boolean else "no"
    cols = result.variables
    rows = [[_cell(r.get(c)).replace("\n", " ") for c in cols] for r in result.rows]
    widths = [min(max([len(c)] + [len(r[i]) for r in rows]), 70) for i, c in enumerate(cols)]
    def line(cells):
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(cols), line(["─" * w for w in widths])] + [line(r) for r in rows]
    n = len(result.rows)
    out.append(f"({n} row{'s' if n != 1 else ''}{', more left out by --limit' if result.truncated else ''})")
    return "\n".join(out)


__all__ = ["SavedQuery", "Result", "load_saved", "bind_params", "run", "format_result", "RESULT_FORMATS"]


def _child(conn, spec: str, sparql: str, bindings: dict, limit, max_rows: int) -> None:
    from .store import open_store

    try:
        store = open_store(spec, read_only=True)
        conn.send(("ok", run(store, sparql, bindings, limit, max_rows)))
    except PeacegraphError as e:
        conn.send(("error", e))  # its kind travels with it
    except Exception as e:  # reported by the parent in one line
        conn.send(("error", f"{type(e).__name__}: {e}"))
    finally:
        conn.close()


def run_with_timeout(store, sparql: str, bindings: dict | None = None, limit: int | None = None,
                     timeout: float | None = DEFAULT_TIMEOUT, max_rows: int = MAX_ROWS) -> Result:
    """Run a query, stopping it after `timeout` seconds. On an on-disk store the query runs in a
    child process that is killed when time is up (an engine can't be interrupted from Python)."""
    import multiprocessing as mp

    check_query(sparql)
    from .store import FORKED_READS

    if not timeout or FORKED_READS not in store.capabilities:
        return run(store, sparql, bindings, limit, max_rows)
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, store.spec, sparql, bindings or {}, limit, max_rows), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise QueryTimeout(f"the query was stopped after {timeout:g} s; narrow it or raise --timeout")
        status, value = parent.recv()
    except EOFError:
        raise PeacegraphError("the query process ended without an answer (out of memory?)") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
        parent.close()
    if status == "error":
        raise value if isinstance(value, PeacegraphError) else PeacegraphError(value)
    return value


def card(store, name: str) -> str:
    """A readable card of an actor: names, type, facts with their sources, articles that name it."""
    from rdflib import URIRef

    iri = URIRef(resolve_actor(store, name))
    b = {"a": iri}
    head = run(store, """SELECT DISTINCT ?a ?label ?type ?origin WHERE {
        { SELECT DISTINCT ?a ?label WHERE { ?a rdfs:label ?label } }
        { SELECT DISTINCT ?a ?type WHERE { ?a a ?type FILTER(STRSTARTS(STR(?type), STR(pg:))) } }
        OPTIONAL { ?a pg:origin ?origin } }""", b)
    names = run(store, """SELECT DISTINCT ?a ?n WHERE { { ?a skos:altLabel ?n } UNION { ?a pg:acronym ?n } }""", b)
    facts = run(store, """SELECT DISTINCT ?a ?dir ?p ?otherLabel ?evidence ?title ?article ?g WHERE {
        { GRAPH ?g { ?g rdfs:label ?gl . ?a ?p ?other } ?p rdfs:subPropertyOf pg:relatedTo . BIND("→" AS ?dir) }
        UNION { GRAPH ?g { ?g rdfs:label ?gl . ?other ?p ?a } ?p rdfs:subPropertyOf pg:relatedTo .
                BIND("←" AS ?dir) }
        UNION { ?r rdf:subject ?a ; rdf:predicate ?p ; rdf:object ?other ; pg:evidence ?evidence ;
                   prov:wasDerivedFrom ?article . BIND("→" AS ?dir) OPTIONAL { ?article dcterms:title ?title } }
        UNION { ?r rdf:object ?a ; rdf:predicate ?p ; rdf:subject ?other ; pg:evidence ?evidence ;
                   prov:wasDerivedFrom ?article . BIND("←" AS ?dir) OPTIONAL { ?article dcterms:title ?title } }
        ?other rdfs:label ?otherLabel . }""", b)
    arts = run(store, """SELECT DISTINCT ?a ?article ?id ?date ?title WHERE {
        ?article pg:mentions ?a ; dcterms:identifier ?id .
        OPTIONAL { ?article dcterms:date ?date } OPTIONAL { ?article dcterms:title ?title } }""", b)
    if not head.rows:
        raise PeacegraphError(f"{name!r}: no actor with that IRI in the graph")
    h = head.rows[0]
    lines = [f"{h['label']}  ({str(h['type']).split('#')[-1]}, {h.get('origin', 'reference')})", f"  {iri}"]
    aliases = sorted({str(r["n"]) for r in names.rows} - {str(h["label"])})
    if aliases:
        lines.append("  also: " + ", ".join(aliases))
    ref = [r for r in facts.rows if r.get("article") is None]
    read = [r for r in facts.rows if r.get("article") is not None]
    if ref:
        lines.append("\nBACKGROUND (reference data and curation)")
        for r in sorted(ref, key=lambda r: (str(r["p"]), str(r["otherLabel"]))):
            lines.append(f"  {r['dir']} {str(r['p']).split('#')[-1]} {r['otherLabel']}")
    if read:
        lines.append("\nREAD IN ARTICLES")
        for r in sorted(read, key=lambda r: (str(r["p"]), str(r["otherLabel"]), str(r["article"]))):
            source = r.get("title") or str(r["article"]).rsplit("/", 1)[-1]
            lines.append(f"  {r['dir']} {str(r['p']).split('#')[-1]} {r['otherLabel']}")
            lines.append(f"      “{r['evidence']}” ({source})")
    lines.append(f"\nMENTIONED IN {len(arts.rows)} ARTICLE(S)")
    for r in sorted(arts.rows, key=lambda r: (str(r.get("date", "")), str(r["id"]))):
        lines.append(f"  {r.get('date', '—')}  {r.get('title') or r['id']}")
    return "\n".join(lines)
