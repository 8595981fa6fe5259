"""Add articles from where analysts find them: web pages, feeds, PDF reports (by URL) and local
.pdf/.docx files, each saved as one file in the articles folder that `build` then reads.

A fetched article is a `.txt` file with a front-matter header (see graph/articles.py): its main
text, and its title, date, authors, publisher, source URL, retrieval time, the SHA-256 of what was
fetched and the server's ETag and Last-Modified. A local .pdf or .docx is copied as it is (build
reads those directly). Adding again asks the server whether the page changed (a conditional GET),
then compares content hashes; a feed again fetches only the entries not added yet.
Every file is written beside its target and renamed into place: nothing half-written is left.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from .articles import BINARY, FRONT_MATTER, MIN_MAIN_WORDS, SUFFIXES, article_id, from_text, front_matter, main_text
from .fetch import Fetcher, FetchError, Response, check_url
from .language import language_of, language_warning
from .model import PeacegraphError
from .vocab import slug

FEED_STATE = ".peacegraph-feeds.json"  # per feed: its ETag and Last-Modified (not an article: build skips it)
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
              "application/xml", "text/xml")
PDF_TYPES = ("application/pdf", "application/x-pdf")


@dataclass
class Outcome:
    """What became of one source (a URL, a feed's entry or a file)."""

    source: str
    status: str  # added | updated | skipped | failed
    reason: str = ""
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        if self.status == "failed":
            return f"failed   {self.reason}"  # the reason names the source first
        where = f" -> {self.path.name}" if self.path and self.status != "skipped" else ""
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.status:<8} {self.source}{where}{why}"


@dataclass
class AddReport:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        n = {s: sum(o.status == s for o in self.outcomes) for s in ("added", "updated", "skipped", "failed")}
        return ", ".join(f"{k} {v}" for k, v in n.items())


def add(sources: Iterable[str], folder: str | Path, fetcher: Fetcher | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
        progress: Callable[[int, int], None] | None = None) -> AddReport:
    """Add each source (a page's, feed's or PDF's URL, or a local .pdf/.docx) to the articles
    `folder`; a failure is reported and the others go on. `on_outcome` hears of each source as it
    is done, `progress` of (done, total) where a feed's entries count in the total."""
    sources = list(sources)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    adder = _Adder(folder, fetcher, on_outcome, progress, len(sources))
    try:
        for src in sources:
            try:
                if "://" in src or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\\)", src) and not Path(src).exists():
                    adder.url(src)
                else:
                    adder.file(Path(src))
            except PeacegraphError as e:
                adder.report(Outcome(src, "failed", str(e)))
    finally:
        if own:
            fetcher.close()
    return adder.result


