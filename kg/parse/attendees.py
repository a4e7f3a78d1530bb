"""Attendee lists (出席者, 説明員, 事務局職員 …) into attendees with posts and units.

A list holds groups, introduced by a label and a colon (委員：, 県側:) or by a label alone on
its line (構成員, オブザーバー); items are separated by 、 , or line breaks. Items are members
(庄司委員（座長）, a full name 石橋亮（東都大学教授）), officials (officials.py), role labels
for the names after them (《会 長》 岩田 光男, 委員長 川村和子) or posts joined by ・ (知事・副知事).
Counts ((14名), 以上12名), notes (※代理出席, (敬称略・順不同)) and legends ((◎部会長、○副部会長))
are read and masked; 「名簿のとおり」 or 別紙 means the list is elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Attendee, Post, Span
from kg.parse.attendance import absent_labels
from kg.parse.names import split_name_run, split_person_name
from kg.parse.officials import Context, affiliation_post, read_official, split_units
from kg.parse.rules import rules
from kg.read.normalize import Normalized, normalize

_N = r"(?:\d{1,3}|[一二三四五六七八九十百]{1,4})"
_COUNT_RE = re.compile(r"[(〔\[]\s{0,2}(?:計|合計)?\s{0,2}" + _N + r"\s{0,2}[名人]\s{0,2}[)〕\]]|(?:以上|計|合計)\s{0,2}"
                       + _N + r"\s{0,2}[名人]|(?<=[\s)])" + _N + r"\s{0,2}名(?=\s|$)|^\s{0,4}" + _N + r"\s{0,2}名(?=\s|$)")
_NOTE_RE = re.compile(r"\([^()]{0,20}(?:敬称略|順不同|五十音順|敬称省略)[^()]{0,20}\)|※[^\n、]{0,30}"
                      r"|(?:ほか|外)\s{0,2}(?:関係(?:職員|者)|\d{1,3}\s{0,2}名)")
_LEGEND_RE = re.compile(r"\(\s{0,2}([◎○〇●◯])\s{0,2}([^、,)\s]{1,10})((?:\s{0,2}[、,]\s{0,2}[◎○〇●◯]\s{0,2}[^、,)\s]{1,10}){0,6})\s{0,2}\)")
_ROLE_LABEL_RE = re.compile(r"[《\[【]\s{0,2}([^》\]】\n]{1,12}?)\s{0,2}[》\]】]")
_ITEM_SPLIT = re.compile(r"[、,\n]|(?<=君)\s{1,8}|\s{4,}")  # 君 ends a name in verbatim records
_PAREN = re.compile(r"\(([^()]{0,80})\)")
_MARKS = "◎○〇●◯"
_ABSENT_NOTE = re.compile(r"(?:※|\()\s{0,2}欠席\s{0,2}\)?\s{0,2}$")
_WIDE_GAP = re.compile(r"\s{2,}")
_SEAT = re.compile(r"^\s{0,4}\d{1,3}\s{0,2}番\s{0,4}")
_HEADER_WORDS = re.compile(r"(?m)^[ \t]{0,8}(?:(?:役職名?|職名|氏名|出席者|所属|出欠|備考)(?:[ \t|]{1,8}|$)){2,4}[ \t]*$"
                           r"|^[ \t]{0,8}\S{2,16}一覧[ \t]*$")
_GROUP_PARENS = re.compile(r"(?m)^[ \t]{0,8}(?P<label>[^\s()]{1,8}?)[ \t]{0,2}(?P<open>\()[^()\n]{2,200}[、・][^()\n]{0,200}(?P<close>\))")
_BODY_NAME = re.compile(r"^\S{1,6}[都道府県市区町村省庁]$")  # 【唐津市】: a group named for a body


@dataclass
class _List:
    """One list being read: its normalized text, where it sits in the source, what was found."""

    text: str  # the source text of the list
    base: int  # its offset in the source
    norm: Normalized
    found: list[Attendee] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    def add(self, start: int, end: int, name: str | None, posts, group: str, affiliation=None, family=None,
            outside: Post | None = None):
        s, e = self.norm.original_span(start, end, self.base)
        while e > s and self.text[e - self.base - 1].isspace():  # a letter-spaced name ends before the gap
            e -= 1
        written = self.text[s - self.base:e - self.base] if name else None  # the source's own characters
        read = self.norm.text[start:end].strip()
        if written and len(read) < len(written.strip()):  # 桑 名   誠: letter-spaced, named as read (桑名 誠)
            written = " ".join(read.split())
        elif written and re.search(r"\s{2}", written):  # 柴田  淳, a column's padding: one space
            written = " ".join(written.split())
        self.found.append(Attendee(name=written, posts=tuple(dict.fromkeys(posts)), group=group or "委員",
                                   span=Span(s, e), affiliation=affiliation, family=family,
                                   affiliations=(outside,) if outside else ()))


def _mask(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _groups(t: str) -> list[tuple[str, int, int]]:
    """(label, start, end) of each group: ``label:`` inline, or a group label alone on a line."""
    r = rules()
    labels = r.member_groups | r.official_groups | r.other_groups | absent_labels()
    marks = []
    for m in re.finditer(r"(?:^|(?<=[\s、,]))(?P<label>[^\s:、,()《》【】]{1,8}):", t):
        marks.append((m.start(), m.end(), m.group("label")))
    for m in re.finditer(r"(?m)^[ \t]{0,8}(?P<label>[^\s:、,()]{1,12})[ \t]{0,8}$", t):
        if m.group("label") in labels:
            marks.append((m.start(), m.end(), m.group("label")))
    for m in re.finditer(r"(?m)^[ \t]{0,8}(?P<label>[^\s:、,()]{1,12})[ \t]{1,8}(?=\S)", t):
        if m.group("label") in r.official_groups | r.other_groups:  # 事務局　企画政策課、…
            marks.append((m.start(), m.end(), m.group("label")))
    for m in re.finditer(r"(?m)^[ \t]{0,8}(?:[・•*-][ \t]{0,2})?[(【〔](?P<label>[^\s:、,()【】〔〕]{1,12})[)】〕]", t):
        if m.group("label") in labels or _BODY_NAME.search(m.group("label")):  # (事務局)木下副市長、…, 【唐津市】
            marks.append((m.start(), m.end(), m.group("label")))
    marks.sort()
    bounds = [(label, end, marks[i + 1][0] if i + 1 < len(marks) else len(t))
              for i, (_, end, label) in enumerate(marks)]
    if not marks or t[:marks[0][0]].strip():
        bounds.insert(0, ("", 0, marks[0][0] if marks else len(t)))
    return bounds


_CJK = r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヶ]"
_SPACED_CHAR = re.compile(r"(?<=" + _CJK + r") (?=" + _CJK + r")")


def unspace(norm: Normalized) -> Normalized:
    """Letter-spaced lines (青 柳 雅 人, 副 市 長 吉 川 政 俊, 会 長  桑 名   誠) lose the single
    spaces between their characters; wider gaps stay, as they part fields. A line is
    letter-spaced when most of its space-separated pieces are one character. The map back to
    the source keeps every remaining character's offset."""
    text = norm.text
    drop: set[int] = set()
    pos = 0
    for line in text.split("\n"):
        pieces = line.split()
        if len(pieces) >= 4 and sum(len(p) == 1 for p in pieces) >= 0.6 * len(pieces):
            drop.update(pos + m.start() for m in _SPACED_CHAR.finditer(line))
        pos += len(line) + 1
    if not drop:
        return norm
    keep = [i for i in range(len(text)) if i not in drop]
    return Normalized("".join(text[i] for i in keep), tuple([norm.origin[i] for i in keep] + [norm.origin[len(text)]]))


