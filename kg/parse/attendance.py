"""What a summary says about attendance besides who attended: absent members (欠席者), proxies
(山田委員(代理:鈴木部長), 井上市長※代理出席), the number of observers (傍聴者 3名), whether the
meeting was open (公開・非公開) and why not (非公開理由), and its decisions (決定事項).

The header reader knows these labels and leaves their values alone (rules.toml's ``ignored``);
this module reads them from the lines, each value with its span, after parsing. The labels are
data (attendance.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from kg.model import Absence, Attendance, Decision, Minutes, Observers, Openness, Proxy, Span
from kg.parse.lines import Line, split_lines
from kg.parse.rules import rules

ATTENDANCE_FILE = Path(__file__).with_name("attendance.toml")
_NUM = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_LEAD = r"^\s{0,8}(?:[-*・■□◆◇●○◎•]\s{0,4})?(?:第?\(?\d{1,2}\)?\s{0,2}[.、)]?\s{0,4})?[\[【〔(<《]?\s{0,2}"
_ITEM_SPLIT = re.compile(r"[、,]|\s{2,}")
_PAREN = re.compile(r"\([^()]{0,40}\)")
_HEADING = re.compile(r"^\s{0,8}(?:\d{1,2}\s{0,2}[.、)]?\s{0,4}\S{2,16}\s{0,4}$|[\[【〔《][^\]】〕》]{1,16}[\]】〕》]\s{0,4}$)")


@dataclass(frozen=True)
class _Rules:
    absent: re.Pattern
    observers: re.Pattern
    openness: re.Pattern
    closed_reason: re.Pattern
    decisions: re.Pattern
    open_values: tuple[str, ...]
    none_values: tuple[str, ...]
    no_observers: tuple[str, ...]
    proxy: re.Pattern
    roles: re.Pattern


def _label(words: list[str]) -> re.Pattern:
    spaced = ["\\s{0,2}".join(map(re.escape, w)) for w in sorted(words, key=len, reverse=True)]
    return re.compile(_LEAD + "(?:" + "|".join(spaced) + r")\s{0,2}[\]】〕)>》]?\s{0,4}(?::\s{0,4}|(?=\s)|$)")


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(ATTENDANCE_FILE.read_text(encoding="utf-8"))


def absent_labels() -> frozenset[str]:
    """Labels of the lists of absent members (欠席者, 【欠席】): the attendee list leaves them out."""
    return frozenset(_data()["absent"])


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = _data()
    marks = "|".join(map(re.escape, sorted(data["proxy_marks"], key=len, reverse=True)))
    roles = sorted({*rules().member_roles, *rules().all_posts}, key=len, reverse=True)
    return _Rules(
        absent=_label(data["absent"]), observers=_label(data["observers"]), openness=_label(data["openness"]),
        closed_reason=_label(data["closed_reason"]), decisions=_label(data["decisions"]),
        open_values=tuple(data["open_values"]), none_values=tuple(data["none_values"]), no_observers=tuple(data["no_observers"]),
        # the principal, then (代理:the proxy) or ※代理出席 / (代理出席)
        proxy=re.compile(r"\(\s{0,2}(?:" + marks + r")\s{0,2}(?::\s{0,2}|\s{1,2})?(?P<proxy>[^()]{0,30}?)\s{0,2}\)"
                         r"|※\s{0,2}(?:" + marks + ")"),
        roles=re.compile("(?:" + "|".join(map(re.escape, roles)) + r")$"))


def person_name(item: str) -> str:
    """山田 太郎委員(千葉大学) → 山田 太郎: the name without its role or a note in parentheses."""
    bare = _PAREN.sub("", item).strip(" ※・")
    return _rules().roles.sub("", bare).strip() or bare


def _value(lines: list[Line], i: int, at: int) -> tuple[Line, int]:
    """The value of a label ending at ``at`` of line i: the rest of the line, else the next line."""
    ln = lines[i]
    if ln.norm[at:].strip() or i + 1 >= len(lines):
        return ln, at
    nxt = lines[i + 1]
    return nxt, 0


def _span(ln: Line, a: int, b: int) -> Span:
    start, end = ln.n.original_span(a, b, ln.start)
    return Span(start, end)


def _trimmed(ln: Line, a: int, b: int | None = None) -> tuple[int, int]:
    text = ln.norm
    b = len(text) if b is None else b
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _absent(lines: list[Line], i: int, at: int) -> list[Absence]:
    ln, at = _value(lines, i, at)
    out = []
    for m in re.finditer(r"[^、,|]+", ln.norm[at:]):  # | : a table's cells
        a, b = _trimmed(ln, at + m.start(), at + m.end())
        item = ln.norm[a:b]
        if not item or item in _rules().none_values or re.fullmatch(r"\d{1,3}\s{0,2}[名人]", item):
            continue
        for part in (p for p in _ITEM_SPLIT.split(item) if p.strip()):
            pa = a + item.index(part)
            name = person_name(part)
            if name:
                out.append(Absence(name, _span(ln, pa, pa + len(part.rstrip()))))
    return out


def _count(text: str) -> int | None:
    m = re.search(r"(\d{1,5})\s{0,2}[名人]", text) or re.match(r"\s{0,2}(\d{1,5})\s{0,2}$", text)
    if m:
        return int(m.group(1))
    m = re.search(r"([一二三四五六七八九十]{1,3})\s{0,2}[名人]", text)
    if m:
        digits = m.group(1)
        if "十" in digits:
            tens, _, ones = digits.partition("十")
            return _NUM.get(tens, 1) * 10 + _NUM.get(ones, 0)
        return _NUM.get(digits)
    return None


def _observers(lines: list[Line], i: int, at: int) -> Observers | None:
    ln, at = _value(lines, i, at)
    a, b = _trimmed(ln, at)
    value = ln.norm[a:b]
    if value.startswith(_rules().no_observers):
        return Observers(0, _span(ln, a, b))
    n = _count(value)
    return Observers(n, _span(ln, a, b)) if n is not None else None


_INLINE_OBSERVERS = re.compile(r"傍聴\s{0,2}(?:者|人)\s{0,2}(?::\s{0,2})?(\d{1,5}|[一二三四五六七八九十]{1,3})\s{0,2}[名人]")


def _openness(lines: list[Line], i: int, at: int) -> Openness | None:
    ln, at = _value(lines, i, at)
    a, b = _trimmed(ln, at)
    value = ln.norm[a:b]
    status = next((v for v in _rules().open_values if value.startswith(v)), None)
    if status is None:
        return None
    reason = None
    rest = value[len(status):].strip()
    if status != "公開" and rest.startswith("(") and rest.endswith(")"):  # 非公開(個人情報を含むため)
        inner = rest[1:-1].strip()
        inner = re.sub(r"^(?:理由\s{0,2}:?\s{0,2})", "", inner)
        if inner and not _INLINE_OBSERVERS.search(inner):
            ra = a + value.index(inner)
            reason = (inner, _span(ln, ra, ra + len(inner)))
    return Openness(status, _span(ln, a, a + len(status)), *(reason or (None, None)))


def _reason(lines: list[Line], i: int, at: int) -> tuple[str, Span] | None:
    ln, at = _value(lines, i, at)
    a, b = _trimmed(ln, at)
    return (ln.norm[a:b], _span(ln, a, b)) if b > a else None


_ITEM_MARK = re.compile(r"^\s{0,8}(?:[-*・○●◎•]|\(?\d{1,2}\)|[①-⑳]|\d{1,2}[.、])\s{0,4}")


def _decisions(lines: list[Line], i: int, at: int) -> list[tuple[str, Span]]:
    """The value on the label's line, else the lines after it up to a blank line or a heading."""
    ln = lines[i]
    a, b = _trimmed(ln, at)
    if b > a:
        return [] if ln.norm[a:b].rstrip("。") in _rules().none_values else [(ln.norm[a:b], _span(ln, a, b))]
    out: list[tuple[str, Span]] = []
    for nxt in lines[i + 1:]:
        if nxt.blank or (_HEADING.match(nxt.norm) and not _ITEM_MARK.match(nxt.norm)):
            if out or not nxt.blank:
                break
            continue
        mark = _ITEM_MARK.match(nxt.norm)
        a, b = _trimmed(nxt, mark.end() if mark else 0)
        if nxt.norm[a:b].rstrip("。") in _rules().none_values:  # 決定事項 / なし
            break
        if b > a:
            out.append((nxt.norm[a:b], _span(nxt, a, b)))
    return out


