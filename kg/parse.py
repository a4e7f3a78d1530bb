"""Parse the text of a meeting summary into a ``Minutes`` model. Knows nothing of RDF.

Reads the common layout of 開催結果（概要） / 議事概要 pages: a title line, numbered header
fields (日時, 場所, 出席者), a body (議事概要) with agenda items (議事（1）…), speaker turns
(【庄司座長】) and statements (bullets ``・``; an unmarked line after a bullet, even after a
page break or blank line, continues that bullet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import dates
from .attendees import MEMBER_ROLES, OFFICIAL_POSTS, parse_attendees
from .errors import InputError
from .jatext import nfkc
from .model import AgendaItem, Minutes, Span, Speaker, Statement, Turn
from .reader import SourceText

FIELD_LABELS = {
    "date": ("開催日時", "日時", "月日"),
    "place": ("開催場所", "開催方法", "場所"),
    "attendees": ("出席委員", "出席役員", "出席者", "構成員"),
    "agenda": ("議事次第", "議題"),
    "body": ("議事概要", "開催概要", "主な意見", "会議の結果", "議事要旨", "会議の模様", "審議経過"),
}


def _label_pattern(label: str) -> str:
    return r"\s*".join(map(re.escape, label))  # 日 時 is 日時


_FIELD_RE = re.compile(
    r"^\s*(?:[-*]\s+)?(?:\d{1,2}\s*[.)]?\s*)?(?P<label>"
    + "|".join(_label_pattern(lab) for labs in FIELD_LABELS.values() for lab in labs)
    + r")\s*(?::|\s|$)\s*(?P<value>.*)$"
)
_FIELD_OF = {lab: kind for kind, labs in FIELD_LABELS.items() for lab in labs}
_AGENDA_ITEM_RE = re.compile(r"^\s*[○◯〇●◎]?\s*(?:議事|議題)\s*\(\s*(?P<n>\d+)\s*\)\s*(?P<title>.*\S)\s*$")
_TURN_RE = re.compile(r"^\s*【(?P<label>[^】]{1,40})】\s*(?P<rest>.*)$")
_BULLET_RE = re.compile(r"^\s*(?:[-*]\s+)?[・･•●◦]\s*")
_TITLE_SUFFIX_RE = re.compile(
    r"\s*(?:の)?(?:開催結果|議事概要|議事要旨|議事録|会議録|会議結果|結果概要|概要)"
    r"(?:\s*\(\s*(?:概要|要旨|要約)\s*\))?\s*$"
)
_FISCAL_PREFIX_RE = re.compile(r"^\s*(?:(?:令和|平成|昭和)\s*(?:元|\d{1,2})|\d{4})\s*年度\s*")
_SESSION_RE = re.compile(r"\s*第\s*\d+\s*回\s*")
_TOP_BODY_RE = re.compile(r"^(東京都|北海道|京都府|大阪府|[^\s]{2,3}?県)")
SECRETARIAT = "事務局"


@dataclass
class _Line:
    start: int
    end: int
    raw: str

    @property
    def norm(self) -> str:
        return nfkc(self.raw)


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def series_of(title: str) -> str:
    """令和6年度 千葉県ICTアドバイザー会議 開催結果（概要） → 千葉県ICTアドバイザー会議."""
    t = _FISCAL_PREFIX_RE.sub("", nfkc(title))
    t = _TITLE_SUFFIX_RE.sub("", t)
    t = _SESSION_RE.sub(" ", t).strip()
    return re.sub(r"\s+", " ", t) or nfkc(title).strip()


def top_body_of(series: str) -> str:
    """The prefecture or city a council belongs to, for 県： groups of attendees."""
    m = _TOP_BODY_RE.match(series)
    return m.group(1) if m else "県"


def parse_speaker(label: str) -> Speaker | None:
    """【庄司座長】 → Speaker(庄司, 座長); 【事務局】 → the secretariat; None when the brackets
    hold something else (a section heading)."""
    t = nfkc(label).strip()
    if t.startswith(SECRETARIAT):
        return Speaker(label=label, name=None, role=None, is_secretariat=True)
    for role in MEMBER_ROLES + OFFICIAL_POSTS:
        if t.endswith(role):
            name = t[: -len(role)].strip() or None
            return Speaker(label=label, name=name, role=role)
    return None


class _Parser:
    def __init__(self, source: SourceText):
        self.source = source
        self.lines = _lines(source.text)
        self.fields: dict[str, tuple[str, int]] = {}  # kind → (source text, its offset)
        self.agenda: list[AgendaItem] = []
        self.turns: list[Turn] = []
        self.statements: list[Statement] = []
        self._open: tuple[int, int] | None = None  # (start, end) of the statement being read
        self._open_is_bullet = False

    # -- header -------------------------------------------------------------------------
    def title(self) -> tuple[str, int]:
        for i, line in enumerate(self.lines):
            if line.raw.strip():
                return line.raw.strip(), i
        raise InputError("empty file: no text", path=self.source.path)

    def parse_header(self, first: int) -> int:
        """Read fields up to the body; return the index of the first body line."""
        kind, parts = None, []
        i = first
        while i < len(self.lines):
            line = self.lines[i]
            norm = line.norm
            if _TURN_RE.match(norm) and parse_speaker(_TURN_RE.match(norm).group("label")) \
                    or _AGENDA_ITEM_RE.match(norm):
                break
            m = _FIELD_RE.match(norm)
            if m:
                self._close_field(kind, parts)
                kind = _FIELD_OF[re.sub(r"\s+", "", m.group("label"))]
                if kind == "body":
                    return i + 1
                if m.group("value").strip():
                    parts = [(self._value_offset(line, m.group("value")), line.start + len(line.raw.rstrip()))]
                else:
                    parts = []  # the value is on the next line
            elif kind and line.raw.strip():
                if kind == "attendees" or not parts:
                    parts.append((line.start + len(line.raw) - len(line.raw.lstrip()),
                                  line.start + len(line.raw.rstrip())))
            i += 1
        self._close_field(kind, parts)
        return i

    @staticmethod
    def _value_offset(line: _Line, value: str) -> int:
        """Offset of a field value in the original line (the value is NFKC text)."""
        stripped = value.strip()
        raw = line.raw
        for k in range(len(raw)):
            if nfkc(raw[k:]).strip() == stripped:
                return line.start + k
        return line.start

    def _close_field(self, kind: str | None, parts: list[tuple[int, int]]):
        if kind and parts and kind not in self.fields:
            start, end = parts[0][0], parts[-1][1]
            self.fields[kind] = (self.source.text[start:end], start)

    # -- body ---------------------------------------------------------------------------
    def _flush(self):
        if self._open:
            start, end = self._open
            turn = self.turns[-1].position if self.turns else None
            agenda = self.agenda[-1].position if self.agenda else None
            self.statements.append(Statement(
                position=len(self.statements) + 1, text=self.source.text[start:end],
                span=Span(start, end), turn=turn, agenda_item=agenda))
        self._open = None

    def parse_body(self, first: int):
        in_turn = False
        for line in self.lines[first:]:
            norm = line.norm
            if not line.raw.strip():
                if self._open and not self._open_is_bullet:
                    self._flush()  # a blank line ends a paragraph, not a bullet
                continue
            if m := _AGENDA_ITEM_RE.match(norm):
                self._flush()
                in_turn = False
                title_start = self._value_offset(line, m.group("title"))
                self.agenda.append(AgendaItem(int(m.group("n")), self.source.text[title_start:line.end].strip(),
                                              Span(title_start, line.end)))
                continue
            if (m := _TURN_RE.match(norm)) and (speaker := parse_speaker(m.group("label"))):
                self._flush()
                in_turn = True
                lb = line.raw.index("【")
                rb = line.raw.index("】", lb)
                self.turns.append(Turn(len(self.turns) + 1, speaker, Span(line.start + lb, line.start + rb + 1)))
                if m.group("rest").strip():
                    self._start(line, line.start + rb + 1, bullet=False)
                continue
            if b := _BULLET_RE.match(line.raw):
                self._flush()
                if in_turn or not self.turns:
                    self._start(line, line.start + len(b.group(0)), bullet=True)
                continue
            if self._open:
                self._open = (self._open[0], line.start + len(line.raw.rstrip()))
            elif in_turn:
                self._start(line, line.start + len(line.raw) - len(line.raw.lstrip()), bullet=False)
        self._flush()

    def _start(self, line: _Line, start: int, bullet: bool):
        end = line.start + len(line.raw.rstrip())
        while start < end and self.source.text[start].isspace():
            start += 1
        if start < end:
            self._open = (start, end)
            self._open_is_bullet = bullet


def parse(source: SourceText) -> Minutes:
    """Parse one decoded summary. Raises InputError when it holds no recognizable meeting."""
    p = _Parser(source)
    title, title_line = p.title()
    body_start = p.parse_header(title_line + 1)
    p.parse_body(body_start)

    warnings: list[str] = []
    series = series_of(title)
    date_text = p.fields.get("date", ("", 0))[0]
    start, end = dates.meeting_times(nfkc(date_text)) if date_text else (None, None)
    if start is None:
        found = dates.find_date(nfkc(source.text[: p.lines[min(body_start, len(p.lines) - 1)].end]))
        if found:
            start = end = found[0]
    if not p.statements and not p.turns and start is None:
        raise InputError(
            "no recognizable meeting: found no date (日時), no speaker turns (【…】) and no statements",
            path=source.path)
    if start is None:
        warnings.append("no meeting date found (日時)")
    place = None
    if "place" in p.fields:
        place = p.fields["place"][0].strip() or None
    else:
        warnings.append("no place found (場所)")
    attendees = ()
    if "attendees" in p.fields:
        text, offset = p.fields["attendees"]
        found_attendees, unread = parse_attendees(text, offset, top_body_of(series))
        attendees = tuple(found_attendees)
        if unread:
            warnings.append("attendee items not understood: " + "、".join(unread))
    else:
        warnings.append("no attendee list found (出席者)")
    if not p.statements:
        warnings.append("no statements found")
    fy = dates.fiscal_year(nfkc(title))
    if fy is None and start is not None:
        day = start.date() if hasattr(start, "date") and callable(start.date) else start
        fy = dates.fiscal_year_of(day)
    return Minutes(
        source=source, title=title, series=series, fiscal_year=fy, start=start, end=end,
        place=place, attendees=attendees, agenda=tuple(p.agenda), turns=tuple(p.turns),
        statements=tuple(p.statements), warnings=tuple(warnings))