def parse_attendees(text: str, base: int, top_body: str, known_units: set[str] | None = None,
                    group: str = "") -> tuple[list[Attendee], list[str]]:
    """Attendees of a list whose text starts at offset ``base`` of the source.

    ``top_body`` is the body a 県/県側 group belongs to (千葉県); ``group`` the label of the
    field the list came under (説明員), for items outside any group of their own. Returns
    the attendees and the items that could not be read (for a doubt)."""
    lst = _List(text, base, unspace(normalize(text)))
    t = lst.norm.text
    if any(w in t for w in rules().elsewhere) and len(t.strip()) < 40:
        return [], []  # the list is in a separate document
    chars = list(t)
    for rx in (_COUNT_RE, _NOTE_RE):
        for m in rx.finditer(t):
            start = m.start()
            if "欠席" in m.group():  # 小沢 典子 …副会長 ※欠席: the whole item goes, not the note alone
                start = max(t.rfind(x, 0, start) for x in "\n、,") + 1
            _mask(chars, start, m.end())
    legend: dict[str, str] = {}
    for m in _LEGEND_RE.finditer(t):  # (◎部会長、○副部会長)
        legend[m.group(1)] = m.group(2)
        for mark, role in re.findall(r"([◎○〇●◯])\s{0,2}([^、,)\s]{1,10})", m.group(3)):
            legend[mark] = role
        _mask(chars, m.start(), m.end())
    _named_columns(lst, chars, top_body, group)
    for m in _HEADER_WORDS.finditer(t):  # 役職名 出席者, 出席委員一覧: a table's column heads
        _mask(chars, m.start(), m.end())
    t = "".join(chars)
    groups = rules().member_groups | rules().official_groups | rules().other_groups
    for m in _GROUP_PARENS.finditer(t):  # 事務局(高森部長、今村次長)4名 reads as 事務局:高森部長、今村次長
        if m.group("label") not in groups:
            continue
        _mask(chars, m.end("label"), m.end("open"))
        chars[m.end("label")] = ":"
        chars[m.start("close")] = " "
    t = "".join(chars)
    for label, g_start, g_end in _groups(t):
        _read_group(lst, t, label or group, g_start, g_end, top_body, set(known_units or ()), legend)
    return lst.found, lst.unread


