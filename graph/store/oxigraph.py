"""The default store: Oxigraph, embedded and persistent in a folder on disk (pyoxigraph)."""

from __future__ import annotations

import os
import re
import time
import weakref
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Literal, URIRef

from ..errors import PeacegraphError, StoreLocked
from ..sparql import Result, check_query, engine_syntax_error, with_values
from ..vocab import PREFIXES
from .base import (
    BULK,
    FORKED_READS,
    OX_TERMS,
    RDF_FORMATS,
    StagedFiles,
    Transaction,
    _write,
    give_back_memory,
    long_quad,
    replace_update,
    split_long_lines,
)


def _rdflib(term):
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return _literal(term.value, term.language, None)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:  # RDF 1.1: a simple literal is an xsd:string
            return _literal(term.value, None, None)
        if datatype == _XSD_DATE and _DATE.fullmatch(term.value):
            try:
                return _literal(term.value, None, _datatype(datatype), date.fromisoformat(term.value))
            except ValueError:  # not a day of the calendar: the constructor says it is ill-typed
                pass
        return Literal(term.value, datatype=_datatype(datatype))
    return None


def _literal(lexical: str, language: str | None, datatype: URIRef | None, value=None) -> Literal:
    """The Literal that rdflib's constructor makes of a string, a language-tagged string or a
    canonical xsd:date, made without it: the constructor tries to parse and normalise every
    lexical form, 4–15 µs a literal, most of the conversion of a table of titles and dates.
    (tests/test_query.py checks that both give the same literals.)"""
    inst = str.__new__(Literal, lexical)
    inst._language = language
    inst._datatype = datatype
    inst._value = lexical if value is None else value
    inst._ill_typed = None if datatype is None else False
    return inst


