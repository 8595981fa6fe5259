"""`peacegraph add`: pages, feeds and PDFs fetched from a real HTTP server on 127.0.0.1 (started
here, serving pages written for the project), local .pdf/.docx files, and `build` reading them."""

from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.fetch import Fetcher, FetchError
from graph.sources import add

from .pdfs import encrypted_pdf, lines_pdf, report_pdf, scanned_pdf

WEB = Path(__file__).parent / "web"
HTML = "text/html; charset=utf-8"
LATIN1_PAGE = ("<html><head><title>Note on Abidjan</title></head><body><article><h1>Note on Abidjan</h1><p>"
               + "The former United Nations Operation in Côte d'Ivoire closed in 2017 after thirteen years. " * 4
               + "</p></article></body></html>")


def rss(base: str, items: list[tuple[str, str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, path, date, author) items."""
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
           "<channel><title>Peace Operations Digest</title><link>" + base + "/</link>",
           "<description>Briefs and reports</description>"]
    for title, path, date, author in items:
        out.append(f"<item><title>{title}</title><link>{base}{path}</link><pubDate>{date}</pubDate>"
                   f"<dc:creator>{author}</dc:creator><guid>{base}{path}</guid></item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode("utf-8")


class Site:
    """The routes the server answers, changeable by a test, and the requests it saw."""

    def __init__(self):
        self.routes: dict[str, object] = {}
        self.requests: list[tuple[str, dict]] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            with site.lock:
                site.requests.append((self.path, dict(self.headers)))
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                hit = site.hits[self.path]
            route = site.routes.get(self.path)
            if callable(route):
                route = route(self, hit)
                if route == "sent":  # the route wrote its own response
                    return
            if route is None:
                return self._send(404, {"Content-Type": HTML}, b"<html><body>Not here</body></html>")
            status, headers, body = route
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                return self._send(304, {"ETag": etag}, b"")
            self._send(status, headers, body)

        def _send(self, status, headers, body):
            try:  # a client that gave up (the /slow route, a busy machine) is no error of the server's
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    return Handler


def _unsized(handler, body: bytes):
    """A response without Content-Length, its body sent until the connection closes."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/pdf")
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)
    handler.close_connection = True
    return "sent"


def _slow(handler, hit):
    time.sleep(3)
    return 200, {"Content-Type": HTML}, (WEB / "blog-monusco-handover.html").read_bytes()


def _flaky(handler, hit):
    if hit == 1:
        return 503, {"Content-Type": "text/plain", "Retry-After": "0"}, b"busy"
    return 200, {"Content-Type": HTML}, (WEB / "news-unmiss-elections.html").read_bytes()


class QuietServer(ThreadingHTTPServer):
    """The test site's server: a connection the client dropped is not printed (the CLI under test
    shares the process's stderr, and the tests read it)."""

    def handle_error(self, request, client_address):
        pass