_TABLE_HEAD = re.compile(r"(?m)^[ \t]{0,8}(?=[^\n]*氏\s{0,2}名)(?P<row>[^\n|]{1,12}(?:\|[^\n|]{0,12}){2,5})[ \t]*$")
_COLUMNS = {"name": re.compile(r"氏\s{0,2}名"), "group": re.compile(r"区\s{0,2}分|種\s{0,2}別|分\s{0,2}類"),
            "post": re.compile(r"役\s{0,2}職|所\s{0,2}属|職\s{0,2}名"), "note": re.compile(r"備\s{0,2}考|出\s{0,2}欠")}


def _named_columns(lst: _List, chars: list[str], top_body: str, group: str) -> None:
    """A table whose head row names its columns (区分 | 所属・役職 | 氏名 | 備考, a page's table
    flattened with |): each row read by column — the name, its group, its post or
    affiliation, and a note (会長, 欠席, 代理：…). The rows read are blanked in ``chars``."""
    t = "".join(chars)
    head = _TABLE_HEAD.search(t)
    if head is None:
        return
    cells = [c.strip() for c in head.group("row").split("|")]
    col = {k: next((i for i, c in enumerate(cells) if rx.search(c)), None) for k, rx in _COLUMNS.items()}
    if col["name"] is None:
        return
    r = rules()
    _mask(chars, head.start(), head.end())
    pos = head.end() + 1
    for row in t[head.end() + 1:].split("\n"):
        at, pos = pos, pos + len(row) + 1
        if not row.strip():
            continue
        parts = row.split("|")
        if len(parts) < len(cells) - 1:
            break  # the table ends
        got = {k: parts[i].strip() if i is not None and i < len(parts) else "" for k, i in col.items()}
        _mask(chars, at, at + len(row))
        name, note, label = got["name"], got["note"], got["group"] or group
        split = split_person_name(name)
        if not split or "欠席" in note:
            continue  # nobody named, or listed and absent
        name_at = at + sum(len(x) + 1 for x in parts[:col["name"]]) + parts[col["name"]].index(name)
        kind = "official" if label in r.official_groups else "other" if label in r.other_groups else "member"
        post_text = got["post"]
        if kind == "official":
            official = read_official(post_text, Context(top=top_body), nameless=True) if post_text else None
            posts = [official.post] if official else [Post(label)]
            lst.add(name_at, name_at + len(name), name, posts, label, family=split[0])
            continue
        gov = affiliation_post(post_text) if post_text else None
        role = note if note in r.member_roles else "委員" if kind == "member" else None
        posts = [Post(x) for x in (role,) if x]
        if gov:
            posts.append(gov)
        outside = _outside_post(post_text) if post_text and not gov else None
        lst.add(name_at, name_at + len(name), name, posts or [Post(label)], label, post_text or None,
                split[0], outside)


