"""Speaker markers: the forms of rules.toml ([[speaker_form]]) and what their label says of the
speaker (a name, a post or role, a unit, or the secretariat)."""

from __future__ import annotations

import re
from functools import lru_cache

from kg.model import Span, Speaker
from kg.parse.lines import Line
from kg.parse.names import KANJI_NAME, family_name_prefix, split_person_name
from kg.parse.officials import unit_of_post
from kg.parse.rules import rules
from kg.read.normalize import nfkc

SECRETARIAT = "事務局"
_HONORIFIC = ("君", "様", "氏", "さん")
_SENTENCE = re.compile(r"[。、「」]|について|です|ます|した|から|より|説明(?!員|者)|報告|挨拶|あいさつ|異議|拍手|提供")
_ANONYMIZED = re.compile(r"[A-Z]{1,2}\s{0,1}(?P<role1>委員|構成員|委員長|副委員長)|(?P<role2>委員|構成員)\s{0,1}(?:[A-Z]{1,2}|\d{1,2})")
# the last parentheses, one level of nesting inside allowed: 永田 康介(県土整備部次長(総括))
_PAREN_END = re.compile(r"^(?P<head>[^()]*?)\s{0,2}\((?P<paren>[^()]{0,40}(?:\([^()]{0,12}\))?)\)$")


def _strip_honorific(text: str) -> str:
    for h in _HONORIFIC:
        if text.endswith(h) and len(text) > len(h):
            return text[: -len(h)].strip()
    return text


@lru_cache(maxsize=4096)
def parse_speaker(label: str) -> Speaker | None:
    """【庄司座長】 → Speaker(庄司, 座長); 【事務局】 → the secretariat; 【牧観光戦略担当大臣】 →
    Speaker(牧, 大臣, unit 観光戦略担当); ◯委員長(山田太郎君) → Speaker(山田太郎, 委員長); None when
    the label holds something else (a section heading such as 協議事項, 質疑・意見等)."""
    t = nfkc(label).strip()
    paren = None
    m = _PAREN_END.match(t)
    if m:  # 事務局（デジタル推進課）, 山田委員（代理）, 委員長(山田太郎君)
        t, paren = m.group("head").strip(), m.group("paren").strip() or None
    if paren and paren.endswith(_HONORIFIC):  # verbatim records: role or seat, then (name君)
        name = "".join(_strip_honorific(paren).split())
        role = next((p for p in rules().all_posts if t.endswith(p)), None)
        if split_person_name(name) and (role or re.fullmatch(r"\d{1,3}番", t)):
            unit = unit_of_post(t[: -len(role)].strip(), role)[0] or None if role else None
            return Speaker(label=label, name=name, role=role or t, unit=unit)
    if paren and not paren.endswith(_HONORIFIC) and (named := _name_and_role(label, t, paren)):
        return named
    honored = t.endswith(_HONORIFIC)
    t = _strip_honorific(t)
    if honored and split_person_name(t) and not any(t.endswith(p) for p in rules().all_posts):
        return Speaker(label=label, name="".join(t.split()), role=None, unit=paren)  # 千葉君: a name alone
    if t.startswith(SECRETARIAT) and len(t) <= len(SECRETARIAT) + 12:
        rest = t[len(SECRETARIAT):].strip() or None
        return Speaker(label=label, name=None, role=None, is_secretariat=True, unit=paren or rest)
    if not t or _SENTENCE.search(t):
        return None
    if "兼" in t:  # 副参事兼子育て支援推進室長: a compound post is its first post
        first = t.split("兼")[0]
        if any(first.endswith(p) for p in rules().all_posts):
            t = first
    tokens = t.split()
    posts = rules().all_posts
    if len(tokens) >= 2 and not any(t.endswith(r) for r in posts):
        # 株式会社房総ラボ 代表取締役 村上: a title, then the name
        role = next((r for tok in tokens[:-1] for r in posts if tok.endswith(r)), None)
        if role and split_person_name(tokens[-1]):
            return Speaker(label=label, name=tokens[-1], role=role, unit=paren)
    if m := _ANONYMIZED.fullmatch(t):  # A委員, 委員B, 構成員1: a member the summary does not name
        return Speaker(label=label, name=None, role=m.group("role1") or m.group("role2"), unit=paren)
    role = next((r for r in posts if t.endswith(r)), None)
    if role is None:
        return None
    return _named_post(label, t, role, paren)


