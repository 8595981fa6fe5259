"""Global options work after the command too, and errors give exit codes by their kind."""

from __future__ import annotations

from click.testing import CliRunner

from graph.cli import main
from graph.errors import SparqlSyntaxError

from .conftest import DATA


def test_global_options_after_the_command(tmp_path, sample_store):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "only-one.rq").write_text("# title: The only one\nASK { ?a ?b ?c }\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["queries", "--data", str(tmp_path)])
    assert r.exit_code == 0 and r.output.split()[:4] == ["only-one", "The", "only", "one"], r.output
    r = CliRunner().invoke(main, ["--data", str(DATA), "queries", "--data", str(tmp_path)])
    assert r.output.startswith("only-one"), r.output  # given after the command, it wins
    bad = ["query", "SELECT ?x WHERE { ?x a }", "--store", str(sample_store["path"])]
    r = CliRunner().invoke(main, bad)
    assert r.exit_code == 1 and r.output.startswith("Error: SPARQL syntax error at line 1, column 24")
    r = CliRunner().invoke(main, [*bad, "--debug"])
    assert isinstance(r.exception, SparqlSyntaxError)  # the traceback, not the one line
    r = CliRunner().invoke(main, ["extract", str(DATA / "articles" / "monusco-2024-drawdown.txt"), "--format", "json",
                                  "--base", "https://example.org/x/", "--data", str(DATA)])
    assert r.exit_code == 0 and '"https://example.org/x/actor/MONUSCO"' in r.output, r.output[:500]


def test_settings_are_resolved_flag_then_environment_then_file_then_default(tmp_path, monkeypatch):
    from graph.config import DEFAULT_STORE, resolve_settings

    monkeypatch.chdir(tmp_path)
    for name in ("PEACEGRAPH_STORE", "PEACEGRAPH_DATA", "PEACEGRAPH_BASE", "PEACEGRAPH_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    assert resolve_settings().store == str(DEFAULT_STORE)
    (tmp_path / "peacegraph.toml").write_text('[store]\nlocation = "from-file"\n', encoding="utf-8")
    assert resolve_settings().store == "from-file"  # (relative to the file, here the current folder)
    monkeypatch.setenv("PEACEGRAPH_STORE", "memory")
    assert resolve_settings().store == "memory"
    assert resolve_settings(store="flag").store == "flag"
    monkeypatch.setenv("PEACEGRAPH_BASE", "https://example.org/env/")
    assert resolve_settings().base == "https://example.org/env/"
    assert resolve_settings(base="https://example.org/flag/").base == "https://example.org/flag/"
    # through the command line: the environment's store, then --store after the command
    r = CliRunner().invoke(main, ["query", "ASK { ?s ?p ?o }", "--data", str(DATA)])
    assert r.exit_code == 0 and r.output.strip() == "no", r.output  # an empty in-memory store
    r = CliRunner().invoke(main, ["query", "ASK { ?s ?p ?o }", "--store", str(tmp_path / "none")])
    assert r.exit_code == 1 and "no store yet" in r.output