def _role_pieces(segment: str) -> list[tuple[int, int, str | None]]:
    """Split a group at role labels (《会 長》, or a role word before a name: 委員長 川村和子)."""
    r = rules()
    roles = set(r.member_roles) | set(r.official_posts)
    pieces: list[tuple[int, int, str | None]] = []
    pos, role = 0, None
    found = [(m.start(), m.end(), re.sub(r"\s", "", m.group(1))) for m in _ROLE_LABEL_RE.finditer(segment)]
    for m in re.finditer(r"(?:^|(?<=[\s、,]))(?P<role>[^\s、,()]{1,6})[ \t\u3000]{1,4}(?=\S)", segment):
        if m.group("role") in roles:
            found.append((m.start(), m.end(), m.group("role")))
    for start, end, label in sorted(found):
        before = segment[start - 1] if start else "\n"
        if label in roles and (before.isspace() or before in "、,"):
            pieces.append((pos, start, role))
            role, pos = label, end
            # The role holds to the end of its line, and over a line that ends in 、 (wrapped).
            line_end = end
            while (nl := segment.find("\n", line_end)) >= 0 and segment[:nl].rstrip().endswith(("、", ",")):
                line_end = nl + 1
            nl = segment.find("\n", line_end)
            if nl >= 0 and not any(s > end and s < nl for s, _, _ in found):
                pieces.append((pos, nl, role))
                role, pos = None, nl
    pieces.append((pos, len(segment), role))
    return pieces


def _read_group(lst: _List, t: str, label: str, g_start: int, g_end: int, top_body: str,
                known: set[str], legend: dict[str, str]) -> None:
    if label in absent_labels():
        return  # 【欠席】吉富委員: listed, and absent
    r = rules()
    body_like = bool(re.search(r"(?:[都道府県市区町村省庁]|本部|委員会)$", label))
    kind = "member" if label in r.member_groups or not label else \
        "official" if label in r.official_groups else "body" if body_like else "other"
    top = label if kind == "body" else top_body  # 千葉県: 知事 — a group named for a body
    ctx = Context(top=top)
    segment = t[g_start:g_end]
    segment = _post_name_rows(lst, segment, g_start, label, kind, ctx)
    for p_start, p_end, role_label in _role_pieces(segment):
        pos = p_start
        for piece in _ITEM_SPLIT.split(segment[p_start:p_end]):
            offset = segment.index(piece, pos) if piece else pos
            pos = offset + len(piece)
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                _read_item(lst, piece.strip(), g_start + offset + lead, label, kind, role_label, ctx, known, legend)


