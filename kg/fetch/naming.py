"""The file name a download is saved under: from its address (the last part of the path, or the
folder of an index.html), with the suffix its type calls for; a name another address already
holds gets a short hash of the address. Names are kept from run to run (state.py)."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

SUFFIX_OF = {"application/pdf": ".pdf", "text/html": ".html", "application/xhtml+xml": ".html",
             "text/plain": ".txt"}
_INDEX_NAMES = {"", "index", "default", "top", "main"}
_UNSAFE = re.compile(r"[^\w.\-ー]+")


def media_type(content: bytes, declared: str) -> str:
    """The type a download is saved as: a PDF's bytes win over what the server said."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    return declared or "application/octet-stream"


def file_name(url: str, media: str, taken: set[str]) -> str:
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    stem = PurePosixPath(segments[-1]).stem if segments else ""
    if stem.lower() in _INDEX_NAMES and len(segments) > 1:
        stem = segments[-2]  # /kaigi/r5-1/index.html → r5-1
    if parts.query:
        stem = f"{stem}_{parts.query}" if stem.lower() not in _INDEX_NAMES else parts.query
    stem = _UNSAFE.sub("_", stem).strip("._")[:80] or (parts.hostname or "page")
    name = stem + SUFFIX_OF.get(media, ".txt")
    if name in taken:
        name = f"{stem}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}{SUFFIX_OF.get(media, '.txt')}"
    return name
