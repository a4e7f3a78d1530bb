"""One renderer for tabular results: aligned table (Japanese wide characters count as two
columns), CSV, TSV and JSON. Commands take ``--format`` and hand their rows here."""

from __future__ import annotations

import csv
import io
import json
import unicodedata

FORMATS = ("table", "csv", "tsv", "json")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return " ".join(text.split())  # a table row stays on one line


def _pad(text: str, n: int) -> str:
    return text + " " * (n - width(text))


def _clip(text: str, limit: int | None) -> str:
    if limit is None or width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def table(headers: list[str], rows: list[list], max_width: int | None = 60) -> str:
    if not rows:
        return "(no rows)\n"
    cells = [[_clip(_cell(v), max_width) for v in row] for row in rows]
    widths = [max([width(h)] + [width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


def delimited(headers: list[str], rows: list[list], delimiter: str) -> str:
    buf = io.StringIO()
    if delimiter == "\t":
        # TSV has no quoting: tabs and line breaks inside values become spaces.
        buf.write("\t".join(headers) + "\n")
        for row in rows:
            buf.write("\t".join(_cell(v).replace("\t", " ") for v in row) + "\n")
    else:
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


def render(headers: list[str], rows: list[list], fmt: str = "table", max_width: int | None = 60) -> str:
    if fmt == "table":
        return table(headers, rows, max_width)
    if fmt == "csv":
        return delimited(headers, rows, ",")
    if fmt == "tsv":
        return delimited(headers, rows, "\t")
    if fmt == "json":
        return json.dumps([dict(zip(headers, row)) for row in rows], ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt}")