class _Adder:
    def __init__(self, folder: Path, fetcher: Fetcher, on_outcome, progress, total: int):
        self.folder, self.fetcher, self.on_outcome, self.progress = folder, fetcher, on_outcome, progress
        self.total = total
        self.result = AddReport()
        self.index = _index(folder)  # source URL → (file, its header)

    def report(self, o: Outcome) -> None:
        self.result.outcomes.append(o)
        if self.on_outcome:
            self.on_outcome(o)
        if self.progress:
            self.progress(len(self.result.outcomes), max(self.total, len(self.result.outcomes)))

    # ---------------------------------------------------------------- URLs

    def url(self, url: str, entry: dict | None = None) -> None:
        check_url(url)
        known = self.index.get(url)
        # an article's own header, or (for a feed) what the last fetch of the feed said
        header = known[1] if known else _load_state(self.folder).get(url, {})
        r = self.fetcher.get(url, etag=header.get("etag"), last_modified=header.get("last_modified"))
        if r.not_modified:
            what = "not modified" if known else "feed not modified"
            return self.report(Outcome(url, "skipped", f"{what}: HTTP 304", known[0] if known else None))
        kind = _kind(r)
        if kind == "feed":
            if entry is not None:
                raise FetchError(f"{url}: a feed entry's link is itself a feed")
            return self.feed(url, r)
        sha = hashlib.sha256(r.content).hexdigest()
        if known and header.get("sha256") == sha:
            return self.report(Outcome(url, "skipped", "unchanged: same content hash", known[0]))
        if kind == "pdf":
            from .documents import pdf_text

            text, meta = pdf_text(r.content, url)
        elif kind == "html":
            text, meta = html_text(r, url)
        else:
            raise FetchError(f"{url}: neither HTML, PDF nor a feed (Content-Type: {r.content_type or 'none'})")
        meta = {**meta, **{k: v for k, v in (entry or {}).items() if v}}
        meta.update(source=url, retrieved=_now(), sha256=sha, etag=r.headers.get("etag"),
                    last_modified=r.headers.get("last-modified"))
        if r.url != url:
            meta["fetched_from"] = r.url
        path = known[0] if known else self._new_path(url, meta.get("title"))
        lang = language_of(text)
        if lang != "en":
            meta["language"] = lang
        content = _article_file(text, meta)
        _check_readable(content, url, path)
        _write_atomic(path, content.encode("utf-8"))
        self.index[url] = (path, front_matter(content)[0])
        warning = language_warning(url, text)
        self.report(Outcome(url, "updated" if known else "added", "" if not known else "content changed", path,
                            [warning] if warning else []))

    def feed(self, url: str, r: Response) -> None:
        import feedparser

        parsed = feedparser.parse(r.content, response_headers={"content-location": r.url})
        if not parsed.entries and (parsed.bozo or not parsed.get("version")):
            why = parsed.get("bozo_exception") or "no RSS or Atom root element"
            raise FetchError(f"{url}: not a feed: not well-formed XML ({str(why)[:100]})")
        state = _load_state(self.folder)
        publisher = parsed.feed.get("title")
        entries = list(parsed.entries)
        self.total += len(entries) - 1  # the feed stands for its entries
        new = 0
        for i, e in enumerate(entries, 1):
            link = e.get("link")
            if not link:
                self.report(Outcome(url, "failed", f"{url}: entry {i} ({e.get('title', 'untitled')}) has no link"))
                continue
            if link in self.index:
                self.report(Outcome(link, "skipped", "already added", self.index[link][0]))
                continue
            new += 1
            meta = {"title": e.get("title"), "date": _feed_date(e), "authors": _feed_authors(e),
                    "publisher": publisher, "feed": url}
            try:
                self.url(link, meta)
            except PeacegraphError as err:
                self.report(Outcome(link, "failed", str(err)))
        state[url] = {"etag": r.headers.get("etag"), "last_modified": r.headers.get("last-modified"),
                      "checked": _now()}
        _write_atomic(self.folder / FEED_STATE, json.dumps(state, indent=1, sort_keys=True).encode())
        if not entries:
            self.report(Outcome(url, "skipped", "the feed has no entries"))

    # ---------------------------------------------------------------- files

    def file(self, path: Path) -> None:
        if not path.exists():
            raise PeacegraphError(f"{path}: no such file")
        if path.is_dir() or path.suffix.lower() not in BINARY:
            raise PeacegraphError(f"{path}: not a .pdf or .docx file (web pages and feeds are added by URL)")
        from .articles import read_article, read_document

        data = read_document(path)
        target = self.folder / f"{slug(path.stem).lower()}{path.suffix.lower()}"
        if target.exists() and target.resolve() == path.resolve():
            return self.report(Outcome(str(path), "skipped", "already in the articles folder", target))
        clash = self._clash(article_id(target), target)
        if clash:
            raise PeacegraphError(f"{path}: {clash.name} already has the article id '{article_id(target)}'")
        before = target.read_bytes() if target.exists() else None
        if before == data:
            return self.report(Outcome(str(path), "skipped", "unchanged: same content hash", target))
        art = read_article(path, data)  # refuses what build would refuse: encrypted, no text layer…
        warning = language_warning(str(path), art.text)
        _write_atomic(target, data)
        self.report(Outcome(str(path), "updated" if before is not None else "added",
                            "content changed" if before is not None else "", target, [warning] if warning else []))

    # ---------------------------------------------------------------- naming

    def _new_path(self, url: str, title: str | None) -> Path:
        """A new article file's path: named after the URL's last segment (or the title), made
        unique with a digest of the URL if another article has that name."""
        parts = urlsplit(url)
        last = [s for s in parts.path.split("/") if s]
        stem = slug(re.sub(r"\.[A-Za-z0-9]{1,5}$", "", last[-1])).lower() if last else ""
        if not stem or stem.isdigit() or stem in ("x", "index", "article", "view", "print", "default", "page"):
            stem = slug(title or parts.hostname or "article").lower()
        stem = stem[:80].strip("-") or "article"
        path = self.folder / f"{stem}.txt"
        if self._clash(stem, path) or path.exists():
            path = self.folder / f"{stem}-{hashlib.sha1(url.encode()).hexdigest()[:8]}.txt"
        return path

    def _clash(self, aid: str, path: Path) -> Path | None:
        for suffix in SUFFIXES:
            other = self.folder / f"{aid}{suffix}"
            if other != path and other.exists():
                return other
        return None


