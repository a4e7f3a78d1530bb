"""sources.csv beside the downloads: one row a file, with its address, when it was fetched, the
hash of its bytes, the type the server gave and the title the index gave it. What the researcher
wrote (council, title, date, place, rows of other files) is kept as it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.atomic import atomic_write
from kg.errors import KgError
from kg.read.sources import COLUMNS, SOURCES_FILE


def read_rows(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / SOURCES_FILE
    if not path.exists():
        return {}
    try:
        reader = csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines())
        rows = list(reader)
    except UnicodeDecodeError:
        raise KgError("sources.csv is not UTF-8", path=path) from None
    unknown = sorted(set(reader.fieldnames or ()) - set(COLUMNS))
    if "file" not in (reader.fieldnames or ()) or unknown:
        raise KgError("not a sources.csv kg fetch can add to: the header must be file,url and optionally "
                      + ",".join(COLUMNS[2:]), path=path, line=1)
    return {row["file"]: {k: v or "" for k, v in row.items() if k in COLUMNS} for row in rows if row.get("file")}


def write_rows(folder: Path, rows: dict[str, dict[str, str]]) -> None:
    """sources.csv with every column, rows in file-name order (the same rows give the same bytes)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for name in sorted(rows):
        writer.writerow({k: rows[name].get(k, "") for k in COLUMNS} | {"file": name})
    atomic_write(folder / SOURCES_FILE, out.getvalue().encode("utf-8"))


class Ledger:
    """The rows of one folder's sources.csv, written again after each download."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.rows = read_rows(folder)

    def record(self, name: str, **recorded: str) -> None:
        row = self.rows.setdefault(name, {})
        row.update({k: v for k, v in recorded.items() if v is not None})
        write_rows(self.folder, self.rows)
