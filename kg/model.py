"""The dataclass model between parsing and building. It knows nothing of RDF.

Every span is a pair of character offsets into ``SourceText.text`` (the decoded source).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.read.source import SourceText


@dataclass(frozen=True)
class Doubt:
    """Something the parser could not find or had to guess: ``kg check`` lists them."""

    field: str  # council, title, date, place, attendees, speakers, lines, …
    message: str
    line: int | None = None  # 1-based line of the source text, when one is to blame

    def __str__(self) -> str:
        return (f"line {self.line}: " if self.line else "") + self.message


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Post:
    """A post held by an attendee: a role title and the body it is held in.

    ``org_path`` is empty for posts in the council itself (委員, 座長); otherwise it runs from
    the top body down to the unit (千葉県, デジタル改革推進局, デジタル推進課).
    """

    role: str
    org_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Attendee:
    name: str | None  # as written, often only the family name: 庄司; None when only a post is given (知事)
    posts: tuple[Post, ...]
    group: str  # the list it came from: 委員, 県, 事務局 …
    span: Span
    affiliation: str | None = None  # 千葉大学教授, for members listed with where they come from
    affiliations: tuple[Post, ...] = ()  # the affiliation read: 教授 of (千葉大学,)
    family: str | None = None  # the family name, when the name holds more (石橋亮 → 石橋)

    @property
    def is_member(self) -> bool:
        """A member of the council (as opposed to an official of another body)."""
        return any(not p.org_path for p in self.posts)


@dataclass(frozen=True)
class AgendaItem:
    position: int
    title: str
    span: Span


@dataclass(frozen=True)
class Speaker:
    """Who a turn belongs to, as the 【…】 marker names them."""

    label: str  # 庄司座長, 事務局
    name: str | None  # 庄司; None for the secretariat, an anonymous 委員 or a post alone (局長)
    role: str | None  # 座長, 委員
    is_secretariat: bool = False
    unit: str | None = None  # 事務局（デジタル推進課）, デジタル改革推進局長
    attendee: int | None = None  # index into Minutes.attendees, once resolved


@dataclass(frozen=True)
class Statement:
    position: int  # 1-based, in meeting order
    text: str  # the source characters span.start:span.end
    span: Span
    turn: int | None  # position of its turn, None in documents without speakers
    agenda_item: int | None  # position of its agenda item


@dataclass(frozen=True)
class Turn:
    position: int
    speaker: Speaker
    span: Span  # the 【…】 marker
    url: str | None = None  # where the turn is published on its own (a Diet speech's page)


@dataclass(frozen=True)
class Absence:
    """A member the summary lists as absent (欠席者)."""

    name: str  # as written, without the role: 石井 浩, 佐藤
    span: Span


@dataclass(frozen=True)
class Proxy:
    """Someone attending on another's behalf. 山田委員(代理:鈴木部長): 鈴木部長 for 山田;
    小西誠(代理), 矢野孝之(…)※代理出席: the one listed came as a proxy for someone unnamed."""

    principal: str | None  # the one represented, without the role, when named
    proxy: str | None  # who came instead, as written (鈴木部長, 小西誠), when named
    span: Span


@dataclass(frozen=True)
class Observers:
    count: int  # 傍聴者 3名; 0 for なし
    span: Span


@dataclass(frozen=True)
class Openness:
    status: str  # 公開, 非公開, 一部非公開
    span: Span | None  # None when only a reason for closing is given
    reason: str | None = None  # 非公開理由
    reason_span: Span | None = None


@dataclass(frozen=True)
class Decision:
    """One item of 決定事項: a statement of its own kind, not a speaker's."""

    position: int
    text: str  # the source characters span.start:span.end
    span: Span


@dataclass(frozen=True)
class Attendance:
    """What a summary says about attendance besides its attendee list (kg.parse.attendance)."""

    absent: tuple[Absence, ...] = ()
    proxies: tuple[Proxy, ...] = ()
    observers: Observers | None = None
    openness: Openness | None = None
    decisions: tuple[Decision, ...] = ()


@dataclass(frozen=True)
class Minutes:
    source: SourceText
    title: str
    series: str  # the council: 千葉県ICTアドバイザー会議
    fiscal_year: int | None
    start: dt.datetime | dt.date | None
    end: dt.datetime | dt.date | None
    place: str | None
    attendees: tuple[Attendee, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    turns: tuple[Turn, ...] = ()
    statements: tuple[Statement, ...] = ()
    doubts: tuple[Doubt, ...] = field(default=())
    unread: tuple[tuple[int, str], ...] = ()  # (line, text) of body lines nothing recognized
    supplied: tuple[str, ...] = ()  # fields given by the researcher (sources.csv), not read from the text
    former_names: tuple[tuple[str, str | None], ...] = ()  # (name, years used) from the councils file
    body: str | None = None  # the body the council belongs to (千葉県), when known
    attendance: Attendance = field(default_factory=Attendance)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(str(d) for d in self.doubts)

    @property
    def date(self) -> dt.date | None:
        if isinstance(self.start, dt.datetime):
            return self.start.date()
        return self.start


@dataclass(frozen=True)
class Entity:
    """An initiative or organization that statements can mention."""

    key: str  # the NFKC Japanese name: unique within its kind
    kind: str  # "initiative" | "organization"
    ja: str
    en: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # organization: ja name of the body above it
    operator: str | None = None  # initiative: ja name of the organization running it
    same_as: tuple[str, ...] = ()
    note: str | None = None
    themes: tuple[str, ...] = ()  # theme keys a mention implies
    curated: bool = True


@dataclass(frozen=True)
class Theme:
    key: str  # the local name in the theme scheme: generative-ai
    ja: str
    en: str | None
    keywords: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # regular expressions for keywords that need context
    broader: tuple[str, ...] = ()
    top: bool = False  # a top concept of its scheme: a policy field
    # Everyday words (計画, 負担, 窓口) that name this theme only beside a word of the context
    # theme or a theme under it (digital government: 計画 counts in "DXの計画", not "農業の計画").
    context_keywords: tuple[str, ...] = ()
    context_patterns: tuple[str, ...] = ()
    context: str | None = None


@dataclass(frozen=True)
class Mention:
    """Words of one statement that refer to an entity or a theme."""

    statement: int  # position of the statement in its meeting
    start: int  # offsets into the statement text
    end: int
    text: str  # the statement's own characters start:end
    kind: str  # "entity" | "theme"
    key: str  # Entity.key or Theme.key
