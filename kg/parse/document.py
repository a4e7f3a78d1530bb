"""Parse the text of a meeting summary into a ``Minutes`` model. Knows nothing of RDF.

Steps, each in a module of its own: lines and page furniture (lines.py), the title and the
council it names (title.py), header fields (header.py), attendee lists (attendees.py), the body
of turns and statements (body.py), speakers linked to attendees (resolve.py). What could not
be found or had to be guessed becomes a ``Doubt`` that ``kg check`` lists.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.errors import InputError
from kg.model import Attendee, Doubt, Minutes
from kg.parse import dates
from kg.parse.attendees import parse_attendees
from kg.parse.body import BodyReader, bound_statements
from kg.parse.fields import Found, find_fields
from kg.parse.header import Header, HeaderReader, field_text, first_header_line, match_field
from kg.parse.lines import MAX_LINE, Line, is_boilerplate, split_lines
from kg.parse.record import parse_record
from kg.parse.resolve import resolve_speakers
from kg.parse.rules import rules
from kg.parse.segments import split_long
from kg.parse.speakers import SECRETARIAT, bare_speaker, find_marker, gap_speaker, is_heading, parse_speaker
from kg.parse.title import assembly_body, council_of, find_title, names_a_body
from kg.read.normalize import nfkc
from kg.read.source import SourceText

_TOP_BODY_RE = re.compile(r"^(東京都|北海道|京都府|大阪府|[^\s]{2,3}?県|[^\s]{1,4}?市|[^\s]{1,4}?[省庁])")
MAX_UNREAD_SHOWN = 5

__all__ = ["SECRETARIAT", "council_of", "parse", "parse_speaker", "top_body_of"]


def top_body_of(series: str, title: str = "") -> str | None:
    """The prefecture, city or ministry a council's name starts with, or whose assembly the title
    names (五泉市議会産業建設委員会); None when neither names one."""
    m = _TOP_BODY_RE.match(series)
    return m.group(1) if m else assembly_body(title) if title else None


_SPEAKER_LIKE = re.compile(r"^[^\s、。]{1,12}?(?:委員長|委員|議長|会長|座長|部長|課長|局長|知事|市長|大臣|君)(?:\([^)]{1,12}\))?[\s:：]")


def _unread_speaker_marks(statements, source: SourceText) -> list[tuple[int, str]]:
    """Statements of a record without turns that open like `山田委員　…`: a speaker form the
    rules do not know, worth a doubt rather than a silent reading without speakers."""
    found = []
    for s in statements:
        offset = s.span.start
        for line in s.text.split("\n"):
            if _SPEAKER_LIKE.match(nfkc(line.strip())):
                found.append((source.line_of(offset), nfkc(line.strip())[:12]))
            offset += len(line) + 1
    return found if len(found) >= 3 else []


def _gap_turns(lines: list[Line], skip: set[int]) -> dict[int, tuple]:
    """Speakers parted from their statements by a gap only (議　長　　ただいま…): turns when
    the record marks no speaker any other way and at least three such lines, of two speakers
    or more, say it is the record's form."""
    found, labels = {}, set()
    for i, line in enumerate(lines):
        if i in skip or line.blank:
            continue
        if find_marker(line):
            return {}
        if gap := gap_speaker(line):
            found[line.start] = (gap[0], gap[1], gap[2], None)
            labels.add((gap[0].name, gap[0].role, gap[0].is_secretariat))
    return found if len(found) >= 3 and len(labels) >= 2 else {}


def _bare_turns(lines: list[Line], skip: set[int]) -> dict[int, tuple]:
    """Lines holding only a speaker (澤井会長, 事務局, • 梶原課長補佐) with prose after them: turns,
    as markers keyed by the line's start. The same token before a list or another short line is
    an attendee group or a role column, not a turn."""
    found = {}
    for i, line in enumerate(lines):
        if i in skip or line.blank or find_marker(line):
            continue
        bare = bare_speaker(line)
        if bare is None:
            continue
        j = next((k for k in range(i + 1, min(len(lines), i + 4)) if not lines[k].blank), None)
        if j is None:
            continue
        nxt = lines[j].text
        prose = "。" in nxt or len(nxt) >= 25 and nxt.count("、") < 3 and not nxt.endswith(("、", ","))
        if prose and not find_marker(lines[j]) and not bare_speaker(lines[j]) \
                and not match_field(lines[j]):
            found[line.start] = (bare[0], bare[1], None, None)
    return found


