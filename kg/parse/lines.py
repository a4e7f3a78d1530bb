"""The lines of a decoded text, each with its NFKC form and a map back to source offsets,
and which of them are web-page furniture (boilerplate, breadcrumbs, footers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Span
from kg.parse.rules import rules
from kg.read.normalize import Normalized, normalize

MAX_LINE = 20_000  # characters; longer lines are cut for matching (a PDF text layer can have such)
_BREADCRUMB = re.compile(r"\S\s{0,4}[>›»]\s{0,4}\S")
# [2023年11月8日]: a publication date in brackets, alone on its line
_DATE_ALONE = re.compile(r"[\[【]\s{0,2}(?:(?:令和|平成|昭和)\s{0,2}(?:元|\d{1,2})|\d{4})\s{0,2}年\s{0,2}\d{1,2}\s{0,2}月"
                         r"\s{0,2}\d{1,2}\s{0,2}日\s{0,2}[\]】]")
_RULE = re.compile(r"[-―─━‐－=＝◇◆○・*＊\s]{3,}")


@dataclass
class Line:
    number: int  # 1-based
    start: int  # source offset of its first character
    end: int
    raw: str
    n: Normalized = field(init=False)
    # readings of this line that several steps ask for (its speaker marker), made once
    memo: dict = field(init=False, default_factory=dict, repr=False, compare=False)
    blank: bool = field(init=False)

    def __post_init__(self):
        self.n = normalize(self.raw[:MAX_LINE])
        stripped = self.raw.strip()
        # Empty, spaces only, or a rule of dashes and marks (――――◇――――); read by every step
        self.blank = not stripped or bool(_RULE.fullmatch(stripped))

    @property
    def norm(self) -> str:
        return self.n.text

    @property
    def text(self) -> str:
        """The NFKC text without surrounding spaces."""
        return self.n.text.strip()

    def span(self, start: int, end: int) -> Span:
        """Source offsets of normalized [start, end) of this line."""
        s, e = self.n.original_span(start, end, self.start)
        return Span(s, e)

    def value_span(self, start: int = 0) -> Span:
        """The source span of the normalized text from ``start``, spaces trimmed."""
        t = self.norm
        end = len(t.rstrip())
        while start < end and t[start].isspace():
            start += 1
        return self.span(start, max(start, end))



def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        out.append(Line(number, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return out


def breadcrumb_items(line: Line) -> list[str] | None:
    """``ホーム > … > title``: the items, when the line is a breadcrumb."""
    t = line.text
    if len(t) > 400 or t.count(">") + t.count("›") + t.count("»") < 1 or "<" in t:
        return None
    items = [x.strip() for x in re.split(r"\s{0,4}[>›»]\s{0,4}", t)]
    if len(items) < 2 or not all(items) or not _BREADCRUMB.search(t):
        return None
    return items


def is_boilerplate(line: Line) -> bool:
    """Page furniture: a short line opening with a furniture word, or a breadcrumb."""
    t = line.text
    return len(t) <= 60 and t.startswith(rules().boilerplate) or breadcrumb_items(line) is not None \
        or bool(_DATE_ALONE.fullmatch(t))


def is_footer(line: Line) -> bool:
    t = line.text
    return t.startswith(rules().footer) or len(t) <= 40 and bool(re.search(r"お問い?合わせ|問合せ先", t))
