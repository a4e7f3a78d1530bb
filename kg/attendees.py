"""Parse an attendee list (出席者) into attendees with posts and units.

Lists look like ``委員：庄司委員（座長）、荒川委員 … 県：デジタル改革推進局 木村局長、勝次長
小坂デジタル戦略課長、戸崎デジタル推進課デジタル化支援室長 …``: groups introduced by a label
and a colon, items separated by 、 or line breaks, and officials written as unit + family
name + post. A unit written alone before a space (``デジタル改革推進局 木村局長``) is the
context for the items after it that name no unit of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .jatext import normalize
from .model import Attendee, Post, Span

# Council roles: the attendee is a member of the council itself.
MEMBER_ROLES = (
    "副委員長", "委員長", "副会長", "会長", "副座長", "座長", "部会長", "副部会長",
    "議長", "副議長", "アドバイザー", "構成員", "専門委員", "臨時委員", "委員",
)
# Official posts, longest first so that 副参事 wins over 参事.
OFFICIAL_POSTS = (
    "副知事", "知事", "副市長", "市長", "副町長", "町長", "副村長", "村長", "教育長",
    "センター長", "副局長", "局長", "副部長", "部長", "次長", "副課長", "課長", "室長",
    "副所長", "所長", "班長", "係長", "副参事", "参事", "主任主事", "主事", "副主幹", "主幹",
    "主査", "審議監", "審議官", "政策監", "理事", "統括監", "監",
)
# Unit suffixes and their level: a smaller number sits higher in the hierarchy.
UNIT_LEVEL = {"庁": 0, "省": 0, "部": 1, "局": 1, "本部": 1, "課": 2, "センター": 2,
              "事務所": 2, "所": 2, "室": 3, "班": 3, "係": 4}
_UNIT_RE = re.compile(r"(?:本部|センター|事務所|[庁省部局課所室班係])")
_KANJI = re.compile(r"[\u3400-\u9fff々〆ヶ]")
_MEMBER_GROUPS = ("委員", "構成員", "アドバイザー", "出席委員", "有識者", "委員等")
_GROUP_RE = re.compile(r"(?:^|(?<=[\s、,]))(?P<label>[^\s:、,()]{1,8}):")
_ITEM_SPLIT = re.compile(r"[、,\n]+")
_PAREN = re.compile(r"\(([^)]*)\)")


@dataclass
class _Context:
    top: str  # 千葉県
    units: tuple[str, ...] = ()  # current unit context below the top body


def unit_level(unit: str) -> int:
    for suffix, level in sorted(UNIT_LEVEL.items(), key=lambda kv: -len(kv[0])):
        if unit.endswith(suffix):
            return level
    return 5


def split_units(text: str) -> tuple[str, ...]:
    """'デジタル推進課デジタル化支援室' → ('デジタル推進課', 'デジタル化支援室')."""
    units, start = [], 0
    for m in _UNIT_RE.finditer(text):
        if m.end() - start >= 2:
            units.append(text[start:m.end()])
            start = m.end()
    if start < len(text):
        if units:
            units[-1] += text[start:]
        else:
            units.append(text[start:])
    return tuple(units)


def _is_unit(text: str) -> bool:
    return bool(_UNIT_RE.search(text[-4:])) and len(text) >= 2


def _split_name(body: str, known_units: set[str]) -> tuple[str, str]:
    """Split 'name + unit' into (name, unit text). Family names are 1–3 characters; when
    no known unit and no script change tells where the unit starts, take 2 (the most
    common length of a Japanese family name)."""
    for k in range(1, min(4, len(body))):
        if body[k:] in known_units or any(body[k:].startswith(u) for u in known_units):
            return body[:k], body[k:]
    for k in range(1, min(4, len(body))):
        if not _KANJI.match(body[k]):
            return body[:k], body[k:]
    return body[:2], body[2:]


def _official(token: str, ctx: _Context, known_units: set[str]) -> tuple[str, Post] | None:
    for post in OFFICIAL_POSTS:
        if not token.endswith(post) or len(token) == len(post):
            continue
        name, units = token[: -len(post)], ()
        # デジタル戦略課長 is the 課長 of デジタル戦略課: the unit shares the post's first character.
        shared = post[:-1] if post.endswith("長") and post[:-1] in UNIT_LEVEL else ""
        body = token[:-1] if shared else name
        if _is_unit(body) and len(body) > 2:
            split_name, unit_text = _split_name(body, known_units)
            if len(unit_text) > len(shared) + 1:  # 木村局長: no unit of its own, only the post
                name, units = split_name, split_units(unit_text)
        if not name:
            return None
        level = UNIT_LEVEL[shared] if shared else None
        return name, Post(post, _place_units(ctx, units, level))
    return None


def _place_units(ctx: _Context, units: tuple[str, ...], level: int | None = None) -> tuple[str, ...]:
    """Hang ``units`` under the context units that sit above them; with no units of its
    own, a post (局長) sits in the context unit of its level."""
    if not units:
        if level is None:
            return (ctx.top, *ctx.units)
        return (ctx.top, *(u for u in ctx.units if unit_level(u) <= level))
    first = unit_level(units[0])
    above = tuple(u for u in ctx.units if unit_level(u) < first)
    return (ctx.top, *above, *units)


def _member(token: str, extras: list[str]) -> tuple[str, tuple[Post, ...]] | None:
    for role in MEMBER_ROLES:
        if token.endswith(role) and len(token) > len(role):
            roles = [role] + [e for e in extras if e in MEMBER_ROLES or e == "代理"]
            return token[: -len(role)], tuple(Post(r) for r in dict.fromkeys(roles))
    return None


def parse_attendees(text: str, base: int, top_body: str, known_units: set[str] | None = None) -> tuple[list[Attendee], list[str]]:
    """Attendees of a list whose text starts at offset ``base`` of the source.

    ``top_body`` is the body a 県/県側 group belongs to (千葉県). Returns the attendees and
    the items that could not be read (for a warning)."""
    norm = normalize(text)
    t = norm.text
    known = set(known_units or ())
    groups = list(_GROUP_RE.finditer(t))
    bounds = [(m.group("label"), m.end(), groups[i + 1].start() if i + 1 < len(groups) else len(t))
              for i, m in enumerate(groups)] or [("", 0, len(t))]
    attendees: list[Attendee] = []
    unread: list[str] = []
    for label, g_start, g_end in bounds:
        member_group = label in _MEMBER_GROUPS or not label
        top = top_body if label in ("県", "県側", "事務局", "") or not label else label
        ctx = _Context(top=top)
        pos = g_start
        for piece in _ITEM_SPLIT.split(t[g_start:g_end]):
            offset = t.index(piece, pos) if piece else pos
            pos = offset + len(piece)
            words = [(m.group(), m.start() + offset) for m in re.finditer(r"\S+", piece)]
            for w_i, (word, w_start) in enumerate(words):
                extras = _PAREN.findall(word)
                token = _PAREN.sub("", word)
                if not token:
                    continue
                last = w_i == len(words) - 1
                if not last and _is_unit(token) and not _official(token, ctx, known):
                    ctx.units = split_units(token)  # a unit written alone sets the context
                    known.update(ctx.units)
                    continue
                found = None
                if member_group or label == "":
                    m = _member(token, extras)
                    if m:
                        found = (m[0], m[1])
                if not found:
                    o = _official(token, ctx, known)
                    if o:
                        found = (o[0], (o[1],))
                        known.update(o[1].org_path[1:])
                if not found:
                    unread.append(word)
                    continue
                name, posts = found
                name_start = w_start + token.find(name) if token.find(name) >= 0 else w_start
                s, e = norm.original_span(name_start, name_start + len(name), base)
                name = text[s - base:e - base]  # the source's own characters
                attendees.append(Attendee(name=name, posts=posts, group=label or "委員", span=Span(s, e)))
    return attendees, unread