@pytest.fixture(scope="module")
def server():
    site = Site()
    httpd = QuietServer(("127.0.0.1", 0), _handler(site))
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    site.base = base
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def site(server):
    """The server with the standard routes, fresh for each test."""
    b = server.base
    page = (WEB / "blog-monusco-handover.html").read_bytes()
    server.routes.clear()
    server.requests.clear()
    server.hits.clear()
    server.routes.update({
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/briefs/monusco-handover.html": (200, {"Content-Type": HTML, "ETag": '"v1"',
                                                "Last-Modified": formatdate(usegmt=True)}, page),
        "/news/unmiss-elections": (200, {"Content-Type": HTML}, (WEB / "news-unmiss-elections.html").read_bytes()),
        "/fr/minusca": (200, {"Content-Type": HTML}, (WEB / "page-fr-minusca.html").read_bytes()),
        "/sitemap": (200, {"Content-Type": HTML}, (WEB / "page-nav-only.html").read_bytes()),
        "/reports/kivus.pdf": (200, {"Content-Type": "application/pdf"}, report_pdf()),
        "/reports/scan.pdf": (200, {"Content-Type": "application/pdf"}, scanned_pdf()),
        "/reports/locked.pdf": (200, {"Content-Type": "application/pdf"}, encrypted_pdf()),
        "/reports/cut.pdf": (200, {"Content-Type": "application/pdf"}, report_pdf()[:1500]),
        "/feed.xml": (200, {"Content-Type": "application/rss+xml", "ETag": '"feed-1"'}, rss(b, [
            ("Handing Over in Ituri", "/briefs/monusco-handover.html", "Tue, 14 May 2024 08:00:00 GMT",
             "Odile Marchetti"),
            ("Drawdown in the Kivus", "/reports/kivus.pdf", "Mon, 03 Jun 2024 09:00:00 GMT", "Ines Valdoro"),
        ])),
        "/bad-feed.xml": (200, {"Content-Type": "application/rss+xml"}, b"this is <not a feed & not XML"),
        "/gone": (410, {"Content-Type": HTML}, b"gone"),
        "/old-brief": (301, {"Location": "/briefs/monusco-handover.html"}, b""),
        "/loop-a": (302, {"Location": "/loop-b"}, b""),
        "/loop-b": (302, {"Location": "/loop-a"}, b""),
        "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
        "/logo.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        "/latin1": (200, {"Content-Type": "text/html; charset=utf-8"}, LATIN1_PAGE.encode("latin-1")),
        "/private/memo.html": (200, {"Content-Type": HTML}, page),
        "/busy": (429, {"Content-Type": "text/plain", "Retry-After": "1"}, b"slow down"),
        "/slow": _slow,
        "/flaky": _flaky,
    })
    return server


def fetcher(**kw) -> Fetcher:
    return Fetcher(**{"delay": 0, "timeout": 1.5, "backoff": 0.05, "retries": 2, **kw})


def run_add(sources, folder, **kw):
    with fetcher(**kw) as f:
        return add(sources, folder, f)


def header(path: Path) -> str:
    return path.read_text("utf-8").split("\n---\n")[0]


# ------------------------------------------------------------------------------------ pages


def test_add_page_saves_main_text_and_metadata(site, tmp_path):
    url = site.base + "/briefs/monusco-handover.html"
    report = run_add([url], tmp_path)
    [o] = report.outcomes
    assert o.status == "added", o.reason
    text = o.path.read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    assert f'source: "{url}"' in head
    assert 'title: "Handing Over in Ituri: What MONUSCO Leaves Behind"' in head
    assert 'authors: ["Odile Marchetti"]' in head and "date: \"2024-05-14\"" in head
    assert 'etag: "\\"v1\\""' in head and "retrieved:" in head and "sha256:" in head
    assert "Bunia, local officials describe the plan" in body
    # page furniture is gone
    for chrome in ("cookies", "Related posts", "Post comment", "weekly digest", "All rights reserved"):
        assert chrome not in body
    ua = dict(site.requests[-1][1])["User-Agent"]
    assert ua.startswith("peacegraph/") and any(p == "/robots.txt" for p, _ in site.requests)


def test_add_again_conditional_get_then_hash(site, tmp_path):
    url = site.base + "/briefs/monusco-handover.html"
    first = run_add([url], tmp_path).outcomes[0]
    before = first.path.read_bytes()
    again = run_add([url], tmp_path).outcomes[0]
    assert (again.status, again.reason) == ("skipped", "not modified: HTTP 304")
    assert dict(site.requests[-1][1]).get("If-None-Match") == '"v1"'
    # a new ETag but the same bytes: the content hash says unchanged
    status, headers, page = site.routes["/briefs/monusco-handover.html"]
    site.routes["/briefs/monusco-handover.html"] = (status, {**headers, "ETag": '"v2"'}, page)
    again = run_add([url], tmp_path).outcomes[0]
    assert (again.status, again.reason) == ("skipped", "unchanged: same content hash")
    assert first.path.read_bytes() == before
    # changed content: the same file is updated
    site.routes["/briefs/monusco-handover.html"] = (status, {**headers, "ETag": '"v3"'},
                                                     page.replace(b"Bunia", b"Bunia town"))
    again = run_add([url], tmp_path).outcomes[0]
    assert again.status == "updated" and again.path == first.path
    assert "Bunia town" in first.path.read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == [first.path.name]


