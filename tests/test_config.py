"""The configuration file: a local store named in it, and its mistakes reported in one line."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import DATA


def cli(*args):
    return CliRunner().invoke(main, ["--data", str(DATA), *args])


@pytest.fixture(autouse=True)
def no_store_in_the_environment(monkeypatch):
    monkeypatch.delenv("PEACEGRAPH_STORE", raising=False)
    monkeypatch.delenv("PEACEGRAPH_CONFIG", raising=False)


def test_a_folder_in_the_configuration_is_taken_from_its_folder(tmp_path, article, monkeypatch):
    conf = tmp_path / "project" / "peacegraph.toml"
    conf.parent.mkdir()
    conf.write_text('[store]\nlocation = "graph-store"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # elsewhere: the folder is the configuration file's neighbour
    r = cli("--config", str(conf), "build", str(article), "--no-exports")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "project" / "graph-store").is_dir() and not (tmp_path / "exports").exists()
    monkeypatch.setenv("PEACEGRAPH_CONFIG", str(conf))
    r = cli("query", "--name", "actor-timeline", "--param", "actor=MONUSCO")
    assert r.exit_code == 0 and "monusco-2024-drawdown" in r.output


@pytest.mark.parametrize("text, message", [
    ('[store]\nlocation = "x"\ntimeout = \n', "peacegraph.toml: not valid TOML: "),
    ('[store]\nlocation = "x"\nlocaton = "y"\n', "peacegraph.toml, line 3: unknown setting 'locaton' in [store]"),
    ('store = "http://x"\n', "peacegraph.toml, line 1: 'store' should be a table"),
    ('[store]\ntimeout = "soon"\n', "peacegraph.toml, line 2: timeout should be a number of seconds"),
    ('[store]\nquery = "localhost:7878/query"\n', "peacegraph.toml, line 2: query should be an http(s) URL"),
    ('[server]\nport = 1\n', "peacegraph.toml, line 1: unknown setting 'server'"),
])
def test_a_bad_configuration_is_one_line_naming_the_file_and_line(tmp_path, monkeypatch, text, message):
    (tmp_path / "peacegraph.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = cli("query", "ASK {}")
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
    assert len(r.output.strip().splitlines()) == 1
    if "TOML" in message:
        assert "line 3" in r.output
    assert not (tmp_path / "exports").exists()  # no store was opened, so none was made


def test_a_configuration_file_that_is_not_there(tmp_path):
    r = cli("--config", str(tmp_path / "nope.toml"), "query", "ASK {}")
    assert r.exit_code == 1 and "nope.toml: no such configuration file" in r.output


def test_extract_needs_no_configuration(tmp_path, article, monkeypatch):
    (tmp_path / "peacegraph.toml").write_text("not toml at all [", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("extract", str(article), "--format", "json").exit_code == 0
