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
        if tag in SKIP:
            self.skip_depth += 1
            return
        attrs = dict(attrs)
        hint = " ".join(filter(None, (attrs.get("id"), attrs.get("class"), attrs.get("role"))))
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
        while self.stack:
            top = self.stack.pop()
            if top in SKIP:
                self.skip_depth -= 1
            if self.main_depth:
                self.main_depth -= 1
            if top == tag:
                break
        if not self.skip_depth and tag in BLOCK:
            self._emit("\n")

    def handle_data(self, data):
        if not self.skip_depth:
            self._emit(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(html: str) -> str:
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
    return "\n".join(out).strip() + "\n"


def declared_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None
