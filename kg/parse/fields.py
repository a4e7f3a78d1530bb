"""The meeting's date, times, place and named council, found the way a careful reader finds them:
every candidate in the head of the page is gathered, scored, and the best kept; the runners-up
that disagree with it become doubts.

Candidates, strongest first: a labelled field (日時, 開催年月日, 会議の開催場所 … in any layout of
rules.toml, value on the label's line or on the next), a run of label lines followed by as many
value lines (a table flattened column by column), a bare line that is plainly a date or a place,
a date in the title, a date in prose (…に開催しました), the file name's YYYYMMDD. Dates a page
gives about itself (更新日, 掲載日, 公開日, [2023年11月8日] alone on a line, 招集通知年月日, 次回 …)
are recognized as what they are and never taken.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.model import Doubt
from kg.parse import dates
from kg.parse.header import PLACE_HINT, match_field
from kg.parse.lines import Line
from kg.parse.rules import rules
from kg.read.normalize import nfkc

# A page's own dates: publication, update, notice, the next meeting.
_PAGE_DATE = re.compile(r"^\s{0,8}[\[【(]?\s{0,2}(?:最終)?(?:更新|掲載|公開|公表|登録|作成|発行|印刷|改訂)(?:日|日時)?"
                        r"|次回|前回|Academic year|^\s{0,8}\[\s{0,2}[^\]]{6,20}\]\s{0,4}$")
_PROSE_VERB = re.compile(r"開催(?:しました|いたしました|され|した|します|いたします)|開会|行われ|行いました|実施しました")
_NOT_THIS = re.compile(r"次回|前回|予定|以降|まで(?:に|の)")
_PROSE_PLACE = re.compile(r"(?:^|[、,]|\))\s{0,2}(?P<place>[^、,。()]{3,40}?)\s{0,2}(?:において|にて)")
_DATE_AND_CLOCK = re.compile(dates.DATE_RE.pattern + r"|(?:午前|午後)?\s{0,2}\d{1,2}\s{0,2}[時:]\s{0,2}(?:\d{1,2}\s{0,2}分?)?|"
                             r"[(（][^()（）]{1,6}[)）]|から|まで|より|開会|閉会|開始|終了|\s")
_TIME_LINE = re.compile(r"^\s{0,12}(?:午前|午後|正午|\d{1,2}\s{0,2}[時:])")
_YEARLESS = re.compile(r"(?<![年\d])\(?\s{0,2}(?P<m>\d{1,2})\s{0,2}月\s{0,2}(?P<d>\d{1,2})\s{0,2}日")
_WEEKDAYS = "月火水木金土日"
_FILE_DATE = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?!\d)")


@dataclass(frozen=True)
class Candidate:
    kind: str  # date, place, council
    text: str  # the value, NFKC
    start: int  # source offsets of the value
    end: int
    line: int  # 1-based line of the value
    score: int
    why: str  # how it was found: 開催日時 (a label), bare line, title, prose, file name


@dataclass
class Found:
    date: Candidate | None
    time: Candidate | None  # a 開催時間 field apart from the date
    opening: Candidate | None  # 開会 / 閉会 fields of a flattened table
    closing: Candidate | None
    place: Candidate | None
    council: Candidate | None
    doubts: list[Doubt]


def _value(line: Line, at: int, score: int, kind: str, why: str) -> Candidate | None:
    text = line.norm[at:].strip().strip("|").strip()
    if not text:
        return None
    pos = line.norm.index(text, at)
    sp = line.span(pos, pos + len(text))
    return Candidate(kind, text, sp.start, sp.end, line.number, score, why)


def _content(lines: list[Line], skip: set[int], i: int) -> int | None:
    """The next line after ``i`` with content."""
    for j in range(i + 1, min(len(lines), i + 6)):
        if j not in skip and not lines[j].blank:
            return j
    return None


def _label_runs(lines: list[Line], order: list[int]) -> dict[int, int]:
    """Label-only lines followed by as many value lines (開催年月日 / 開催場所 / 開会 / 閉会, then
    the four values): label index → value index."""
    pairs: dict[int, int] = {}
    k = 0
    while k < len(order):
        run: list[int] = []
        while k + len(run) < len(order):
            line = lines[order[k + len(run)]]
            found = match_field(line)
            if not found or line.norm[found[2]:].strip():
                break
            run.append(order[k + len(run)])
        if len(run) >= 3:
            values = order[k + len(run):k + 2 * len(run)]
            if len(values) == len(run) and not any(match_field(lines[v]) for v in values):
                pairs.update(zip(run, values))
            k += len(run)
        else:
            k += 1
    return pairs


def find_fields(lines: list[Line], skip: set[int], head_end: int, title: str, file_name: str) -> Found:
    """The best candidate of each field in ``lines[:head_end]`` (and the title and file name)."""
    order = [i for i in range(head_end) if i not in skip and not lines[i].blank]
    fiscal = dates.fiscal_year(nfkc(title)) or next(
        (fy for i in order if (fy := dates.fiscal_year(lines[i].norm)) is not None), None)
    paired = _label_runs(lines, order)
    cands: list[Candidate] = []
    for i in order:
        line = lines[i]
        if _PAGE_DATE.search(line.norm):
            continue
        found = match_field(line)
        if found:
            kind, label, at = found
            if kind not in ("date", "time", "place", "council", "opening", "closing", "convened"):
                continue
            score = 10
            if kind == "convened":  # a weak date of its own: the day the session was convened
                kind, score, label = "date", 5, f"{label} (the day the session was convened)"
            c = _value(line, at, score, kind, label)
            if c is None:
                j = paired.get(i, _content(lines, skip, i))
                if j is not None and not match_field(lines[j]) and not _PAGE_DATE.search(lines[j].norm):
                    c = _value(lines[j], 0, min(score, 10 if i in paired else 9), kind, label)
            if c is not None and kind == "date":  # 令和5年11月21日(火) / 午後1時30分から…: times on the next line
                j = _content(lines, skip, i if c.line == line.number else paired.get(i, i + 1))
                if j is not None and _TIME_LINE.match(lines[j].norm) and not match_field(lines[j]):
                    c = Candidate(c.kind, c.text + " " + lines[j].text, c.start, c.end, c.line, c.score, c.why)
            if c is not None:
                cands.append(c)
            continue
        t = line.text
        if len(t) < 80 and dates.find_date(dates.kanji_numbers(t)) and "。" not in t:
            named = rules().body_word_re.search(t)  # 令和3年11月15日会議録: a heading with a date
            rest = _DATE_AND_CLOCK.sub("", t).strip(" ()・-~")
            if named and _PROSE_VERB.search(t):  # 第2回…を開催しました(令和5年11月28日): a link to a meeting
                score, why = 2, "a dated headline"
            elif named:
                score, why = 5, "a heading"
            elif len(rest) > 12:  # 2024年3月5日 令和6年度放課後児童クラブの…: a dated news item, a link
                score, why = 2, "a dated headline"
            else:
                score, why = 7, "a line of its own"
            cands.append(Candidate("date", t, line.start, line.end, line.number, score, why))
        elif len(t) < 60 and PLACE_HINT.search(t) and "、" not in t and "。" not in t and not t.startswith(("※", "*")):
            cands.append(Candidate("place", t, line.start, line.end, line.number, 6, "bare line"))
        elif "。" in t or len(t) > 80:
            cands.extend(_prose(line))
        if (m := _YEARLESS.search(t)) and fiscal is not None:
            month, day = int(m.group("m")), int(m.group("d"))
            year = fiscal if month >= 4 else fiscal + 1  # a fiscal year starts in April
            cands.append(Candidate("date", f"{year}年{month}月{day}日 " + t[m.end():], line.start, line.end,
                                   line.number, 4, f"a date without its year (the year from the fiscal year {fiscal})"))
    if title:
        t = nfkc(title)
        if dates.find_date(t):
            cands.append(Candidate("date", t, 0, 0, 0, 4, "the title"))
    m = _FILE_DATE.search(file_name)
    if m:
        cands.append(Candidate("date", f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", 0, 0, 0, 2, "the file name"))
    return _choose(cands)


def _prose(line: Line) -> list[Candidate]:
    """A date (and a place) in a sentence saying the meeting was held: 令和6年2月20日(火曜日)、
    西会津町役場3階大会議室において、第3回…を開催しました。 Not a sentence about the next or the
    previous meeting."""
    out: list[Candidate] = []
    for sentence in line.norm.split("。"):
        verb = _PROSE_VERB.search(sentence)
        found = dates.find_date(sentence[:verb.start()]) if verb else None
        if not verb or not found or _NOT_THIS.search(sentence[:found[1].start()]):
            continue
        out.append(Candidate("date", sentence[found[1].start():verb.end()], line.start, line.end, line.number, 5,
                             "a sentence of the text"))
        if m := _PROSE_PLACE.search(sentence, found[1].end()):
            start = line.norm.index(sentence) + m.start("place")
            sp = line.span(start, start + len(m.group("place")))
            out.append(Candidate("place", m.group("place"), sp.start, sp.end, line.number, 3, "a sentence of the text"))
        break
    return out


def _date_of(c: Candidate) -> dt.date | None:
    found = dates.find_date(dates.kanji_numbers(c.text))
    return found[0] if found else None


def _best(cands: list[Candidate], kind: str) -> Candidate | None:
    pool = [c for c in cands if c.kind == kind]
    if kind == "date":
        pool = [c for c in pool if _date_of(c)]
    return max(pool, key=lambda c: (c.score, -c.line if c.line else -10**9), default=None)


def _choose(cands: list[Candidate]) -> Found:
    doubts: list[Doubt] = []
    date = _best(cands, "date")
    if date is not None:
        day = _date_of(date)
        rivals = {(_date_of(c), c.why, c.line) for c in cands
                  if c.kind == "date" and c.score >= 7 and c is not date and _date_of(c) not in (None, day)}
        if rivals and date.score >= 7:
            other = sorted(rivals, key=lambda r: r[2])[0]
            doubts.append(Doubt("date", f"two meeting dates: {day} ({date.why}) and {other[0]} ({other[1]}); "
                                f"took {day}", date.line or None))
        if date.score <= 5:
            doubts.append(Doubt("date", f"the meeting date {day} comes only from {date.why}", date.line or None))
        weekday = re.search(r"\(\s{0,2}([月火水木金土日])\s{0,2}(?:曜日?)?\s{0,2}\)", date.text)
        if day and weekday and _WEEKDAYS[day.weekday()] != weekday.group(1):
            doubts.append(Doubt("date", f"{day} was a {_WEEKDAYS[day.weekday()]}曜日, the page says "
                                f"({weekday.group(1)}): the written date is kept", date.line or None))
    return Found(date=date, time=_best(cands, "time"), opening=_best(cands, "opening"),
                 closing=_best(cands, "closing"), place=_best(cands, "place"), council=_best(cands, "council"),
                 doubts=doubts)


__all__ = ["Candidate", "Found", "find_fields"]