def test_redirect_followed_and_recorded(site, tmp_path):
    o = run_add([site.base + "/old-brief"], tmp_path).outcomes[0]
    assert o.status == "added"
    assert f'fetched_from: "{site.base}/briefs/monusco-handover.html"' in header(o.path)


def test_retries_on_503(site, tmp_path):
    o = run_add([site.base + "/flaky"], tmp_path).outcomes[0]
    assert o.status == "added" and site.hits["/flaky"] == 2


def test_retry_after_too_long_is_not_waited_for(site):
    site.routes["/busy"] = (429, {"Retry-After": "3600"}, b"")
    t = time.monotonic()
    with fetcher() as f, pytest.raises(FetchError, match="/busy: HTTP 429, server asks to retry after 3600 s"):
        f.get(site.base + "/busy")
    assert time.monotonic() - t < 5 and site.hits["/busy"] == 1


def test_wrong_charset_header(site, tmp_path):
    o = run_add([site.base + "/latin1"], tmp_path).outcomes[0]
    assert o.status == "added", o.reason
    assert "Côte d'Ivoire" in o.path.read_text("utf-8")


def test_not_english_warns(site, tmp_path):
    o = run_add([site.base + "/fr/minusca"], tmp_path).outcomes[0]
    assert o.status == "added"
    assert any("French (fr)" in w for w in o.warnings)


# ------------------------------------------------------------------------------------ bad input


BAD = {
    "/gone": "gone (HTTP 410)",
    "/missing": "not found (HTTP 404)",
    "/slow": "timed out after 1.5 s",
    "/loop-a": "redirect loop",
    "/to-file": "not http or https",
    "/logo.png": "neither HTML, PDF nor a feed (Content-Type: image/png)",
    "/sitemap": "no main text",
    "/reports/cut.pdf": "truncated PDF",
    "/reports/locked.pdf": "encrypted PDF",
    "/reports/scan.pdf": "no text layer: needs OCR",
    "/bad-feed.xml": "not a feed: not well-formed XML",
    "/private/memo.html": "disallowed by",
    "/busy": "HTTP 429 Too Many Requests after 1 try",
}


def test_bad_input_one_line_each_others_go_on(site, tmp_path):
    good = site.base + "/news/unmiss-elections"
    urls = [site.base + p for p in BAD] + ["file:///etc/passwd", "ftp://127.0.0.1/x.pdf", good]
    result = CliRunner().invoke(main, ["add", "--delay", "0", "--timeout", "1.5", "--retries", "0",
                                       "--to", str(tmp_path), *urls])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("failed")]
    assert len(errors) == len(BAD) + 2, result.stderr
    for (path, what), line in zip(BAD.items(), errors):
        assert line.startswith(f"failed   {site.base}{path}: ") and what in line, line
    assert "only http and https" in errors[-2] and "only http and https" in errors[-1]
    assert "Traceback" not in result.output
    assert f"added    {good}" in result.stdout
    # nothing half-written: the one good article and nothing else
    assert [p.name for p in tmp_path.iterdir()] == ["unmiss-elections.txt"]


def test_fetcher_refuses_other_schemes():
    with fetcher() as f:
        for url in ("file:///etc/passwd", "gopher://127.0.0.1/", "data:text/html,hi"):
            with pytest.raises(FetchError, match="only http and https"):
                f.get(url)