def parse(source: SourceText) -> Minutes:
    """Parse one decoded summary. Raises InputError when it holds no recognizable meeting."""
    if source.record is not None:  # a structured record (the Diet's): its fields name the speakers
        return parse_record(source)
    lines = split_long(split_lines(source.text))
    skip = {i for i, ln in enumerate(lines) if not ln.blank and is_boilerplate(ln)}
    bare = _bare_turns(lines, skip) | _gap_turns(lines, skip)
    header_start = first_header_line(lines, skip)
    if header_start == len(lines):  # no header at all (a verbatim record opening 午前10時開議): turns start the body
        header_start = next((i for i, ln in enumerate(lines) if ln.start in bare or find_marker(ln)), len(lines))
    # a date line before the title (an issue date) starts no header for the title's sake
    title_end = next((i for i, ln in enumerate(lines) if i not in skip and (f := match_field(ln))
                      and f[0] in ("date", "place", "attendees", "council")), header_start)
    title, title_line = find_title(lines, skip, max(header_start, title_end), source.hints)
    if title_line is not None:
        skip.add(title_line)
    header = HeaderReader(lines, skip, lambda ln: ln.start in bare or bool(find_marker(ln)) or is_heading(ln)) \
        .read(header_start)
    body = BodyReader(source.text, header.agenda, source.media_type == "application/pdf")
    body.read([ln for i, ln in enumerate(lines[header.end:], start=header.end) if i not in skip], bare)
    statements, cut = bound_statements(body.statements, source.text, source.line_of)

    doubts: list[Doubt] = []
    found = find_fields(lines, skip, _head_end(lines, header, bare), title, source.path.name)
    named = found.council
    series = council_of(" ".join(named.text.split())) if named else council_of(title) if title else ""
    if not title and named:
        title = series
    if not series:
        doubts.append(Doubt("council", "no title naming a meeting or council found: the council is unknown"))
    elif not names_a_body(series):
        doubts.append(Doubt("council", f"the council's name {series} does not end with a body word (会議, "
                            "委員会, 協議会 …): it may be a site's name or a generic word"))
    start, end = _times(source.text, found)
    if not body.statements and not body.turns and start is None:
        raise InputError("no recognizable meeting: found no date (日時), no speaker turns (【…】) and no "
                         "statements", path=source.path)
    if start is None:
        doubts.append(Doubt("date", "no meeting date found (日時)"))
    doubts.extend(found.doubts)
    place = " ".join(source.text[found.place.start:found.place.end].split()) if found.place else None
    if not place:
        doubts.append(Doubt("place", "no place found (場所)"))
    if series and top_body_of(series, title) is None:
        doubts.append(Doubt("body", f"the body {series} belongs to is unknown (its name starts with no prefecture, "
                            "city or ministry): its officials are kept apart from every other council's"))
    attendees = _attendees(source, header, top_body_of(series, title) or series or "会議名不明", doubts)
    attendees, turns, unmatched = resolve_speakers(attendees, body.turns)
    for t in unmatched if attendees else ():  # with no list at all, that one doubt says it
        doubts.append(Doubt("speakers", f"speaker {t.speaker.label} is not in the attendee list",
                            source.line_of(t.span.start)))
    dropped = [ln for ln in body.unread if ln.text.endswith(("。", "」"))]
    if dropped:  # sentences outside any turn: content lost, not a procedural note (事務局から説明)
        shown = "; ".join(f"{ln.number}: {ln.text[:30]}" for ln in dropped[:MAX_UNREAD_SHOWN])
        doubts.append(Doubt("lines", f"{len(dropped)} sentences outside any speaker turn were not read ({shown})",
                            dropped[0].number))
    if not body.statements:
        doubts.append(Doubt("statements", "no statements found"))
    if not turns and (marked := _unread_speaker_marks(body.statements, source)):
        doubts.append(Doubt("speakers", f"{len(marked)} lines open like a speaker mark no form reads "
                            f"(\"{marked[0][1]}\"): they have no speaker", marked[0][0]))
    doubts.extend(cut)
    for ln in lines:
        if len(ln.raw) > MAX_LINE:  # a PDF text layer without line breaks, or not a summary
            doubts.append(Doubt("lines", f"a line of {len(ln.raw):,} characters: only its first {MAX_LINE:,} "
                                "were read for fields and speakers", ln.number))
            break
    fy = dates.fiscal_year(nfkc(title)) if title else None
    if fy is None and start is not None:
        fy = dates.fiscal_year_of(start.date() if isinstance(start, dt.datetime) else start)
    return Minutes(source=source, title=title or source.path.stem, series=series, fiscal_year=fy, start=start,
                   end=end, place=place, attendees=attendees, agenda=tuple(body.agenda), turns=tuple(turns),
                   statements=tuple(statements), doubts=tuple(doubts), body=top_body_of(series, title),
                   unread=tuple((ln.number, ln.text) for ln in body.unread))


HEAD_AFTER_HEADER = 40  # lines after the header still searched for fields (a date in a news page's prose)


def _head_end(lines: list[Line], header: Header, bare: dict[int, tuple]) -> int:
    """Where the search for header fields stops: at the first turn, or some lines after the header."""
    end = min(len(lines), header.end + HEAD_AFTER_HEADER)
    return next((i for i in range(header.end, end) if lines[i].start in bare or find_marker(lines[i])), end)


def _times(text: str, found: Found):
    if found.date is None:
        return None, None
    when = found.date.text
    if found.time:
        when += " " + found.time.text
    if found.opening:
        when += " " + found.opening.text + (" から " + found.closing.text if found.closing else "")
    start, end = dates.meeting_times(nfkc(when))
    if start is not None and (not isinstance(start, dt.datetime) or end is None):
        day = start.date() if isinstance(start, dt.datetime) else start
        opened, closed = dates.opening_and_closing(nfkc(text), day, end)  # 午後一時十三分開議 … 散会
        if isinstance(opened, dt.datetime):
            start, end = opened, closed
    return start, end


def _attendees(source: SourceText, header: Header, top: str, doubts: list[Doubt]) -> tuple[Attendee, ...]:
    """The people of the header's lists; ``top`` is the body a 県側 or 事務局 group belongs to (with no
    known body, the council itself: its officials are never one person with another council's)."""
    fields = header.all("attendees")
    if not fields:
        if not any(f.kind == "attendees" for f in header.fields):
            doubts.append(Doubt("attendees", "no attendee list found (出席者)"))
        return ()
    r = rules()
    groups = r.member_groups | r.official_groups | r.other_groups
    found: list[Attendee] = []
    known: set[str] = set()
    for f in fields:
        read = field_text(source.text, f)
        if read is None:
            continue
        text, base = read
        people, unread = parse_attendees(text, base, top, known,
                                         group=f.label if f.label in groups else "")
        found.extend(people)
        if unread:
            doubts.append(Doubt("attendees", "attendee items not understood: " + "、".join(unread), f.line))
    return tuple(found)
