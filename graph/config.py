"""The configuration file: where the store is, and the endpoints of a remote one.

`peacegraph.toml` in the current folder, or the file that `--config` or PEACEGRAPH_CONFIG names:

    [store]
    location = "http://127.0.0.1:7878"          # a folder, "memory", or a triplestore's URL
    query = "http://127.0.0.1:3030/ds/sparql"   # a remote store's endpoints, where they are not
    update = "http://127.0.0.1:3030/ds/update"  # Oxigraph server's <location>/query, /update
    graph-store = "http://127.0.0.1:3030/ds/data"  # and /store
    timeout = 300                               # seconds a request to it may take

The command line and the environment come first: `--store` (PEACEGRAPH_STORE) over `location`,
PEACEGRAPH_QUERY_ENDPOINT, PEACEGRAPH_UPDATE_ENDPOINT and PEACEGRAPH_GSP_ENDPOINT over the
endpoints. A folder given relatively is taken from the configuration file's folder.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .model import PeacegraphError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "peacegraph.toml"
DEFAULT_STORE = Path("exports") / "store"
_TEXT = ("location", "query", "update", "graph-store")


@dataclass(frozen=True)
class StoreConfig:
    location: str | None = None
    query: str | None = None
    update: str | None = None
    graph_store: str | None = None
    timeout: float | None = None


def load_config(path: str | Path | None = None) -> StoreConfig:
    """The store settings of `path`, else of the file PEACEGRAPH_CONFIG names, else of
    ./peacegraph.toml if there is one (else none)."""
    named = path or os.environ.get("PEACEGRAPH_CONFIG")
    if not named:
        if not Path(CONFIG_NAME).is_file():
            return StoreConfig()
        named = CONFIG_NAME
    file = Path(named)
    try:
        text = file.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise PeacegraphError(f"{file}: no such configuration file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise PeacegraphError(f"{file}: cannot read it ({e})") from None
    except tomllib.TOMLDecodeError as e:  # its message ends "(at line L, column C)"
        raise PeacegraphError(f"{file}: not valid TOML: {e}") from None

    def where(key: str) -> str:
        k = re.escape(key)
        m = re.search(rf"(?m)^\s*(?:(?:store\.)?\"?{k}\"?\s*=|\[+\s*{k}\s*[].])", text)  # `key =` or `[key]`
        return f"{file}, line {text.count(chr(10), 0, m.start()) + 1}" if m else str(file)

    for key in data:
        if key != "store":
            raise PeacegraphError(f"{where(key)}: unknown setting {key!r} (the settings go under [store])")
    store = data.get("store", {})
    if not isinstance(store, dict):
        raise PeacegraphError(f"{where('store')}: 'store' should be a table ([store])")
    for key, value in store.items():
        if key not in (*_TEXT, "timeout"):
            raise PeacegraphError(f"{where(key)}: unknown setting {key!r} in [store] "
                                  f"(known: {', '.join((*_TEXT, 'timeout'))})")
        if key in _TEXT and not (isinstance(value, str) and value.strip()):
            raise PeacegraphError(f"{where(key)}: {key} should be a non-empty string")
        if key == "timeout" and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
            raise PeacegraphError(f"{where(key)}: timeout should be a number of seconds above 0")
    for key in ("query", "update", "graph-store"):
        if key in store and not store[key].startswith(("http://", "https://")):
            raise PeacegraphError(f"{where(key)}: {key} should be an http(s) URL, not {store[key]!r}")
    location = store.get("location")
    if location and location != "memory" and not location.startswith(("http://", "https://")):
        location = str(file.parent / location)  # (an absolute one stays as it is)
    return StoreConfig(location=location, query=store.get("query"), update=store.get("update"),
                       graph_store=store.get("graph-store"), timeout=store.get("timeout"))


@dataclass(frozen=True)
class Settings:
    """Every setting a command uses, resolved once: the flag, else the environment, else the
    configuration file, else the default."""

    data_dir: Path
    base: str | None  # None: vocab.DEFAULT_BASE
    store: str  # a folder, "memory", or a triplestore's URL
    store_config: StoreConfig


def resolve_settings(data_dir: str | Path | None = None, base: str | None = None, store: str | Path | None = None,
                     config_file: str | Path | None = None) -> Settings:
    """The settings from the flags given (None where not given), PEACEGRAPH_DATA, PEACEGRAPH_BASE,
    PEACEGRAPH_STORE, the configuration file (`config_file`, PEACEGRAPH_CONFIG or ./peacegraph.toml)
    and the defaults."""
    from .extract import default_data_dir

    file = load_config(config_file)
    return Settings(
        data_dir=Path(data_dir or os.environ.get("PEACEGRAPH_DATA") or default_data_dir()),
        base=base or os.environ.get("PEACEGRAPH_BASE") or None,
        store=str(store or os.environ.get("PEACEGRAPH_STORE") or file.location or DEFAULT_STORE),
        store_config=file,
    )