def test_size_cap(site):
    with fetcher(max_bytes=1000) as f, pytest.raises(FetchError, match=r"kivus.pdf: response of \d KB is over "
                                                                       r"the 1000 bytes limit"):
        f.get(site.base + "/reports/kivus.pdf")
    del site.routes["/reports/kivus.pdf"]  # no Content-Length: the cap holds while reading
    site.routes["/stream.pdf"] = lambda handler, hit: _unsized(handler, report_pdf())
    with fetcher(max_bytes=1000) as f, pytest.raises(FetchError, match="response is over the 1000 bytes limit"):
        f.get(site.base + "/stream.pdf")


def test_delay_between_requests_to_one_host(site):
    with fetcher(delay=0.4) as f:
        t = time.monotonic()
        f.get(site.base + "/news/unmiss-elections")  # robots.txt, then the page
        f.get(site.base + "/fr/minusca")
        assert time.monotonic() - t >= 0.8


# ------------------------------------------------------------------------------------ feeds and build


def test_feed_then_build(site, tmp_path):
    articles = tmp_path / "articles"
    runner = CliRunner()
    result = runner.invoke(main, ["add", "--delay", "0", "--to", str(articles), site.base + "/feed.xml"])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("added    ") == 2 and "added 2, updated 0, skipped 0, failed 0" in result.stdout
    pdf_file = articles / "kivus.txt"
    assert 'feed: "' + site.base + '/feed.xml"' in header(pdf_file)
    assert 'authors: ["Ines Valdoro"]' in header(pdf_file) and 'date: "2024-06-03"' in header(pdf_file)
    assert 'publisher: "Peace Operations Digest"' in header(pdf_file)

    # again: the feed is not modified (its ETag); with a new entry, only that entry is fetched
    result = runner.invoke(main, ["add", "--delay", "0", "--to", str(articles), site.base + "/feed.xml"])
    assert "skipped  " + site.base + "/feed.xml (feed not modified: HTTP 304)" in result.stdout
    site.routes["/feed.xml"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"feed-2"'}, rss(site.base, [
        ("Handing Over in Ituri", "/briefs/monusco-handover.html", "Tue, 14 May 2024 08:00:00 GMT", "Odile Marchetti"),
        ("Drawdown in the Kivus", "/reports/kivus.pdf", "Mon, 03 Jun 2024 09:00:00 GMT", "Ines Valdoro"),
        ("South Sudan Delays Its Elections", "/news/unmiss-elections", "Sat, 14 Sep 2024 10:00:00 GMT", "K. A."),
    ]))
    site.hits.clear()
    result = runner.invoke(main, ["add", "--delay", "0", "--to", str(articles), site.base + "/feed.xml"])
    assert result.exit_code == 0, result.output
    assert "added 1, updated 0, skipped 2, failed 0" in result.stdout
    assert "/reports/kivus.pdf" not in site.hits and site.hits["/news/unmiss-elections"] == 1

    result = runner.invoke(main, ["build", str(articles), "--store", str(tmp_path / "store"), "--no-exports"])
    assert result.exit_code == 0, result.output
    from graph.store import open_store
    from graph.vocab import DCTERMS, PG, Ids

    ids = Ids()
    store = open_store(tmp_path / "store", read_only=True)
    try:
        sources = dict(store.values(
            f"SELECT ?a ?s WHERE {{ GRAPH ?g {{ ?a a <{PG.Article}> ; <{DCTERMS.source}> ?s }} }}"))
        assert sources == {ids.article("monusco-handover"): site.base + "/briefs/monusco-handover.html",
                           ids.article("kivus"): site.base + "/reports/kivus.pdf",
                           ids.article("unmiss-elections"): site.base + "/news/unmiss-elections"}
        rows = store.select(f"SELECT ?t ?h WHERE {{ GRAPH ?g {{ <{ids.article('kivus')}> <{PG.retrievedAt}> ?t ; "
                            f"<{PG.sourceHash}> ?h }} }}")
        assert len(rows) == 1 and len(str(rows[0]["h"])) == 64
        # the PDF's actors are the same nodes as the page's: MONUSCO is named in both
        monusco = ids.actor("MONUSCO")
        naming = {str(r["a"]) for r in store.select(
            f"SELECT ?a WHERE {{ GRAPH ?g {{ ?a <{PG.mentions}> <{monusco}> }} }}")}
        assert {ids.article("kivus"), ids.article("monusco-handover")} <= naming
    finally:
        store.close()


