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
