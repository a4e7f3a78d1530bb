"""Which links of a council's page lead to what kg fetch collects (rules in links.toml): on an
index page, meeting pages, summaries (PDFs) and further index pages (the next page of a list,
one year of an archive); on a meeting's page, its summaries."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path, PurePosixPath
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from lxml import etree

from kg.errors import InputError
from kg.read.decode import decode
from kg.read.html import declared_charset
from kg.read.normalize import nfkc

MEETING, SUMMARY, NEXT, ARCHIVE = "meeting", "summary", "next", "archive"
_SIZE_NOTE = re.compile(r"[\[（(]\s*(PDF|pdf|ＰＤＦ|Word|Excel)[^）)\]]*[）)\]]")  # （PDF：123KB）


@dataclass(frozen=True)
class Link:
    kind: str  # meeting, summary, next, archive
    url: str
    title: str  # the link's text as the page gives it, size notes dropped


@dataclass(frozen=True)
class Rules:
    meeting_words: tuple[str, ...]
    meeting_patterns: tuple[re.Pattern, ...]
    summary_words: tuple[str, ...]
    handout_words: tuple[str, ...]
    next_words: frozenset[str]
    archive_patterns: tuple[re.Pattern, ...]
    file_suffixes: tuple[str, ...]


@cache
def rules() -> Rules:
    raw = tomllib.loads(files("kg.fetch").joinpath("links.toml").read_text(encoding="utf-8"))
    return Rules(tuple(raw["meeting_words"]), tuple(map(re.compile, raw["meeting_patterns"])),
                 tuple(raw["summary_words"]), tuple(raw["handout_words"]), frozenset(raw["next_words"]),
                 tuple(map(re.compile, raw["archive_patterns"])), tuple(raw["file_suffixes"]))


def is_file_url(url: str) -> bool:
    return PurePosixPath(urlsplit(url).path).suffix.lower() in rules().file_suffixes


def _anchors(data: bytes, base: str):
    """(absolute address, text, rel) of each link of a page, in page order."""
    text, _ = decode(data, Path(urlsplit(base).path or "page"), hint=declared_charset(data))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return
    for href in root.iterfind(".//base[@href]"):
        base = urljoin(base, href.get("href", ""))
        break
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        try:
            url = urldefrag(urljoin(base, href)).url
        except ValueError:
            continue
        words = " ".join(_SIZE_NOTE.sub("", a.text_content()).split())
        yield url, words, (a.get("rel") or "").lower()


def _is_summary(title: str) -> bool:
    r = rules()
    t = nfkc(title)
    return any(w in t for w in r.summary_words) and not t.startswith(r.handout_words)


def _kind(url: str, title: str, rel: str) -> str | None:
    r = rules()
    t = nfkc(title)
    if is_file_url(url):
        return SUMMARY if _is_summary(title) else None
    if "next" in rel.split() or title in r.next_words or t in r.next_words:
        return NEXT
    if any(p.search(t) for p in r.archive_patterns):
        return ARCHIVE
    if any(w in t for w in r.meeting_words) or any(p.search(t) for p in r.meeting_patterns):
        return MEETING if not t.startswith(r.handout_words) else None
    return None


def _read(data: bytes, base: str) -> list[tuple[str, str, str]]:
    try:
        return list(_anchors(data, base))
    except InputError:  # bytes no encoding reads: a page without links to offer
        return []


def index_links(data: bytes, base: str) -> list[Link]:
    """The links of an index page kg fetch follows, each address once, in page order."""
    out: dict[str, Link] = {}
    for url, title, rel in _read(data, base):
        kind = _kind(url, title, rel)
        if kind and url != base and url not in out:
            out[url] = Link(kind, url, title)
    return list(out.values())


def summary_links(data: bytes, base: str) -> list[Link]:
    """The summaries (PDFs, texts) a meeting's page links to."""
    out: dict[str, Link] = {}
    for url, title, _ in _read(data, base):
        if is_file_url(url) and _is_summary(title) and url not in out:
            out[url] = Link(SUMMARY, url, title)
    return list(out.values())