# ------------------------------------------------------------------------------------ PDF text


def test_pdf_reading_order_headers_hyphens(tmp_path):
    from graph.articles import read_article

    (tmp_path / "kivus.pdf").write_bytes(report_pdf())
    art = read_article(tmp_path / "kivus.pdf")
    text = art.text
    assert art.title == "Drawdown in the Kivus" and art.authors == ["Ines Valdoro"]
    assert text.index("Congolese authorities province by province") < text.index("Development Programme (UNDP)")
    assert text.index("from the mission.") < text.index("In North Kivu")
    assert "peacekeeping tasks" in text and "peace-" not in text
    assert "Great Lakes Monitor" not in text and "Page 1" not in text and "Page 2" not in text


def test_pdf_line_end_hyphens(tmp_path):
    from graph.articles import read_article

    (tmp_path / "note.pdf").write_bytes(lines_pdf([
        "The mission's peace-", "keeping tasks pass to a Franco-", "German brigade, and the talks on self-",
        "determination go on. The cease-fire holds; the last cease-", "fire was signed in 2019 -",
        "not later.",
    ]))
    text = read_article(tmp_path / "note.pdf").text
    assert text == ("The mission's peacekeeping tasks pass to a Franco-German brigade, and the talks on "
                    "self-determination go on. The cease-fire holds; the last cease-fire was signed in 2019 - "
                    "not later.")


def test_pdf_offsets_point_at_their_text(tmp_path):
    from graph import extract

    (tmp_path / "kivus.pdf").write_bytes(report_pdf())
    ex = extract(tmp_path / "kivus.pdf")
    assert ex.mentions
    for m in ex.mentions:
        assert ex.article.text[m.start:m.end] == m.text
    assert any(m.text == "MONUSCO" for m in ex.mentions)


# ------------------------------------------------------------------------------------ local files


def _docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "Briefing on UNAMA"
    d.core_properties.author = "Farid Lomax"
    d.add_paragraph("The United Nations Assistance Mission in Afghanistan (UNAMA) reports to the Security "
                    "Council every quarter. Its mandate was renewed in March 2024 for one more year.")
    d.add_paragraph("Donors met in Doha to discuss humanitarian access and the rights of women and girls.")
    d.save(str(path))


def test_add_local_pdf_and_docx_then_build_records_relative_source(tmp_path):
    inbox, articles = tmp_path / "inbox", tmp_path / "articles"
    inbox.mkdir()
    (inbox / "Kivus Report.pdf").write_bytes(report_pdf())
    _docx(inbox / "unama-brief.docx")
    (inbox / "scan.pdf").write_bytes(scanned_pdf())
    runner = CliRunner()
    result = runner.invoke(main, ["add", "--to", str(articles), str(inbox / "Kivus Report.pdf"),
                                  str(inbox / "unama-brief.docx"), str(inbox / "scan.pdf"), str(inbox / "none.pdf")])
    assert result.exit_code == 1
    assert f"failed   {inbox / 'scan.pdf'}: no text layer: needs OCR" in result.stderr
    assert f"failed   {inbox / 'none.pdf'}: no such file" in result.stderr
    assert sorted(p.name for p in articles.iterdir()) == ["kivus-report.pdf", "unama-brief.docx"]
    again = runner.invoke(main, ["add", "--to", str(articles), str(inbox / "Kivus Report.pdf")])
    assert "skipped" in again.stdout and "unchanged" in again.stdout and again.exit_code == 0

    (articles / "sub").mkdir()
    (articles / "sub" / "note.txt").write_text("MONUSCO is deployed in the Democratic Republic of the Congo, "
                                               "the Security Council said on 3 March 2024.\n")
    result = runner.invoke(main, ["build", str(articles), "--store", "memory", "--no-exports"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["build", str(articles), "--store", str(tmp_path / "s"), "--no-exports"])
    from graph.store import open_store
    from graph.vocab import DCTERMS

    store = open_store(tmp_path / "s", read_only=True)
    try:
        rows = store.values(f"SELECT ?s WHERE {{ GRAPH ?g {{ ?a <{DCTERMS.source}> ?s }} }}")
        sources = sorted(str(s) for (s,) in rows)
    finally:
        store.close()
    assert sources == ["kivus-report.pdf", "sub/note.txt", "unama-brief.docx"]


def test_build_warns_of_a_text_not_in_english(tmp_path):
    (tmp_path / "en.txt").write_text("MONUSCO is deployed in the Democratic Republic of the Congo, and the Security "
                                     "Council renewed its mandate in December 2023 for one more year.\n")
    (tmp_path / "fr.html").write_bytes((WEB / "page-fr-minusca.html").read_bytes())
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--store", "memory", "--no-exports"])
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.stdout.splitlines() if ln.startswith("warning")]
    assert warnings == ["warning   fr.html: the text looks French (fr), not English; extraction reads English"]