def _read_item(lst: _List, item: str, at: int, label: str, kind: str, role_label: str | None,
               ctx: Context, known: set[str], legend: dict[str, str]) -> None:
    r = rules()
    marks = []
    while item and item[0] in _MARKS:  # a mark from the legend
        marks.append(legend.get(item[0]))
        rest = item[1:].lstrip()
        at += len(item) - len(rest)
        item = rest
    after = [re.sub(r"\s", "", x) for x in re.findall(r"[【\[]\s{0,2}([^】\]]{1,12}?)\s{0,2}[】\]]", item)]
    item = re.sub(r"\s{0,4}[【\[][^】\]]{0,12}[】\]]", "", item)
    parens = _PAREN.findall(item)
    roles = [x for x in [*parens, *(m for m in marks if m), *after] if x in r.member_roles or x == "代理"]
    affiliation = next((x for x in parens if x not in r.member_roles and x != "代理"), None)
    bare = _SEAT.sub("", _PAREN.sub("", item)).strip()  # 1番 石田 健: the seat number goes
    if bare.endswith("君") and len(bare) > 2:  # verbatim records: 山田 太郎君
        bare = bare[:-1].rstrip()
    if (others := re.fullmatch(r"(.{2,}?)(?:外|ほか|他)", bare)) and others.group(1).endswith(r.all_posts):
        bare = others.group(1)  # 松浦健康医療局長外: the last of a list that others follow
    if not bare or rules().unnamed.match(bare) or _ABSENT_NOTE.search(item):
        return  # nobody named, or 西尾 智恵 市民公募委員 ※欠席: listed, and absent
    core = re.sub(r"(?:の)?各委員$", "", bare)
    if "・" in core and kind == "member" and all(split_person_name(p) for p in core.split("・")):
        for p in core.split("・"):  # 浅野・菊地・三上各委員: members joined by ・
            _read_item(lst, p, at + item.find(p), label, kind, role_label, ctx, known, legend)
        return
    people = re.split(r"\s{2,}", bare)  # 野口 昭夫  川島 恵子: full names two spaces apart
    if len(people) >= 2 and all((split_person_name(p) or (None, None))[1] for p in people):
        for p in people:
            _read_item(lst, p, at + item.find(p), label, kind, role_label, ctx, known, legend)
        return
    words = bare.split()
    if len(words) >= 2 and all((split_person_name(w.lstrip(_MARKS)) or (None, None))[1] for w in words):
        for w in words:  # 鈴木一郎　田中次郎, ◎大槻美和 ○佐久間洋介: several full names between two separators
            w_at = at + bare.index(w)
            _read_item(lst, w, w_at, label, kind, role_label, ctx, known, legend)
        return
    if kind in ("official", "body") and (unit := re.match(r"\(([^()]{2,20})\)", item)) \
            and rules().ends_with_unit(unit.group(1)):
        ctx.units = split_units(unit.group(1))  # (地域づくり課)小島副部長…: the unit of the items after it
        known.update(ctx.units)
    if run := split_name_run(bare):
        for s, e in run:  # 青柳雅人丸山容子: two people of a letter-spaced row
            _read_item(lst, bare[s:e], at + item.find(bare) + s, label, kind, role_label, ctx, known, legend)
        return
    member = _member_word(bare) if kind not in ("official", "body") else None
    if member and " " in member[0].strip():  # 伊東 花子委員（座長）: a full name before the role
        name, role = member[0].strip(), member[1]
        split = split_person_name(name)
        outside = _outside_post(affiliation) if affiliation and not affiliation_post(affiliation) else None
        lst.add(at, at + len(name), name, [Post(role), *(Post(r) for r in roles)], label, affiliation,
                split[0] if split else None, outside)
        return
    person = _names_no_post(bare)  # 企画係長 土屋美穂 is a post and a name
    named_official = kind == "official" and affiliation and affiliation_post(affiliation)
    if person and (role_label or kind in ("member", "other") or named_official) and not _member_word(bare):
        # 山田 太郎（千葉大学教授）, 《会 長》 岩田 光男: a person listed by name
        group_role = role_label or ("委員" if kind == "member" and label in ("", "委員", "出席委員", "委員等")
                                    else "議員" if kind == "member" and label.endswith("議員")  # 出席議員
                                    else label if label in r.member_roles else None)
        posts = [Post(x) for x in [group_role, *roles] if x in r.member_roles or x == "代理"]
        if role_label and role_label not in r.member_roles:  # 理事 of a committee, 部長 of the body
            posts.insert(0, Post(role_label) if kind == "member" else Post(role_label, (ctx.top, *ctx.units)))
        gov = affiliation_post(affiliation) if affiliation else None
        if gov:  # 国土交通省…防災課企画専門官: a government post
            posts.append(gov)
        outside = _outside_post(affiliation) if affiliation and not gov else None
        bare_at = at + max(item.find(bare), 0)  # after a leading (デジタル庁統括官)
        lst.add(bare_at, bare_at + len(bare), bare, posts or [Post(label or "出席者")], label, affiliation,
                person[0], outside)
        return
    if label == "事務局" and rules().ends_with_unit(bare):
        return  # 事務局　危機管理課: the unit that serves the council, not an attendee
    if affiliation and (split := split_person_name(affiliation)) \
            and (official := read_official(bare, ctx, (*r.official_posts, *r.member_roles))) is not None \
            and official.name is None and (kind in ("official", "body") or official.post.role in r.official_posts):
        # 総務部長(山田太郎): the post, then the name in parentheses (under any group label)
        name_at = at + item.find(affiliation)
        lst.add(name_at, name_at + len(affiliation), affiliation, [official.post], label, family=split[0])
        return
    if kind in ("official", "body") and " " not in bare and rules().ends_with_unit(bare) \
            and read_official(bare, ctx) is None:
        ctx.units = split_units(bare)  # ○未来創生部 alone: the unit of the people after it
        known.update(ctx.units)
        return
    bare_at = at + max(item.find(bare), 0)  # after a leading (地域づくり課)
    if kind in ("official", "body") and bare.startswith("同") and len(bare) > 2:
        same = _same_unit(lst, bare)
        bare_at -= len(same) - len(bare)  # the name, at the end, keeps its place in the source
        bare = same
    if _post_then_spaced_name(lst, bare, bare_at, label, kind, ctx):
        return
    _read_words(lst, bare, bare_at, label, kind, roles, ctx, known)


