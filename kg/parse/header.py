"""The header of a summary: labelled fields (日時, 場所, 出席者, 議題 … in any layout of
rules.toml) and, on pages without labels, bare lines that are plainly a date, a place or an
attendee list. Reading stops at the body label (議事概要, 主な意見 …) unless more fields follow
it, or at the first speaker turn, agenda mark or bullet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import AgendaItem
from kg.parse import dates
from kg.parse.items import BULLET_RE, NUMBERED_RE, item_number
from kg.parse.lines import Line
from kg.parse.rules import rules

AGENDA_MARK_RE = re.compile(r"^\s{0,8}[○◯〇●◎■]?\s{0,4}(?:議事|議題)\s{0,2}\(\s{0,2}(?P<n>\d{1,2})\s{0,2}\)\s{0,4}(?P<title>.*\S)\s*$")
PLACE_HINT = re.compile(r"会議室|庁舎|ホール|オンライン|Zoom|Web会議|ウェブ会議|Teams|Webex|会館|センター|\d+階|議事堂|委員会室|公民館")
_NOTE = re.compile(r"^\s{0,8}[※*]")
# 午後一時十三分開議, 午後3時2分散会: the record's own time marks
_T = r"(?:午前|午後)?\s{0,2}[\d〇一二三四五六七八九十]{1,3}\s{0,2}時(?:\s{0,2}[\d〇一二三四五六七八九十]{1,3}\s{0,2}分)?"
_MARK = r"(?:開会|開議|散会|閉会|休憩|再開|延会)"
PROCEDURAL_RE = re.compile(r"^\s{0,8}(?:" + _T + r"\s{0,2}" + _MARK + "|" + _MARK + r"\s{0,4}:?\s{0,4}" + _T + r")\s{0,8}$")


@dataclass
class Field:
    kind: str  # date, place, attendees, agenda, body, ignored
    label: str  # as written, spaces removed (出席者, 説明員); "" for a bare line
    line: int  # 1-based line of the label
    spans: list[tuple[int, int]] = field(default_factory=list)  # source offsets of its value lines


@dataclass
class Header:
    fields: list[Field] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    end: int = 0  # index of the first body line

    def all(self, kind: str) -> list[Field]:
        return [f for f in self.fields if f.kind == kind and f.spans]


def match_field(line: Line) -> tuple[str, str, int] | None:
    """(kind, label, offset of the value in the normalized line) of a labelled field line."""
    t = line.norm
    r = rules()
    for layout in r.header_layouts:
        m = layout.pattern.match(t)
        if m:
            label = re.sub(r"\s", "", m.group("label"))
            value_at = m.end()
            rest = t[value_at:]
            if rest.strip() and rest.strip()[0] in "はがをにのでと":  # 出席者は… is a sentence
                return None
            return r.field_of[label], label, value_at
    return None


def _heading_like(line: Line) -> bool:
    """A short line opening with a field label's word but not matching one (議題および決定事項等)."""
    t = line.text
    r = rules()
    words = [w for w, kind in r.field_of.items() if kind in ("agenda", "body", "ignored") and len(w) >= 2]
    if t.split()[0].endswith(r.official_posts):
        return False  # 議事調査係長　青木　理恵: a post opening with 議事, in a list
    return len(t) <= 20 and "、" not in t and t.startswith(tuple(words))


def bare_kind(line: Line, have: set[str]) -> str | None:
    """A header line without a label: a date, a place or an attendee list."""
    t = line.text
    if "date" not in have and len(t) < 60 and dates.find_date(t) and not rules().body_word_re.search(t):
        return "date"
    if "place" not in have and len(t) < 60 and PLACE_HINT.search(t) and not _NOTE.match(t) \
            and "、" not in t and "。" not in t:
        return "place"
    if re.search(r"委員|出席", t) and ("、" in t or "," in t) and "。" not in t:
        return "attendees"
    if "attendees" in have and re.match(r"^[^\s:、,()]{1,8}:", t) and "。" not in t:
        return "attendees"  # 県側:藤原子ども未来局長、… after the member line
    return None


