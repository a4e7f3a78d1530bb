"""sources.csv beside the downloads: one row a file, with its address, when it was fetched, the
hash of its bytes, the type the server gave and the title the index gave it. What the researcher
wrote (council, title, date, place, rows of other files) is kept as it is."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg.atomic import atomic_write
from kg.read.sources import COLUMNS, SOURCES_FILE, read_rows


def folder_rows(folder: Path) -> dict[str, dict[str, str]]:
    path = folder / SOURCES_FILE
    if not path.exists():
        return {}
    rows = read_rows(path)
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
        self.rows = folder_rows(folder)

    def record(self, name: str, **recorded: str) -> None:
        row = self.rows.setdefault(name, {})
        row.update({k: v for k, v in recorded.items() if v is not None})
        write_rows(self.folder, self.rows)
