"""Officials written as one run of characters: unit + family name + post (高松デジタル改革推進局長),
name + unit + post (原口デジタル戦略課長), a post alone (総合政策部長, 知事) or post + full name
(財政課長酒井陽子, 主査平野真由). Posts come from rules.toml, longest first; where a name ends
is the morphological analyser's call (names.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Post
from kg.parse.names import family_name_prefix, split_person_name, tokens
from kg.parse.rules import rules


@dataclass
class Context:
    top: str  # the body a 県/県側 group belongs to: 千葉県
    units: tuple[str, ...] = ()  # units written alone before (デジタル改革推進局 木村局長)


@dataclass(frozen=True)
class Official:
    name: str | None  # as written: 原口, 酒井陽子; None for a post alone
    family: str | None
    post: Post


def split_units(text: str) -> tuple[str, ...]:
    """'デジタル推進課デジタル化支援室' → ('デジタル推進課', 'デジタル化支援室');
    '国土交通省水管理・国土保全局防災課' → ('国土交通省', '水管理・国土保全局', '防災課')."""
    words = rules().unit_words
    units, start, i = [], 0, 0
    while i < len(text):
        w = next((w for w in words if text.startswith(w, i)), None)
        if w and i + len(w) - start >= 2 and not (w == "部" and text.startswith("部会", i)):
            units.append(text[start:i + len(w)])
            start = i = i + len(w)
            continue
        i += 1
    if start < len(text):
        if units:
            units[-1] += text[start:]
        else:
            units.append(text[start:])
    return tuple(u.strip() for u in units)  # 議会事務局 議事係: a space between units is no part of one


def _place_units(ctx: Context, units: tuple[str, ...], level: int | None = None) -> tuple[str, ...]:
    """Hang ``units`` under the context units above them; with no units of its own, a post
    (局長) sits in the context unit of its level."""
    r = rules()
    if not units:
        if level is None:
            return (ctx.top, *ctx.units)
        return (ctx.top, *(u for u in ctx.units if r.unit_level(u) <= level))
    first = r.unit_level(units[0])
    above = tuple(u for u in ctx.units if r.unit_level(u) < first)
    return (ctx.top, *above, *units)


def unit_of_post(prefix: str, post: str) -> tuple[str, int | None]:
    """The unit text a post names: デジタル戦略課 + 課長 → デジタル戦略課 (the post shares the
    unit's last character); and the level of the unit the post heads."""
    # 課長 heads a 課; so do 課長補佐 and 課長代理, the post after 長 aside
    head = post[:post.index("長")] if "長" in post[1:] else ""
    levels = rules().unit_levels
    if head in levels:  # 素材産業課係長: the 係 is not named, so the 課 written is the unit
        unit = prefix if prefix.endswith(head) or rules().ends_with_unit(prefix) else prefix + head
        return (unit if prefix else ""), levels[head]
    return prefix, None


def read_official(token: str, ctx: Context, posts: tuple[str, ...] | None = None,
                  nameless: bool = False) -> Official | None:
    """The official a token names; ``nameless`` when the name is written apart (水大気環境課長
    竹村 修一: 水 is no family name here)."""
    posts = posts or rules().official_posts
    if "兼" in token:  # 小島副部長兼地域づくり課長: a compound post is its first post
        first = token.split("兼")[0]
        if any(first.endswith(p) for p in posts):
            token = first
    post = next((p for p in posts if token.endswith(p)), None)
    if post is not None:
        return _nameunit_of_post(token, post, ctx, nameless)
    return None if nameless else _post_then_name(token, ctx, posts)


def _nameunit_of_post(token: str, post: str, ctx: Context, nameless: bool = False) -> Official:
    prefix = token[: -len(post)]
    if not prefix:
        return Official(None, None, Post(post, (ctx.top, *ctx.units)))
    family = None if nameless else family_name_prefix(token)
    name = family
    if family and len(family) < len(prefix) + 1:
        rest = prefix[len(family):]
        toks = tokens(token)  # read whole: 由美 is a given name after 今関, a family name alone
        if len(toks) >= 3 and toks[0][0] == family and toks[1][1][2:4] == ("人名", "名") \
                and rest.startswith(toks[1][0]):  # 宮下慎吾局長: the given name too
            name, rest = family + toks[1][0], rest[len(toks[1][0]):]
    elif not nameless and len(prefix) <= 3 and split_person_name(prefix):
        name = family = prefix  # 木村局長
        rest = ""
    elif not nameless and (pre := next((w for w in rules().post_prefixes if prefix.endswith(w)), None)) \
            and 1 <= len(prefix) - len(pre) <= 3 and split_person_name(prefix[: -len(pre)]):
        name = family = prefix[: -len(pre)]  # 長島担当書記
        rest = pre
    else:
        name = family = None
        rest = prefix
    if ctx.top and rest.startswith(ctx.top) and len(rest) > len(ctx.top):
        rest = rest[len(ctx.top):]  # 佐渡市企画課長: the body is the top of the path already
    rest, post = _prefixed_post(rest, post)
    unit_text, level = unit_of_post(rest, post)
    if unit_text and not family and not rules().ends_with_unit(unit_text):
        return Official(None, None, Post(token, (ctx.top,)))  # 政策推進監, 危機管理統括監: a post alone
    if unit_text and (len(unit_text) > 1 or not family):
        path = _place_units(ctx, split_units(unit_text))
    else:
        path = _place_units(ctx, (), level)
    return Official(name, family, Post(post, path))


def _prefixed_post(rest: str, post: str) -> tuple[str, str]:
    """副 + センター長 is the post 副センター長 when a unit or nothing comes before 副, and CIO +
    補佐官 is CIO補佐官; 行政改革担当 + 主幹 stays the unit 行政改革担当 and the post 主幹."""
    if re.fullmatch(r"[A-Z]{2,5}", rest):
        return "", rest + post
    r = rules()
    pre = next((w for w in r.post_prefixes if rest.endswith(w)), None)
    if pre is None or post.startswith(pre):
        return rest, post
    before = rest[: -len(pre)]
    if not before or r.ends_with_unit(before) or len(before) >= 2 and before in r.unit_levels:
        return before, pre + post
    return rest, post


def _post_then_name(token: str, ctx: Context, posts: tuple[str, ...]) -> Official | None:
    """財政課長酒井陽子: a post, then a full name."""
    for post in posts:
        at = token.find(post)
        while at >= 0:
            name = token[at + len(post):]
            split = split_person_name(name) if name else None
            if split:
                unit_text, level = unit_of_post(token[:at], post)
                path = _place_units(ctx, split_units(unit_text)) if unit_text else _place_units(ctx, (), level)
                return Official(name, split[0], Post(post, path))
            at = token.find(post, at + 1)
    return None


def affiliation_post(text: str) -> Post | None:
    """A government post in an affiliation: 国土交通省水管理・国土保全局防災課企画専門官 →
    企画専門官 of 国土交通省 › 水管理・国土保全局 › 防災課. None for posts outside government
    (教授) or text that names no unit."""
    r = rules()
    post = next((p for p in r.official_posts if text.endswith(p)), None)
    if post is None or post in r.affiliation_posts:
        return None
    unit_text, _ = unit_of_post(text[: -len(post)], post)
    units = split_units(unit_text) if unit_text else ()
    if not units or not r.ends_with_unit(units[-1]):
        return None
    return Post(post, units)