def test_build_reports_scanned_pdf_by_name(tmp_path):
    (tmp_path / "ok.txt").write_text("MONUSCO is deployed in the Democratic Republic of the Congo.\n")
    (tmp_path / "scan.pdf").write_bytes(scanned_pdf())
    result = CliRunner().invoke(main, ["build", str(tmp_path), "--store", "memory", "--no-exports"])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'scan.pdf'}: no text layer: needs OCR"


def test_missing_charset_is_utf8_when_the_bytes_are(site, tmp_path):
    site.routes["/no-charset"] = (200, {"Content-Type": "text/html"},
                                  LATIN1_PAGE.replace("<head>", "<head><!-- no charset -->").encode("utf-8"))
    o = run_add([site.base + "/no-charset"], tmp_path).outcomes[0]
    assert o.status == "added", o.reason
    assert "Côte d'Ivoire" in o.path.read_text("utf-8")


AUDIT = """
import sys
seen = []
def hook(event, args):
    if event == "socket.connect":
        seen.append(args[1][0] if isinstance(args[1], tuple) else str(args[1]))
sys.addaudithook(hook)
from graph.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print("CONNECTED", sorted(set(seen)))
"""


def test_add_connects_to_nothing_but_what_it_is_asked(site, tmp_path):
    """The whole run of `add` on a feed (fetching, trafilatura, feedparser, pdfminer, py3langid)
    opens no connection but to the feed's host: Python's audit hook sees every socket.connect."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", AUDIT, "add", "--delay", "0", "--to", str(tmp_path),
                          site.base + "/feed.xml"], capture_output=True, text=True, timeout=120,
                         cwd=Path(__file__).resolve().parent.parent)
    assert "added 2" in out.stdout, out.stderr
    assert "CONNECTED ['127.0.0.1']" in out.stdout


def test_front_matter_header_of_a_hand_written_article(tmp_path):
    from graph.articles import read_article

    f = tmp_path / "brief.md"
    f.write_text("---\ntitle: 'UNMISS: the next mandate'\ndate: 2024-04-30\nauthors: [\"Ana Ruiz\", \"Li Wei\"]\n"
                 "source: \"https://example.org/unmiss\"\nretrieved: \"2024-05-01T09:00:00Z\"\n---\n"
                 "# UNMISS\n\nThe Security Council renewed the mandate of UNMISS in April 2024.\n", encoding="utf-8")
    a = read_article(f)
    assert (a.title, a.date, a.authors) == ("UNMISS: the next mandate", "2024-04-30", ["Ana Ruiz", "Li Wei"])
    assert (a.source, a.retrieved) == ("https://example.org/unmiss", "2024-05-01T09:00:00Z")
    assert a.text.startswith("UNMISS\n\nThe Security Council") and "---" not in a.text