def _name_and_role(label: str, t: str, paren: str) -> Speaker | None:
    """委員長(田口), 5番(工藤): a role or a seat, the name in parentheses; 中村 浩二(委員長): a
    full name, the role in parentheses. Nothing else in parentheses names anyone."""
    roles = rules().member_roles
    if (t in rules().all_posts or re.fullmatch(r"\d{1,3} ?番", t)) and paren not in rules().all_posts \
            and split_person_name(paren):
        return Speaker(label=label, name="".join(paren.split()), role="".join(t.split()))
    paren = re.sub(r"\([^()]*\)$", "", paren)  # 県土整備部次長(総括): the post, its note aside
    # a short post only: a long affiliation (東都情報大学…教授) is an attendee list's line, not a speaker
    posts = (*roles, *rules().official_posts)
    role = paren if paren in roles else next((p for p in posts if paren.endswith(p)), None) \
        if len(paren) <= 12 else None
    if role and (split := split_person_name(t)) and split[1]:  # 土屋 敏(県土整備部長): the post's unit too
        unit = unit_of_post(paren[: -len(role)], role)[0] or None if paren != role else None
        return Speaker(label=label, name="".join(t.split()), role=role, unit=unit)
    return None


def gap_speaker(line: Line) -> tuple[Speaker, Span, int] | None:
    """A speaker written at the start of a line and parted from the statement by a gap only
    (議　長　　ただいま…, ５　番（工藤）　議長、５番。, 委員　登呂遺跡と…): (speaker, marker span,
    normalized offset of the statement). Letter-spaced labels (議　長) are read closed up.
    Whether such lines are turns is the document's call (one line alone proves nothing)."""
    t = line.norm
    for gap in re.finditer(r" +", t[:24]):
        label, rest = t[:gap.start()].strip(), t[gap.end():]
        if not label or not rest.strip():
            continue
        pieces = label.split()
        closed = "".join(pieces) if all(len(p) <= 2 for p in pieces) or re.fullmatch(r"\d{1,3} 番.*", label) \
            else label
        sp = parse_speaker(closed)
        if sp is None or not (sp.name or sp.role or sp.is_secretariat):
            continue
        prose = "。" in rest or "?" in rest or len(rest) >= 25 and rest.count("、") < 3
        if not prose or _names_only(rest) or _is_field_line(line):
            return None
        start = len(t) - len(t.lstrip())
        return sp, line.span(start, gap.start()), gap.end()
    return None


def _named_post(label: str, t: str, role: str, paren: str | None) -> Speaker | None:
    rest = t[: -len(role)].strip()
    if not rest:
        return Speaker(label=label, name=None, role=role, unit=paren)
    tokens = rest.split()
    if len(tokens) > 1:  # 千葉大学 山田 / 山田 太郎
        if split_person_name(rest):
            return Speaker(label=label, name=rest, role=role, unit=paren)
        if len(tokens) == 2 and KANJI_NAME.fullmatch(tokens[0]) and family_name_prefix(tokens[0] + tokens[1]) == tokens[0]:
            # 小川 千秋生涯学習課長: family name, then the given name run into the unit
            return Speaker(label=label, name=tokens[0], role=role, unit=paren)
        last = tokens[-1]
        return Speaker(label=label, name=last if split_person_name(last) else None, role=role,
                       unit=" ".join(tokens[:-1]) or paren)
    full = split_person_name(rest)
    if full and full[1]:  # 鈴木一郎委員: a full name
        return Speaker(label=label, name=rest, role=role, unit=paren)
    family = family_name_prefix(t)
    if family and len(family) > len(rest):  # 田村市 + 長: the name is 田村, the post 市長
        family = rest if split_person_name(rest) else None
    if family:  # 牧観光戦略担当大臣, 田中デジタル推進課副参事
        unit = unit_of_post(rest[len(family):], role)[0] if rest[len(family):] else None
        return Speaker(label=label, name=family, role=role, unit=unit or paren)
    if len(rest) <= 3 and re.fullmatch(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ]{1,3}", rest):
        return Speaker(label=label, name=rest, role=role, unit=paren)  # 辻委員: a short name
    if rules().ends_with_unit(rest + role[:-1]) or len(rest) >= 3:
        unit = unit_of_post(rest, role)[0]
        return Speaker(label=label, name=None, role=role, unit=unit)  # デジタル改革推進局長: a post alone
    return None


