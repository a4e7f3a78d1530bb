"""Where summaries came from: an optional ``sources.csv`` beside them (columns ``file,url``)
gives each file's web address, published as ``dcterms:source`` of its source document."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError

SOURCES_FILE = "sources.csv"


@lru_cache(maxsize=256)
def urls_in(folder: Path) -> dict[str, str]:
    path = folder / SOURCES_FILE
    if not path.is_file():
        return {}
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    except UnicodeDecodeError:
        raise InputError("sources.csv is not UTF-8", path=path) from None
    out = {}
    for n, row in enumerate(rows, start=2):
        file, url = (row.get("file") or "").strip(), (row.get("url") or "").strip()
        if not file or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
            raise InputError("each row needs file,url with an http(s) URL", path=path, line=n)
        out[file] = url
    return out


def url_of(file: Path) -> str | None:
    return urls_in(file.parent.resolve()).get(file.name)
