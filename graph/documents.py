"""Read PDF (pdfminer.six) and Word .docx (python-docx) documents into plain text and metadata.

PDF: text boxes in reading order (columns one after the other, as pdfminer's layout analysis
orders them), running headers, footers and page numbers dropped, words hyphenated at line ends
rejoined. The text returned is what the article's graph records, so offsets point into it.
"""

from __future__ import annotations

import io
import re
from collections import Counter

from .model import PeacegraphError

# A page number alone on its line: "12", "- 12 -", "Page 3", "Page 3 of 10", "3/10", "iv".
_PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?"
                          r"(?:\s*[-–—])?\s*$", re.I)
_MARGIN = 0.09  # the top and bottom share of a page where running heads and feet live
# a word cut at a line end: "peace-" + "keeping" → "peacekeeping"; "Franco-" + "German",
# "self-" + "determination" and compounds written with their hyphen elsewhere keep it
_HYPHEN_END = re.compile(r"(?<=[A-Za-z])[-\u00ad]$")
_LAST_WORD = re.compile(r"([A-Za-z]+)[-\u00ad]$")
_COMPOUND = re.compile(r"\b[A-Za-z]+-[A-Za-z]+\b")
_KEEP_AFTER = {"self", "non", "ex", "anti", "post", "pre", "cross", "well", "semi", "quasi", "so", "long", "short",
               "full", "half", "all", "high", "low", "mid", "vice", "co", "re"}


def pdf_text(data: bytes, name: str) -> tuple[str, dict]:
    """The text and metadata (title, authors, date) of a PDF; PeacegraphError naming `name` if it is
    truncated, encrypted, damaged or has no text layer."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextBox
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psexceptions import PSException

    if not data.startswith(b"%PDF-"):
        raise PeacegraphError(f"{name}: not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-32768:]:  # (some writers leave a little junk after the marker)
        raise PeacegraphError(f"{name}: truncated PDF (no end-of-file marker)")
    meta: dict = {}
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        meta = _pdf_info(doc)
        pages = []
        for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
            boxes = [(b.y0, b.y1, b.get_text()) for b in page if isinstance(b, LTTextBox) and b.get_text().strip()]
            pages.append((page.height, boxes))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise PeacegraphError(f"{name}: encrypted PDF: it needs a password") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, AssertionError) as e:
        # pdfminer's damaged-file errors are of many kinds; any of them means the file is unusable
        raise PeacegraphError(f"{name}: damaged PDF ({type(e).__name__}: {str(e)[:100]})") from None
    if not any(boxes for _, boxes in pages):
        raise PeacegraphError(f"{name}: no text layer: needs OCR")
    return _join_pages(pages), meta


def _pdf_info(doc) -> dict:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    info: dict = {}
    for d in doc.info or []:
        for k, v in d.items():
            v = resolve1(v)
            if isinstance(v, bytes):
                v = decode_text(v)
            if isinstance(v, str) and v.strip():
                info[k] = v.strip()
    meta: dict = {"title": info.get("Title"), "authors": []}
    if info.get("Author"):
        meta["authors"] = [a.strip() for a in re.split(r";|,| and ", info["Author"]) if a.strip()]
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)", info.get("CreationDate", ""))
    if m:
        meta["date"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return meta


def _running(pages: list[tuple[float, list]]) -> set[str]:
    """Lines in the page margins that recur on several pages (digits ignored): running heads and feet."""
    seen: Counter[str] = Counter()
    for height, boxes in pages:
        keys = {_shape(t) for y0, y1, t in boxes if y0 > height * (1 - _MARGIN) or y1 < height * _MARGIN}
        seen.update(keys)
    return {k for k, n in seen.items() if n >= 2 and n >= len(pages) / 2}


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _join_pages(pages: list[tuple[float, list]]) -> str:
    running = _running(pages) if len(pages) > 1 else set()
    # compounds the document writes with a hyphen inside a line: one cut at that hyphen keeps it
    compounds = {m.group(0).lower() for _, boxes in pages for _, _, t in boxes for m in _COMPOUND.finditer(t)}
    paras: list[str] = []
    for height, boxes in pages:
        for y0, y1, t in boxes:
            in_margin = y0 > height * (1 - _MARGIN) or y1 < height * _MARGIN
            if in_margin and (_shape(t) in running or _PAGE_NUMBER.match(t)):
                continue
            para = _join_lines(t, compounds)
            # a paragraph cut by a column or page break goes on with a lower-case word, or after a
            # word cut by a hyphen
            if paras and (para[:1].islower() and not paras[-1].endswith((".", "!", "?", ":", "”", '"'))
                          or _HYPHEN_END.search(paras[-1])):
                paras[-1] = _join_lines(paras[-1] + "\n" + para, compounds)
            else:
                paras.append(para)
    return "\n\n".join(paras)


def _join_lines(box: str, compounds: set[str] = frozenset()) -> str:
    """A text box's lines as one paragraph, with words hyphenated at line ends rejoined."""
    lines = [ln.strip() for ln in box.split("\n") if ln.strip()]
    out = ""
    for ln in lines:
        if out and _HYPHEN_END.search(out):
            head = _LAST_WORD.search(out)
            tail = re.match(r"[A-Za-z]+", ln)
            keep = (not ln[:1].islower() or head is None or head.group(1).lower() in _KEEP_AFTER
                    or (tail is not None and f"{head.group(1)}-{tail.group(0)}".lower() in compounds))
            out = (out[:-1] + "-" if keep and out[-1] == "\u00ad" else out if keep else out[:-1]) + ln
        else:
            out = f"{out} {ln}" if out else ln
    return re.sub(r"[ ]{2,}", " ", out)  # justified lines come out with wide gaps


def docx_text(data: bytes, name: str) -> tuple[str, dict]:
    """The paragraphs and core properties (title, author, date) of a Word .docx file."""
    import zipfile

    import docx

    try:
        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as e:
        raise PeacegraphError(f"{name}: not a readable .docx file ({str(e)[:100]})") from None
    except Exception as e:  # python-docx wraps malformed XML in several error types
        raise PeacegraphError(f"{name}: damaged .docx file ({type(e).__name__})") from None
    paras = [p.text.strip() for p in d.paragraphs if p.text.strip()]
    for table in d.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                paras.append(" | ".join(dict.fromkeys(cells)))
    cp = d.core_properties
    meta: dict = {"title": (cp.title or "").strip() or None,
                  "authors": [a.strip() for a in re.split(r";|,| and ", cp.author or "") if a.strip()],
                  "date": cp.created.date().isoformat() if cp.created else None}
    if not paras:
        raise PeacegraphError(f"{name}: no text in this .docx file")
    return "\n\n".join(paras), meta