class HeaderReader:
    def __init__(self, lines: list[Line], skip: set[int], is_turn):
        self.lines = lines
        self.skip = skip
        self.is_turn = is_turn  # line → bool: a speaker marker or a section heading
        self.h = Header()
        self.current: Field | None = None
        self.numbering: dict[str, int] = {}  # last item number of the agenda, per numbering style
        self.body_label_at: int | None = None  # index of the body label (議事概要) that ended the header
        # label lines in a row with no value yet (a table flattened column by column): as many
        # value lines follow, which the field finder pairs with them (fields.py)
        self.label_run = 0

    def _next_content(self, i: int) -> int | None:
        for j in range(i + 1, len(self.lines)):
            if j not in self.skip and not self.lines[j].blank:
                return j
        return None

    def _open(self, kind: str, label: str, line: Line, value_at: int | None):
        self.current = Field(kind, label, line.number)
        self.h.fields.append(self.current)
        if value_at is not None and line.norm[value_at:].strip().strip("|").strip():
            self._value(line, value_at)

    def _value(self, line: Line, at: int = 0):
        f = self.current
        t = line.norm
        value = t[at:].strip().strip("|").strip()
        if not value or f is None:
            return
        if f.kind == "agenda":
            self._agenda_line(line, t.index(value, at))
            return
        start = t.index(value, at)
        sp = line.span(start, start + len(value))
        f.spans.append((sp.start, sp.end))

    def _agenda_line(self, line: Line, at: int):
        t = line.norm[at:]
        m = NUMBERED_RE.match(t)
        if m:
            self.numbering["paren" if m.group("a") else "plain" if m.group("b") else "circled"] = item_number(m)
        title = ((m.group("title") or "") if m else BULLET_RE.sub("", t, count=1)).strip()
        if not title or title in ("開会", "閉会", "閉式", "開式") or title in rules().field_of:
            return
        pos = line.norm.index(title, at)
        sp = line.span(pos, pos + len(title))
        self.h.agenda.append(AgendaItem(len(self.h.agenda) + 1, line.raw[sp.start - line.start:sp.end - line.start], sp))

    def read(self, start: int) -> Header:
        i = start
        while i < len(self.lines):
            line = self.lines[i]
            if i in self.skip or line.blank:
                i += 1
                continue
            if not self._line(i, line) and not self._field_follows(i, line):
                break
            i += 1
        if i == self.body_label_at:
            i += 1  # the body label itself
        self.h.end = i
        return self.h

    def _line(self, i: int, line: Line) -> bool:
        """Read one header line; False when the body starts here."""
        found = match_field(line)
        if found:
            return self._labelled(i, line, *found)
        if self.label_run >= 3:  # a value of a run of three or more label lines; the last is read as usual
            self.label_run -= 1
            return True
        self.label_run = 0
        if self._bracketed_group(i, line):
            self._value(line)  # 【審議会委員】, (事務局) 木下副市長、…: a group of the attendee list
            return True
        if self._table_row(line):
            self._value(line)  # 委員 | 新潟大学教授 | 松田 隆之 | 会長: a row of the list's table
            return True
        if AGENDA_MARK_RE.match(line.norm) or self.is_turn(line):
            return False
        if _NOTE.match(line.norm) or PROCEDURAL_RE.match(line.norm):
            return True  # ※事務局は…で対応, 午後一時十三分開議: notes, not fields
        f = self.current
        if self._group_after_list(line):
            return True
        if f is not None and f.label:
            handled = self._continue(f, line)
            if handled is not None:
                return handled
        return self._bare(line)

    def _field_follows(self, i: int, line: Line) -> bool:
        """A line no rule reads, between header fields ((オンライン併用) under a place): a field
        label within the next three lines means the header goes on past it."""
        if not self.h.fields or self.is_turn(line) or AGENDA_MARK_RE.match(line.norm) or "。" in line.text:
            return False
        j = i
        for _ in range(3):
            nxt = self._next_content(j)
            if nxt is None or self.is_turn(self.lines[nxt]):
                return False
            found = match_field(self.lines[nxt])
            if found and found[0] in ("date", "time", "place", "attendees", "agenda", "council"):
                return True
            j = nxt
        return False

    def _bracketed_group(self, i: int, line: Line) -> bool:
        """Inside an attendee list, a line opening with a bracketed label and holding no sentence
        is a group of the list, whatever its label (【委 員】, （デジタル庁統括官） 村上 誠君); a
        bracketed label alone before a sentence is a speaker ((A委員) / ・…である。)."""
        f = self.current
        t = re.sub(r"^[・•*-]\s{0,2}", "", line.text)  # ・（委員）木下会長、…: a bullet before the group
        if f is None or f.kind != "attendees" or "。" in t:
            return False
        if m := re.match(r"([^\s:()、]{1,12})\s{0,2}:\s{0,2}\S", t):  # 事務局:地域交通課 長尾課長、…
            r = rules()
            return m.group(1) in r.member_groups | r.official_groups | r.other_groups or \
                m.group(1).endswith(("委員", "職員", "側", "者"))
        if t[:1] not in "(【[〔<《":
            return False
        if re.fullmatch(r"[(【\[〔<《][^)】\]〕>》]{1,30}[)】\]〕>》]", t):
            nxt = self._next_content(i)
            return nxt is not None and "。" not in self.lines[nxt].text
        return True

    def _table_row(self, line: Line) -> bool:
        """Inside an attendee list whose table names its columns (区分 | 氏名 | …), a line with as
        many cells is a row, whatever its first cell (委員 | … reads like a speaker)."""
        f = self.current
        if f is None or f.kind != "attendees" or not f.spans or line.norm.count("|") < 2:
            return False
        rows = [ln.norm for ln in self.lines if any(ln.start <= a < ln.end for a, _ in f.spans)]
        head = next((r for r in rows if "|" in r and "氏名" in re.sub(r"\s", "", r)), None)
        return head is not None and line.norm.count("|") >= head.count("|") - 1

    def _group_after_list(self, line: Line) -> bool:
        """・事務局：都市計画部長 横山、… after ・欠席委員：… : a group of the attendee list under a
        label the fields do not list, read into the list above it."""
        lists = self.h.all("attendees")
        if not lists or self.current is None or self.current.kind != "ignored":
            return False
        m = re.match(r"[・•*-]?\s{0,2}([^\s:、,()・]{1,12})\s{0,2}:\s{0,2}\S", line.norm)
        r = rules()
        if not m or "。" in line.text or m.group(1) not in r.official_groups | r.member_groups | r.other_groups:
            return False
        self._open("attendees", m.group(1), line, m.start(1))
        return True

    def _continues_agenda(self, line: Line) -> bool:
        """Inside an agenda field, a numbered line that continues its numbering is an item
        even when it reads like a label (2.議事, (2)意見交換); 4 議事概要 after (1) (2) is not."""
        m = NUMBERED_RE.match(line.norm)
        if not m or self.current is None or self.current.kind != "agenda":
            return False
        style = "paren" if m.group("a") else "plain" if m.group("b") else "circled"
        last = self.numbering.get(style)
        return item_number(m) == (last + 1 if last is not None else 1)

    def _labelled(self, i: int, line: Line, kind: str, label: str, value_at: int) -> bool:
        f = self.current
        r = rules()
        if self._continues_agenda(line):
            self._agenda_line(line, 0)
            return True
        if f is not None and f.kind == "attendees" and f.spans and not line.norm[value_at:].strip() \
                and label in r.member_groups | r.other_groups:
            self._value(line)  # 構成員 alone inside an attendee list is a group, not a new field
            return True
        if kind == "body":
            nxt = self._next_content(i)
            following = match_field(self.lines[nxt]) if nxt is not None else None
            if not following or following[0] == "body":
                self.h.fields.append(Field("body", label, line.number))
                self.body_label_at = i
                return False
        self._open(kind, label, line, value_at)
        opened = self.current
        short = kind in ("date", "time", "place", "council", "opening", "closing", "ignored", "convened")
        self.label_run = self.label_run + 1 if short and opened is not None and not opened.spans else 0
        return True

    def _continue(self, f: Field, line: Line) -> bool | None:
        """A line inside a labelled field: True (read), False (the body starts) or None (not
        part of it: try it as a bare field)."""
        t = line.text
        if f.kind == "agenda":
            if NUMBERED_RE.match(line.norm) or BULLET_RE.match(line.raw) or len(t) < 80 and "。" not in t:
                self._agenda_line(line, 0)
                return True
            return False
        if f.kind == "attendees":
            if _heading_like(line):  # 議題および決定事項等: a heading the labels do not list
                self._open("ignored", line.text, line, None)
                return True
            self._value(line)
            return True
        if f.kind in ("ignored", "convened") or _NOTE.match(t):
            return not BULLET_RE.match(line.raw)
        if f.kind in ("date", "place", "council", "time", "opening", "closing") and not f.spans:
            self._value(line)  # the value on the line after its label
            return True
        return None

    def _bare(self, line: Line) -> bool:
        f = self.current
        have = {x.kind for x in self.h.fields}
        kind = bare_kind(line, have)
        if kind == "attendees" and f is not None and f.kind == "attendees" and not f.label:
            self._value(line)
            return True
        if kind:
            self._open(kind, "", line, 0)
            if kind != "attendees":
                self.current = None  # a bare date or place is one line
            return True
        if self.h.fields and NUMBERED_RE.match(line.norm) and "。" not in line.text and \
                (f is None or f.kind != "agenda" or not f.label):
            if f is None or f.kind != "agenda":
                self._open("agenda", "", line, None)
            self._agenda_line(line, 0)
            return True
        return False


def field_text(source_text: str, f: Field | None) -> tuple[str, int] | None:
    if not f or not f.spans:
        return None
    start, end = f.spans[0][0], f.spans[-1][1]
    return source_text[start:end], start


def first_header_line(lines: list[Line], skip: set[int]) -> int:
    """The first line that is a labelled field or plainly a date: the header starts there."""
    for i, line in enumerate(lines):
        if i in skip or line.blank:
            continue
        found = match_field(line)
        if found and found[0] in ("date", "place", "attendees", "council", "time") or \
                bare_kind(line, {"place", "attendees"}) == "date":
            return i
    return len(lines)


__all__ = ["AGENDA_MARK_RE", "PROCEDURAL_RE", "Field", "Header", "HeaderReader", "field_text",
           "first_header_line", "match_field"]
