"""Reading article files: formats, metadata, and every kind of unusable input."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph import PeacegraphError, read_article
from graph.articles import find_article_files
from graph.cli import main


def test_txt_metadata_from_byline_and_bio(tmp_path):
    f = tmp_path / "mali-brief.txt"
    f.write_text(
        "Towards a new mission in Mali By: Jane Doe | Mali | Aug 30, 2016\n\n"
        "The mission was deployed in 2013.\n\n"
        "Jane Doe is a Senior Researcher at the Centre for Security Governance.\n",
        encoding="utf-8",
    )
    a = read_article(f)
    assert a.id == "mali-brief"
    assert a.title == "Towards a new mission in Mali"
    assert a.date == "2016-08-30"
    assert a.authors == ["Jane Doe"]
    assert a.publisher == "Centre for Security Governance"


def test_wordpress_chrome_is_stripped_and_date_kept(tmp_path):
    f = tmp_path / "post.txt"
    f.write_text('[rev_slider alias="header"]\n\n\nSep 2, 2016 | Uncategorized\n\nCanada will deploy.\n',
                 encoding="utf-8")
    a = read_article(f)
    assert a.text == "Canada will deploy."
    assert a.date == "2016-09-02"


def test_html_main_text_only(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(
        "<html><head><title>Site | Page</title><meta name='author' content='Ana Ruiz'>"
        "<meta property='article:published_time' content='2024-03-12T10:00:00Z'>"
        "<script>var x = 'MINUSMA';</script></head><body><nav>Home | About MONUSCO</nav>"
        "<article><h1>UNMISS at ten</h1><p>UNMISS protects civilians &amp; more.</p></article>"
        "<footer>Contact</footer></body></html>",
        encoding="utf-8",
    )
    a = read_article(f)
    assert "UNMISS protects civilians & more." in a.text
    assert "MINUSMA" not in a.text and "About MONUSCO" not in a.text and "Contact" not in a.text
    assert a.title == "UNMISS at ten"
    assert a.authors == ["Ana Ruiz"]
    assert a.date == "2024-03-12"


def test_markdown_is_plain_text(tmp_path):
    f = tmp_path / "note.md"
    f.write_text("# EULEX and the rule of law\n\n*By Ana Ruiz, 2023-11-05*\n\n## Context\n\n"
                 "- The [EU](https://europa.eu) deployed **EULEX** in 2008.\n", encoding="utf-8")
    a = read_article(f)
    assert a.title == "EULEX and the rule of law"
    assert "The EU deployed EULEX in 2008." in a.text
    assert "*" not in a.text and "](" not in a.text
    assert a.date == "2023-11-05"


def test_control_characters_removed(tmp_path):
    f = tmp_path / "ctl.txt"
    f.write_text("MONUSCO\x07 operates\x1b in the DRC.\r\nSecond line.", encoding="utf-8")
    a = read_article(f)
    assert a.text == "MONUSCO operates in the DRC.\nSecond line."


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "file is empty"),
        (b"   \n\n  ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"Caf\xe9 in Bamako\n", "not valid UTF-8"),
    ],
)
def test_unusable_files_give_one_line_errors(tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(PeacegraphError) as e:
        read_article(f)
    assert message in str(e.value) and str(f) in str(e.value)
    result = CliRunner().invoke(main, ["extract", str(f)])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_undecodable_error_names_the_line(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(b"First line.\nSecond line.\nCaf\xe9.\n")
    with pytest.raises(PeacegraphError, match=r"latin1.txt:3: not valid UTF-8"):
        read_article(f)


def test_html_without_body_text(tmp_path):
    f = tmp_path / "empty.html"
    f.write_text("<html><head><script>alert(1)</script></head><body><nav>Menu</nav></body></html>")
    with pytest.raises(PeacegraphError, match="no article text"):
        read_article(f)


def test_folder_without_articles(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    with pytest.raises(PeacegraphError, match="no articles"):
        find_article_files([tmp_path])


def test_missing_path(tmp_path):
    with pytest.raises(PeacegraphError, match="no such file"):
        find_article_files([tmp_path / "nope"])


def test_an_internal_error_is_one_line_unless_debug(tmp_path, monkeypatch):
    import sys

    f = tmp_path / "a.txt"
    f.write_text("Canada funded UNDP.", encoding="utf-8")

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(sys.modules["graph.extract"], "extract_article", broken)
    r = CliRunner().invoke(main, ["extract", str(f)])
    assert r.exit_code == 2
    assert "internal error (ValueError: boom)" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["--debug", "extract", str(f)])
    assert isinstance(r.exception, ValueError)
