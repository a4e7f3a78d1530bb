"""Seeded variations of a meeting summary that do not change what a careful reader reads.

Issue 31 asks for a variation harness: every layout fixture, rewritten the ways published pages
differ from one another (full-width digits and brackets, another label for the same field, an
update date above the header, blank lines and spaces, era or Western years, CRLF, a byte-order
mark), must read exactly as the original does. This module holds the transforms, ``variants``
that combines them under a ``random.Random(seed)``, and the reading that is compared: council,
date, times, place, attendees, turns, speakers and statements.

Every transform is conservative: where a change could alter the reading (a label inside a
statement, spaces inside a name, a label pair that is not the same field in every file) it is
not made. A transform that has nothing to change in a text returns the text unchanged, and
``variants`` only picks transforms that change something.

Run ``python tests/variations.py`` for a table of shares per transform and per field, the
worst cases, and (with ``--isolated``) one variant per transform alone, which tells which
transform a difference comes from.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------------------------
# Where the header is: label lines, speaker marks, dates
# ---------------------------------------------------------------------------------------------

# Header labels at line start, after an optional list mark or number: `日時:`, `1 日時`,
# `  1. 開催日時:`, `- 日時:`, `  • 日時:`, `■日時：`, `〇日時`, `１　日時　　令和…`. A label
# counts only when followed by a colon, a `|`, whitespace or the end of the line (so `日時及び場所`,
# `会議開催日時` and `場所については` are not labels). Letter-spaced labels (`日 時`) are left alone.
_LABELS = ("開催日時", "日時", "開催年月日", "開催日", "開催時間", "開催場所", "場所", "会場", "開催方法",
           "出席委員", "出席者", "欠席委員", "欠席者", "傍聴者", "議題", "議事次第", "会議の名称", "会議名")
_PREFIX = (r"[ \t\u3000]*(?:[-•・■□◆◇●○〇◎◯※▼▽]\s*|[0-9０-９]{1,2}\s*[.．、)）:：]?\s*"
           r"|[(（][0-9０-９]{1,2}[)）]\s*)?")
LABEL_RE = re.compile(rf"^(?P<pre>{_PREFIX})(?P<label>{'|'.join(_LABELS)})"
                      r"(?P<post>[ \t\u3000]*(?:[:：|｜]|$)|[ \t\u3000]+(?=\S))")
# A label followed by a run of spaces and then its value on the same line: the gap to widen.
GAP_RE = re.compile(rf"^(?P<pre>{_PREFIX})(?P<label>{'|'.join(_LABELS)})(?P<gap>[ \t\u3000]+)(?=[^\s:：|｜])")

_ROLE = r"(?:委員長|副委員長|委員|会長|副会長|部会長|座長|議長|事務局|課長|部長|局長|次長|知事|市長|町長|大臣|君|構成員|参考人|説明員)"
_SPEAKER_RES = (
    re.compile(rf"^\s*[【\[<＜〈(（][^】\]>＞〉)）]{{0,20}}{_ROLE}[^】\]>＞〉)）]{{0,12}}[】\]>＞〉)）]"),
    re.compile(rf"^\s*[○〇◎●◯]\s?\S{{0,20}}?{_ROLE}"),
    re.compile(rf"^\s*[^\s、,(（]{{0,20}}?{_ROLE}(?:[(（][^)）]{{0,12}}[)）])?\s?[:：)）]"),
    re.compile(rf"^\s*(?:[•・]\s*|[QA]\s+)\S{{0,14}}?{_ROLE}(?:補佐)?\s*$"),
)


def is_speaker_line(line: str) -> bool:
    """A line that may open a speaker turn (`【庄司委員】`, `○山田委員長 …`, `事務局: …`,
    `(委員)`), unless what follows its mark is a header label (`〇出席委員`, `【日 時】`).

    >>> is_speaker_line("○桐山委員長  広報広聴委員会を開会いたします。"), is_speaker_line("〇出席委員")
    (True, False)
    """
    if not any(r.match(line) for r in _SPEAKER_RES):
        return False
    bare = re.sub(r"[\s【】\[\]<>＜＞〈〉()（）○〇◎●◯:：]", "", line)
    return not any(bare.startswith(label) for label in _LABELS)


# Headings that open the body of a page once the header's date or place has been given.
_BODY_RE = re.compile(rf"^{_PREFIX}(?:会議の経過|会議概要|会議内容|議事概要|議事要旨|議事録|議事の経過|審議概要|審議の内容"
                      r"|審議経過|審査の経過|審査の概要|会議の概要|議事の概要|発言要旨|主な意見|会議の模様|質疑応答|意見交換|概要)\s*[:：|｜]?")
_WHEN_WHERE = ("開催日時", "日時", "開催年月日", "開催日", "開催場所", "場所", "会場")


def header_end(lines: list[str]) -> int:
    """Index of the first line of the body: the first line that may open a speaker turn, or a
    body heading (議事概要, 会議の経過, 4 概要 …) after the first date or place label; the whole
    text when there is neither. Conservative: a false speaker or heading only makes the header
    shorter, so fewer lines are varied.

    >>> header_end(["概要", "日時 令和6年2月6日", "場所 県庁", "議事概要", "2.議題 (1)予算"])
    3
    """
    end = next((i for i, ln in enumerate(lines) if is_speaker_line(ln)), len(lines))
    first = next((i for i, ln in enumerate(lines[:end]) if (m := LABEL_RE.match(ln)) and m.group("label") in _WHEN_WHERE),
                 None)
    if first is not None:
        end = next((i for i in range(first + 1, end) if _BODY_RE.match(lines[i])), end)
    return end


_DIGITS = "0-9０-９"
_YMD_TAIL = rf"(?=\s*([{_DIGITS}]{{1,2}})\s*月\s*([{_DIGITS}]{{1,2}})\s*日)"
ERA_RE = re.compile(rf"(令和|平成)\s*(元|[{_DIGITS}]{{1,2}})\s*年{_YMD_TAIL}")
WESTERN_RE = re.compile(rf"(?<![{_DIGITS}(（])([{_DIGITS}]{{4}})\s*年{_YMD_TAIL}")
_ERAS = (("令和", dt.date(2019, 5, 1)), ("平成", dt.date(1989, 1, 8)))


def _date(year: int, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(year, int(month), int(day))
    except ValueError:
        return None


def era_year(day: dt.date) -> tuple[str, int] | None:
    """(era, year of the era) of a date since 1989-01-08: 2019-04-30 is 平成31, 2019-05-01 令和1."""
    for era, start in _ERAS:
        if day >= start:
            return era, day.year - start.year + 1
    return None


def _era_text(era: str, year: int) -> str:
    return f"{era}{'元' if year == 1 else year}年"


# ---------------------------------------------------------------------------------------------
# The transforms: text -> text, each with its own random choices
# ---------------------------------------------------------------------------------------------

_ASCII = "0123456789():[]<>ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_WIDE = {c: chr(ord(c) + 0xFEE0) for c in _ASCII}
_WIDE["~"] = "〜"
_TO_WIDE = str.maketrans(_WIDE)
_TO_NARROW = str.maketrans({v: k for k, v in _WIDE.items() if k != "~"})
_TO_WIDE_DIGITS = str.maketrans({c: _WIDE[c] for c in "0123456789()"})


def _lines_share(rng: random.Random, n: int) -> set[int]:
    """All lines (half the time) or a random share of 30–80 % of them."""
    if rng.random() < 0.5:
        return set(range(n))
    share = rng.uniform(0.3, 0.8)
    return {i for i in range(n) if rng.random() < share}


def full_width(text: str, rng: random.Random) -> str:
    """Digits, parentheses, colons, `[]`, `<>` and Latin letters to their full-width forms, and
    `~` to `〜`, on all lines or on a random share of them, as many published originals write
    them. NFKC (and the project's nfkc, which also reads `〜` as `~`) gives the text back.

    >>> full_width("日時:令和6年2月6日(火) 14:00~15:30 Webex", random.Random(0))
    '日時：令和６年２月６日（火） １４：００〜１５：３０ Ｗｅｂｅｘ'
    """
    lines = text.split("\n")
    chosen = _lines_share(rng, len(lines))
    return "\n".join(ln.translate(_TO_WIDE) if i in chosen else ln for i, ln in enumerate(lines))


def half_width(text: str, rng: random.Random) -> str:
    """The reverse of ``full_width`` on all lines or a share: full-width digits, parentheses,
    colons, brackets and letters to ASCII (not full-width spaces, not `〜`). For the fixtures
    written in full-width, as pages extracted to text are.

    >>> half_width("１　日時　　令和元年６月１８日（火）", random.Random(0))
    '1\\u3000日時\\u3000\\u3000令和元年6月18日(火)'
    """
    lines = text.split("\n")
    chosen = _lines_share(rng, len(lines))
    return "\n".join(ln.translate(_TO_NARROW) if i in chosen else ln for i, ln in enumerate(lines))


_MARKUP = re.compile(r"(<[^>]*>|&#?\w+;)")


def _outside_markup(line: str, table: dict) -> str:
    """The line translated by ``table`` outside tags and character references."""
    return "".join(part if _MARKUP.fullmatch(part) else part.translate(table) for part in _MARKUP.split(line))


def full_width_html(text: str, rng: random.Random) -> str:
    """``full_width`` for an HTML page: only the text between tags changes, never a tag, an
    attribute or a character reference (`&gt;`).

    >>> full_width_html('<p class="a1">日時:2月6日(火)&gt;</p>', random.Random(1))
    '<p class="a1">日時：２月６日（火）&gt;</p>'
    """
    lines = text.split("\n")
    chosen = _lines_share(rng, len(lines))
    return "\n".join(_outside_markup(ln, _TO_WIDE) if i in chosen else ln for i, ln in enumerate(lines))


def half_width_html(text: str, rng: random.Random) -> str:
    """``half_width`` for an HTML page, between tags only."""
    lines = text.split("\n")
    chosen = _lines_share(rng, len(lines))
    return "\n".join(_outside_markup(ln, _TO_NARROW) if i in chosen else ln for i, ln in enumerate(lines))


# Labels of one field that are certainly interchangeable in any file. One-way pairs: a list of
# members is a list of people present, but a 出席者 list may hold officials, so 出席者 never
# becomes 出席委員; likewise 欠席者.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "日時": ("開催日時",), "開催日時": ("日時",),
    "場所": ("開催場所", "会場"), "開催場所": ("場所", "会場"), "会場": ("場所", "開催場所"),
    "出席委員": ("出席者",), "欠席委員": ("欠席者",),
    "会議の名称": ("会議名",), "会議名": ("会議の名称",),
}


def label_synonyms(text: str, rng: random.Random) -> str:
    """The first header label of a field, at line start in the header (before any line that
    may open a speaker turn), replaced by another label of the same field: 日時 ↔ 開催日時,
    場所 ↔ 開催場所 ↔ 会場, 会議の名称 ↔ 会議名, and 出席委員 → 出席者, 欠席委員 → 欠席者 one way.
    Each field present is swapped with probability 0.7 (at least one is).

    >>> label_synonyms("1 日時 令和6年2月6日\\n2 場所 県庁\\n【委員】場所は県庁でよい。", random.Random(3))
    '1 開催日時 令和6年2月6日\\n2 会場 県庁\\n【委員】場所は県庁でよい。'
    """
    lines = text.split("\n")
    found: dict[str, int] = {}
    for i in range(header_end(lines)):
        m = LABEL_RE.match(lines[i])
        if m and m.group("label") in SYNONYMS and m.group("label") not in found:
            found[m.group("label")] = i
    if not found:
        return text
    keys = sorted(found, key=found.get)
    picked = [k for k in keys if rng.random() < 0.7] or [rng.choice(keys)]
    for label in picked:
        i = found[label]
        m = LABEL_RE.match(lines[i])
        lines[i] = m.group("pre") + rng.choice(SYNONYMS[label]) + lines[i][m.end("label"):]
    return "\n".join(lines)


_FULL_DATE = re.compile(rf"(?:(令和|平成)\s*(元|[{_DIGITS}]{{1,2}})\s*年(?:[(（][{_DIGITS}]{{4}}年[)）])?"
                        rf"|([{_DIGITS}]{{4}})\s*年)\s*([{_DIGITS}]{{1,2}})\s*月\s*([{_DIGITS}]{{1,2}})\s*日")


def dates_in(text: str) -> list[dt.date]:
    """Every full date (era or Western year, month, day) written in the text."""
    out = []
    for m in _FULL_DATE.finditer(text):
        if m.group(1):
            start = dict(_ERAS)[m.group(1)].year
            year = start - 1 + (1 if m.group(2) == "元" else int(m.group(2)))
        else:
            year = int(m.group(3))
        if d := _date(year, m.group(4), m.group(5)):
            out.append(d)
    return out


def update_date(text: str, rng: random.Random) -> str:
    """An update or publication date line (`更新日：2025年4月1日`, `掲載日:令和7年4月1日`,
    `[2024年11月8日]`, `最終更新日 2023年12月1日`, `公開日：…`) added right after the first
    non-blank line, or before it. Its date is 1–400 days after the latest date the text gives,
    as a page is updated after its meeting. The meeting's date stays what it was.

    >>> update_date("ここから本文です。\\n令和6年2月6日(火曜日)\\n場所 県庁", random.Random(2))
    'ここから本文です。\\n更新日：2024年3月6日\\n令和6年2月6日(火曜日)\\n場所 県庁'
    """
    known = dates_in(text)
    base = max(known) if known else dt.date(rng.randint(2022, 2024), rng.randint(1, 12), 1)
    day = base + dt.timedelta(days=rng.randint(1, 400))
    era, year = era_year(day) or ("令和", day.year - 2018)
    western = f"{day.year}年{day.month}月{day.day}日"
    japanese = f"{_era_text(era, year)}{day.month}月{day.day}日"
    line = rng.choice((f"更新日：{western}", f"更新日:{western}更新", f"掲載日:{japanese}", f"[{western}]",
                       f"最終更新日 {western}", f"公開日：{japanese}", f"ページ番号:{rng.randint(10000, 999999)} 更新日:{western}"))
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
    at = first if len(lines) < 3 or rng.random() < 0.3 else first + 1
    lines.insert(at, line)
    return "\n".join(lines)


def _blank(line: str) -> bool:
    return not line.strip()


def blank_lines(text: str, rng: random.Random) -> str:
    """Blank lines added before header label lines (never between a label's value lines), and
    doubled blank lines in the header reduced to one. Only lines before the first possible
    speaker line are touched.

    >>> blank_lines("会議録\\n日時 令和6年2月6日\\n場所 県庁\\n\\n\\n議題\\n(1)予算", random.Random(3))
    '会議録\\n\\n日時 令和6年2月6日\\n\\n場所 県庁\\n\\n議題\\n(1)予算'
    """
    lines = text.split("\n")
    end = header_end(lines)
    labelled = [i for i in range(1, end) if LABEL_RE.match(lines[i])]
    doubled = [i for i in range(1, end) if _blank(lines[i]) and _blank(lines[i - 1])]
    add = [i for i in labelled if rng.random() < 0.6 and not _blank(lines[i - 1])] or \
          [i for i in labelled if not _blank(lines[i - 1])][:1]
    drop = set(i for i in doubled if rng.random() < 0.8)
    out = []
    for i, ln in enumerate(lines):
        if i in drop:
            continue
        if i in add:
            out.append("")
        out.append(ln)
    return "\n".join(out)


def trailing_spaces(text: str, rng: random.Random) -> str:
    """One to three spaces (half-width, or now and then an ideographic space) added at the end
    of all non-blank lines or of a random share of them.

    >>> trailing_spaces("日時 令和6年2月6日\\n【伊東委員】意見。", random.Random(1))
    '日時 令和6年2月6日 \\n【伊東委員】意見。 '
    """
    lines = text.split("\n")
    chosen = _lines_share(rng, len(lines))
    for i in chosen:
        if lines[i].strip():
            lines[i] += "".join(rng.choice("    \u3000") for _ in range(rng.randint(1, 3)))
    return "\n".join(lines)


def wider_gaps(text: str, rng: random.Random) -> str:
    """The run of spaces between a header label and its value on the same line widened by one
    to three more of the same kind of space (`日時 令和…` → `日時   令和…`). Only the gap right
    after a label, in the header: never inside a value, where spaces in a name are a reading.

    >>> wider_gaps("1 日時 令和6年2月6日\\n2 場所\\u3000県庁 本館", random.Random(3))
    '1 日時    令和6年2月6日\\n2 場所\\u3000\\u3000\\u3000\\u3000県庁 本館'
    """
    lines = text.split("\n")
    for i in range(header_end(lines)):
        m = GAP_RE.match(lines[i])
        if m and rng.random() < 0.8:
            gap = m.group("gap")
            pad = ("\u3000" if "\u3000" in gap else " ") * rng.randint(1, 3)
            lines[i] = lines[i][:m.end("gap")] + pad + lines[i][m.end("gap"):]
    return "\n".join(lines)


def _convert_dates(text: str, both: bool) -> str:
    """Full dates in the header rewritten between era and Western years (``both``: the era year
    with the Western year after it in parentheses), in the width of the digits written."""
    lines = text.split("\n")

    def wide(old: str, new: str) -> str:
        return new.translate(_TO_WIDE_DIGITS) if re.search("[０-９]", old) else new

    def era_to_western(m: re.Match) -> str:
        start = dict(_ERAS)[m.group(1)].year
        year = start - 1 + (1 if m.group(2) == "元" else int(m.group(2)))
        if not _date(year, m.group(3), m.group(4)):
            return m.group(0)
        return wide(m.group(0), f"{m.group(1)}{m.group(2)}年({year}年)" if both else f"{year}年")

    def western_to_era(m: re.Match) -> str:
        day = _date(int(m.group(1)), m.group(2), m.group(3))
        era = era_year(day) if day else None
        if not era:
            return m.group(0)
        return wide(m.group(0), _era_text(*era) + (f"({day.year}年)" if both else ""))

    for i in range(header_end(lines)):
        line = ERA_RE.sub(era_to_western, lines[i])
        if line == lines[i]:  # a line is rewritten one way only, so a date is not turned back
            line = WESTERN_RE.sub(western_to_era, lines[i])
        lines[i] = line
    return "\n".join(lines)


def era_western(text: str, rng: random.Random) -> str:
    """Full dates in the header (before any speaker line; the meeting's date line among them)
    rewritten between era and Western years, computed from the whole date: 令和6年2月6日 ↔
    2024年2月6日, 令和元年5月1日 ↔ 2019年5月1日, 平成31年4月30日 ↔ 2019年4月30日. Full-width
    digits stay full-width. Years written in kanji, dates already in both forms (`令和6(2024)年`,
    `令和5年(2023年)`) and dates before 1989-01-08 are left alone. Dates in the body are not
    touched.

    >>> era_western("日時 令和元年5月1日(水)\\n更新日:2019年4月30日\\n日時 令和６年２月６日", random.Random(0))
    '日時 2019年5月1日(水)\\n更新日:平成31年4月30日\\n日時 ２０２４年２月６日'
    """
    return _convert_dates(text, both=False)


def era_plus_western(text: str, rng: random.Random) -> str:
    """Full dates in the header written as the era year with the Western year in parentheses, as
    many pages do (`令和5年(2023年)11月28日`): 令和6年2月6日 → 令和6年(2024年)2月6日 and
    2014年7月14日 → 平成26年(2014年)7月14日. Same dates and limits as ``era_western``.

    >>> era_plus_western("日時 2014年7月14日(月曜日)\\n日時 令和元年5月1日", random.Random(0))
    '日時 平成26年(2014年)7月14日(月曜日)\\n日時 令和元年(2019年)5月1日'
    """
    return _convert_dates(text, both=True)


def crlf(text: str, rng: random.Random) -> str:
    """Windows line endings.

    >>> crlf("a\\nb", random.Random(0))
    'a\\r\\nb'
    """
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def bom(text: str, rng: random.Random) -> str:
    """A UTF-8 byte-order mark before the text (written as UTF-8 it is EF BB BF).

    >>> bom("会議録", random.Random(0))
    '\\ufeff会議録'
    """
    return text if text.startswith("\ufeff") else "\ufeff" + text


# In the order they are applied: line-splitting transforms first, line endings and BOM last.
TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "full_width": full_width, "half_width": half_width, "label_synonyms": label_synonyms,
    "era_western": era_western, "era_plus_western": era_plus_western, "wider_gaps": wider_gaps,
    "blank_lines": blank_lines, "update_date": update_date, "trailing_spaces": trailing_spaces,
    "crlf": crlf, "bom": bom,
}


# For HTML pages, the transforms that cannot break markup: widths between tags, dates (which
# hold no markup characters), trailing spaces, line endings and the BOM. Label, blank-line and
# update-date transforms work on text lines and are left to the text fixtures.
HTML_TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "full_width": full_width_html, "half_width": half_width_html, "era_western": era_western,
    "era_plus_western": era_plus_western, "trailing_spaces": trailing_spaces, "crlf": crlf, "bom": bom,
}


def applicable(text: str, seed: int = 0, html: bool = False) -> list[str]:
    """The transforms that change this text (half_width needs full-width characters, era_western
    a full date, label_synonyms a label it knows …)."""
    table = HTML_TRANSFORMS if html else TRANSFORMS
    return [name for name, t in table.items() if t(text, random.Random(seed)) != text]


def variants(text: str, seed: int, n: int, html: bool = False) -> list[tuple[str, str]]:
    """n (name, varied text) pairs: each applies 1–3 transforms chosen by ``random.Random(seed)``
    among those that change the text, in the order of TRANSFORMS (``html``: of HTML_TRANSFORMS).
    The name lists the transforms that changed something (`03 full_width+crlf`). The same text
    and seed give the same variants.

    >>> [name for name, _ in variants("日時 令和6年2月6日\\n場所 県庁", 7, 3)]
    ['01 era_western+update_date', '02 full_width+label_synonyms+blank_lines', '03 full_width+update_date+bom']
    """
    table = HTML_TRANSFORMS if html else TRANSFORMS
    rng = random.Random(seed)
    names = applicable(text, html=html)
    out = []
    for i in range(1, n + 1):
        varied, applied = text, []
        for _ in range(10):  # a transform may change nothing on a draw (no line chosen): draw again
            picked = set(rng.sample(names, min(len(names), rng.randint(1, 3)))) if names else set()
            for name in table:
                if name in picked and (new := table[name](varied, rng)) != varied:
                    varied, applied = new, applied + [name]
            if applied or not names:
                break
        out.append((f"{i:02d} " + "+".join(applied), varied))
    return out


def transforms_of(name: str) -> list[str]:
    """The transforms a variant's name lists: '03 full_width+crlf' → ['full_width', 'crlf']."""
    return name.split(" ", 1)[1].split("+") if " " in name else []


# ---------------------------------------------------------------------------------------------
# The reading compared, and the harness
# ---------------------------------------------------------------------------------------------

FIELDS = ("council", "date", "start", "end", "place", "attendees", "people", "turns", "speakers", "statements")
FAILED = "<no reading>"


def _norm(text: str | None, spaces: str = "") -> str | None:
    from kg.read.normalize import nfkc
    return None if text is None else re.sub(r"\s+", spaces, nfkc(text)).strip()


def _clock(value) -> str | None:
    return value.strftime("%H:%M") if isinstance(value, dt.datetime) else None


def reading(minutes) -> dict[str, object]:
    """What a careful reader writes down from a ``Minutes``, normalized so that width and
    spacing that do not change a reading do not count: council (NFKC, no spaces), date, start
    and end clock times, place (NFKC, spaces collapsed), attendee count, the set of (name
    without spaces, roles of its posts), turn count, speaker labels (NFKC, no spaces) in order,
    statement count."""
    return {
        "council": _norm(minutes.series),
        "date": minutes.date.isoformat() if minutes.date else None,
        "start": _clock(minutes.start),
        "end": _clock(minutes.end),
        "place": _norm(minutes.place, " "),
        "attendees": len(minutes.attendees),
        "people": frozenset((_norm(a.name) or "", tuple(_norm(p.role) for p in a.posts))
                            for a in minutes.attendees),
        "turns": len(minutes.turns),
        "speakers": tuple(_norm(t.speaker.label) for t in minutes.turns),
        "statements": len(minutes.statements),
    }


def read_file(path: Path) -> dict[str, object] | str:
    """The reading of one file, or the error that stopped it (InputError or a crash) as text."""
    from kg.parse.document import parse
    from kg.read.source import read_source
    try:
        return reading(parse(read_source(path)))
    except Exception as exc:  # noqa: BLE001 - a crash of a variant is a finding, not a harness error
        return f"{type(exc).__name__}: {exc}"


def fixture_sets(root: Path = ROOT) -> list[Path]:
    """Folders of fixtures with an expected.json: ours, the shared layouts beside the checkout
    when present, and the folders other sessions are adding."""
    fx = root / "tests" / "fixtures"
    return [fx / "shared-layouts", fx / "families", fx / "fields", root.parent / "shared" / "layouts",
            fx / "new-families", fx / "speakers"]


def fixture_paths(root: Path = ROOT) -> list[Path]:
    """Every text or HTML fixture named in an expected.json (PDFs are not varied), once per file
    name (the first set wins, as in test_families.py), sorted by name."""
    seen: dict[str, Path] = {}
    for folder in fixture_sets(root):
        listing = folder / "expected.json"
        if not listing.is_file():
            continue
        for name in json.loads(listing.read_text(encoding="utf-8")):
            path = folder / name
            if path.suffix.lower() in (".txt", ".html", ".htm") and path.is_file():
                seen.setdefault(path.name, path)
    return sorted(seen.values(), key=lambda p: p.name)


def seed_of(path: Path, base: int = 31) -> int:
    """A seed per fixture from its name (not hash(), which changes between runs)."""
    return base * 1_000_003 + zlib.crc32(path.name.encode("utf-8"))


@dataclass
class Case:
    fixture: str
    variant: str
    transforms: list[str]
    error: str | None  # why the variant gave no reading
    diffs: dict[str, tuple[object, object]] = field(default_factory=dict)  # field -> (original, variant)


@dataclass
class Results:
    cases: list[Case] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # fixture -> why the original gave no reading

    def share(self, keep: Callable[[Case], bool] = lambda c: True, only: str | None = None) -> tuple[int, int]:
        """(equal, total) (variant, field) readings among the cases kept, for one field or all."""
        fields = (only,) if only else FIELDS
        equal = total = 0
        for c in self.cases:
            if keep(c):
                total += len(fields)
                equal += sum(f not in c.diffs for f in fields)
        return equal, total


def compare(original: dict[str, object], varied: dict[str, object] | str) -> dict[str, tuple[object, object]]:
    """Fields whose reading differs, as (original, variant); every field when the variant gave
    no reading."""
    if isinstance(varied, str):
        return {f: (original[f], FAILED) for f in FIELDS}
    return {f: (original[f], varied[f]) for f in FIELDS if original[f] != varied[f]}


def run(paths: list[Path], workdir: Path, n: int = 12, base_seed: int = 31, isolated: bool = False) -> Results:
    """Parse each original once and n variants of it (or, ``isolated``, one variant per
    applicable transform alone), each written under ``workdir`` with the original's file name."""
    results = Results()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        original = read_file(path)
        if isinstance(original, str):
            results.skipped[path.name] = original
            continue
        seed = seed_of(path, base_seed)
        html = path.suffix.lower() in (".html", ".htm")
        if isolated:
            table = HTML_TRANSFORMS if html else TRANSFORMS
            pairs = [(f"{i:02d} {t}", table[t](text, random.Random(seed + i)))
                     for i, t in enumerate(applicable(text, html=html), 1)]
        else:
            pairs = variants(text, seed, n, html=html)
        for k, (name, varied) in enumerate(pairs):
            target = workdir / f"{path.stem}-{k:02d}" / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(varied.encode("utf-8"))
            got = read_file(target)
            results.cases.append(Case(path.name, name, transforms_of(name), got if isinstance(got, str) else None,
                                      compare(original, got)))
    return results


def _pct(equal: int, total: int) -> str:
    return f"{equal / total:7.2%} ({equal}/{total})" if total else "      -"


def _short(value: object, width: int = 70) -> str:
    if isinstance(value, frozenset):
        value = sorted(value)
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _value_diff(before: object, after: object) -> str:
    """For sets and tuples, only what was lost and what was added."""
    if isinstance(before, (frozenset, tuple)) and isinstance(after, (frozenset, tuple)):
        lost = [x for x in before if x not in after]
        added = [x for x in after if x not in before]
        return f"lost {_short(lost, 60)} added {_short(added, 60)}"
    return f"{_short(before, 50)} -> {_short(after, 50)}"


def worst(results: Results, limit: int = 10) -> list[tuple[str, str, str, int, int, Case]]:
    """(fixture, transform, field, differing, variants with that transform, an example case),
    most differing first. A case with several transforms counts for each of them."""
    seen: Counter = Counter()
    with_t: Counter = Counter()
    example: dict[tuple[str, str, str], Case] = {}
    for c in results.cases:
        for t in c.transforms:
            with_t[(c.fixture, t)] += 1
            for f in c.diffs:
                seen[(c.fixture, t, f)] += 1
                key = (c.fixture, t, f)
                if key not in example or len(c.transforms) < len(example[key].transforms):
                    example[key] = c
    ranked = sorted(seen, key=lambda k: (-seen[k] / with_t[k[:2]], -seen[k], k))
    return [(*k, seen[k], with_t[k[:2]], example[k]) for k in ranked[:limit]]


def summary(results: Results, limit: int = 10) -> str:
    """The table: overall share, per transform, per field, per fixture below 100 %, worst cases."""
    out = []
    eq, tot = results.share()
    variants_n = len(results.cases)
    fixtures = sorted({c.fixture for c in results.cases})
    out.append(f"variation harness: {len(fixtures)} fixtures, {variants_n} variants, "
               f"{len(FIELDS)} fields each: {_pct(eq, tot)} of (variant, field) readings equal the original's")
    if results.skipped:
        out.append(f"originals without a reading (not varied): {results.skipped}")
    failed = [c for c in results.cases if c.error]
    if failed:
        out.append(f"variants without a reading: {len(failed)} (e.g. {failed[0].fixture} {failed[0].variant}: "
                   f"{failed[0].error[:120]})")
    out.append("\nper transform (variants that include it)")
    for t in TRANSFORMS:
        out.append(f"  {t:16} {_pct(*results.share(lambda c, t=t: t in c.transforms))}")
    out.append("\nper field")
    for f in FIELDS:
        out.append(f"  {f:16} {_pct(*results.share(only=f))}")
    out.append("\nper fixture below 100 %")
    for name in fixtures:
        e, t = results.share(lambda c, name=name: c.fixture == name)
        if e < t:
            bad = Counter(f for c in results.cases if c.fixture == name for f in c.diffs)
            out.append(f"  {name:48} {_pct(e, t)}  {dict(bad.most_common())}")
    out.append(f"\nworst (fixture, transform, field), {limit} first")
    for fixture, t, f, k, m, case in worst(results, limit):
        before, after = case.diffs[f]
        out.append(f"  {fixture} | {t} | {f}: {k}/{m} variants; e.g. {case.variant}: {_value_diff(before, after)}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=12, help="variants per fixture (default 12)")
    ap.add_argument("--seed", type=int, default=31, help="base seed (default 31)")
    ap.add_argument("--isolated", action="store_true", help="also one variant per transform alone")
    ap.add_argument("--worst", type=int, default=10, help="how many worst cases to list")
    ap.add_argument("files", nargs="*", type=Path, help="fixtures (default: every fixture with an expected.json)")
    args = ap.parse_args(argv)
    paths = args.files or fixture_paths()
    with tempfile.TemporaryDirectory(prefix="variations-") as tmp:
        print(summary(run(paths, Path(tmp) / "mixed", args.n, args.seed), args.worst))
        if args.isolated:
            print("\n=== one transform at a time ===")
            print(summary(run(paths, Path(tmp) / "isolated", isolated=True, base_seed=args.seed), args.worst))
    return 0


if __name__ == "__main__":
    sys.exit(main())
