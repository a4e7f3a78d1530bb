"""``kg check``: the review a researcher runs before trusting a build. Per file: the council,
title, date and times, place, counts of attendees, turns and statements, and every doubt the
parser had (fields not found, speakers not in the attendee list, lines nothing recognized)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.parse.councils import DEFAULT_COUNCILS, load_councils

SHOWN = 3  # unread lines shown per file in text output (JSON has them all)


@dataclass
class FileReview:
    path: str
    council: str | None = None
    title: str | None = None
    start: str | None = None
    end: str | None = None
    place: str | None = None
    attendees: int = 0
    turns: int = 0
    statements: int = 0
    doubts: list[dict] = field(default_factory=list)  # {field, message, line}
    unread: list[dict] = field(default_factory=list)  # {line, text}: body lines nothing recognized
    error: str | None = None  # the file could not be read at all

    @property
    def doubtful(self) -> bool:
        return bool(self.doubts or self.error)

    def as_dict(self) -> dict:
        return asdict(self)


def review(paths: Iterable[str | Path], councils: str | Path = DEFAULT_COUNCILS) -> list[FileReview]:
    from kg.corpus.steps import find_sources, read_minutes, source_roots

    paths = list(paths)
    table = load_councils(councils)
    roots = source_roots(paths)
    out = []
    for f in find_sources(paths):
        try:
            m = read_minutes(f, table, roots)
        except InputError as exc:
            out.append(FileReview(str(f), error=exc.message))
            continue
        out.append(FileReview(
            path=str(f), council=m.series, title=m.title,
            start=m.start.isoformat() if m.start is not None else None,
            end=m.end.isoformat() if m.end is not None else None, place=m.place,
            attendees=len({a.name or a.span for a in m.attendees}), turns=len(m.turns),
            statements=len(m.statements),
            doubts=[{"field": d.field, "message": d.message, "line": d.line} for d in m.doubts],
            unread=[{"line": n, "text": text} for n, text in m.unread]))
    return out


def as_text(reviews: list[FileReview]) -> str:
    lines = []
    for r in reviews:
        lines.append(r.path)
        if r.error:
            lines.append(f"  error      {r.error}")
            continue
        lines.append(f"  council    {r.council}")
        lines.append(f"  title      {r.title}")
        when = r.start or "—"
        if r.end and r.start and r.end[:10] == r.start[:10] and len(r.end) > 10:
            when += " – " + r.end[11:16]
        lines.append(f"  date       {when}")
        lines.append(f"  place      {r.place or '—'}")
        lines.append(f"  counts     {r.attendees} attendees, {r.turns} turns, {r.statements} statements")
        if r.unread:
            shown = "; ".join(f"{u['line']}: {u['text'][:24]}" for u in r.unread[:SHOWN])
            more = " …" if len(r.unread) > SHOWN else ""
            lines.append(f"  not read   {len(r.unread)} lines outside any turn ({shown}{more})")
        for d in r.doubts or [None]:  # type: ignore[list-item]  # None: the line that says none
            where = f"line {d['line']}: " if d is not None and d["line"] else ""
            text = "none" if d is None else where + f"[{d['field']}] {d['message']}"
            lines.append(f"  doubt      {text}")
    doubtful = sum(r.doubtful for r in reviews)
    lines.append(f"{len(reviews)} files, {doubtful} with doubts")
    return "\n".join(lines) + "\n"
