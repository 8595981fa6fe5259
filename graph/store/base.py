"""What every store is: the `Store` protocol, the transaction that gathers a build's graphs, and
files written whole (exports staged beside their targets and renamed together)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable

from ..errors import PeacegraphError
from ..sparql import Result

# export format name → (pyoxigraph RdfFormat attribute, rdflib format, keeps named graphs)
RDF_FORMATS = {
    "turtle": ("TURTLE", "turtle", False),
    "trig": ("TRIG", "trig", True),
    "nt": ("N_TRIPLES", "nt", False),
    "nquads": ("N_QUADS", "nquads", True),
    "jsonld": ("JSON_LD", "json-ld", True),
    "xml": ("RDF_XML", "xml", False),
}

# What a backend can do beyond the protocol, in `Store.capabilities`:
BULK = "bulk"  # transaction(large=True) loads in bulk beside the store and swaps it in
OX_TERMS = "oxigraph-terms"  # gives every term back as an in-memory pyoxigraph store does (canonical numbers
#                              and dates, lower-case language tags): exports can be made without reading it back
FORKED_READS = "forked-reads"  # a forked child may open its own read-only view (open_store(store.spec)):
#                                 a query can then be stopped by killing its process


@runtime_checkable
class Store(Protocol):
    """A store of named graphs. Terms cross this interface as rdflib terms; graphs are written as
    N-Triples text, replaced or dropped whole, all at once at the end of a transaction."""

    name: str  # the backend's name in store.BACKENDS
    spec: str  # what open_store() opens it again from
    capabilities: frozenset[str]
    read_only: bool

    def transaction(self, large: bool = False, whole: bool = False) -> Transaction: ...
    def apply(self, graphs: dict[str, str], dropped: Iterable[str]) -> None: ...
    def replace_graphs(self, graphs: dict[str, str]) -> None: ...
    def drop_graphs(self, graphs: Iterable[str]) -> None: ...
    def rewrite_graph(self, graph: str, triples: str) -> None: ...
    def graph_names(self) -> list[str]: ...
    def quads(self, graph: str | None = None) -> Iterator[tuple]: ...
    def __len__(self) -> int: ...
    def select(self, sparql: str) -> list[dict[str, object]]: ...
    def values(self, sparql: str) -> list[tuple[str | None, ...]]: ...
    def query(self, sparql: str, bindings: dict | None = None, max_rows: int | None = None) -> Result: ...
    def dump(self, path: Path, fmt: str, files: StagedFiles | None = None) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


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

    def staged(self, path: Path) -> str:
        """The temporary file that `path` was written to (renamed into place at commit)."""
        for tmp, target in self.pending:
            if target == Path(path):
                return tmp
        raise KeyError(path)

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


def _write(path: Path, write, files: StagedFiles | None, by_path: bool = False) -> None:
    """Stage the file among `files` (renamed with the others), or write it alone."""
    if files is None:
        atomic_write(path, write, by_path)
    else:
        files.write(path, write, by_path)


def union_as_turtle(trig: str | Path, target: str | Path, store: Store | None = None) -> None:
    """The union of a TriG file's graphs as Turtle, streaming. (Made from the dump of a store
    rather than by querying the store again: parsing the file costs a quarter of reading every
    quad back from Oxigraph's indexes.) A triple held by several graphs may be written more than
    once; it is still one triple of the graph that parsing gives. A file with a term too long for
    Oxigraph's parser (PARSER_LIMIT) is not read: the union is then `store`'s own dump."""
    import pyoxigraph as ox

    from ..vocab import PREFIXES

    quads = ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
    try:
        ox.serialize((q.triple for q in quads), str(target), ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    except MemoryError as e:
        if not too_long(e):
            raise
        if store is None:
            raise PeacegraphError(f"{trig}: holds a term over {PARSER_LIMIT // 2**20} MiB, which Oxigraph's "
                                  "parser cannot read") from None
        store.dump(Path(target), "turtle")  # (written whole in its place: atomic_write)


# Oxigraph's parsers (N-Triples, N-Quads, Turtle, TriG, and so its bulk loader) read no term over
# 16 MiB ("Reached the buffer maximal size of 16777216"), where its store, its SPARQL updates and
# its serialisers take any length: an article's text (nif:isString) can be longer. A line of
# N-Triples or N-Quads of LONG_LINE characters or more may hold such a term (a character is up to
# 4 bytes): it goes to the store as pyoxigraph terms (long_quad), not through a parser.
PARSER_LIMIT = 2**24
LONG_LINE = PARSER_LIMIT // 4


def give_back_memory() -> None:
    """Hand the memory that native code has freed back to the system (where the C library keeps
    it for reuse: glibc holds what a thread frees in that thread's arena, and the bulk loader's
    threads left 124 MB so after a 15 MB article's load). Nothing where there is no malloc_trim."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def too_long(e: BaseException) -> bool:
    """Whether pyoxigraph's error is its parser meeting a term over PARSER_LIMIT."""
    return isinstance(e, MemoryError) and "buffer maximal size" in str(e)


def split_long_lines(text: str) -> tuple[str, list[str]]:
    """N-Triples or N-Quads text without its lines of LONG_LINE characters or more, and those lines.
    (In C but for one step of about LONG_LINE characters at a time: the search for a newline in
    each window.)"""
    n = len(text)
    if n < LONG_LINE:
        return text, []
    kept, long, start, pos = [], [], 0, 0
    while n - pos >= LONG_LINE:
        nl = text.rfind("\n", pos, pos + LONG_LINE)
        if nl >= 0:  # the lines up to it are all shorter than the window
            pos = nl + 1
            continue
        end = text.find("\n", pos)
        end = n if end < 0 else end + 1
        kept.append(text[start:pos])
        long.append(text[pos:end])
        start = pos = end
    if not long:
        return text, []
    kept.append(text[start:])
    return "".join(kept), long


def long_quad(line: str | bytes, graph: str | None = None):
    """One line of N-Triples or N-Quads whose object is a long literal, as a pyoxigraph Quad (in
    `graph` when given, else in the line's own graph): the line is parsed with the literal left
    empty, the literal unescaped here. A line read as UTF-8 bytes is unescaped as bytes and decoded
    once: a 50 MB article's text costs half the memory it costs unescaped as a string (a string
    of curly quotes and dashes holds two bytes a character)."""
    import pyoxigraph as ox

    quote = b'"' if isinstance(line, bytes) else '"'
    first, last = line.index(quote), line.rindex(quote)  # (IRIs and blank nodes hold no '"')
    head = line[: first + 1] + line[last:]
    (q,) = ox.parse(head if isinstance(head, bytes) else head.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    inside = line[first + 1: last]
    del line  # (given as `long_quad(f.readline())`, the line is let go here)
    value = unescape(inside)
    del inside
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    lit = q.object
    obj = ox.Literal(value, language=lit.language) if lit.language else ox.Literal(value, datatype=lit.datatype)
    return ox.Quad(q.subject, q.predicate, obj, ox.NamedNode(graph) if graph else q.graph_name)


_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf"\'\\]))')
_BYTES_ECHAR = {k.encode(): v.encode() for k, v in _ECHAR.items()}
_BYTES_ESCAPE = re.compile(_ESCAPE.pattern.encode())


def unescape(s: str | bytes) -> str | bytes:
    """The inside of an N-Triples string literal as the string it stands for (as UTF-8 bytes, when
    given bytes)."""
    raw = isinstance(s, bytes)
    slash, echar = (b"\\", _BYTES_ECHAR) if raw else ("\\", _ECHAR)
    if slash not in s:
        return s
    if (b"\\u" in s or b"\\U" in s) if raw else ("\\u" in s or "\\U" in s):
        def code(m: re.Match) -> str | bytes:
            if m[3]:
                return echar[m[3]]
            char = chr(int(m[1] or m[2], 16))
            return char.encode("utf-8") if raw else char

        return (_BYTES_ESCAPE if raw else _ESCAPE).sub(code, s)
    # with the escaped backslashes cut out, every backslash left begins an escape (escapes are read
    # left to right, and only that one ends in a backslash): replace, in C, over 50 MB
    parts = s.split(slash + slash)
    for i, p in enumerate(parts):
        if slash in p:
            for c, v in echar.items():
                if slash + c in p:
                    p = p.replace(slash + c, v)
            parts[i] = p
    return slash.join(parts)


def replace_update(graphs: dict[str, str], drop: Iterable[str] = ()) -> str:
    """One SPARQL UPDATE that drops each graph and fills it with its triples (N-Triples text)."""
    ops = [f"DROP SILENT GRAPH <{g}>" for g in drop]
    for g, triples in graphs.items():
        ops.append(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{triples}}} }}")
    return " ;\n".join(ops)


class Transaction:
    """Graph replacements gathered by a build and applied at once when the `with` block ends
    without an error (nothing is applied when it ends with one). A `whole` one holds every graph
    the store is to keep: any other the store holds is dropped."""

    def __init__(self, store, whole: bool = False):
        self.store = store
        self.whole = whole
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
            if self.whole:
                self.dropped += [g for g in self.store.graph_names() if g not in self.graphs]
            self.store.apply(self.graphs, self.dropped)
