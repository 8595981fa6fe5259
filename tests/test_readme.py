"""The README against the program: every command and option documented, and every example it
gives answering on the bundled articles, as a newcomer would run it after `peacegraph build`."""

from __future__ import annotations

import json
import re
import shlex

import click
import pytest
from click.testing import CliRunner

from graph.cli import main

from .conftest import BUNDLED, DATA, ROOT, working_dir

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group = main, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command and subcommand, by its full name ("build", "store check" …)."""
    out = []
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        out.append((full, cmd))
        if isinstance(cmd, click.Group):
            out += commands(cmd, f"{full} ")
    return out


def section(name: str) -> str | None:
    """The README section whose heading starts with `peacegraph NAME`, up to the next heading."""
    m = re.search(rf"^#+ `peacegraph {re.escape(name)}(?:[ `].*)?$", README, re.M)
    if not m:
        return None
    nxt = re.search(r"^#+ ", README[m.end():], re.M)
    return README[m.start():m.end() + (nxt.start() if nxt else len(README))]


def shared_part() -> str:
    """What applies to every command: the Commands introduction and the Stores section."""
    intro = README[README.index("## Commands"):]
    intro = intro[:intro.index("\n### ")]
    stores = README[README.index("### Stores"):]
    return intro + stores[:stores.index("\n### ", 5)]


def test_every_command_has_a_readme_section():
    missing = [name for name, _ in commands() if section(name) is None]
    assert not missing, f"no '### `peacegraph NAME…`' section in README.md for: {', '.join(missing)}"


def test_every_option_is_in_the_readme():
    """Each option appears in its command's section, or in what applies to every command."""
    shared = shared_part()
    missing = [f"peacegraph {name} {o.opts[-1]}" for name, cmd in commands() for o in cmd.params
               if isinstance(o, click.Option) and not o.hidden
               and not any(re.search(rf"`[^`]*(?<![\w-]){re.escape(opt)}(?![\w-])", (section(name) or "") + shared)
                           for opt in o.opts + o.secondary_opts)]
    missing += [f"peacegraph {o.opts[-1]}" for o in main.params if isinstance(o, click.Option)
                and not any(f"`{opt}" in shared or f"peacegraph {opt}" in shared for opt in o.opts)]
    assert not missing, f"options not in README.md: {', '.join(missing)}"


def test_the_checks_find_what_is_missing(monkeypatch):
    """The two checks above fail on a README that lacks a command or an option (they can fail)."""
    monkeypatch.setattr("tests.test_readme.README", README.replace("### `peacegraph show", "### `peacegraph shew"))
    with pytest.raises(AssertionError, match="show"):
        test_every_command_has_a_readme_section()
    monkeypatch.setattr("tests.test_readme.README", README.replace("[--workers N]", "").replace(
        "(`--workers`", "(workers"))
    with pytest.raises(AssertionError, match="peacegraph build --workers"):
        test_every_option_is_in_the_readme()


# every example answers on the bundled articles


def cli(checkout, *args: str):
    with working_dir(checkout):
        return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("name", sorted(p.stem for p in (DATA / "queries").glob("*.rq")))
def test_every_saved_query_answers_with_its_defaults(bundled_checkout, name):
    r = cli(bundled_checkout, "query", "--name", name, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["results"]["bindings"], f"{name} gives no row with its default parameters"


def examples() -> list[tuple[str, str | None]]:
    """Each `$ peacegraph …` line of the README's text blocks, with the error it shows, if it shows one."""
    out = []
    for block in re.findall(r"```text\n(.*?)```", README, re.S):
        lines = block.splitlines()
        for i, ln in enumerate(lines):
            if ln.startswith("$ peacegraph "):
                shown = lines[i + 1] if i + 1 < len(lines) else ""
                out.append((ln[2:], shown if shown.startswith("Error: ") else None))
    return out


EXAMPLES = examples()
SPARQL = re.findall(r"```sparql\n(.*?)```", README, re.S)


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 8 and SPARQL
    assert any(e.startswith("peacegraph viz --article") and not error for e, error in EXAMPLES)


@pytest.mark.parametrize("example, error", EXAMPLES, ids=[e for e, _ in EXAMPLES])
def test_every_readme_example_answers(bundled_checkout, example, error):
    """Each example answers on the bundled articles; one that the README shows failing fails so."""
    args = shlex.split(example)[1:]
    if any(re.match(r"https?://", a) for a in args):
        pytest.skip("names a site on the web: the tests touch only 127.0.0.1")
    if any(a.startswith("~") for a in args):
        pytest.skip("names the reader's own files")
    if "-f" in args:  # the user's own question: any question
        (bundled_checkout / args[args.index("-f") + 1]).write_text("SELECT ?a WHERE { ?x pg:mentions ?a }\n",
                                                                  encoding="utf-8")
    r = cli(bundled_checkout, *args)
    if error:
        assert r.exit_code == 1 and r.output.strip() == error, r.output
        return
    assert r.exit_code == 0, r.output
    out = r.output
    command = args[0]
    if command == "build":
        assert re.search(rf"^articles  {len(BUNDLED)} ", out, re.M)
    elif command == "extract":
        assert "ACTORS" in out and re.search(r"^RELATIONS\n  \S.*—\w+→", out, re.M)
    elif command == "query":
        assert not re.search(r"^\(0 rows\)", out, re.M) and len(out.strip().splitlines()) >= 2
    elif command == "path":
        assert "chain 1" in out and "“" in out
    elif command == "stats":
        assert re.search(r"\w", out)
    elif command == "viz":
        page = (bundled_checkout / args[args.index("-o") + 1]).read_text(encoding="utf-8")
        nodes = json.loads(re.search(r"var data = (\{.*?\});\n", page, re.S).group(1))["nodes"]
        assert nodes, f"{example}: an empty page"
    else:
        pytest.fail(f"no check for the example {example!r}: add one")


@pytest.mark.parametrize("sparql", SPARQL)
def test_every_readme_sparql_answers(bundled_checkout, sparql):
    r = cli(bundled_checkout, "query", sparql, "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["results"]["bindings"]
