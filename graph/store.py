"""Open, write and read the store. The only module that knows which store is behind.

- `OxigraphStore`: the default, embedded and persistent (pyoxigraph on disk);
- `MemoryStore`: rdflib's in-memory Dataset (`--store memory`), nothing kept after the process.

Both speak the same small interface: replace or drop named graphs atomically, list graphs,
query with SPARQL, dump to a file. Terms cross this interface as rdflib terms.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from .errors import PeacegraphError, StoreLocked
from .sparql import PARSING, Result, engine_syntax_error, prologue, with_values, with_values_in_subqueries
from .vocab import PREFIXES

DEFAULT_STORE = Path("exports") / "store"

# export format name → (pyoxigraph RdfFormat attribute, rdflib format, keeps named graphs)
RDF_FORMATS = {
    "turtle": ("TURTLE", "turtle", False),
    "trig": ("TRIG", "trig", True),
    "nt": ("N_TRIPLES", "nt", False),
    "nquads": ("N_QUADS", "nquads", True),
    "jsonld": ("JSON_LD", "json-ld", True),
    "xml": ("RDF_XML", "xml", False),
}
SUFFIX = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nquads": ".nq", "jsonld": ".jsonld", "xml": ".rdf"}


class StagedFiles:
    """Files written through temporary files in their own folders and renamed into place together
    when every one of them is complete: a failure (a full disk, a read-only folder) leaves every
    previous file whole, and no temporary file behind."""

    def __init__(self):
        self.pending: list[tuple[str, Path]] = []
        self.reserved: dict[Path, str] = {}

    def reserve(self, paths: Iterable[Path]) -> StagedFiles:
        """Make the temporary files now, before the work whose results they will hold: a folder
        that cannot be written is found before anything else is changed."""
        for path in map(Path, paths):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            except OSError as e:
                self.abort()
                raise PeacegraphError(f"{path}: cannot write: {e.strerror or e}") from None
            os.close(fd)
            self.pending.append((tmp, path))
            self.reserved[path] = tmp
        return self

    def write(self, path: Path, write, by_path: bool = False) -> None:
        """`write` is given the open binary file, or with `by_path` the temporary file's path (for
        serialisers that write files themselves, without holding Python's interpreter lock)."""
        path = Path(path)
        try:
            if path in self.reserved:
                tmp = self.reserved.pop(path)
                fd = os.open(tmp, os.O_RDWR | os.O_TRUNC)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
                self.pending.append((tmp, path))
        except OSError as e:
            raise PeacegraphError(f"{path}: cannot write: {e.strerror or e}") from None
        try:
            with os.fdopen(fd, "r+b") as f:
                if by_path:
                    write(tmp)
                else:
                    write(f)
                    f.flush()
                os.fsync(f.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes files private; exports are for sharing
        except OSError as e:
            raise PeacegraphError(f"{path}: cannot write: {e.strerror or e}") from None

    def commit(self) -> None:
        try:
            for tmp, path in self.pending:
                os.replace(tmp, path)
        except OSError as e:
            raise PeacegraphError(f"{path}: cannot write: {e.strerror or e}") from None
        finally:
            self.abort()

    def abort(self) -> None:
        for tmp, _ in self.pending:
            Path(tmp).unlink(missing_ok=True)
        self.pending = []
        self.reserved = {}

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def atomic_write(path: Path, write, by_path: bool = False) -> None:
    """Write one file through a temporary file and a rename: never a half-written file."""
    with StagedFiles() as files:
        files.write(path, write, by_path)


# ---------------------------------------------------------------------------- Oxigraph


def replace_update(graphs: dict[str, str], drop: Iterable[str] = ()) -> str:
    """One SPARQL UPDATE that drops each graph and fills it with its triples (N-Triples text)."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in drop]
    for g, triples in graphs.items():
        ops.append(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{triples}}} }}")
    return " ;\n".join(ops)


class Transaction:
    """Graph replacements gathered by a build and applied at once when the `with` block ends
    without an error (nothing is applied when it ends with one)."""

    def __init__(self, store):
        self.store = store
        self.graphs: dict[str, str] = {}
        self.dropped: list[str] = []

    def replace(self, graph: str, triples: str) -> None:
        self.graphs[graph] = triples

    def drop(self, graph: str) -> None:
        self.dropped.append(graph)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is None:
            self.store.apply(self.graphs, self.dropped)


def _rdflib(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=_datatype(datatype))
    return None


@lru_cache(maxsize=64)
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


READ_ONLY_ATTEMPTS = 12
_HELD_LOCKS: set[str] = set()  # the store locks this process holds


def _moved_under_us(e: Exception) -> bool:
    """Whether an error of a read-only view comes from a writer that changed the files under it."""
    msg = str(e)
    return "No such file" in msg or "Corruption" in msg or "may be corrupted" in msg


class OxigraphStore:
    """The default store: Oxigraph, persistent in a folder on disk.

    One writer at a time (a lock file beside the folder), any number of readers. Small writes are
    one SPARQL UPDATE, one transaction. A large write (a build of many articles) goes to a copy of
    the store made with hard links (`<store>.next`), loaded with Oxigraph's bulk loader, and then
    takes the place of the store by renaming folders: a build killed at any point leaves either the
    previous store or the new one, and the next opening finishes or undoes an interrupted swap.
    """

    name = "oxigraph"

    def __init__(self, path: str | Path, read_only: bool = False):
        import pyoxigraph as ox

        self.path = Path(path)
        self.read_only = read_only
        self._lock = None
        if self.path.exists() and not self.path.is_dir():
            raise PeacegraphError(f"{self.path}: not a store (a file, not a folder)")
        if self.path.is_dir() and any(self.path.iterdir()) and not (self.path / "CURRENT").exists():
            raise PeacegraphError(f"{self.path}: not a store (a folder without an Oxigraph database)")
        try:
            if read_only:
                self.db = self._open_read_only()
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._take_lock()
                self._recover()
                self.db = ox.Store(str(self.path))
        except (OSError, RuntimeError) as e:
            self._release_lock()
            msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            if "lock" in msg.lower():
                raise StoreLocked(f"{self.path}: store is in use by another peacegraph process") from None
            raise PeacegraphError(f"{self.path}: cannot open store: {msg}") from None

    def _sibling(self, suffix: str) -> Path:
        return self.path.with_name(f"{self.path.name}.{suffix}")

    def _open_read_only(self):
        """A read-only view of the store as its last complete write left it. A writer in another
        process may meanwhile compact it (deleting files that the manifest just read still names)
        or swap its folder: the view is then opened again, on the newer state, for up to ~4 s."""
        import pyoxigraph as ox

        delay = 0.01
        for attempt in range(READ_ONLY_ATTEMPTS):
            where = self.path if self.path.exists() else self._sibling("old")
            if not where.exists() and not self._sibling("next").exists():
                raise PeacegraphError(f"{self.path}: no store yet; run `peacegraph build` first")
            try:
                return ox.Store.read_only(str(where))
            except (OSError, RuntimeError) as e:
                if attempt == READ_ONLY_ATTEMPTS - 1 or not _moved_under_us(e):
                    raise
            time.sleep(delay)
            delay = min(2 * delay, 0.5)
        raise AssertionError("unreachable")

    def _reading(self, read):
        """`read()` on the read-only view; if a writer deleted a file under it, once more on a
        view opened again."""
        for attempt in range(3):
            try:
                return read()
            except (OSError, RuntimeError) as e:
                if not self.read_only or attempt == 2 or not _moved_under_us(e):
                    raise PeacegraphError(f"{self.path}: query failed: {str(e).splitlines()[0]}") from None
            self.db = self._open_read_only()

    def _take_lock(self) -> None:
        import fcntl

        # a POSIX record lock: held by this process alone (worker processes forked from it do not
        # inherit it) and released by the system when the process dies, however it dies. It is
        # the process's, not the file's: closing any file of it would release it, so a second
        # writer in this same process is refused before it opens one.
        key = str(self._sibling("lock").resolve())
        if key in _HELD_LOCKS:
            raise StoreLocked(f"{self.path}: store is in use by another peacegraph process")
        self._lock = open(key, "a+")  # noqa: SIM115 - held for the store's lifetime
        try:
            fcntl.lockf(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._release_lock()
            raise StoreLocked(f"{self.path}: store is in use by another peacegraph process") from None
        _HELD_LOCKS.add(key)
        self._lock_key = key

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None
            _HELD_LOCKS.discard(getattr(self, "_lock_key", None))

    def _recover(self) -> None:
        """Finish a swap that a killed build had committed, or undo one it had not."""
        import shutil

        nxt, old, committed = self._sibling("next"), self._sibling("old"), self._sibling("committed")
        if committed.exists() and nxt.exists():
            if self.path.exists():
                self.path.rename(old)
            nxt.rename(self.path)
        committed.unlink(missing_ok=True)
        shutil.rmtree(nxt, ignore_errors=True)
        shutil.rmtree(self._sibling("spool"), ignore_errors=True)
        if not self.path.exists() and old.exists():
            old.rename(self.path)
        shutil.rmtree(old, ignore_errors=True)

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        """Drop each named graph and write its new triples (N-Triples text), in one transaction."""
        self.apply(graphs, [])

    def apply(self, graphs: dict[str, str], dropped: Iterable[str]) -> None:
        dropped = list(dropped)
        if graphs or dropped:
            self.db.update(replace_update(graphs, dropped))

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        self.apply({}, graphs)

    def rewrite_graph(self, graph: str, triples: str) -> None:
        """Replace a derived graph (the summary) that changes little from one build to the next:
        one transaction deletes the triples that went and inserts those that came. When most of it
        changed, the fast way instead: its removal and its loading are two transactions, so a
        reader in between sees it empty, but neither is ever half done."""
        import pyoxigraph as ox

        name = ox.NamedNode(graph)
        old = set(self.db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name).decode("utf-8").splitlines())
        new = set(triples.splitlines())
        gone, came = old - new, new - old
        if len(gone) + len(came) < len(new) // 2:
            self.db.update(f"DELETE DATA {{ GRAPH <{graph}> {{ {' '.join(gone)} }} }} ; "
                           f"INSERT DATA {{ GRAPH <{graph}> {{ {' '.join(came)} }} }}")
            return
        self.db.remove_graph(name)
        self.db.load(triples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=name)

    def transaction(self, large: bool = False):
        """A context in which to replace and drop graphs, applied all at once at its end."""
        return BulkSwap(self) if large else Transaction(self)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.db.named_graphs())

    def quads(self, graph: str | None = None):
        import pyoxigraph as ox

        g = ox.NamedNode(graph) if graph else None
        for q in self.db.quads_for_pattern(None, None, None, g):
            if isinstance(q.graph_name, ox.DefaultGraph):
                yield _rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object), None
            else:
                yield _rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object), URIRef(q.graph_name.value)

    def __len__(self) -> int:
        return len(self.db)

    def select(self, sparql: str) -> list[dict[str, object]]:
        """Rows of a SELECT query as {variable: rdflib term}."""
        def read():
            res = self.db.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            names = [v.value for v in res.variables]
            return [{n: _rdflib(row[n]) for n in names if row[n] is not None} for row in res]
        return self._reading(read)

    def values(self, sparql: str) -> list[tuple[str | None, ...]]:
        """Rows of a SELECT query as tuples of the terms' lexical values (IRIs and literals alike):
        for reading hundreds of thousands of rows, several times faster than `select`."""
        def read():
            res = self.db.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            return [tuple(None if t is None else t.value for t in row) for row in res]
        return self._reading(read)

    def query(self, sparql: str, bindings: dict | None = None, max_rows: int | None = None):
        """Run a SPARQL query with the standard prefixes bound and parameters bound to RDF terms."""
        text = with_values(sparql, bindings or {})
        try:
            return self._reading(lambda: self._query(text, max_rows))
        except SyntaxError as e:
            raise engine_syntax_error(str(e)) from None

    def _query(self, text: str, max_rows: int | None):
        import pyoxigraph as ox

        res = self.db.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(res, ox.QueryBoolean):
            return Result("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            rows = []
            # each distinct term made once: labels, IRIs and counts repeat down a table
            term = lru_cache(maxsize=None)(_rdflib)
            for row in res:
                rows.append({n: term(t) for n, t in zip(names, row) if t is not None})
                if max_rows is not None and len(rows) >= max_rows:
                    break
            return Result("select", variables=names, rows=rows)
        triples = []
        term = lru_cache(maxsize=None)(_rdflib)
        for t in res:
            triples.append((term(t.subject), term(t.predicate), term(t.object)))
            if max_rows is not None and len(triples) >= max_rows:
                break
        return Result("graph", triples=triples)

    def dump(self, path: Path, fmt: str, files: StagedFiles | None = None) -> None:
        """Serialise the whole dataset (or, for triple formats, the union of its graphs), streaming:
        memory stays flat whatever the size. A triple that several graphs hold may be written more
        than once in a triple format; it is still one triple of the graph that parsing gives."""
        import pyoxigraph as ox

        ox_fmt, _, quads = RDF_FORMATS[fmt]
        rdf_format = getattr(ox.RdfFormat, ox_fmt)
        prefixes = None if fmt in ("nt", "nquads") else PREFIXES
        if quads:
            def write(tmp):
                self.db.dump(tmp, rdf_format, prefixes=prefixes)
        else:
            def write(tmp):
                union = self.db.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
                ox.serialize(union, tmp, rdf_format, prefixes=prefixes)
        _write(path, write, files, by_path=True)

    def flush(self) -> None:
        if not self.read_only:
            self.db.flush()

    def close(self) -> None:
        if hasattr(self, "db"):
            self.flush()
            del self.db
        self._release_lock()


class BulkSwap(Transaction):
    """A large write: into a hard-linked copy of the store with the bulk loader, then a swap of
    folders (see OxigraphStore).

    Graphs go as N-Quads to a spool folder, which worker processes append to themselves
    (`spool_graph`), in chunks of about SPOOL_CHUNK bytes; at the end, the bulk loader takes the
    chunks one per core at a time, so that its memory stays that of a few chunks whatever the size
    of the build.
    (Loading while the workers extract was measured slower on two cores: they fight for them.)"""

    def __enter__(self):
        import shutil

        import pyoxigraph as ox

        st = self.store
        self.next_path, self.spool = st._sibling("next"), st._sibling("spool")
        for p in (self.next_path, self.spool):
            shutil.rmtree(p, ignore_errors=True)
        self.spool.mkdir()
        if next(iter(st.db.named_graphs()), None) is not None:
            st.db.flush()
            st.db.backup(str(self.next_path))  # hard links: instant, and no extra space
        self.db = ox.Store(str(self.next_path))
        return self

    def replace(self, graph: str, triples: str) -> None:
        self.drop(graph)
        spool_graph(self.spool, graph, triples)

    def drop(self, graph: str) -> None:
        import pyoxigraph as ox

        if self.db.contains_named_graph(ox.NamedNode(graph)):
            self.db.remove_graph(ox.NamedNode(graph))

    def _load(self, chunks: list[Path]) -> None:
        """Bulk-load the chunks, one thread per core: the loader parses on one core and lets go of
        the interpreter lock, so two loads at once take two cores (and twice one chunk's memory)."""
        from concurrent.futures import ThreadPoolExecutor

        import pyoxigraph as ox

        def load(chunk: Path) -> None:
            self.db.bulk_load(path=str(chunk), format=ox.RdfFormat.N_QUADS)
            chunk.unlink()

        with ThreadPoolExecutor(max(1, min(len(chunks), os.cpu_count() or 1))) as threads:
            for _ in threads.map(load, chunks):
                pass  # the first error is raised here

    def __exit__(self, kind, value, tb) -> None:
        import shutil

        import pyoxigraph as ox

        st = self.store
        try:
            if kind is None:
                for part in self.spool.glob("*.part"):  # every writer is done: its open chunk is complete
                    part.rename(part.with_suffix(".nq"))
                self._load(sorted(self.spool.glob("*.nq")))
                self.db.optimize()  # compacts what the bulk loads wrote: queries run a third faster
                self.db.flush()
        finally:
            del self.db
            shutil.rmtree(self.spool, ignore_errors=True)
        if kind is not None:
            shutil.rmtree(self.next_path, ignore_errors=True)
            return
        committed = st._sibling("committed")
        committed.touch()  # from here on, the new store is the store (see OxigraphStore._recover)
        st.db.flush()
        del st.db
        st._recover()
        st.db = ox.Store(str(st.path))


SPOOL_CHUNK = 48 * 2**20  # bytes: the bulk loader's memory grows with the size of what it loads at once


def spool_graph(spool: Path, graph: str, triples: str) -> None:
    """Append a graph's triples, as N-Quads, to this process's open chunk of a bulk write's spool;
    a chunk grown past SPOOL_CHUNK is closed and the next graph starts another."""
    part = Path(spool) / f"{os.getpid()}.part"
    with open(part, "ab") as f:
        f.write(triples.replace(" .\n", f" <{graph}> .\n").encode("utf-8"))
        size = f.tell()
    if size >= SPOOL_CHUNK:
        part.rename(part.with_name(f"{os.getpid()}-{time.time_ns()}.nq"))


# ---------------------------------------------------------------------------- rdflib in memory


class MemoryStore:
    """rdflib's in-memory Dataset: for small jobs and for comparison."""

    name = "memory"

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
            self.ds.graph(URIRef(g)).parse(data=triples, format="nt")

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        self.apply({}, graphs)

    def transaction(self, large: bool = False):
        return Transaction(self)

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
        initial bindings at the top level (which rdflib puts into the triple patterns)."""
        from rdflib.query import Result as RdflibResult

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


# ---------------------------------------------------------------------------- remote (SPARQL 1.1 Protocol)


class RemoteStore:
    """Any standard triplestore, through the SPARQL 1.1 Protocol (query, update) and the Graph Store
    Protocol. The default endpoints are Oxigraph server's (<url>/query, <url>/update, <url>/store);
    others are set with PEACEGRAPH_QUERY_ENDPOINT, PEACEGRAPH_UPDATE_ENDPOINT and
    PEACEGRAPH_GSP_ENDPOINT (e.g. Fuseki's <dataset>/sparql, <dataset>/update, <dataset>/data), or
    in the configuration file (config.py)'s `query`, `update` and `graph-store`.
    Queries read the default graph as the union of the named graphs: configure the server so
    (oxigraph serve --union-default-graph; Fuseki tdb2:unionDefaultGraph true)."""

    name = "remote"

    def __init__(self, url: str, timeout: float = 300.0, query: str | None = None, update: str | None = None,
                 graph_store: str | None = None):
        base = url.rstrip("/")
        self.url = base
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

    def transaction(self, large: bool = False):
        return Transaction(self)

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
        """Run a query on the server, parameters bound by a VALUES block of RDF terms."""
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
        quads = list(ox.parse(raw, format=ox.RdfFormat.N_QUADS))
        ox_fmt, _, keeps_graphs = RDF_FORMATS[fmt]
        rdf_format = getattr(ox.RdfFormat, ox_fmt)
        items = quads if keeps_graphs else list(dict.fromkeys(q.triple for q in quads))
        prefixes = None if fmt in ("nt", "nquads") else PREFIXES
        _write(path, lambda f: ox.serialize(items, f, rdf_format, prefixes=prefixes), files)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def _write(path: Path, write, files: StagedFiles | None, by_path: bool = False) -> None:
    """Stage the file among `files` (renamed with the others), or write it alone."""
    if files is None:
        atomic_write(path, write, by_path)
    else:
        files.write(path, write, by_path)


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


def open_store(spec: str | Path | None = None, read_only: bool = False, config=None):
    """A store by its spec: 'memory', an http(s) URL (a remote triplestore), or a folder path.
    Without one: PEACEGRAPH_STORE, else the configuration file's `location` (`config`, by default
    read as config.load_config does), else exports/store."""
    from .config import load_config

    config = config if config is not None else load_config()
    spec = spec or os.environ.get("PEACEGRAPH_STORE") or config.location or DEFAULT_STORE
    if str(spec) == "memory":
        return MemoryStore()
    if str(spec).startswith(("http://", "https://")):
        return RemoteStore(str(spec), timeout=config.timeout or 300.0, query=config.query, update=config.update,
                           graph_store=config.graph_store)
    return OxigraphStore(spec, read_only=read_only)
