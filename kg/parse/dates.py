"""Japanese dates and times: era years, 午前/午後, ranges, fiscal years.

All functions take NFKC-normalized text (see ``jatext.nfkc``).
"""

from __future__ import annotations

import datetime as dt
import re

# First Western year of each era minus one: 令和1 = 2019, 平成1 = 1989, 昭和1 = 1926.
ERA_OFFSET = {"令和": 2018, "平成": 1988, "昭和": 1925}
JST = dt.timezone(dt.timedelta(hours=9))

_YEAR = r"(?:(?P<era>令和|平成|昭和)\s{0,2}(?P<eyear>元|\d{1,2})\s{0,2}(?:\(\s{0,2}(?P<wyear2>\d{4})\s{0,2}\))?|(?P<wyear>\d{4}))\s{0,2}年(?:\s{0,2}\(\s{0,2}\d{4}\s{0,2}年?\s{0,2}\))?"
DATE_RE = re.compile(
    r"(?:" + _YEAR + r"\s{0,2}(?P<month>\d{1,2})\s{0,2}月\s{0,2}(?P<day>\d{1,2})\s{0,2}日"
    r"|(?<!\d)(?P<syear>\d{4})\s{0,1}(?P<sep>[/.-])\s{0,1}(?P<smonth>\d{1,2})\s{0,1}(?P=sep)\s{0,1}(?P<sday>\d{1,2})(?!\d))"
    r"(?:\s{0,2}\([^)]{1,4}\))?")
FISCAL_RE = re.compile(
    r"(?:(?P<era>令和|平成|昭和)\s{0,4}(?P<eyear>元|\d{1,2})|(?P<wyear>\d{4}))\s{0,4}年度"
)

_CLOCK = r"(?P<{p}ampm>午前|午後)?\s{{0,4}}(?P<{p}h>\d{{1,2}})\s{{0,4}}(?:時\s{{0,4}}(?:(?P<{p}m>\d{{1,2}})\s{{0,4}}分|半)?|:(?P<{p}mc>\d{{2}}))"
TIME_RANGE_RE = re.compile(
    _CLOCK.format(p="s")
    + r"\s{0,4}(?:から|~|-|より)\s{0,4}"
    + r"(?:" + _CLOCK.format(p="e") + r")?"
)


def era_year(era: str | None, year: str) -> int:
    """令和7 → 2025; 元 is year 1; a Western year passes through."""
    n = 1 if year == "元" else int(year)
    return ERA_OFFSET[era] + n if era else n


def _year(m: re.Match) -> int:
    if m.group("wyear"):
        return int(m.group("wyear"))
    if m.groupdict().get("wyear2"):
        return int(m.group("wyear2"))
    return era_year(m.group("era"), m.group("eyear"))


def find_date(text: str) -> tuple[dt.date, re.Match] | None:
    """The first valid calendar date in ``text`` (令和7年3月24日, 2019/4/26) and its match."""
    for m in DATE_RE.finditer(text):
        try:
            if m.group("syear"):
                return dt.date(int(m.group("syear")), int(m.group("smonth")), int(m.group("sday"))), m
            return dt.date(_year(m), int(m.group("month")), int(m.group("day"))), m
        except ValueError:
            continue
    return None


