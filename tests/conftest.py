"""Shared fixtures: the repository's data, the seed article, and a store built from the bundled sample.

The tests run on a fresh clone, where ``../shared`` (the dev articles) is absent: what truly needs a
dev article asks for ``seed_article`` and is skipped there; everything else uses the bundled sample.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SEED = SHARED_EVAL / "dev" / "csg-2016-drc-seed.txt"
BUNDLED = sorted(p for p in (DATA / "articles").iterdir() if p.suffix in (".txt", ".md", ".html"))
# a bundled article for tests that need one real article, whatever it says
ARTICLE = DATA / "articles" / "monusco-2024-drawdown.txt"


@pytest.fixture(scope="session")
def knowledge():
    from graph import load_knowledge

    return load_knowledge(DATA)


@pytest.fixture
def seed_article() -> Path:
    if not SEED.exists():
        pytest.skip("../shared/eval/dev is not beside this checkout")
    return SEED


@pytest.fixture
def article() -> Path:
    """A real article that is always there (bundled), for tests that need any one article."""
    return ARTICLE


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """An Oxigraph store built once from the bundled sample (and the seed article, when present)."""
    from graph import build, open_store

    root = tmp_path_factory.mktemp("sample")
    articles = root / "articles"
    shutil.copytree(DATA / "articles", articles)
    if SEED.exists():
        shutil.copy(SEED, articles / SEED.name)
    store = open_store(root / "store")
    report = build([articles], store=store, data_dir=DATA, exports=root / "exports")
    store.close()
    return {"path": root / "store", "exports": root / "exports", "articles": articles, "report": report}


@contextmanager
def working_dir(path: Path):
    """Run a block in another current folder (the CLI's defaults are relative to it)."""
    before = Path.cwd()
    os.chdir(path)
    try:
        yield path
    finally:
        os.chdir(before)


@pytest.fixture(scope="session")
def bundled_checkout(tmp_path_factory):
    """A copy of the checkout's data/ after the README's first command, `peacegraph build`: the
    bundled articles only (never the dev articles), in the store and exports the defaults name."""
    from click.testing import CliRunner

    from graph.cli import main

    root = tmp_path_factory.mktemp("checkout")
    shutil.copytree(DATA, root / "data")
    with working_dir(root):
        r = CliRunner().invoke(main, ["build"])
    assert r.exit_code == 0, r.output
    assert (root / "exports" / "store").is_dir() and (root / "exports" / "network.html").is_file()
    return root