_GROUP_LABEL = re.compile(r"^\s{0,4}(?:\([^()]{1,8}\)|[^\s:()]{1,6}:)\s{0,4}")  # (委員), 県:
_NAME_IN_PARENS = re.compile(r"\(([^()]{2,12})\)\s{0,2}$")  # こども政策課長(西村由美)


def _proxies(ln: Line) -> list[Proxy]:
    out = []
    for item in re.finditer(r"[^、,]+", ln.norm):
        text = item.group()
        m = _rules().proxy.search(text)
        if not m:
            continue
        head = _GROUP_LABEL.sub("", text[:m.start()]).rstrip()
        named = _NAME_IN_PARENS.search(head)
        in_parens = named.group(1).strip() if named and not _rules().roles.search(named.group(1)) else None
        who = in_parens or person_name(head)
        if not who:
            continue
        a = item.start() + text.index(head) if head else item.start() + m.start()
        instead = (m.group("proxy") or "").strip() or None
        # (代理:Y): Y for the one listed; (代理) or ※代理出席 alone: the one listed is the proxy
        principal, proxy = (who, instead) if instead else (None, who)
        out.append(Proxy(principal, proxy, _span(ln, a, item.start() + m.end())))
    return out


def read_attendance(minutes: Minutes) -> Attendance:
    """The attendance facts of a parsed summary: each label's first value (decisions: every item)."""
    r = _rules()
    lines = split_lines(minutes.source.text)
    absent: list[Absence] = []
    proxies: list[Proxy] = []
    decisions: list[tuple[str, Span]] = []
    observers = openness = None
    reason = None
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        text = ln.norm
        if (m := r.closed_reason.match(text)) and reason is None:
            reason = _reason(lines, i, m.end())
        elif (m := r.openness.match(text)) and openness is None:
            openness = _openness(lines, i, m.end())
        elif (m := r.absent.match(text)) and not text[m.end():].startswith("委員数"):
            absent.extend(_absent(lines, i, m.end()))
        elif (m := r.observers.match(text)) and observers is None:
            observers = _observers(lines, i, m.end())
        elif (m := r.decisions.match(text)) and not decisions:
            decisions = _decisions(lines, i, m.end())
        if "代理" in text:
            proxies.extend(_proxies(ln))
    if observers is None:  # 公開(傍聴者3名): a count inside another field's value
        for ln in lines:
            if inline := _INLINE_OBSERVERS.search(ln.norm):
                observers = Observers(_count(inline.group(1) + "名") or 0, _span(ln, inline.start(), inline.end()))
                break
    if openness is not None and reason is not None and openness.reason is None:
        openness = Openness(openness.status, openness.span, reason[0], reason[1])
    elif openness is None and reason is not None:  # a reason given: the meeting was closed
        openness = Openness("非公開", None, reason[0], reason[1])
    return Attendance(absent=tuple(absent), proxies=tuple(proxies), observers=observers, openness=openness,
                      decisions=tuple(Decision(n, minutes.source.text[span.start:span.end], span)
                                     for n, (_, span) in enumerate(decisions, start=1)))


def without_decisions(minutes: Minutes, attendance: Attendance) -> Minutes:
    """The summary without the statements that are its decisions' items (a 決定事項 list the
    body reader took for speaker-less statements): decisions are statements of their own kind."""
    spans = [d.span for d in attendance.decisions]
    kept = [s for s in minutes.statements
            if s.turn is not None or not any(d.start <= s.span.start and s.span.end <= d.end for d in spans)]
    if len(kept) == len(minutes.statements):
        return replace(minutes, attendance=attendance)
    return replace(minutes, attendance=attendance,
                   statements=tuple(replace(s, position=n) for n, s in enumerate(kept, start=1)))
