"""Open, write and read the store. The only package that knows which store is behind: one module
per backend, each speaking the `Store` protocol (base.py), and a table from name to backend.

- `oxigraph`: the default, embedded and persistent (pyoxigraph on disk);
- `memory`: rdflib's in-memory Dataset (`--store memory`), nothing kept after the process;
- `remote`: any standard triplestore over the SPARQL 1.1 Protocol (`--store http://…`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .base import (  # noqa: F401 - the package's interface
    BULK,
    FORKED_READS,
    LONG_LINE,
    OX_TERMS,
    PARSER_LIMIT,
    RDF_FORMATS,
    StagedFiles,
    Store,
    Transaction,
    _write,
    atomic_write,
    long_quad,
    replace_update,
    split_long_lines,
    too_long,
    unescape,
    union_as_turtle,
)
from .memory import MemoryStore
from .oxigraph import SPOOL_CHUNK, BulkSwap, OxigraphStore, spool_graph, spool_literal  # noqa: F401
from .remote import RemoteStore


def _is_url(spec: str) -> bool:
    return spec.startswith(("http://", "https://"))


# name → (does a spec name this backend?, open it from the spec, read_only and the configuration)
BACKENDS = {
    "memory": (lambda spec: spec == "memory", lambda spec, read_only, config: MemoryStore()),
    "remote": (_is_url, lambda spec, read_only, config: RemoteStore(
        spec, timeout=config.timeout or 300.0, query=config.query, update=config.update,
        graph_store=config.graph_store)),
    "oxigraph": (lambda spec: True, lambda spec, read_only, config: OxigraphStore(spec, read_only=read_only)),
}


def open_store(spec: str | Path | None = None, read_only: bool = False, config=None) -> Store:
    """A store by its spec: 'memory', an http(s) URL (a remote triplestore), or a folder path.
    Without one: PEACEGRAPH_STORE, else the configuration file's `location` (`config`, by default
    read as config.load_config does), else exports/store."""
    from ..config import DEFAULT_STORE, load_config

    config = config if config is not None else load_config()
    spec = str(spec or os.environ.get("PEACEGRAPH_STORE") or config.location or DEFAULT_STORE)
    for _name, (names, opener) in BACKENDS.items():  # the first whose test the spec passes
        if names(spec):
            return opener(spec, read_only, config)
    raise AssertionError("the last backend takes any spec")
