"""What the researcher says of each summary: an optional ``sources.csv`` beside them, with
columns ``file`` and ``url`` (published as ``dcterms:source``) and, optionally, ``council``,
``title``, ``date`` and ``place``. A value given there wins over what the parser reads, and
the graph records that the researcher supplied it. ``kg fetch`` adds what it recorded of each
download (``RECORDED``): kept in the file for the researcher, never read as a correction."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError

SOURCES_FILE = "sources.csv"
OVERRIDABLE = ("council", "title", "date", "place")
# What kg fetch notes of a download: when, its bytes' hash, the type the server gave, and the
# title the index page gave the link (copy it to ``title`` to make it win over the parser).
RECORDED = ("fetched", "sha256", "content_type", "index_title")
COLUMNS = ("file", "url", *OVERRIDABLE, *RECORDED)
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


@dataclass(frozen=True)
class SourceEntry:
    url: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)


def entries_in(folder: Path) -> dict[str, SourceEntry]:
    path = folder / SOURCES_FILE
    try:
        st = path.stat()
    except OSError:
        return {}
    return _entries(path, st.st_mtime_ns, st.st_size)  # read once per version of the file


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a sources.csv, its header checked (kg build reads them, kg fetch adds to them)."""
    try:
        reader = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
        rows = list(reader)
    except UnicodeDecodeError:
        raise KgError("sources.csv is not UTF-8", path=path) from None
    unknown = sorted(set(reader.fieldnames or ()) - set(COLUMNS))
    if "file" not in (reader.fieldnames or ()) or unknown:
        raise KgError("the header must be file,url and optionally " + ",".join(COLUMNS[2:])
                      + (f" (unknown: {', '.join(unknown)})" if unknown else ""), path=path, line=1)
    return rows


@lru_cache(maxsize=256)
def _entries(path: Path, _mtime: int, _size: int) -> dict[str, SourceEntry]:
    rows = read_rows(path)
    out = {}
    for n, row in enumerate(rows, start=2):
        file, url = (row.get("file") or "").strip(), (row.get("url") or "").strip()
        if not file:
            raise KgError("a row without a file name", path=path, line=n)
        if url and not _URL.match(url):
            raise KgError(f"url must be an http(s) URL, not {url!r}", path=path, line=n)
        overrides = {k: (row.get(k) or "").strip() for k in OVERRIDABLE if (row.get(k) or "").strip()}
        out[file] = SourceEntry(url or None, overrides)
    return out


def entry_of(file: Path, folder: Path | None = None) -> SourceEntry:
    """The sources.csv entry of a file; ``folder``: its folder resolved, when the caller has it."""
    return entries_in(folder or file.parent.resolve()).get(file.name) or SourceEntry()