@lru_cache(maxsize=64)
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # a date without a time zone, as articles have


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
    capabilities = frozenset({BULK, FORKED_READS, OX_TERMS})

    def __init__(self, path: str | Path, read_only: bool = False):
        import pyoxigraph as ox

        self.path = Path(path)
        self.spec = str(self.path)
        self.read_only = read_only
        self._lock = None
        self._compaction = None  # a thread compacting the store after a bulk write (see compact_soon)
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
        # a store dropped without close() lets go of its lock file, and so of the lock, when it is
        # collected: so does the registry
        weakref.finalize(self, _HELD_LOCKS.discard, key)

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
        triples, long = split_long_lines(triples)  # (a term too long for the parser: see base.LONG_LINE)
        self.db.load(triples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        self.db.extend(long_quad(line, graph) for line in long)

    def transaction(self, large: bool = False, whole: bool = False):
        """A context in which to replace and drop graphs, applied all at once at its end (with
        `whole`, the graphs it writes are all the store keeps)."""
        return BulkSwap(self, whole) if large else Transaction(self, whole)

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
        """Run a SPARQL query with the standard prefixes bound and parameters bound to RDF terms
        (checked first: read-only, no SERVICE)."""
        check_query(sparql)
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
            # every quad's triple, graph after graph, as the store's index gives them: a CONSTRUCT of
            # the union held the triples it had written to leave out the next ones that repeat them
            # (at 1,000 articles 2.0-2.3 s and 231 MB, against 1.6 s and 68 MB; a 50 MB article's
            # store 38 s and 744 MB against 31 s and 227 MB)
            def write(tmp):
                quads = self.db.quads_for_pattern(None, None, None, None)
                ox.serialize((q.triple for q in quads), tmp, rdf_format, prefixes=prefixes)
        _write(path, write, files, by_path=True)

    def flush(self) -> None:
        if not self.read_only:
            self.db.flush()

    def compact_soon(self) -> None:
        """Compact the store (what bulk loads wrote: queries then run a third faster) in a thread,
        while this process goes on reading and writing it (the summary, the exports): the
        compaction lets go of the interpreter lock and takes the core they leave idle. `close()`
        waits for it."""
        import threading

        def compact() -> None:
            try:
                self.db.optimize()
            except Exception as e:  # noqa: BLE001 - raised again where the store is closed
                failed.append(e)

        failed: list[Exception] = []
        thread = threading.Thread(target=compact, name="peacegraph-compaction")
        self._compaction = (thread, failed)
        thread.start()

    def _compacted(self) -> None:
        """Wait for a compaction started by compact_soon; raise its error, if any."""
        if self._compaction is not None:
            thread, failed = self._compaction
            thread.join()
            self._compaction = None
            if failed:
                raise PeacegraphError(f"{self.path}: compacting the store failed: {failed[0]}")

    def close(self) -> None:
        if hasattr(self, "db"):
            try:
                self._compacted()
            finally:
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
        st._compacted()  # (a compaction of the previous bulk write, in this process)
        self.next_path, self.spool = st._sibling("next"), st._sibling("spool")
        for p in (self.next_path, self.spool):
            shutil.rmtree(p, ignore_errors=True)
        self.spool.mkdir()
        # a copy of the store to write into (hard links: instant, and no extra space); for a whole
        # write, an empty store: the old graphs would all be dropped, a transaction each (a 5 MB
        # article's graph: 8 s and 0.4 GB)
        if not self.whole and next(iter(st.db.named_graphs()), None) is not None:
            st.db.flush()
            st.db.backup(str(self.next_path))
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
            # lenient: the IRIs are not checked again. peacegraph wrote every line of the spool
            # from IRIs it minted (Ids checks the base) and terms it escaped; checking each of
            # them cost a quarter of the load (callgrind: 6.61 G instructions strict, 4.84 G lenient)
            self.db.bulk_load(path=str(chunk), format=ox.RdfFormat.N_QUADS, lenient=True)
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
                give_back_memory()  # (what the loader's threads freed: before a long text is copied in)
                for long in sorted(self.spool.glob("*.long")):  # lines the parser cannot take (spool_graph)
                    with open(long, "rb") as f:  # (as bytes: a byte a character, and the line held
                        while f.peek(1):        # by long_quad alone, which lets go of it once read)
                            self.db.add(long_quad(f.readline()))
                    long.unlink()
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
        st.compact_soon()  # what the bulk loads wrote, while the build goes on


# bytes: the bulk loader's memory grows with the size of what it loads at once (a build of 1,000
# real-text articles peaked at 430-470 MB with chunks of 48 MB, 295 MB with 16, in the same time;
# 10,000 synthetic articles 979 MB and 119 s against 914 MB and 110 s)
SPOOL_CHUNK = 16 * 2**20


def spool_literal(spool: Path, graph: str, subject: str, predicate: str, pieces: Iterable[str]) -> None:
    """A triple of `graph` whose object is a plain literal too long to hold twice (a long article's
    text), written to a long line of the spool a piece at a time: `subject` and `predicate` in
    N-Triples syntax, `pieces` the literal's escaped content in order (encode.text_line)."""
    with open(Path(spool) / f"{os.getpid()}-{time.time_ns()}.long", "wb") as f:
        f.write(f'{subject} {predicate} "'.encode())
        for piece in pieces:
            f.write(piece.encode("utf-8"))
        f.write(f'" <{graph}> .\n'.encode())


def spool_graph(spool: Path, graph: str, triples: str) -> None:
    """Append a graph's triples, as N-Quads, to this process's open chunk of a bulk write's spool;
    a chunk grown past SPOOL_CHUNK is closed and the next graph starts another. A line too long
    for the bulk loader's parser (an article's text of millions of characters, base.LONG_LINE) goes
    to a file of its own, `<pid>-<time>.long`, which BulkSwap gives the store as terms."""
    triples, long = split_long_lines(triples)
    if long:
        with open(Path(spool) / f"{os.getpid()}-{time.time_ns()}.long", "wb") as f:
            for line in long:
                end = line.rindex(" .")
                f.write(f"{line[:end]} <{graph}> .\n".encode())
    part = Path(spool) / f"{os.getpid()}.part"
    with open(part, "ab") as f:
        f.write(triples.replace(" .\n", f" <{graph}> .\n").encode("utf-8"))
        size = f.tell()
    if size >= SPOOL_CHUNK:
        part.rename(part.with_name(f"{os.getpid()}-{time.time_ns()}.nq"))