def find_marker(line: Line) -> tuple[Speaker, Span, int | None, int | None] | None:
    """(speaker, marker span, normalized offset where the turn's text starts on this line,
    normalized end of text before the marker) of a line that opens a turn."""
    if "marker" not in line.memo:  # the header, the body and the bare-line check all ask
        line.memo["marker"] = _find_marker(line)
    return line.memo["marker"]


def _find_marker(line: Line) -> tuple[Speaker, Span, int | None, int | None] | None:
    t = line.norm
    for form in rules().speaker_forms:
        m = form.pattern.match(t)
        if not m:
            continue
        sp = parse_speaker(m.group("label"))
        if sp is None and form.name == "mark" and m.group("label").endswith("説明"):
            sp = parse_speaker(m.group("label")[:-2])  # ●北浦観光振興課長説明: a presenter's turn
            sp = sp if sp is not None and (sp.name or sp.role) else None
        if sp is None and form.name == "mark" and m.group("rest"):  # 〇堀 健司委員長: a name with a space
            word = m.group("rest").split()[0]
            sp = parse_speaker(m.group("label") + " " + word)
            if sp is not None and sp.name:
                at = m.start("rest") + len(word)
                rest_at = at + len(t[at:]) - len(t[at:].lstrip())
                return sp, line.span(len(t) - len(t.lstrip()), at), rest_at if t[rest_at:].strip() else None, None
            sp = None
        if form.name == "colon" and _is_field_line(line) and (sp is None or sp.name is None and not sp.role):
            return None
        if form.name in ("colon", "table-cell") and sp is not None and _names_only(m.group("rest").strip(" |")):
            return None  # 会長:真鍋直人, 委員:山田、佐藤: a header line naming who holds a role
        if sp is None or form.name == "paren-trailing" and not (sp.name or sp.is_secretariat):
            continue
        groups = form.pattern.groupindex
        rest = m.start("rest") if "rest" in groups and m.group("rest").strip() else None
        before = m.end("before") if "before" in groups else None
        marker_start = m.start("label") - 1 if before is not None else len(t) - len(t.lstrip())
        marker_end = m.start("rest") if rest is not None else len(t.rstrip())
        return sp, line.span(marker_start, marker_end), rest, before
    return None


_BARE_MARK = re.compile(r"^\s{0,8}(?:[•・◦▪]\s{0,4}|[QA問答](?:\s{1,4}|(?=[(<\[【]))|[○◯〇●◎◆◇]\s{0,2})?")
_BARE_BRACKETS = re.compile(r"^[<＜〈‹《\[(（](?P<inner>[^<>＜＞〈〉‹›《》\[\]()（）]{1,20})[>＞〉›》\])）]$")


def bare_speaker(line: Line) -> tuple[Speaker, Span] | None:
    """A line that holds only a speaker (澤井会長, 事務局, 委員長, • 梶原課長補佐, Q 宇野委員,
    <会長>): a turn when prose follows it, which the caller decides."""
    t = line.norm.rstrip()
    if len(t) > 40:
        return None
    lead = _BARE_MARK.match(t)
    token = t[lead.end():].strip() if lead else t.strip()
    if not token or len(token) > 24:
        return None
    if m := _BARE_BRACKETS.match(token):
        token = m.group("inner").strip()
    if " " in token.strip() and not re.fullmatch(r"\S{1,4} \S{1,20}", token):
        return None
    sp = parse_speaker(token)
    if sp is None or not (sp.name or sp.role or sp.is_secretariat) or _is_field_line(line):
        return None
    start = len(t) - len(t.lstrip())
    return sp, line.span(start, len(t))


def _names_only(text: str) -> bool:
    """A person's name, or names joined by 、, and nothing else."""
    parts = [p.strip() for p in re.split(r"[、,・]", nfkc(text).strip()) if p.strip()]
    return bool(parts) and all(len(p) <= 12 and split_person_name(re.sub(r"(委員|君|氏)$", "", p)) for p in parts)


def _is_field_line(line: Line) -> bool:
    from kg.parse.header import match_field

    return match_field(line) is not None


def is_heading(line: Line) -> bool:
    """A bracketed section label (【協議事項】, 〔質疑〕, <質疑・意見等>): it ends a turn."""
    t = line.text
    m = re.fullmatch(r"[【〔<\[《]\s{0,2}([^】〕>\]》]{1,30})\s{0,2}[】〕>\]》]", t)
    return m is not None and parse_speaker(m.group(1)) is None
