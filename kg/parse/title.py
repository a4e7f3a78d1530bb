"""The title of a summary and the council it names.

The title is chosen from scored candidates: the last item of a breadcrumb and the lines before
the header that name a body (会議, 審議会, 部会, 本部 …). A line that is a date, a time, a place,
an attendee list, a note (※) or page furniture is never a candidate. The council is the title
without its fiscal year, session, dates and result words (rules.toml, [title]).
"""

from __future__ import annotations

import re

from kg.parse import dates
from kg.parse.lines import Line, breadcrumb_items
from kg.parse.rules import rules
from kg.read.normalize import nfkc

_FISCAL_PREFIX = re.compile(r"^\s{0,4}(?:(?:令和|平成|昭和)\s{0,2}(?:元|\d{1,2})(?:\s{0,2}\(\s{0,2}\d{4}\s{0,2}\))?|\d{4})\s{0,2}年度\s{0,4}")
_SESSION = re.compile(r"\s{0,4}(?:第\s{0,2}[\d一二三四五六七八九十]{1,3}\s{0,2}回(?:\s{0,2}(?:臨時|定例))?|\(\s{0,2}第\s{0,2}\d{1,3}\s{0,2}回\s{0,2}\))\s{0,4}")
_SESSION_PAREN = re.compile(r"\(\s{0,2}[^()]{0,20}(?:年度|第\s{0,2}\d{1,3}\s{0,2}回)[^()]{0,20}\)")
_LEADING_DATE = re.compile(r"^(?:(?:令和|平成|昭和)\s{0,2}(?:元|\d{1,2})|\d{4})\s{0,2}年\s{0,2}\d{1,2}\s{0,2}月\s{0,2}\d{1,2}\s{0,2}日(?:\s{0,2}\([^()]{1,4}\))?\s{0,4}")
_SENTENCE = re.compile(r"[。]|です|ます|した$")
_NEWS = re.compile(r"\s{0,2}を\s{0,2}開催(?:しました|します|いたしました|いたします)\s{0,2}$")
_PLACE = re.compile(r"会議室|庁舎|ホール|会館|\d+階|オンライン")


def council_of(title: str) -> str:
    """令和6年度 千葉県ICTアドバイザー会議 開催結果（概要） → 千葉県ICTアドバイザー会議."""
    t = _WESTERN_IN_PARENS.sub("年", _unquote(nfkc(title).strip()))  # 令和5年(2023年) → 令和5年
    for _ in range(3):  # decorations can stack: 第4回会合議事録(要旨)
        before = t
        t = _LEADING_YEAR.sub("", _LEADING_DATE.sub("", _FISCAL_PREFIX.sub("", t))).strip()
        for rx in rules().decorations:
            t = rx.sub("", t).strip()
        t = _SESSION_PAREN.sub(" ", t)
        t = _SESSION.sub(" ", t).strip()
        t = _cut_after_body(t.strip(" -・:"))
        if t == before:
            break
    t = re.sub(r"\s+", " ", t).strip(" -・:")
    return t or nfkc(title).strip()


_LEADING_YEAR = re.compile(r"^(?:(?:令和|平成|昭和)\s{0,2}(?:元|\d{1,2})|\d{4})\s{0,2}年(?!度)(?:\s{0,2}\d{1,2}\s{0,2}月(?!\s{0,2}\d{1,2}\s{0,2}日))?\s{0,4}")
_WESTERN_IN_PARENS = re.compile(r"年\s{0,2}\(\s{0,2}\d{4}\s{0,2}年?\s{0,2}\)")
_RESULT_WORD = re.compile(r"(?:の)?(?:開催結果|会議結果|審議結果|議事概要|議事要旨|議事録|会議録|会議記録|会議要録|要点録|速記録|"
                          r"結果概要|開催概要|概要|質疑応答|主な意見|開催報告)")
_ASSEMBLY = re.compile(r"^\S{1,8}?[都道府県市区町村]議会\s{0,2}(?=\S{2,30}委員会)")


def names_a_body(council: str) -> bool:
    """A council's name ends with a body word after something that names it (千葉県ICTアドバイザー会議,
    not 会議録 nor …議事録検索)."""
    m = re.search(r"(?:" + rules().body_word_re.pattern + r")$", council.strip())
    if re.search(r"\S[都道府県市区町村]議会$", council.strip()):
        return True  # 常総市議会: the assembly itself, from a plenary session's record (…議会定例会会議録)
    return m is not None and m.start() > 0


