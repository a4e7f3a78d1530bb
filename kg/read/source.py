"""Read a source file into text: decode, drop the BOM, normalize line endings.

The decoded, LF-only text is what every offset in the graph points into, so it is kept
as is; matching may normalize further, offsets never do.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import InputError
from kg.read.decode import decode
from kg.read.record import DietRecord


@dataclass(frozen=True)
class SourceText:
    """A decoded source document."""

    path: Path
    text: str  # decoded, BOM removed, line endings "\n" (for HTML and PDF: the extracted text)
    encoding: str
    sha256: str  # of the file's bytes, so a reuser can check the original download
    media_type: str = "text/plain"
    url: str | None = None  # where it was published, when known (sources.csv)
    hints: tuple[str, ...] = ()  # title candidates outside the text: an HTML page's breadcrumb and <title>
    notes: tuple[str, ...] = ()  # doubts about the reading itself (an HTML page's main text may stop short)
    record: DietRecord | None = None  # a Diet record's structured speeches: turns are read from these

    @property
    def name(self) -> str:
        return self.path.name

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset, for messages."""
        return self.text.count("\n", 0, offset) + 1


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


SUFFIXES = (".txt", ".html", ".htm", ".pdf")
RECORD_SUFFIXES = (".kokkai.json",)  # structured records (kg/read/kokkai.py): read by their full suffix


def is_source(path: Path) -> bool:
    """A file kg build reads: a summary's text, page or PDF, or a Diet record."""
    name = path.name.lower()
    return path.suffix.lower() in SUFFIXES or name.endswith(RECORD_SUFFIXES)
_CJK_RADICALS = re.compile("[\u2e80-\u2fdf]")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None


def _html(data: bytes, path: Path):
    from kg.read.html import PageError, declared_charset, read_page
    text, charset = decode(data, path, hint=declared_charset(data))
    try:
        page = read_page(normalize_newlines(text))
    except PageError as exc:
        raise InputError(str(exc), path=path) from None
    if not page.text.strip():
        raise InputError("HTML page with no text", path=path)
    return page, charset


def _pdf(data: bytes, path: Path) -> str:
    import io
    import logging
    import zlib

    from pypdf import PdfReader
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repairs of damaged files are not ours to report
    from pypdf.errors import DependencyError, LimitReachedError, PyPdfError
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except LimitReachedError as exc:  # a decompression bomb, or a /Length of 10^15
        raise InputError(f"PDF refused: it asks for more memory than a summary can need ({exc})", path=path) from None
    # A filter pypdf does not implement (/FooDecode), or one it needs a program for (JBIG2).
    except (NotImplementedError, DependencyError) as exc:
        raise InputError(f"PDF not read: its text is stored in a way this reader does not know ({exc})"[:300],
                         path=path) from None
    # A damaged file fails deep inside the PDF parser with any of these; each means the same.
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError,
            RecursionError, zlib.error) as exc:
        raise InputError(f"not a readable PDF: {type(exc).__name__}: {exc}"[:300], path=path) from None
    text = "\n\n".join(normalize_newlines(p).strip("\n") for p in pages)
    # PDF fonts often map kanji to their radical look-alikes (⽇ for 日, ⻘ for 青): fold them.
    text = _CJK_RADICALS.sub(lambda m: _unradical(m.group()), text)
    if not text.strip():
        raise InputError("PDF without a text layer (scanned?): nothing to read", path=path)
    return text + "\n"


# Radicals whose Japanese reading is not what NFKC or the radical's name gives (from
# Unicode's EquivalentUnifiedIdeograph data): 青 not 靑, and the J-simplified forms.
_RADICAL_JA = {"\u2fad": "青", "\u2ed8": "青", "\u2e9f": "母", "\u2ed1": "長", "\u2ec4": "西",
               "\u2edd": "食", "\u2ee4": "鬼", "\u2eed": "歯", "\u2ec1": "虎", "\u2ec6": "角",
               "\u2ee3": "骨", "\u2ef2": "亀", "\u2eeb": "斉", "\u2eef": "竜", "\u2ea0": "民"}


@cache
def _unradical(ch: str) -> str:
    """The unified ideograph a radical stands for: Kangxi radicals by NFKC; the CJK Radicals
    Supplement (no NFKC mapping) through the Kangxi radical of the same name."""
    if ch in _RADICAL_JA:
        return _RADICAL_JA[ch]
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch:
        return folded
    name = unicodedata.name(ch, "")
    if name.startswith("CJK RADICAL "):
        try:
            kangxi = unicodedata.lookup("KANGXI RADICAL " + name[len("CJK RADICAL "):])
        except KeyError:
            return ch
        return unicodedata.normalize("NFKC", kangxi)
    return ch


def read_source(path: str | Path) -> SourceText:
    """Read a .txt, .html or .pdf summary (any other suffix is read as text)."""
    path = Path(path)
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if path.name.lower().endswith(RECORD_SUFFIXES):
        from kg.read.kokkai import MEDIA_TYPE, read_record
        text, record = read_record(data, path)
        return SourceText(path, text, "utf-8", digest, MEDIA_TYPE, url=record.url, record=record)
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        return SourceText(path, _pdf(data, path), "pdf", digest, "application/pdf")
    if suffix in (".html", ".htm"):
        page, encoding = _html(data, path)
        return SourceText(path, page.text, encoding, digest, "text/html", hints=page.hints, notes=page.notes)
    text, encoding = decode(data, path)
    return SourceText(path=path, text=normalize_newlines(text), encoding=encoding, sha256=digest)
