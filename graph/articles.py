"""Read article files (.txt, .md, .html, .pdf, .docx) into clean plain text and the metadata found in it.

Offsets everywhere else in the pipeline refer to the cleaned text produced here. A .txt or .md file
may open with a front-matter header (`---` lines around `key: value` lines; values may be JSON
strings or lists) giving its metadata: title, date, authors, publisher, source (the URL it was
fetched from), retrieved, sha256 (of what was fetched), etag, last_modified, feed, language, as
`peacegraph add` writes them.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from .model import Article, PeacegraphError
from .vocab import slug

SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
BINARY = (".pdf", ".docx")  # read as bytes, by graph/documents.py
MAX_BYTES = 50 * 1024 * 1024  # larger files are refused rather than read into memory

# ---------------------------------------------------------------------------- decoding


def too_large(path: Path, size: int) -> str:
    """The error for a file over MAX_BYTES: what to do about it, in one line."""
    shown = math.ceil(size / 2**20 * 10) / 10  # rounded up: a file just over the limit never reads "50.0 MB"
    return (f"{path}: file is {shown:.1f} MB, over the {MAX_BYTES // 2**20} MB limit for one article: "
            "split it into several files (one per article or chapter) and build the folder")


def read_bytes(path: Path) -> str:
    """Decode a file as UTF-8 text, refusing empty, binary and undecodable input."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise PeacegraphError(f"{path}: cannot read: {e.strerror}") from None
    if size > MAX_BYTES:
        raise PeacegraphError(too_large(path, size))
    try:
        data = path.read_bytes()
    except OSError as e:
        raise PeacegraphError(f"{path}: cannot read: {e.strerror}") from None
    if not data.strip():
        raise PeacegraphError(f"{path}: file is empty")
    if b"\x00" in data[:8192]:
        raise PeacegraphError(f"{path}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise PeacegraphError(f"{path}:{line}: not valid UTF-8 text (byte {e.start})") from None
    return text


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")


def normalise(text: str) -> str:
    """NFC, Unix newlines, no control characters, no runs of blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\xa0", " ").replace("\t", " ")
    text = re.sub(r"[ ]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# ---------------------------------------------------------------------------- formats

_SHORTCODE = re.compile(r"^\s*\[/?[a-z_][\w-]*(?:\s[^\]\n]*)?\]\s*$", re.M)
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))(?!\d)",
    re.I,
)
# "Sep 2, 2016 | Uncategorized": a blog's date-and-category line, chrome rather than text.
_CATEGORY_LINE = re.compile(rf"^\s*{DATE_RE.pattern}\s*\|\s*[^|\n]{{1,60}}$", re.I | re.M)


def parse_date(text: str) -> str | None:
    """The first date written in `text`, as YYYY-MM-DD."""
    for m in DATE_RE.finditer(text):
        g = m.groupdict()
        try:
            if g["y1"]:
                d = date(int(g["y1"]), _MONTHS[g["m1"].lower().rstrip(".")], int(g["d1"]))
            elif g["y2"]:
                d = date(int(g["y2"]), _MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"]))
            else:
                d = date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        except (ValueError, KeyError):
            continue
        return d.isoformat()
    return None


class _HTMLText(HTMLParser):
    """Main text of an HTML page: drops scripts, styles, navigation and page furniture."""

    SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg",
            "button", "select", "template", "iframe", "menu"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote",
             "section", "article", "main", "ul", "ol", "table", "figcaption", "pre", "hr", "dd", "dt"}
    VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source",
            "track", "wbr", "param"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []  # all visible text
        self.main: list[str] | None = None  # text inside <article>/<main>, if any
        self.skip = 0
        self.main_depth = 0
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self._in = ""

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "time" and a.get("datetime"):
            self.meta.setdefault("time", a["datetime"])
        if tag in self.VOID:
            if tag in self.BLOCK:
                self._emit("\n")
            return
        if tag in self.SKIP:
            self.skip += 1
        if tag in ("article", "main"):
            if self.main is None:
                self.main = []
            self.main_depth += 1
        if tag in ("title", "h1"):
            self._in = tag
        if tag in self.BLOCK:
            self._emit("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        if tag in ("article", "main") and self.main_depth:
            self.main_depth -= 1
        if tag == self._in:
            self._in = ""
        if tag in self.BLOCK:
            self._emit("\n\n")

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
            return
        if self.skip:
            return
        if self._in == "h1":
            self.h1 += data
        self._emit(re.sub(r"\s+", " ", data))

    def _emit(self, s: str) -> None:
        self.parts.append(s)
        if self.main is not None and self.main_depth:
            self.main.append(s)


def _lines_clean(text: str) -> str:
    return "\n".join(line.strip() for line in text.split("\n"))


MIN_MAIN_WORDS = 25  # a "main text" shorter than this is page furniture, or a page too small to judge


def main_text(page: str, url: str | None = None) -> tuple[str, dict] | None:
    """A web page's main text (paragraphs a blank line apart) and its title, date, authors and site,
    by trafilatura; None when it finds no main text of MIN_MAIN_WORDS words."""
    import trafilatura

    # no date guessed from the running text ("in 2017"): only what the page states as its date
    doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, deduplicate=False,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    text = re.sub(r"\n+", "\n\n", (doc.text or "").strip()) if doc is not None else ""
    if len(text.split()) < MIN_MAIN_WORDS:
        return None
    site = doc.sitename if doc.sitename and doc.sitename != doc.hostname else None  # not the bare host name
    return text, {"title": doc.title, "date": doc.date, "publisher": site,
                  "authors": [a.strip() for a in re.split(r";|,| and ", doc.author or "") if a.strip()]}


def from_html(raw: str, path: Path) -> tuple[str, dict]:
    """A page's main text and metadata: trafilatura's (bench/html_extract.py: word F1 0.994 against
    0.907 for the reader below), else, on a page too small for it, the reader below."""
    text, meta = _from_html(raw, path)
    found = main_text(raw)
    if found is None:
        return text, meta
    return found[0], {k: v or meta.get(k) for k, v in found[1].items()}


def _from_html(raw: str, path: Path) -> tuple[str, dict]:
    p = _HTMLText()
    try:
        p.feed(raw)
        p.close()
    except Exception as e:  # HTMLParser is lenient; anything it raises is unusable input
        raise PeacegraphError(f"{path}: cannot parse HTML: {e}") from None
    body = "".join(p.main if p.main and "".join(p.main).strip() else p.parts)
    meta = {
        "title": (p.meta.get("og:title") or p.h1 or p.title).strip() or None,
        "authors": [a.strip() for a in re.split(r",| and ", p.meta.get("author", "")) if a.strip()],
        "date": parse_date(
            p.meta.get("article:published_time", "") or p.meta.get("date", "")
            or p.meta.get("datepublished", "") or p.meta.get("time", "")
        ),
        "publisher": (p.meta.get("og:site_name") or p.meta.get("publisher") or "").strip() or None,
    }
    return _lines_clean(html.unescape(body) if "&" in body else body), meta


_MD_RULES = [
    (re.compile(r"^```.*?^```\s*$", re.M | re.S), ""),  # code blocks are not prose
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images → alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links → their text
    (re.compile(r"^\s{0,3}#{1,6}\s+", re.M), ""),  # heading marks
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), ""),  # bullets
    (re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", re.M), ""),  # rules
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]*)`"), r"\1"),
]


FRONT_MATTER = re.compile(r"^---\n(.*?)\n---\n", re.S)
_LIST_KEYS = {"authors", "author"}


def front_matter(raw: str) -> tuple[dict, str]:
    """The `key: value` header of a .txt or .md file (lower-cased keys; JSON-quoted values decoded)
    and the text after it."""
    fm = FRONT_MATTER.match(raw)
    if not fm:
        return {}, raw
    out: dict = {}
    for line in fm.group(1).splitlines():
        k, _, v = line.partition(":")
        k, v = k.strip().lower(), v.strip()
        if not k or not v:
            continue
        try:
            value = json.loads(v) if v[0] in "[\"" else v.strip("'")
        except ValueError:
            value = v.strip("\"'")
        if k in _LIST_KEYS:
            if isinstance(value, str):
                value = [a.strip() for a in re.split(r",| and ", value.strip("[]")) if a.strip()]
            out["authors"] = [str(a) for a in value]
        elif k in ("date", "published"):
            out["date"] = parse_date(str(value))
        else:
            out[k] = str(value)
    return out, raw[fm.end():]


def from_markdown(raw: str) -> tuple[str, dict]:
    title = None
    m = re.search(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", raw, re.M)
    if m:
        title = m.group(1).strip()
    meta: dict = {"title": title}
    for rx, rep in _MD_RULES:
        raw = rx.sub(rep, raw)
    return raw, meta


# ---------------------------------------------------------------------------- metadata

_NAME = r"[A-Z](?:[\w'’-]|\.(?=[A-Z]))+(?:[ ]+(?:(?:de|da|van|von|der|del|la|le|bin|al|el|ben)[ ]+)?[A-Z][\w'’-]+){1,3}"
# "By: James Cohen | Mali | Aug 30, 2016", "*By Ana Ruiz, 2023-11-05*", a line opening with "by"
_BYLINE = re.compile(
    rf"(?:^[*_ ]*[Bb]y:?|\bBy:|(?<=\s)By)[ ]+(?P<names>{_NAME}(?:[ ]*(?:,|and|&)[ ]*{_NAME})*)(?![\w.])", re.M)
_BIO = re.compile(
    rf"^(?P<name>{_NAME}) (?:is|was|has been|serves as) (?:an? |the )?[^.\n]{{0,160}}?"
    r"\b(?:at|with|of|for) (?:the )?(?P<org>[A-Z][^,.;()\n]{2,80})",
    re.M,
)
_PUBLISHER = re.compile(
    r"(?:^|\. )(?:The )?(?P<org>[A-Z][\w&'’-]*(?: (?:for|of|and|on|the|&|[A-Z][\w&'’-]*))*)"
    r"(?: \([A-Z]{2,8}\))? is pleased to announce",
    re.M,
)
_DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'-]{2,40}, (?P<date>[^()\n]{6,30}?)\s*"
    r"(?:\((?P<agency>[A-Z][\w .&-]{1,30})\))?\s*[-–—]",
    re.M)
_POSTED = re.compile(r"^\s*(?:Posted|Published|Updated)(?: on)?:?\s+(.+)$", re.I | re.M)


def _title_of(lines: list[str]) -> str | None:
    for line in lines[:3]:
        s = line.strip()
        if not s or _CATEGORY_LINE.match(s) or _POSTED.match(s):
            continue
        s = re.split(r"\s+[Bb]y:?\s+[A-Z]", s)[0].strip()
        words = s.split()
        if 2 <= len(words) <= 25 and not s.endswith((".", ",", ";", ":", "”", '"')):
            return s
        return None
    return None


def _outer_lines(text: str, first: int, last: int) -> list[str]:
    """The first `first` and the last `last` lines of `text` that are not blank, in order (once
    each): what the metadata is read from, found without a list of every line (a copy of the text)."""
    head: list[str] = []
    i, n = 0, len(text)
    while len(head) < first and i <= n:
        j = text.find("\n", i)
        j = n if j < 0 else j
        if text[i:j].strip():
            head.append(text[i:j])
        i = j + 1
    if i > n:  # every line read: the head holds them all
        return head
    tail: list[str] = []
    j = n
    while len(tail) < last and j >= i:
        k = text.rfind("\n", i, j) + 1 if j > i else i  # the line [k, j)
        k = max(k, i)
        if text[k:j].strip():
            tail.append(text[k:j])
        j = k - 1
    return head + tail[::-1]


def find_metadata(text: str) -> dict:
    """Title, publication date, authors and publisher as the text itself states them."""
    lines = _outer_lines(text, 6, 3)
    # a header line is short, or carries a byline or a "Date | Category" separator
    head = "\n".join(ln for ln in lines[:6] if len(ln) < 100 or ("|" in ln and len(ln) < 300)
                     or re.search(r"\bBy:?\s", ln) and len(ln) < 300)
    meta: dict = {"title": _title_of(lines), "authors": [], "date": None, "publisher": None}
    posted = _POSTED.search(head)
    meta["date"] = parse_date(posted.group(1)) if posted else None
    meta["date"] = meta["date"] or parse_date(head)
    # a news dateline: "NEW YORK, 14 November 2023 (Reuters) - The …"
    dateline = _DATELINE.search("\n".join(lines[:4]))
    if dateline and parse_date(dateline.group("date")):
        meta["date"] = meta["date"] or parse_date(dateline.group("date"))
        meta["publisher"] = dateline.group("agency")
    by = _BYLINE.search(head)
    if by:
        meta["authors"] = [n.strip() for n in re.split(r"\s*(?:,|\band\b|&)\s*", by.group("names")) if n.strip()]
    tail = "\n".join(lines[-3:])
    for m in _BIO.finditer(tail):
        name = m.group("name")
        if name not in meta["authors"]:
            meta["authors"].append(name)
        meta["publisher"] = meta["publisher"] or m.group("org").strip()
    pub = _PUBLISHER.search(text[:3000])
    if pub:
        meta["publisher"] = pub.group("org").strip()
    return meta


# ---------------------------------------------------------------------------- entry points


def article_id(path: Path) -> str:
    """An article's id, from its file name: the name without its extension, accents dropped, each run
    of characters other than ASCII letters and digits made one '-', lower-cased."""
    return slug(path.stem).lower()


def article_id_of(name: str) -> str:
    """The id of an article named as the user sees it: its id, its file name (with or without its
    extension) or its path ("Rapport MONUSCO été 2024.txt" → "rapport-monusco-ete-2024")."""
    base = Path(name).name or name
    if Path(base).suffix.lower() not in SUFFIXES:  # "report.v2" has no article extension to drop
        base += ".txt"
    return article_id(Path(base))


def from_text(raw: str, source: str, article_id_: str, fmt: str = "txt", name: str | None = None,
              meta: dict | None = None) -> Article:
    """Clean raw text of the given format and find its metadata (`name`, the file, for errors;
    `meta`, what is known already)."""
    name = name or source
    header: dict = {}
    if fmt in ("html", "htm"):
        body, meta = from_html(raw, Path(name))
    elif fmt == "md":
        header, raw_body = front_matter(raw)
        body, meta = from_markdown(raw_body)
    elif fmt == "txt":
        header, body = front_matter(raw)
        meta = {}
    else:  # text read from a document already
        body, meta = raw, dict(meta or {})
    meta.update({k: v for k, v in header.items() if v})
    body = _SHORTCODE.sub("", body)
    found = find_metadata(normalise(body))
    body = normalise(_CATEGORY_LINE.sub("", body))
    if not body:
        raise PeacegraphError(f"{name}: no article text (nothing left after removing markup)")
    for k, v in found.items():
        if not meta.get(k):
            meta[k] = v
    return Article(
        id=article_id_,
        text=body,
        source=meta.get("source") or source,
        retrieved=meta.get("retrieved"),
        source_hash=meta.get("sha256"),
        title=meta.get("title"),
        date=meta.get("date"),
        authors=list(dict.fromkeys(meta.get("authors") or [])),
        publisher=meta.get("publisher"),
        content_hash=content_hash(raw),
    )


def content_hash(raw: str | bytes) -> str:
    """The hash of an article file's text (or a document's bytes), by which a build knows it unchanged."""
    return hashlib.sha256(raw if isinstance(raw, bytes) else raw.encode("utf-8")).hexdigest()


def read_article(path: str | Path, raw: str | bytes | None = None, source: str | None = None) -> Article:
    """Read one article file (or parse `raw`, its content read already with read_raw); raise
    PeacegraphError naming the file if it is unusable. `source` is what the graph records as its
    dcterms:source (default: the file's name); a URL in the file's front matter comes first."""
    path = Path(path)
    raw = read_raw(path) if raw is None else raw
    fmt = path.suffix.lower().lstrip(".")
    source = source or path.name
    if isinstance(raw, bytes):
        from .documents import docx_text, pdf_text

        text, meta = (pdf_text if fmt == "pdf" else docx_text)(raw, str(path))
        art = from_text(text, source, article_id(path), fmt, name=str(path), meta=meta)
        art.content_hash = content_hash(raw)
        return art
    return from_text(raw, source, article_id(path), fmt, name=str(path))


def source_names(files: Iterable[Path], roots: Iterable[str | Path]) -> dict[Path, str]:
    """What the graph records as each file's source: its path relative to the folder among `roots`
    it was found in (a file named on its own: its name), with '/' separators, never absolute."""
    folders = [Path(r).resolve() for r in roots if Path(r).is_dir()]
    out = {}
    for f in files:
        full = f.resolve()
        under = [d for d in folders if full.is_relative_to(d)]
        out[f] = full.relative_to(max(under, key=lambda d: len(d.parts))).as_posix() if under else f.name
    return out


def read_raw(path: Path) -> str | bytes:
    """An article file's text as it is on disk (decoded, not yet cleaned); a PDF's or .docx's bytes."""
    if path.is_dir():
        raise PeacegraphError(f"{path}: is a directory, not an article file")
    if not path.exists():
        raise PeacegraphError(f"{path}: no such file")
    if path.suffix.lower() in BINARY:
        return read_document(path)
    return read_bytes(path)


def read_document(path: Path) -> bytes:
    """A PDF's or .docx's bytes, refusing empty and oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PeacegraphError(too_large(path, size))
        data = path.read_bytes()
    except OSError as e:
        raise PeacegraphError(f"{path}: cannot read: {e.strerror}") from None
    if not data.strip():
        raise PeacegraphError(f"{path}: file is empty")
    return data


def find_article_files(paths: Iterable[str | Path]) -> list[Path]:
    """Article files under the given files and folders, sorted, each once."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not files:
                raise PeacegraphError(f"{p}: no articles (.txt, .md, .html, .pdf, .docx) in this folder")
            found += files
        elif p.is_file():
            found.append(p)
        else:
            raise PeacegraphError(f"{p}: no such file or folder")
    seen: dict[str, Path] = {}
    for f in found:
        aid = article_id(f)
        if aid in seen and seen[aid].resolve() != f.resolve():
            raise PeacegraphError(f"{f}: same article id '{aid}' as {seen[aid]}; rename one of them")
        seen[aid] = f
    return list(dict.fromkeys(seen.values()))