def _same_unit(lst: _List, bare: str) -> str:
    """同課長補佐 伊藤 after 都市計画課長 山口 is 都市計画課課長補佐 伊藤; 同交通計画室 三浦室長
    names its own unit."""
    rest = bare[1:]
    units = next((a.posts[0].org_path for a in reversed(lst.found) if a.posts and len(a.posts[0].org_path) > 1), None)
    if units and rest.startswith(rules().all_posts):
        return units[-1] + rest
    return rest


def _post_then_spaced_name(lst: _List, bare: str, at: int, label: str, kind: str, ctx: Context) -> bool:
    """総務部長　高橋　健: a post, spaces, then a full name (verbatim records' lists)."""
    m = _POST_NAME.fullmatch(bare)
    if m and not _names_no_post(m.group("name")):
        m = None
    if m is None:  # 総務部 部長 山田太郎: the unit, the post, the name
        m = _UNIT_POST_NAME.fullmatch(bare)
        if m is None or not _names_no_post(m.group("name")) or not rules().ends_with_unit(m.group("unit")):
            return False
    unit = m.groupdict().get("unit") or ""
    posts = (*rules().official_posts, *rules().member_roles) if kind in ("official", "body") else None
    official = read_official(unit + m.group("post"), ctx, posts, nameless=True)
    if official is None:
        return False
    name = m.group("name")
    start = at + m.start("name")
    split = split_person_name(name)
    lst.add(start, start + len(name), name, [official.post], label, family=split[0] if split else None)
    return True


def _names_no_post(text: str) -> tuple[str, str | None] | None:
    """(family, given) of a name that is no post: 浜田係長 西尾係長 is two officials, not a name."""
    words = text.split()
    if len(words) > 1 and any(w.endswith(rules().all_posts) for w in words):
        return None
    return split_person_name(text)


_POST_NAME = re.compile(r"(?P<post>\S{2,20})\s{1,8}(?P<name>\S{1,5}(?:\s{1,2}\S{1,5})?)")
_UNIT_POST_NAME = re.compile(r"(?P<unit>\S{2,20})\s{1,4}(?P<post>\S{2,20})\s{1,8}(?P<name>\S{1,5}(?:\s{1,2}\S{1,5})?)")
_POST_NAME_ROW = re.compile(r"(?m)^[ \t]{0,8}(?P<row>\S{2,20}[ \t]{2,16}\S{1,5}(?:[ \t]{1,2}\S{1,5})?)[ \t]*$")


def _post_name_rows(lst: _List, segment: str, base: int, label: str, kind: str, ctx: Context) -> str:
    """Rows of a post, a wide gap and a name (建設部長　　　　岡本　昌也), one pair or several
    (町長　　大橋健二　　副町長　　菅原　　徹), read whole before the list is cut at wide gaps;
    the segment comes back with those rows blanked."""
    chars = list(segment)
    staff = kind in ("official", "body", "")
    for m in _POST_NAME_ROW.finditer(segment if staff else ""):
        if _post_then_spaced_name(lst, m.group("row"), base + m.start("row"), label, kind, ctx):
            _mask(chars, m.start("row"), m.end("row"))
    pos = 0
    for line in "".join(chars).split("\n"):
        if (staff and _post_name_pairs(lst, line, base + pos, label, ctx)) \
                or _column_row(lst, line, base + pos, label, kind, ctx):
            _mask(chars, pos, pos + len(line))
        pos += len(line) + 1
    return "".join(chars)


def _post_name_pairs(lst: _List, line: str, at: int, label: str, ctx: Context) -> bool:
    """町長　　大橋健二　　副町長　　菅原　　徹: two pairs or more of a post and a name on one row."""
    if len(_WIDE_GAP.findall(line.strip())) < 3:  # four cells at least
        return False
    posts = (*rules().official_posts, *rules().member_roles)
    pairs: list[list] = []
    for start, cell in [(c.start(), c.group()) for c in re.finditer(r"\S+(?: \S+)*", line)]:
        official = read_official(cell, ctx, posts, nameless=True) if " " not in cell else None
        if official is not None and official.name is None:
            pairs.append([official, start, []])
        elif pairs:
            pairs[-1][2].append((start, cell))
    if len(pairs) < 2 or not all(p[2] for p in pairs):
        return False
    for official, _, parts in pairs:
        name = " ".join(c for _, c in parts)
        if split := split_person_name(name):
            lst.add(at + parts[0][0], at + parts[-1][0] + len(parts[-1][1]), name, [official.post], label,
                    family=split[0])
    return True


