"""The main text of an HTML page, as lines: block elements end lines, table rows become
``cell | cell``, list items become ``・`` bullets; scripts, styles, navigation, headers and
footers are dropped; inside <main> (or an element whose id/class says main/contents) when
the page has one. Offsets in the graph point into this extracted text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
        "select", "svg", "iframe", "head"}
BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article",
         "main", "dl", "dt", "dd", "ul", "ol", "blockquote", "pre", "hr", "caption"}
VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_MAIN_HINT = re.compile(r"(^|[\s_-])(main|contents?|tmp_contents|honbun|article)([\s_-]|$)", re.I)
_CRUMB_HINT = re.compile(r"bread|pankuzu|topicpath|crumb", re.I)
# "…について - 千葉県", "…｜首相官邸ホームページ": a page title and the site after a separator
_SITE_SEPARATOR = re.compile(r"\s+[-|｜:：/／]\s+|\s*[｜|]\s*")


class _Extractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.main_depth = 0  # > 0 while inside the main content
        self.saw_main = False
        self.chunks_all: list[str] = []
        self.chunks_main: list[str] = []
        self.cell_in_row = 0
        self.title: list[str] = []  # the <title> text
        self.in_title = False
        self.crumb_depth = 0  # > 0 inside a breadcrumb, kept even inside <nav>
        self.crumbs: list[str] = []

    def _emit(self, text: str):
        self.chunks_all.append(text)
        if self.main_depth:
            self.chunks_main.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if tag in ("br", "hr"):
                self._emit("\n")
            return
        self.stack.append(tag)
        attrs = dict(attrs)
        hint = " ".join(filter(None, (attrs.get("id"), attrs.get("class"), attrs.get("role"), attrs.get("aria-label"))))
        if self.crumb_depth:
            self.crumb_depth += 1
            if tag in ("li", "a"):
                self.crumbs.append("")
        elif _CRUMB_HINT.search(hint or "") or attrs.get("aria-label") in ("パンくずリスト", "現在位置"):
            self.crumb_depth = 1
        self.in_title = tag == "title"
        if tag in SKIP:
            self.skip_depth += 1
            return
        if self.main_depth:
            self.main_depth += 1
        elif tag == "main" or _MAIN_HINT.search(hint or ""):
            self.main_depth = 1
            self.saw_main = True
        if self.skip_depth:
            return
        if tag == "tr":
            self.cell_in_row = 0
            self._emit("\n")
        elif tag in ("td", "th"):
            if self.cell_in_row:
                self._emit(" | ")
            self.cell_in_row += 1
        elif tag == "li":
            self._emit("\n・")
        elif tag in BLOCK:
            self._emit("\n")

    def handle_endtag(self, tag):
        if tag in VOID or tag not in self.stack:
            return
        self.in_title = False
        while self.stack:
            top = self.stack.pop()
            if self.crumb_depth:
                self.crumb_depth -= 1
            if top in SKIP:
                self.skip_depth -= 1
            if self.main_depth:
                self.main_depth -= 1
            if top == tag:
                break
        if not self.skip_depth and tag in BLOCK:
            self._emit("\n")

    def handle_data(self, data):
        if self.in_title:
            self.title.append(data)
        if self.crumb_depth and self.crumbs:
            self.crumbs[-1] += data
        if not self.skip_depth:
            self._emit(re.sub(r"[ \t\r\n]+", " ", data))


def title_hints(parser: _Extractor) -> tuple[str, ...]:
    """Title candidates the main text may not hold: the last breadcrumb item and the page
    <title> without the site's name."""
    hints = []
    crumbs = [c.strip() for c in parser.crumbs if c.strip() and c.strip() not in (">", "›", "»")]
    if crumbs:
        hints.append(" ".join(crumbs[-1].split()))
    title = " ".join("".join(parser.title).split())
    if title:
        hints.append(_SITE_SEPARATOR.split(title)[0].strip())
    return tuple(dict.fromkeys(h for h in hints if h))


def read_html(html: str) -> tuple[str, tuple[str, ...]]:
    """(main text, title hints) of a page."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    chunks = parser.chunks_main if parser.saw_main and "".join(parser.chunks_main).strip() else parser.chunks_all
    lines = [line.strip() for line in "".join(chunks).split("\n")]
    out, blank = [], False
    for line in lines:  # at most one blank line in a row
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    return "\n".join(out).strip() + "\n", title_hints(parser)


def declared_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None