_KANJI_DIGIT = {"〇": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_NUMBER = re.compile(r"(?P<n>[〇○一二三四五六七八九十]{1,4})(?=\s{0,1}[年月日時分])")


def _kanji_value(s: str) -> int:
    if "十" not in s:
        return int("".join(str(_KANJI_DIGIT[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (_KANJI_DIGIT.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGIT[ones] if ones else 0)


def kanji_numbers(text: str) -> str:
    """Kanji numerals before 年 月 日 時 分 become digits: 午後一時十三分 → 午後1時13分; 正午 is 12:00."""
    return _KANJI_NUMBER.sub(lambda m: str(_kanji_value(m.group("n"))), text.replace("正午", "午後0時"))


def fiscal_year(text: str) -> int | None:
    """令和6年度 → 2024 (the Western year in which the fiscal year starts)."""
    m = FISCAL_RE.search(text)
    return _year(m) if m else None


def fiscal_year_of(day: dt.date) -> int:
    """Japanese fiscal years start in April."""
    return day.year if day.month >= 4 else day.year - 1


def _clock(m: re.Match, p: str, implied_ampm: str | None) -> tuple[dt.time, str | None] | None:
    hour = int(m.group(p + "h"))
    minute = m.group(p + "m") or m.group(p + "mc")
    whole = m.group(0)
    minute = int(minute) if minute else (30 if p == "s" and "半" in whole.split("から")[0] else 0)
    ampm = m.group(p + "ampm") or implied_ampm
    if ampm == "午後" and hour < 12:
        hour += 12
    if ampm == "午前" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute), ampm


def find_time_range(text: str) -> tuple[dt.time, dt.time | None] | None:
    """'午前10時30分から午前11時52分まで' → (10:30, 11:52). A missing 午前/午後 on the end
    time is taken from the start time (午後6時30分~8時30分 → 18:30–20:30)."""
    for m in TIME_RANGE_RE.finditer(text):
        start = _clock(m, "s", None)
        if start is None:
            continue
        end = None
        if m.group("eh"):
            end_clock = _clock(m, "e", start[1])
            if end_clock is not None:
                end = end_clock[0]
                if end < start[0] and start[1] is None and end.hour < 12:
                    end = dt.time(end.hour + 12, end.minute)  # 1時~3時 in the afternoon
        return start[0], end
    return None


def find_start_time(text: str) -> dt.time | None:
    m = re.search(_CLOCK.format(p="s"), text)
    if not m:
        return None
    clock = _clock(m, "s", None)
    return clock[0] if clock else None


_FROM_TO = re.compile(r"[自至]\s{0,2}(?=(?:午前|午後)?\s{0,2}\d)")


def meeting_times(text: str) -> tuple[dt.datetime | dt.date | None, dt.datetime | dt.date | None]:
    """Start and end of a meeting from a 日時 value: datetimes at +09:00 when times are
    given, else the date alone (end = start)."""
    text = kanji_numbers(text)
    found = find_date(text)
    if not found:
        return None, None
    day, m = found
    rest = _FROM_TO.sub("", text[m.end():])  # 自 午前10時0分~至 午後0時15分
    span = find_time_range(rest)
    if span:
        start = dt.datetime.combine(day, span[0], JST)
        end = dt.datetime.combine(day, span[1], JST) if span[1] else None
        return start, end
    start_time = find_start_time(rest)
    if start_time:
        return dt.datetime.combine(day, start_time, JST), None
    return day, day


def meeting_times_in(text: str):
    """Start and end from the first date anywhere in ``text`` and the times after it."""
    text = kanji_numbers(text)
    found = find_date(text)
    if not found:
        return None, None
    start, end = meeting_times(text[found[1].start():])
    return (start, end) if start is not None else (found[0], found[0])


# 午後一時十三分開議 / 開会 午前10時00分, and the same for 散会 / 閉会
_OPENING = (re.compile(_CLOCK.format(p="s") + r"[ \t]{0,2}(?:開会|開議|開始)"),
            re.compile(r"(?:開会|開議)[)\]]?[ \t]{0,4}:?[ \t]{0,4}" + _CLOCK.format(p="s")),
            # a record's clock marks in parentheses: (13:30) after the chair opens
            re.compile(r"\(\s{0,2}(?P<sh>\d{1,2}):(?P<smc>\d{2})(?P<sm>)(?P<sampm>)\s{0,2}\)"))
_CLOSING = (re.compile(_CLOCK.format(p="s") + r"[ \t]{0,2}(?:散会|閉会|閉議|終了)"),
            re.compile(r"(?:散会|閉会)[)\]]?[ \t]{0,4}:?[ \t]{0,4}" + _CLOCK.format(p="s")))


def _first_clock(patterns, text: str):
    found = [m for m in (rx.search(text) for rx in patterns) if m]
    m = min(found, key=lambda m: m.start(), default=None)
    return _clock(m, "s", None) if m else None


def opening_and_closing(text: str, day: dt.date, end):
    """Verbatim records give times as 午後一時十三分開議 … 午後三時二分散会."""
    text = kanji_numbers(text)
    start_clock = _first_clock(_OPENING, text)
    if start_clock is None:
        return day, end
    start = dt.datetime.combine(day, start_clock[0], JST)
    end_clock = _first_clock(_CLOSING, text)
    return start, (dt.datetime.combine(day, end_clock[0], JST) if end_clock else None)