_UNIT_ROW = re.compile(r"[ \t]{0,12}[\[［【〔]\s{0,2}(?P<unit>[^\]］】〕\s]{2,20})\s{0,2}[\]］】〕][ \t]*")


def _column_row(lst: _List, line: str, at: int, label: str, kind: str, ctx: Context) -> bool:
    """A row of a column-aligned list, where spaces both part the columns and letter-space
    the words (委    員   辻    学, 次長兼環境政策課長   小椋 真理子): the longest run of
    leading pieces that reads as a role or a post, then a full name in the rest. A row
    holding a unit alone in brackets ([環境生活部]) sets the unit of the rows after it."""
    if (unit := _UNIT_ROW.fullmatch(line)) and rules().ends_with_unit(unit.group("unit")):
        ctx.units = split_units(unit.group("unit"))
        return True
    plain = _PAREN.sub(lambda m: " " * len(m.group()), line)  # (提出者代表): a note, not a column
    pieces = [(m.start(), m.group()) for m in re.finditer(r"\S+", plain)]
    if not 2 <= len(pieces) <= 8 or any(len(p) > 20 or re.search(r"[、,，・:：]", p) for _, p in pieces):
        return False
    r = rules()
    posts = (*r.official_posts, *r.member_roles)
    for k in range(len(pieces) - 1, 0, -1):
        head = "".join(p for _, p in pieces[:k])
        tail = [p for _, p in pieces[k:]]
        honorific = tail[-1].endswith("君") and len(tail[-1]) > 1  # 委員長 山田 太郎君: a verbatim record's list
        if honorific:
            tail[-1] = tail[-1][:-1]
        name = " ".join(tail) if len(tail) == 2 and len(tail[0]) > 1 else "".join(tail)
        split = _names_no_post(name)
        if not split or not split[1]:  # a full name only: a family name alone is too weak here
            continue
        if any(len(p) > 2 and not r.ends_with_unit(p) for _, p in pieces[:k - 1]):
            continue  # a head of several pieces: units, then a post (農村振興局 次長), or one letter-spaced word
        if head in r.member_roles and kind not in ("official", "body"):
            post = Post(head)
        elif (official := read_official(head, ctx, posts, nameless=True)) is not None \
                and official.post.role in posts:
            post = official.post
        else:
            continue
        start, end = pieces[k][0], pieces[-1][0] + len(pieces[-1][1]) - honorific
        lst.add(at + start, at + end, name, [post], label, family=split[0])
        return True
    return kind in ("member", "other") and _name_then_affiliation(lst, plain, at, label, kind)


_ENUMERATOR = re.compile(r"^\s{0,8}(?:\d{1,3}\s{0,2}[.、)]|\(\d{1,3}\))\s{0,4}")


def _name_then_affiliation(lst: _List, plain: str, at: int, label: str, kind: str) -> bool:
    """1.村田 茂      静岡大学名誉教授: a member's full name, a gap, the affiliation (a numbered
    list of members); a row noted ※欠席 is a member listed and absent."""
    if m := _ENUMERATOR.match(plain):
        plain = " " * m.end() + plain[m.end():]
    pieces = [(m.start(), m.group()) for m in re.finditer(r"\S+", plain)]
    for k in (2, 1):
        if len(pieces) <= k:
            continue
        name = " ".join(p for _, p in pieces[:k])
        split = split_person_name(name)
        rest = "".join(p for _, p in pieces[k:])
        if not split or not split[1] or len(rest) < 2 or len(pieces) - k > 2 \
                or any(p.endswith("君") or split_person_name(p) for _, p in pieces[k:]) \
                or any(p in rules().all_posts or p in rules().member_roles for _, p in pieces[:k]):
            continue  # 委員 秋山純 伊東百合 …: a role and a row of names, no affiliation
        if _ABSENT_NOTE.search(rest):
            return True
        role = next((x for x in rules().member_roles if rest.endswith(x)), None)
        posts = [Post(role or "委員")] if kind == "member" else [Post(label or "出席者")]
        outside = None if role else _outside_post(rest)
        start = pieces[0][0]
        lst.add(at + start, at + pieces[k - 1][0] + len(pieces[k - 1][1]), name, posts, label, rest, split[0],
                outside)
        return True
    return False