# -------------------------------------------------------------------- web pages


def decode_html(r: Response, url: str) -> str:
    """A page's text: the charset the server declares, unless the bytes are not in it (a wrong
    header), then the page's own <meta charset>, then UTF-8, then a guess (charset_normalizer)."""
    data = r.content
    head = data[:4096].decode("ascii", "replace")
    m = re.search(r"""<meta[^>]+charset=["']?([\w-]+)""", head, re.I)
    declared = [c for c in (r.charset, m.group(1).lower() if m else None) if c]
    utf8_ok = _decodes(data, "utf-8")
    for cs in declared:
        # Latin-1 decodes any bytes: UTF-8 that decodes as UTF-8 is UTF-8, whatever the header says
        if cs.replace("_", "-") in ("iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii",
                                    "ascii") and utf8_ok:
            return data.decode("utf-8")
        if _decodes(data, cs):
            return data.decode(cs)
    if utf8_ok:
        return data.decode("utf-8")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # a single-byte guess on a few accented letters is a coin toss: take the web's default then
    # (WHATWG: windows-1252 for an undeclared or mis-declared page)
    if (best is None or _single_byte(best.encoding)) and _decodes(data, "cp1252"):
        return data.decode("cp1252")
    if best is None:
        raise FetchError(f"{url}: cannot tell the page's character encoding "
                         f"(declared {', '.join(declared) or 'none'}, and it is not UTF-8)")
    return str(best)


def _single_byte(encoding: str) -> bool:
    """One byte, one character: a lone high byte decodes (in UTF-8, GBK, Shift-JIS… it does not)."""
    try:
        return len(b"\xe9".decode(encoding)) == 1
    except (UnicodeDecodeError, LookupError):
        return False


def _decodes(data: bytes, charset: str) -> bool:
    try:
        data.decode(charset)
        return True
    except (UnicodeDecodeError, LookupError):
        return False


def html_text(r: Response, url: str) -> tuple[str, dict]:
    """A page's main text (paragraphs apart) and its metadata, by trafilatura."""
    found = main_text(decode_html(r, url), url)
    if found is None:
        raise FetchError(f"{url}: no main text on the page (fewer than {MIN_MAIN_WORDS} words of article text)")
    return found


def _kind(r: Response) -> str:
    ct, head = r.content_type, r.content[:1024].lstrip().lower()
    if ct in PDF_TYPES or r.content.startswith(b"%PDF-"):
        return "pdf"
    if ct in FEED_TYPES or re.match(rb"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:rdf)\b", head, re.S):
        return "feed"
    if ct in HTML_TYPES or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "other"


# -------------------------------------------------------------------- feeds


def _feed_date(e) -> str | None:
    t = e.get("published_parsed") or e.get("updated_parsed")
    return f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}" if t else None


def _feed_authors(e) -> list[str]:
    names = [a.get("name", "").strip() for a in e.get("authors", []) if a.get("name")]
    if not names and e.get("author"):
        names = [a.strip() for a in re.split(r",| and ", e["author"]) if a.strip()]
    return names


def _load_state(folder: Path) -> dict:
    try:
        return json.loads((folder / FEED_STATE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


# -------------------------------------------------------------------- files


_KEYS = ("title", "date", "authors", "publisher", "source", "fetched_from", "feed", "retrieved", "sha256", "etag",
         "last_modified", "language")


def _article_file(text: str, meta: dict) -> str:
    """The article file: a front-matter header (JSON values, which are YAML too) and the text."""
    lines = ["---"]
    for k in _KEYS:
        v = meta.get(k)
        if v:
            lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n" + text.strip() + "\n"


def _check_readable(content: str, source: str, path: Path) -> None:
    """Refuse now what build would refuse later."""
    from_text(content, source, article_id(path), "txt", name=source)


def _index(folder: Path) -> dict[str, tuple[Path, dict]]:
    """The articles of `folder` fetched from a URL, by that URL."""
    out = {}
    for p in sorted(folder.glob("*.txt")) + sorted(folder.glob("*.md")):
        try:
            with p.open(encoding="utf-8", errors="replace") as f:
                head = f.read(8192)
        except OSError:
            continue
        if FRONT_MATTER.match(head):
            header, _ = front_matter(head)
            if header.get("source", "").startswith(("http://", "https://")):
                out[header["source"]] = (p, header)
    return out


def _write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target and rename into place: the target is whole or as it was."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
