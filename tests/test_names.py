"""What a user names — actors, classes, predicates — is resolved by one set of rules everywhere,
and a name the graph lacks fails in one line with the nearest names it holds."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph import open_store
from graph.cli import main
from graph.names import nearest, resolve_actor
from graph.vocab import PG, Ids

from .conftest import DATA


def pg(sample_store, *args):
    return CliRunner().invoke(main, ["--data", str(DATA), *args, "--store", str(sample_store["path"])])


def one_line(r) -> str:
    assert r.exit_code == 1 and r.output.count("\n") == 1 and "Traceback" not in r.output, r.output
    return r.output


def test_a_predicate_is_a_name_a_prefixed_name_or_an_iri(sample_store):
    outputs = set()
    for predicate in ("deployedIn", "pg:deployedIn", str(PG.deployedIn)):
        r = pg(sample_store, "query", "--name", "who-says", "--param", "actor=MONUSCO", "--param",
               f"predicate={predicate}", "--format", "csv")
        assert r.exit_code == 0 and r.output.startswith("actor,predicate,objectLabel"), r.output
        outputs.add(r.output)
    assert len(outputs) == 1
    line = one_line(pg(sample_store, "query", "--name", "who-says", "--param", "predicate=leadz"))
    assert "no predicate or class 'leadz' in the graph (nearest: leads" in line


def test_a_class_is_checked_and_the_nearest_named(sample_store):
    outputs = set()
    for cls in ("Mission", "pg:Mission", str(PG.Mission)):
        r = pg(sample_store, "query", "--name", "actors-by-type", "--param", f"type={cls}", "--format", "csv")
        assert r.exit_code == 0 and "MONUSCO" in r.output, r.output
        outputs.add(r.output)
    assert len(outputs) == 1
    line = one_line(pg(sample_store, "query", "--name", "actors-by-type", "--param", "type=Misson"))
    assert "no class 'Misson' in the graph (nearest: Mission" in line
    line = one_line(pg(sample_store, "query", "--name", "actors-by-type", "--param", "type=pg:Misson"))
    assert "(nearest: Mission" in line


@pytest.mark.parametrize("command", [["show", "Monusko"], ["viz", "--focus", "Monusko", "-o", "OUT"],
                                     ["query", "--name", "mission-contributors", "--param", "mission=Monusko"],
                                     ["path", "Monusko", "Canada"]])
def test_an_unknown_actor_names_the_nearest_everywhere(sample_store, tmp_path, command):
    command = [str(tmp_path / "page.html") if c == "OUT" else c for c in command]
    line = one_line(pg(sample_store, *command))
    assert "no actor named 'Monusko' in the graph (nearest: MONUSCO" in line


def test_one_resolver_for_every_command(sample_store, tmp_path):
    store = open_store(sample_store["path"], read_only=True)
    try:
        monusco = Ids().actor("MONUSCO")
        for name in ("MONUSCO", "monusco", monusco):
            assert resolve_actor(store, name) == monusco
    finally:
        store.close()
    r = pg(sample_store, "show", "monusco")
    assert r.exit_code == 0 and monusco in r.output
    r = pg(sample_store, "viz", "--focus", "monusco", "-o", str(tmp_path / "p.html"))
    assert r.exit_code == 0, r.output


def test_nearest():
    assert nearest("Misson", ["Mission", "Agency", "Person"]) == ["Mission"]
    found = nearest("united", ["United Nations", "United Kingdom", "Canada"])
    assert sorted(found) == ["United Kingdom", "United Nations"]
    assert nearest("zzz", ["Mission"]) == []
