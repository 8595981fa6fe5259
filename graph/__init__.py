"""peacegraph: a knowledge graph of the actors of peace operations, read from articles.

The public API; the CLI (graph.cli) is a thin layer over it.
"""

__version__ = "0.1.0"

from .articles import read_article  # noqa: E402
from .build import BuildReport, build, write_exports  # noqa: E402
from .extract import extract, extract_article, load_knowledge, to_contract  # noqa: E402
from .model import Actor, Article, Extraction, Mention, PeacegraphError, Relation  # noqa: E402
from .store import open_store  # noqa: E402

__all__ = [
    "Actor", "Article", "BuildReport", "Extraction", "Mention", "PeacegraphError", "Relation",
    "build", "extract", "extract_article", "load_knowledge", "open_store", "read_article",
    "to_contract", "write_exports",
]