def assembly_body(title: str) -> str | None:
    """The prefecture or municipality whose assembly a committee's title names: 五泉市議会産業建設委員会
    → 五泉市 (the council's name keeps only the committee)."""
    m = re.search(r"(?:^|[\s年度回])(?P<body>[^\s年度回]{1,6}?[都道府県市区町村])議会", nfkc(title))
    return m.group("body") if m else None


def _unquote(t: str) -> str:
    """「景観まちづくり審議会」会議録 → 景観まちづくり審議会会議録: the name is inside the quotes."""
    m = re.search(r"[「『]([^「」『』]{2,60})[」』]", t)
    if m and rules().body_word_re.search(m.group(1)) and not rules().body_word_re.search(t[:m.start()]):
        return m.group(1) + t[m.end():]
    return t


def _cut_after_body(t: str) -> str:
    """What follows a result word after the council's name goes: 道路事業評価委員会開催結果(仮称)… →
    道路事業評価委員会; a (…) after the name is a qualifier (ワーキンググループ(実装フェーズ2));
    an assembly's name before its committee goes (和歌山県議会農林水産委員会 → 農林水産委員会); a
    title in parentheses loses them ((議会改革検討委員会))."""
    body = rules().body_word_re
    if re.fullmatch(r"\(([^()]{2,60})\)", t) and body.search(t):
        t = t[1:-1].strip()
    for m in _RESULT_WORD.finditer(t):
        head = t[:m.start()].rstrip()
        if head and body.search(head) and re.search(r"(?:" + body.pattern + r")(?:\s{0,2}\([^()]{1,30}\))?$", head):
            t = head
            break
    qualified = re.fullmatch(r"(?P<head>.{2,}?(?:" + body.pattern + r"))\s{0,2}\([^()]{1,30}\)", t)
    if qualified:
        t = qualified.group("head")
    return _ASSEMBLY.sub("", t)


def _score(text: str) -> int:
    """How much a line looks like a meeting's title; 0 when it cannot be one."""
    r = rules()
    text = _NEWS.sub("", text)  # 第5回…協議会を開催しました: a news title
    if not text or len(text) > 100 or text.startswith(("※", "*", "・")) or _SENTENCE.search(text):
        return 0
    if any(w in text for w in r.furniture):
        return 0
    if r.field_of.get(re.sub(r"[\s:]", "", text)):  # a field label (概要, 議事録)
        return 0
    body = r.body_word_re.search(text)
    if not body or not names_a_body(council_of(text)):
        return 0  # 会議録 alone, or a site's name: no council
    score = 10
    if dates.find_date(text) and not re.search(r"年度|第\s{0,2}\d{1,3}\s{0,2}回", text):
        score -= 3  # a date line that mentions a meeting
    if _PLACE.search(text) and not re.search(r"開催|結果|概要|議事", text):
        return 0  # …県庁本庁舎5階大会議室 is a place
    if re.search(r"開催結果|議事概要|議事録|議事要旨|会議録|概要|結果|第\s{0,2}\d{1,3}\s{0,2}回|年度", text):
        score += 5
    if "、" in text or "委員、" in text:
        return 0  # an attendee list
    return score


def find_title(lines: list[Line], skip: set[int], header_start: int,
               hints: tuple[str, ...] = ()) -> tuple[str, int | None]:
    """(title, index of its line, or None when it came from a breadcrumb or a hint). The
    best-scored candidate among ``hints`` (an HTML page's breadcrumb and <title>), a
    breadcrumb's last item and the lines before the header."""
    best: tuple[int, int, str, int | None] | None = None  # (score, -order, text, index)
    order = 0
    for text in hints:
        text = re.split(r"\s{1,2}[>＞›»]\s{1,2}", text)[-1]  # a breadcrumb: its last step
        order += 1
        s = _score(nfkc(text).strip())
        if s and (best is None or (s, -order) > best[:2]):
            best = (s, -order, text, None)
    for i, line in enumerate(lines[:header_start]):
        if line.blank:
            continue
        crumbs = breadcrumb_items(line)
        candidates: list[tuple[str, int | None]]
        if crumbs:
            candidates = [(crumbs[-1], None)]
        elif i in skip:
            continue
        else:
            candidates = [(line.raw.strip(), i)]
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and not nxt.blank and len(line.text) >= 15 and len(nxt.text) <= 20 \
                    and not rules().body_word_re.search(line.text):
                candidates.append((line.raw.strip() + nxt.raw.strip(), i))  # a title wrapped in a PDF
        for text, index in candidates:
            order += 1
            s = _score(nfkc(text).strip())
            if s and (best is None or (s, -order) > best[:2]):
                best = (s, -order, text, index)
    if best is None:
        return "", None
    return best[2], best[3]
