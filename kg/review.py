"""``kg check``: the review a researcher runs before trusting a build. Per file: the council,
title, date and times, place, counts of attendees, turns and statements, and every doubt the
parser had (fields not found, speakers not in the attendee list, lines nothing recognized),
and the identity doubts across files. ``kg people``: the pairs of people that may be one."""

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
    """Each file's review; the identity doubts (people of one full name in two councils or
    units, below the threshold and undecided) go to the file of the later one."""
    from kg.corpus.steps import find_sources, read_minutes, source_roots
    from kg.people.sightings import roster_of

    paths = list(paths)
    table = load_councils(councils)
    roots = source_roots(paths)
    out = []
    rosters = []
    for f in find_sources(paths):
        try:
            m = read_minutes(f, table, roots)
        except InputError as exc:
            out.append(FileReview(str(f), error=exc.message))
            continue
        rosters.append(roster_of(m))
        out.append(FileReview(
            path=str(f), council=m.series, title=m.title,
            start=m.start.isoformat() if m.start is not None else None,
            end=m.end.isoformat() if m.end is not None else None, place=m.place,
            attendees=len({a.name or a.span for a in m.attendees}), turns=len(m.turns),
            statements=len(m.statements),
            doubts=[{"field": d.field, "message": d.message, "line": d.line} for d in m.doubts],
            unread=[{"line": n, "text": text} for n, text in m.unread]))
    by_path = {r.path: r for r in out}
    for link in _identity(rosters, roots).doubts:
        _, _, later = link.b.seen[0]
        roster = rosters[link.b.seen[0][0]]
        by_path[roster.path].doubts.append({
            "field": "identity", "line": later.line,
            "message": f"{link.a.key} and {link.b.key} may be one person (score {link.score:.2f}: {link.label}); "
                       "`kg people` shows the evidence, people.toml decides"})
    return out


def _identity(rosters, roots):
    from kg.people.decisions import decisions_in
    from kg.people.identity import resolve

    return resolve(rosters, decisions_in(roots))


def people_review(paths: Iterable[str | Path], councils: str | Path = DEFAULT_COUNCILS) -> list[dict]:
    """``kg people``: every pair of person nodes that may be one person, with its status,
    score, reasons, the researcher's decision and each side's attendee-list entries."""
    from kg.corpus.steps import read_corpus, source_roots
    from kg.people.sightings import roster_of

    paths = list(paths)
    minutes, _ = read_corpus(paths, councils=councils)
    rosters = [roster_of(m) for m in minutes]
    out = []
    for link in _identity(rosters, source_roots(paths)).links:
        out.append({
            "a": link.a.key, "b": link.b.key, "status": link.status, "score": link.score,
            "reasons": [_reason_text(r) for r in link.reasons],
            "decided": link.decision is not None, "note": link.decision.note if link.decision else None,
            "evidence": {side: [{"path": rosters[n].path, "line": s.line, "date": date, "words": s.words,
                                 "span": [s.span.start, s.span.end]} for n, date, s in person.seen]
                         for side, person in (("a", link.a), ("b", link.b))}})
    return out


def _reason_text(name: str) -> str:
    from kg.people.match import rules

    return rules().reasons[name]


def people_text(pairs: list[dict]) -> str:
    lines = []
    for p in pairs:
        decided = " (the researcher's decision)" if p["decided"] else ""
        lines.append(f"{p['status']:<10} {p['score']:5.2f}  {p['a']}  ⇔  {p['b']}{decided}")
        lines.append(f"  reasons  {'、'.join(p['reasons'])}")
        if p["note"]:
            lines.append(f"  note     {p['note']}")
        for side in ("a", "b"):
            for e in p["evidence"][side]:
                lines.append(f"  {side}        {e['date'] or '—'}  {e['path']}:{e['line']}  {e['words']}")
    counts = {k: sum(p["status"] == k for p in pairs) for k in ("same", "candidate", "different")}
    lines.append(f"{len(pairs)} pairs: {counts['same']} same, {counts['candidate']} candidates, "
                 f"{counts['different']} different")
    return "\n".join(lines) + "\n"


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
