"""The TriG and Turtle exports of a build, made from the graphs as the build writes them.

Reading every quad back from the store costs more than anything else in the exports (Oxigraph
looks each long IRI up in its index: 1.8 s of CPU for 300,000 quads, against 0.3 s to write the
same graphs as Turtle as they are made). So each graph a build writes is also written as a block
of Turtle, by the worker that encodes it, into a folder of its own beside the exports. When the
build has written every graph the store holds (a first build, `--force`, new reference data), the
exports are those blocks put together: the TriG wraps each in its graph, the Turtle (the union of
the graphs) is the blocks one after the other. Otherwise (unchanged articles stay in the store as
they were), or for a store that does not give terms back as Oxigraph does (store.OX_TERMS), the
exports are dumped from the store. Both hold the same quads.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .vocab import PREFIXES


def header() -> str:
    """The @prefix lines that open both files."""
    return "".join(f"@prefix {name}: <{ns}> .\n" for name, ns in PREFIXES.items())


def turtle_body(triples: str) -> str:
    """A graph's N-Triples as Turtle statements (prefixed names, one subject's triples together),
    without the @prefix lines (the files have them once), and each term as Oxigraph's store gives
    it back: the graph goes through an in-memory Oxigraph store, which encodes terms as the one on
    disk does ("1.0"^^xsd:decimal is "1", an xsd:nonNegativeInteger an xsd:integer, a language
    tag lower-cased)."""
    import pyoxigraph as ox

    graph = ox.Store()
    # (a transaction: for a graph of a few hundred triples the bulk loader's set-up cost more than
    # the load, 0.8-0.9 ms a graph against 0.65; lenient: peacegraph's own IRIs, see BulkSwap)
    graph.load(triples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    out = graph.dump(format=ox.RdfFormat.TURTLE, prefixes=PREFIXES, from_graph=ox.DefaultGraph()).decode("utf-8")
    if not out:
        return ""
    # the serialiser opens with one @prefix line for each prefix (in an order of its own)
    lines = out.split("\n", len(PREFIXES))
    if len(lines) <= len(PREFIXES) or not all(line.startswith("@prefix ") for line in lines[:-1]):
        raise AssertionError("pyoxigraph's Turtle did not open with its @prefix lines")
    return lines[-1]


class GraphBlocks:
    """A folder of Turtle blocks, one per graph written: each process appends to files of its own
    (`<pid>.ttl`, `<pid>.trig`), so worker processes write theirs without sending them back."""

    def __init__(self, exports: Path):
        exports.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".graph-blocks-", dir=exports))
        self.graphs: set[str] = set()  # the graphs written, as the parent records them

    def add(self, graph: str, triples: str) -> None:
        """Write one graph's block (in any process) and record it (meaningful in the parent)."""
        append_block(self.folder, graph, triples)
        self.graphs.add(graph)

    def write(self, ttl: Path, trig: Path, files) -> None:
        """The two exports, staged among `files` (store.StagedFiles)."""
        top = header().encode("utf-8")
        own = str(os.getpid())
        for target, suffix in ((ttl, ".ttl"), (trig, ".trig")):
            # this process's blocks (the reference, curated, vocabulary and summary graphs) first
            parts = sorted(self.folder.glob(f"*{suffix}"), key=lambda p: (p.stem != own, p.name))

            def write(f, parts=parts) -> None:
                f.write(top)
                for part in parts:
                    with open(part, "rb") as src:
                        shutil.copyfileobj(src, f, 2**20)

            files.write(target, write)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def append_block(folder: Path, graph: str, triples: str) -> None:
    """Append a graph's Turtle block to this process's files in `folder`: as it is to the Turtle,
    wrapped in its graph to the TriG."""
    body = turtle_body(triples)
    pid = os.getpid()
    with open(Path(folder) / f"{pid}.ttl", "a", encoding="utf-8") as f:
        f.write(body)
    with open(Path(folder) / f"{pid}.trig", "a", encoding="utf-8") as f:
        f.write(f"<{graph}> {{\n{body}}}\n")