def _outside_post(affiliation: str) -> Post:
    """千葉大学教授 → 教授 of 千葉大学; 地域防災システム協議会副会長兼株式会社… → 副会長 of the
    協議会 (a compound post is its first); 防災ICT推進協議会企画部会長 → 部会長 of 企画部会 under the
    協議会; an affiliation with no post is 所属."""
    text = affiliation.strip()
    posts = rules().all_posts
    if "兼" in text and any((first := text.split("兼")[0]).endswith(p) for p in posts):
        text = first
    role = next((p for p in posts if text.endswith(p) and len(text) > len(p)), None)
    if role is None:
        return Post("所属", (text,))
    org = text[: -len(role)].strip()
    body = role[:-1] if role.endswith("長") else ""
    if body and rules().body_word_re.fullmatch(body):  # 企画 + 部会長: the chair of the 企画部会
        head = re.search(r"^(?P<org>.{2,}?(?:" + rules().body_word_re.pattern + r"))(?P<sub>[^\s]{1,8})$", org)
        if head:
            return Post(role, (head.group("org"), head.group("sub") + body))
    return Post(role, (org,))


def _member_word(word: str) -> tuple[str, str] | None:
    """山田部会長 → (山田, 部会長): a name before a council role, longest role first; a role
    itself (副委員長) names nobody."""
    if word in rules().all_posts:
        return None
    for role in rules().member_roles:
        if word.endswith(role) and len(word) > len(role):
            name = re.sub(r"(?:の)?各$", "", word[: -len(role)])  # 松永の各委員: 松永, a 委員 like the others
            if name and re.fullmatch(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ\u3040-\u30ff]{1,5}(?: [\u3400-\u9fff\uf900-\ufaff々〆ヶ\u3040-\u30ff]{1,5})?|"
                            r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ\u3040-\u30ff]{1,8}", name):
                return name, role
    return None


def _read_words(lst: _List, bare: str, at: int, label: str, kind: str, roles: list[str], ctx: Context,
                known: set[str]) -> None:
    r = rules()
    words = [(m.group(), m.start() + at) for m in re.finditer(r"\S+", bare)]
    posts = (*r.official_posts, *r.member_roles) if kind in ("official", "body") else None
    for w_i, (word, w_start) in enumerate(words):
        last = w_i == len(words) - 1
        if not last and r.ends_with_unit(word) and not read_official(word, ctx):
            ctx.units = split_units(word)  # a unit written alone sets the context
            known.update(ctx.units)
            continue
        if "・" in word and _posts_alone(lst, word, w_start, label, ctx):
            continue
        member = _member_word(word) if kind not in ("official", "body") else None
        if member:
            name, role = member
            extra = [Post(x) for x in roles]
            lst.add(w_start, w_start + len(name), name, [Post(role), *extra], label)
            continue
        official = read_official(word, ctx, posts)
        if official is None:
            lst.unread.append(word)
            continue
        known.update(official.post.org_path[1:])
        extra = [Post(x) for x in roles if x == "代理"]
        name_at = word.find(official.name) if official.name else 0
        length = len(official.name) if official.name else len(word)
        lst.add(w_start + name_at, w_start + name_at + length, official.name, [official.post, *extra], label,
                family=official.family)


def _posts_alone(lst: _List, word: str, at: int, label: str, ctx: Context) -> bool:
    """知事・桑原副知事・総合政策部長: posts joined by ・, read when every part is one."""
    parts = word.split("・")
    read = [read_official(x, ctx) if x else None for x in parts]
    officials = [o for o in read if o is not None]
    if len(officials) < len(parts):
        return False
    for part, official in zip(parts, officials):
        name_at = part.find(official.name) if official.name else 0
        length = len(official.name) if official.name else len(part)
        lst.add(at + name_at, at + name_at + length, official.name, [official.post], label, family=official.family)
        at += len(part) + 1
    return True
