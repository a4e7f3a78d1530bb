"""Parse the text of a meeting summary into a ``Minutes`` model. Knows nothing of RDF.

Reads the family of Japanese 開催結果（概要） / 議事概要 / 議事録(要旨) layouts: a title (after
any web-page boilerplate), header fields with their synonyms and decorations (``1 日時 …``,
``1.日 時:…``, ``- 日時:…``, ``【日 時】`` or a label alone with the value on the next line,
table rows ``label | value``, or no label at all), then a body with agenda items, speaker
turns (【庄司座長】, （山田委員）, ○山田委員, 山田委員：…) and statements (bullets ・ ア ⑴ …;
an unmarked line after a bullet, even after a page break, continues it; elsewhere each
paragraph is a statement). A document without speakers gives statements without speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.model import AgendaItem, Minutes, Span, Speaker, Statement, Turn
from kg.parse import dates
from kg.parse.attendees import (
    AFFILIATION_POSTS,
    MEMBER_ROLES,
    OFFICIAL_POSTS,
    parse_attendees,
)
from kg.read.normalize import Normalized, nfkc, normalize
from kg.read.source import SourceText

FIELD_LABELS = {
    "date": ("開催日時", "日時", "月日"),
    "place": ("開催場所", "開催方法", "場所", "会場"),
    "attendees": ("出席委員", "出席役員", "出席者", "構成員", "出席"),
    "agenda": ("議事次第", "議題", "議事", "次第"),
    "body": ("議事概要", "開催概要", "主な意見", "会議の結果", "議事要旨", "会議の模様", "審議経過",
             "会議概要", "意見交換", "議事の概要", "会議内容", "議事内容"),
}
_LABEL_OF = {re.sub(r"\s", "", lab): kind for kind, labs in FIELD_LABELS.items() for lab in labs}
_LABELS = sorted(_LABEL_OF, key=len, reverse=True)
_DECOR = r"[\s\-*・■□◆◇●○〇◎◯▼▽★☆]*"
_NUM = r"(?:第?\s*[(（]?\s*\d{1,2}\s*[)）.．、]?\s*)?"
FIELD_RE = re.compile(
    r"^" + _DECOR + _NUM + r"[【\[〔《<]?\s*(?P<label>" + "|".join(r"\s*".join(map(re.escape, lab)) for lab in _LABELS)
    + r")\s*[】\]〕》>]?\s*(?:[:|]|\s|$)\s*(?P<value>.*?)\s*\|?\s*$")
AGENDA_MARK_RE = re.compile(r"^\s*[○◯〇●◎■]?\s*(?:議事|議題)\s*\(\s*(?P<n>\d+)\s*\)\s*(?P<title>.*\S)\s*$")
NUMBERED_RE = re.compile(r"^\s*(?:[(（]\s*(?P<a>\d{1,2})\s*[)）]|(?P<b>\d{1,2})\s*(?:[.．)]|\s)|(?P<c>[⑴-⒇])|(?P<d>[①-⑳]))\s*(?P<title>.*\S)?\s*$")
BULLET_RE = re.compile(r"^\s*(?:[-*]\s+)?(?:[・･•●◦‧○◯〇◎]|[アイウエオカキクケコサシスセソタチツテト](?=[\s.、)])[.、)]?|"
                       r"[⑴-⒇①-⑳]|[(（]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.．)](?=\s))\s*")
TURN_RE = re.compile(r"^\s*【(?P<label>[^】]{1,40})】\s*(?P<rest>.*)$")
PAREN_SPEAKER_RE = re.compile(r"^\s*[(（](?P<label>[^()（）]{1,30})[)）]\s*$")
MARK_SPEAKER_RE = re.compile(r"^\s*[○◯〇●◎]\s*(?P<label>[^\s:：]{1,30}?(?:[(（][^)）]{1,30}[)）])?)\s*(?:[:：]\s*|\s+|$)(?P<rest>.*)$")
COLON_SPEAKER_RE = re.compile(r"^\s*(?P<label>[^\s:：、。「」]{1,25})\s*[:：]\s*(?P<rest>.*)$")
BOILERPLATE_RE = re.compile(
    r"^\s*(ここから本文です|本文ここから|本文へ|ここまで本文|文字サイズ|文字の大きさ|背景色|印刷用|印刷する|"
    r"ページ番号|ページID|更新日|最終更新日|登録日|掲載日|ページの先頭へ|このページの先頭へ|サイトマップ|"
    r"メニュー|現在の位置|Tweet|シェア|PDF形式)")
FOOTER_RE = re.compile(r"^\s*(お問い合わせ|このページに関するお問い合わせ|より良いウェブサイト|このページの情報は役に立ちましたか|"
                       r"関連リンク|PDFファイルをご覧になるには|Adobe|アドビ)")
_TITLE_HINT = re.compile(r"会議|委員会|協議会|審議会|懇談会|懇話会|部会|研究会|検討会|議事|概要|結果|要旨")
_PLACE_HINT = re.compile(r"会議室|庁舎|ホール|オンライン|Zoom|Web会議|ウェブ会議|Teams|会館|センター|\d+階")
_TITLE_SUFFIX_RE = re.compile(
    r"\s*(?:の)?(?:開催結果|議事概要|議事要旨|議事録|会議録|会議結果|結果概要|開催概要|概要)"
    r"(?:\s*\(\s*(?:概要|要旨|要約)\s*\))?(?:について)?\s*$")
_FISCAL_PREFIX_RE = re.compile(r"^\s*(?:(?:令和|平成|昭和)\s*(?:元|\d{1,2})(?:\s*\(\s*\d{4}\s*\))?|\d{4})\s*年度\s*")
_SESSION_RE = re.compile(r"\s*第\s*\d+\s*回\s*")
_TOP_BODY_RE = re.compile(r"^(東京都|北海道|京都府|大阪府|[^\s]{2,3}?県|[^\s]{1,4}?市)")
SECRETARIAT = "事務局"
_SPEAKER_POSTS = sorted(set(MEMBER_ROLES + OFFICIAL_POSTS + AFFILIATION_POSTS), key=len, reverse=True)


@dataclass
class _Line:
    start: int
    end: int
    raw: str
    n: Normalized = field(init=False)

    def __post_init__(self):
        self.n = normalize(self.raw)

    @property
    def norm(self) -> str:
        return self.n.text

    def span(self, start: int, end: int) -> Span:
        """Source offsets of normalized [start, end) of this line."""
        s, e = self.n.original_span(start, end, self.start)
        return Span(s, e)

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def series_of(title: str) -> str:
    """令和6年度 千葉県ICTアドバイザー会議 開催結果（概要） → 千葉県ICTアドバイザー会議."""
    t = _FISCAL_PREFIX_RE.sub("", nfkc(title))
    t = re.sub(r"^[\s\d/.年月日(),-]+", "", t) if dates.find_date(t) else t
    t = _TITLE_SUFFIX_RE.sub("", t)
    t = re.sub(r"\([^()]*(?:年度|第\s*\d+\s*回)[^()]*\)", " ", t)  # (令和6年度第1回)
    t = _TITLE_SUFFIX_RE.sub("", t.strip())
    t = _SESSION_RE.sub(" ", t).strip()
    return re.sub(r"\s+", " ", t) or nfkc(title).strip()


def top_body_of(series: str) -> str:
    """The prefecture or city a council belongs to, for 県： groups of attendees."""
    m = _TOP_BODY_RE.match(series)
    return m.group(1) if m else "県"


def parse_speaker(label: str) -> Speaker | None:
    """【庄司座長】 → Speaker(庄司, 座長); 【事務局】 → the secretariat; 【千葉大学 山田教授】 →
    Speaker(山田, 教授); None when the brackets hold something else (a section heading)."""
    t = nfkc(label).strip()
    unit = None
    m = re.match(r"^(.*?)\s*\(([^)]*)\)$", t)
    if m:  # 事務局（デジタル推進課）, 山田委員（代理）
        t, unit = m.group(1).strip(), m.group(2).strip() or None
    t = re.sub(r"(様|氏|さん)$", "", t).strip()
    if t.startswith(SECRETARIAT) and len(t) <= len(SECRETARIAT) + 12:
        rest = t[len(SECRETARIAT):].strip() or None
        return Speaker(label=label, name=None, role=None, is_secretariat=True, unit=unit or rest)
    tokens = t.split()
    if len(tokens) >= 2 and not any(t.endswith(r) for r in _SPEAKER_POSTS):
        # 株式会社房総ラボ 代表取締役 村上: a title, then the name
        role = next((r for tok in tokens[:-1] for r in _SPEAKER_POSTS if tok.endswith(r)), None)
        if role and re.fullmatch(r"[\u3400-\u9fff々〆ヶ]{1,4}", tokens[-1]):
            return Speaker(label=label, name=tokens[-1], role=role, unit=unit)
    for role in _SPEAKER_POSTS:
        if not t.endswith(role):
            continue
        rest = t[: -len(role)].strip()
        if not rest:
            return Speaker(label=label, name=None, role=role, unit=unit)
        if re.search(r"[。、について]|です|ます", rest):
            return None  # a sentence, not a name
        tokens = rest.split()
        if len(tokens) > 1:  # 千葉大学 山田 / 山田太郎 千葉大学
            last, first = tokens[-1], tokens[0]
            name = last if len(last) <= 4 else (first if len(first) <= 5 else None)
            return Speaker(label=label, name=name, role=role, unit=unit)
        if role in OFFICIAL_POSTS and len(rest) > 4:  # デジタル改革推進局長: a post alone
            return Speaker(label=label, name=None, role=role, unit=rest + (role[0] if role.endswith("長") and len(role) == 2 else ""))
        if len(rest) > 8:
            return None
        return Speaker(label=label, name=rest, role=role, unit=unit)
    return None


def _item_number(m: re.Match) -> int:
    """The number of a NUMBERED_RE item: (1), 1., ⑴ or ①."""
    digits = m.group("a") or m.group("b")
    if digits:
        return int(digits)
    return ord(m.group("c")) - 0x2473 if m.group("c") else ord(m.group("d")) - 0x245F


def _is_boilerplate(line: _Line) -> bool:
    t = line.norm.strip()
    breadcrumb = len(t) < 120 and re.search(r"\S\s*[>›»]\s*\S.*[>›»]", t) and not BULLET_RE.match(t) \
        and "<" not in t
    return bool(BOILERPLATE_RE.match(t)) or bool(breadcrumb)


@dataclass
class _Field:
    kind: str
    spans: list[tuple[int, int]]  # source offsets of its value lines


class _Parser:
    def __init__(self, source: SourceText):
        self.source = source
        self.lines = _lines(source.text)
        self.skip = {i for i, ln in enumerate(self.lines) if _is_boilerplate(ln)}
        self.fields: dict[str, _Field] = {}
        self.agenda: dict[int, AgendaItem] = {}
        self.turns: list[Turn] = []
        self.statements: list[Statement] = []
        self._open: tuple[int, int] | None = None  # (start, end) of the statement being read
        self._open_is_bullet = False
        self._current_agenda: int | None = None
        self._pdf = source.media_type == "application/pdf"

    # -- title ----------------------------------------------------------------------------
    def title(self) -> tuple[str, int]:
        candidates = [i for i, ln in enumerate(self.lines) if not ln.blank and i not in self.skip]
        if not candidates:
            raise InputError("empty file: no text", path=self.source.path)
        for i in candidates[:6]:  # past a site name or a date line, to the line that names a meeting
            t = self.lines[i].norm.strip()
            if _TITLE_HINT.search(t) and not FIELD_RE.match(t) and len(t) <= 80:
                return self.lines[i].raw.strip(), i
        return self.lines[candidates[0]].raw.strip(), candidates[0]

    # -- header ---------------------------------------------------------------------------
    def _speaker_marker(self, line: _Line) -> tuple[Speaker, Span, int | None] | None:
        """(speaker, marker span, normalized offset where the text after it starts)."""
        t = line.norm
        for rx in (TURN_RE, PAREN_SPEAKER_RE, MARK_SPEAKER_RE, COLON_SPEAKER_RE):
            m = rx.match(t)
            if not m:
                continue
            if rx is COLON_SPEAKER_RE and FIELD_RE.match(t):
                return None
            sp = parse_speaker(m.group("label"))
            if sp is None:
                continue
            rest = m.start("rest") if "rest" in rx.groupindex and m.group("rest").strip() else None
            marker_end = m.start("rest") if rest is not None else len(t.rstrip())
            return sp, line.span(len(t) - len(t.lstrip()), marker_end), rest
        return None

    def _heading(self, line: _Line) -> bool:
        """A bracketed section label such as 【協議事項】: not a speaker."""
        m = TURN_RE.match(line.norm)
        return bool(m) and parse_speaker(m.group("label")) is None and not m.group("rest").strip()

    def parse_header(self, first: int) -> int:
        """Read fields up to the body; return the index of the first body line."""
        kind: str | None = None
        value_lines: list[tuple[int, int]] = []
        i = first
        while i < len(self.lines):
            line = self.lines[i]
            if i in self.skip or line.blank:
                i += 1
                continue
            t = line.norm
            m = FIELD_RE.match(t)
            if not m and (AGENDA_MARK_RE.match(t) or self._speaker_marker(line) or self._heading(line)):
                break
            label_kind = _LABEL_OF[re.sub(r"\s", "", m.group("label"))] if m else None
            # 構成員 alone inside an attendee list is a group, not a new field
            if m and not (kind == label_kind == "attendees" and value_lines and not m.group("value")):
                self._close_field(kind, value_lines)
                kind, value_lines = label_kind, []
                if kind == "body":
                    return i + 1
                value = m.group("value").strip().strip("|").strip()
                if value:
                    start = t.index(value, m.start("value"))
                    sp = line.span(start, start + len(value))
                    value_lines.append((sp.start, sp.end))
                    if kind == "agenda":
                        self._agenda_line(line, start)
            elif kind == "agenda" and (NUMBERED_RE.match(t) or BULLET_RE.match(t)):
                self._agenda_line(line, 0)
            elif kind and (kind == "attendees" or not value_lines):
                if BULLET_RE.match(line.raw) and kind != "attendees" and value_lines:
                    break
                value = t.strip().strip("|").strip()
                start = t.index(value) if value else 0
                sp = line.span(start, start + len(value))
                value_lines.append((sp.start, sp.end))
            elif BULLET_RE.match(line.raw) or NUMBERED_RE.match(t):
                break  # statements without a body label
            elif not kind and self.fields and not self._bare_field(line):
                break
            elif not kind:
                self._bare_field(line, record=True)
            i += 1
        self._close_field(kind, value_lines)
        return i

    def _bare_field(self, line: _Line, record: bool = False) -> bool:
        """A header line without a label: a date, a place or an attendee list."""
        t = line.norm.strip()
        guess = None
        if "date" not in self.fields and dates.find_date(t) and len(t) < 60:
            guess = "date"
        elif "place" not in self.fields and _PLACE_HINT.search(t) and len(t) < 50:
            guess = "place"
        elif "attendees" not in self.fields and re.search(r"委員|出席", t) and ("、" in t or "," in t):
            guess = "attendees"
        if guess and record:
            sp = line.span(len(line.norm) - len(line.norm.lstrip()), len(line.norm.rstrip()))
            self.fields[guess] = _Field(guess, [(sp.start, sp.end)])
        return guess is not None

    def _agenda_line(self, line: _Line, start: int):
        t = line.norm[start:]
        m = NUMBERED_RE.match(t)
        title = (m.group("title") if m else BULLET_RE.sub("", t, count=1)).strip() if t.strip() else ""
        if not title:
            return
        n = _item_number(m) if m else len(self.agenda) + 1
        at = line.norm.index(title, start)
        sp = line.span(at, at + len(title))
        self.agenda.setdefault(n, AgendaItem(n, self.source.text[sp.start:sp.end], sp))

    def _close_field(self, kind: str | None, value_lines: list[tuple[int, int]]):
        if kind and kind not in ("body", "agenda") and value_lines and kind not in self.fields:
            self.fields[kind] = _Field(kind, value_lines)

    def field_text(self, kind: str) -> tuple[str, int] | None:
        f = self.fields.get(kind)
        if not f:
            return None
        start, end = f.spans[0][0], f.spans[-1][1]
        return self.source.text[start:end], start

    # -- body -----------------------------------------------------------------------------
    def _flush(self):
        if self._open:
            start, end = self._open
            turn = self.turns[-1].position if self.turns and self._in_turn else None
            self.statements.append(Statement(
                position=len(self.statements) + 1, text=self.source.text[start:end],
                span=Span(start, end), turn=turn, agenda_item=self._current_agenda))
        self._open = None

    def _start(self, line: _Line, norm_start: int, bullet: bool):
        start = line.span(norm_start, norm_start).start
        end = line.start + len(line.raw.rstrip())
        while start < end and self.source.text[start].isspace():
            start += 1
        if start < end:
            self._open = (start, end)
            self._open_is_bullet = bullet

    def parse_body(self, first: int):
        body = [(i, ln) for i, ln in enumerate(self.lines[first:], start=first) if i not in self.skip]
        markers = {i: self._speaker_marker(ln) for i, ln in body if not ln.blank}  # read once
        has_speakers = any(markers.values())
        self._in_turn = False
        for i, line in body:
            t = line.norm
            if line.blank:
                if self._open and not self._open_is_bullet:
                    self._flush()  # a blank line ends a paragraph, not a bullet
                continue
            if FOOTER_RE.match(t) or len(t) <= 40 and re.search(r"お問い?合わせ|問合せ先", t):
                break  # the page footer
            if m := AGENDA_MARK_RE.match(t):
                self._new_agenda(line, int(m.group("n")), m.start("title"))
                continue
            if found := markers[i]:
                speaker, span, rest = found
                self._flush()
                self._in_turn = True
                self.turns.append(Turn(len(self.turns) + 1, speaker, span))
                if rest is not None:
                    self._start(line, rest, bullet=False)
                continue
            if self._heading(line):
                self._flush()
                self._in_turn = False
                continue
            numbered = NUMBERED_RE.match(t)
            known_item = numbered and numbered.group("title") and any(
                nfkc(a.title) == numbered.group("title") for a in self.agenda.values())
            if numbered and numbered.group("title") and (known_item or has_speakers and not self._in_turn):
                self._new_agenda(line, None, numbered.start("title"), numbered)
                continue
            if b := BULLET_RE.match(t):
                self._flush()
                if self._in_turn or not has_speakers:
                    self._start(line, b.end(), bullet=True)
                continue
            if self._open and self._pdf and not self._open_is_bullet and \
                    self.source.text[:self._open[1]].rstrip().endswith("。"):
                self._flush()  # PDF text loses list marks; a line ending in 。 ends a paragraph
            if self._open:
                self._open = (self._open[0], line.start + len(line.raw.rstrip()))
            elif self._in_turn or not has_speakers:
                self._start(line, 0, bullet=False)
        self._flush()

    def _new_agenda(self, line: _Line, n: int | None, title_at: int, numbered=None):
        self._flush()
        self._in_turn = False
        if n is None:
            n = _item_number(numbered)
        title = line.norm[title_at:].strip()
        sp = line.span(title_at, title_at + len(title))
        self.agenda.setdefault(n, AgendaItem(n, self.source.text[sp.start:sp.end], sp))
        self._current_agenda = n


def parse(source: SourceText) -> Minutes:
    """Parse one decoded summary. Raises InputError when it holds no recognizable meeting."""
    p = _Parser(source)
    title, title_line = p.title()
    body_start = p.parse_header(title_line + 1)
    p.parse_body(body_start)

    warnings: list[str] = []
    series = series_of(title)
    date_field = p.field_text("date")
    start, end = dates.meeting_times(nfkc(date_field[0])) if date_field else (None, None)
    if start is None:  # a date anywhere in the header, web-page boilerplate (更新日) aside
        header = "\n".join(ln.raw for i, ln in enumerate(p.lines[:body_start]) if i not in p.skip)
        found = dates.find_date(nfkc(header))
        if found:
            start, end = dates.meeting_times(nfkc(header[header.find(found[1].group(0)[:4]):]))
            if start is None:
                start = end = found[0]
    if not p.statements and not p.turns and start is None:
        raise InputError(
            "no recognizable meeting: found no date (日時), no speaker turns (【…】) and no statements",
            path=source.path)
    if start is None:
        warnings.append("no meeting date found (日時)")
    place_field = p.field_text("place")
    place = " ".join(place_field[0].split()) if place_field else None
    if not place:
        warnings.append("no place found (場所)")
    attendees = ()
    attendee_field = p.field_text("attendees")
    if attendee_field:
        found_attendees, unread = parse_attendees(attendee_field[0], attendee_field[1], top_body_of(series))
        attendees = tuple(found_attendees)
        if unread:
            warnings.append("attendee items not understood: " + "、".join(unread))
    else:
        warnings.append("no attendee list found (出席者)")
    if not p.statements:
        warnings.append("no statements found")
    fy = dates.fiscal_year(nfkc(title))
    if fy is None and start is not None:
        day = start.date() if hasattr(start, "hour") else start
        fy = dates.fiscal_year_of(day)
    return Minutes(
        source=source, title=title, series=series, fiscal_year=fy, start=start, end=end,
        place=place, attendees=attendees, agenda=tuple(p.agenda[k] for k in sorted(p.agenda)),
        turns=tuple(p.turns), statements=tuple(p.statements), warnings=tuple(warnings))
