"""The extractor prints, for every bundled and every dev article, exactly what the snapshot recorded.

A change meant only to be faster must keep it so. A rule changed on purpose: run
`python -m tests.snapshot --update` and commit the snapshot with the rule (see tests/snapshot.py).
"""

from __future__ import annotations

import json

import pytest

from tests.snapshot import DEV_HASHES, SAMPLE_DIR, contract_text, dev_files, digest, sample_files

HOW = ("if the change is meant, record it with `python -m tests.snapshot --update`; "
       "`python -m tests.snapshot --diff [REV] [ARTICLE…]` shows what changed against a commit (default HEAD)")


def test_bundled_articles_print_what_the_snapshot_holds(knowledge):
    files = sample_files()
    recorded = {p.name for p in SAMPLE_DIR.glob("*.json")}
    assert recorded == {f"{f.name}.json" for f in files}, f"bundled articles and snapshot differ; {HOW}"
    changed = []
    for f in files:
        old = (SAMPLE_DIR / f"{f.name}.json").read_text(encoding="utf-8")
        new = contract_text(f, knowledge)
        if new != old:
            changed.append(f.name)
    assert not changed, (f"output changed for {len(changed)} bundled article(s): {', '.join(changed)}; "
                         "`peacegraph extract data/articles/NAME --format json "
                         f"| diff tests/snapshots/sample/NAME.json -` shows one; {HOW}")


def test_snapshot_is_the_printed_contract(knowledge, tmp_path):
    """What the test compares is what `peacegraph extract --format json` prints, byte for byte."""
    from click.testing import CliRunner

    from graph.cli import main
    from tests.conftest import ARTICLE, DATA

    r = CliRunner().invoke(main, ["--data", str(DATA), "extract", str(ARTICLE), "--format", "json"])
    assert r.exit_code == 0
    assert r.output == contract_text(ARTICLE, knowledge)
    assert json.loads(r.output)["relations"]  # an output with something in it to compare


def test_dev_articles_print_what_the_snapshot_holds(knowledge):
    files = dev_files()
    if not files:
        pytest.skip("../shared/eval/dev is not beside this checkout")
    recorded = json.loads(DEV_HASHES.read_text(encoding="utf-8"))
    assert set(recorded) == {f.name for f in files}, f"dev articles and snapshot differ; {HOW}"
    changed = [f.name for f in files if digest(contract_text(f, knowledge)) != recorded[f.name]]
    assert not changed, f"output changed for {len(changed)} dev article(s): {', '.join(changed)}; {HOW}"
