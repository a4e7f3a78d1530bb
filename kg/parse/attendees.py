"""Parse an attendee list (出席者) into attendees with posts and units.

Lists look like ``委員：庄司委員（座長）、荒川委員 … 県：デジタル改革推進局 木村局長、勝次長
小坂デジタル戦略課長、戸崎デジタル推進課デジタル化支援室長 …``: groups introduced by a label
and a colon, items separated by 、 or line breaks, and officials written as unit + family
name + post. A unit written alone before a space (``デジタル改革推進局 木村局長``) is the
context for the items after it that name no unit of their own. Also read: role labels
(《会 長》 山田), marks explained by a legend ((◎部会長、○副部会長) ◎山田), a role after a
name (山田太郎【主査】), full names with affiliations (山田 太郎（千葉大学教授）), posts
alone (知事・副知事), counts ((14名), 〔計12名〕) and 「名簿のとおり」 (no list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Attendee, Post, Span
from kg.read.normalize import normalize

# Council roles: the attendee is a member of the council itself.
MEMBER_ROLES = (
    "副委員長", "委員長", "副会長", "会長", "副座長", "座長", "副部会長", "部会長", "副議長", "議長",
    "アドバイザー", "構成員", "専門委員", "臨時委員", "主査", "副主査", "委員",
)
# Official posts, longest first so that 副参事 wins over 参事.
OFFICIAL_POSTS = (
    "副知事", "知事", "副市長", "市長", "副町長", "町長", "副村長", "村長", "教育長",
    "センター長", "副局長", "局長", "副部長", "部長", "次長", "副課長", "課長", "室長",
    "副所長", "所長", "班長", "係長", "副参事", "参事", "主任主事", "主事", "副主幹", "主幹",
    "審議監", "審議官", "政策監", "戦略監", "理事", "統括監", "監",
)
# Posts that end an affiliation (千葉大学教授): the person is a member of the body before it.
AFFILIATION_POSTS = ("准教授", "特任教授", "名誉教授", "教授", "講師", "助教", "研究員", "代表取締役社長",
                     "代表取締役", "取締役", "代表理事", "理事長", "会長", "社長", "所長", "代表", "顧問")
# Unit suffixes and their level: a smaller number sits higher in the hierarchy.
UNIT_LEVEL = {"庁": 0, "省": 0, "部": 1, "局": 1, "本部": 1, "課": 2, "センター": 2,
              "事務所": 2, "所": 2, "室": 3, "班": 3, "係": 4}
_UNIT_RE = re.compile(r"(?:本部|センター|事務所|[庁省部局課所室班係])")
_KANJI = re.compile(r"[\u3400-\u9fff々〆ヶ]")
_MEMBER_GROUPS = ("委員", "構成員", "アドバイザー", "出席委員", "有識者", "委員等", "部会員", "会員")
_OFFICIAL_GROUPS = ("県", "県側", "事務局", "市", "市側", "町", "村", "庁内", "関係課", "オブザーバー")
_GROUP_RE = re.compile(r"(?:^|(?<=[\s、,]))(?P<label>[^\s:、,()《》【】]{1,8}):")
_ITEM_SPLIT = re.compile(r"[、,\n]+")
_PAREN = re.compile(r"\(([^)]*)\)")
_COUNT_RE = re.compile(r"[(〔\[]\s*(?:計|合計)?\s*\d+\s*名\s*[)〕\]]")
_LEGEND_RE = re.compile(r"\(\s*([◎○〇●◯])\s*([^、,)\s]+)((?:\s*[、,]\s*[◎○〇●◯]\s*[^、,)\s]+)*)\s*\)")
_LABEL_RE = re.compile(r"[《\[【]\s*([^》\]】]{1,12}?)\s*[》\]】]")
_MARKS = "◎○〇●◯"
NO_LIST = ("名簿のとおり", "名簿の通り", "別紙のとおり", "別紙の通り", "別紙", "別添")


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


def _official(token: str, ctx: _Context, known_units: set[str]) -> tuple[str | None, Post] | None:
    """(name, post) of 'unit + name + post'; name None when the token is a post alone."""
    for post in OFFICIAL_POSTS:
        if not token.endswith(post):
            continue
        if len(token) == len(post):
            return None, Post(post, (ctx.top, *ctx.units))
        name, units = token[: -len(post)], ()
        # デジタル戦略課長 is the 課長 of デジタル戦略課: the unit shares the post's first character.
        shared = post[:-1] if post.endswith("長") and post[:-1] in UNIT_LEVEL else ""
        body = token[:-1] if shared else name
        if _is_unit(body) and len(body) > 2:
            split_name, unit_text = _split_name(body, known_units)
            if len(unit_text) > len(shared) + 1:  # 木村局長: no unit of its own, only the post
                name, units = split_name, split_units(unit_text)
        elif _is_unit(name) and len(name) > 3:
            name, units = None, split_units(name)  # デジタル改革推進局次長: a post alone
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


def _person_name(text: str) -> bool:
    """山田 太郎 / 山田太郎 / 山田 さくら: a family name in kanji (a given name may be kana),
    at most two parts of at most five characters, and no word that names a group (関係者)."""
    parts = text.split()
    if not 1 <= len(parts) <= 2 or re.search(r"者|等|ほか|各|関係|一同", text):
        return False
    family_ok = re.fullmatch(r"[\u3400-\u9fff々〆ヶ]{1,5}", parts[0]) is not None
    given_ok = len(parts) == 1 or re.fullmatch(r"[\u3040-\u30ff\u3400-\u9fff々〆ヶー]{1,5}", parts[1]) is not None
    return family_ok and given_ok


def _mask(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def parse_attendees(text: str, base: int, top_body: str, known_units: set[str] | None = None) -> tuple[list[Attendee], list[str]]:
    """Attendees of a list whose text starts at offset ``base`` of the source.

    ``top_body`` is the body a 県/県側 group belongs to (千葉県). Returns the attendees and
    the items that could not be read (for a warning)."""
    norm = normalize(text)
    if any(w in norm.text for w in NO_LIST) and len(norm.text.strip()) < 40:
        return [], []  # the list is in a separate document
    chars = list(norm.text)
    for m in _COUNT_RE.finditer(norm.text):  # (14名), 〔計12名〕
        _mask(chars, m.start(), m.end())
    legend: dict[str, str] = {}
    for m in _LEGEND_RE.finditer(norm.text):  # (◎部会長、○副部会長)
        legend[m.group(1)] = m.group(2)
        for mark, role in re.findall(r"([◎○〇●◯])\s*([^、,)\s]+)", m.group(3)):
            legend[mark] = role
        _mask(chars, m.start(), m.end())
    t = "".join(chars)
    known = set(known_units or ())
    groups = list(_GROUP_RE.finditer(t))
    bounds = [(m.group("label"), m.end(), groups[i + 1].start() if i + 1 < len(groups) else len(t))
              for i, m in enumerate(groups)]
    if not groups or groups[0].start() > 0 and t[:groups[0].start()].strip():
        bounds.insert(0, ("", 0, groups[0].start() if groups else len(t)))
    attendees: list[Attendee] = []
    unread: list[str] = []

    def add(name_start: int, name_end: int, name: str | None, posts, label: str, affiliation=None):
        s, e = norm.original_span(name_start, name_end, base)
        written = text[s - base:e - base] if name else None  # the source's own characters
        attendees.append(Attendee(name=written, posts=tuple(posts), group=label or "委員",
                                  span=Span(s, e), affiliation=affiliation))

    for label, g_start, g_end in bounds:
        member_group = label in _MEMBER_GROUPS or not label
        top = top_body if label in _OFFICIAL_GROUPS or label in ("", *_MEMBER_GROUPS) else label
        ctx = _Context(top=top)
        group_role: str | None = None
        segment = t[g_start:g_end]
        # 《会 長》 labels: a role for the names after it (not a role right after a name).
        pieces = []
        pos = 0
        for m in _LABEL_RE.finditer(segment):
            role = re.sub(r"\s+", "", m.group(1))
            before = segment[m.start() - 1] if m.start() else "\n"
            if role in MEMBER_ROLES + OFFICIAL_POSTS and (before.isspace() or before in "、,"):
                pieces.append((pos, m.start(), group_role))
                group_role = role
                pos = m.end()
        pieces.append((pos, len(segment), group_role))
        for p_start, p_end, role_label in pieces:
            _read_items(segment, p_start, p_end, g_start, role_label, member_group, label, ctx, known,
                        legend, add, unread)
    return attendees, unread


def _read_items(segment, p_start, p_end, g_start, role_label, member_group, label, ctx, known, legend, add, unread):
    pos = p_start
    for piece in _ITEM_SPLIT.split(segment[p_start:p_end]):
        offset = segment.index(piece, pos) + g_start if piece else pos + g_start
        pos = offset - g_start + len(piece)
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        item, item_start = piece.strip(), offset + lead
        # A mark from the legend, and a role in brackets right after the name.
        marks = []
        while item and item[0] in _MARKS:
            marks.append(legend.get(item[0]))
            item, item_start = item[1:].lstrip(), item_start + 1 + (len(item[1:]) - len(item[1:].lstrip()))
        after = [re.sub(r"\s+", "", r) for r in re.findall(r"[【\[]\s*([^】\]]+?)\s*[】\]]", item)]
        item = re.sub(r"\s*[【\[][^】\]]*[】\]]", "", item)
        extras = _PAREN.findall(item) + [m for m in marks if m] + after
        bare = _PAREN.sub("", item).strip()
        if not bare:
            continue
        roles = [r for r in extras if r in MEMBER_ROLES or r == "代理"]
        affiliation = next((x for x in _PAREN.findall(item) if x not in MEMBER_ROLES and x != "代理"), None)
        if role_label and _person_name(bare):
            posts = [role_label, *roles] if role_label in MEMBER_ROLES else roles
            official = [] if role_label in MEMBER_ROLES else [Post(role_label, (ctx.top, *ctx.units))]
            add(item_start, item_start + len(bare), bare, [*official, *(Post(r) for r in dict.fromkeys(posts))],
                label, affiliation)
            continue
        words = [(m.group(), m.start() + item_start) for m in re.finditer(r"\S+", bare)]
        if member_group and _person_name(bare) and not _member(bare.replace(" ", ""), extras):
            # 山田 太郎（千葉大学教授）: a member listed by full name
            group_roles = ["委員"] if label in ("", "委員", "出席委員", "委員等") else [label if label in MEMBER_ROLES else "委員"]
            add(item_start, item_start + len(bare), bare,
                [Post(r) for r in dict.fromkeys(group_roles + roles)], label, affiliation)
            continue
        for w_i, (word, w_start) in enumerate(words):
            last = w_i == len(words) - 1
            if not last and _is_unit(word) and not _official(word, ctx, known):
                ctx.units = split_units(word)  # a unit written alone sets the context
                known.update(ctx.units)
                continue
            if "・" in word:  # 知事・副知事・総務部長: posts alone
                parts = word.split("・")
                read = [_official(x, ctx, known) if x else None for x in parts]
                if all(read):
                    at = w_start
                    for x, r in zip(parts, read):
                        add(at, at + len(x), r[0], [r[1]], label)
                        at += len(x) + 1
                    continue
            found = _read_word(word, extras, member_group, label, ctx, known)
            if found is None:
                unread.append(word)
                continue
            name, posts = found
            name_at = word.find(name) if name else 0
            length = len(name) if name else len(word)
            add(w_start + name_at, w_start + name_at + length, name, posts, label, affiliation)


def _read_word(word, extras, member_group, label, ctx, known):
    if member_group or label == "":
        m = _member(word, extras)
        if m:
            return m
    o = _official(word, ctx, known)
    if o:
        known.update(o[1].org_path[1:])
        roles = [Post(r) for r in extras if r == "代理"]
        return o[0], (o[1], *roles)
    return None
