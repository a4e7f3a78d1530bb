"""Which council a summary belongs to, and what the researcher says of it.

The council read from the title is looked up in the councils file (one council under all its
names); a page without a title takes the name of the folder it sits in, else the council is
unknown (a doubt, never a guess from another line). Values from sources.csv (council, title,
date, place) win over the parse and are recorded as supplied by the researcher.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kg.model import Doubt, Minutes
from kg.parse import dates
from kg.parse.councils import Councils
from kg.parse.document import top_body_of
from kg.parse.title import council_of
from kg.read.normalize import nfkc

UNKNOWN = "会議名不明"


def identify(m: Minutes, councils: Councils, overrides: dict[str, str] | None = None,
             folder: str | None = None) -> Minutes:
    overrides = overrides or {}
    doubts = list(m.doubts)
    changes: dict = {"supplied": tuple(k for k in ("council", "title", "date", "place") if k in overrides)}
    title, series = m.title, m.series
    if "title" in overrides:
        title = overrides["title"]
        series = council_of(title)
    if "council" in overrides:
        series = overrides["council"].strip()
    if "title" in overrides or "council" in overrides:
        doubts = [d for d in doubts if d.field != "council"]
    elif not series and folder:
        series = folder
        doubts = [d for d in doubts if d.field != "council"] + [
            Doubt("council", f"no title found: the council is taken from the folder name ({folder})")]
    elif not series:
        series = f"{UNKNOWN}（{m.source.path.stem}）"
    if "date" in overrides:
        start, end = dates.meeting_times_in(nfkc(overrides["date"]))
        if start is None:
            doubts.append(Doubt("date", f"sources.csv gives a date that is not one: {overrides['date']!r}"))
        else:
            changes.update(start=start, end=end)
            doubts = [d for d in doubts if d.field != "date"]
    if "place" in overrides:
        changes["place"] = overrides["place"]
        doubts = [d for d in doubts if d.field != "place"]
    council = councils.find(series)
    if council:
        series = council.name
        changes["former_names"] = tuple(n for n in council.other if nfkc(n[0]) != nfkc(series))
    start = changes.get("start", m.start)
    fy = dates.fiscal_year(nfkc(title)) or (dates.fiscal_year_of(start.date() if isinstance(start, dt.datetime) else start)
                                             if start is not None else None)
    # a structured record names its body (the Diet's records: 国会); a text's comes from its names
    body = council.body if council and council.body else top_body_of(series, title) or (
        m.body if m.source.record is not None and series == m.series else None)
    if body:  # the councils file or sources.csv named what the page did not
        doubts = [d for d in doubts if d.field != "body"]
    return replace(m, title=title, series=series, fiscal_year=fy, doubts=tuple(doubts), body=body, **changes)
