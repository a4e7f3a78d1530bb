"""The main text of an HTML page, as lines: block elements end lines, table rows become
``cell | cell``, list items become ``・`` bullets; scripts, styles, navigation, headers,
footers and form controls are dropped; inside <main> (or an element whose id/class says
main/contents) when the page has one. Offsets in the graph point into this extracted text.

The page is parsed by libxml2 (through lxml) into a tree, and the tree is walked: what an
element contributes depends on the element and its ancestors only, so no element inside the
main text (a <button>, a <script>, an unclosed <svg>) can end it. libxml2 reads in linear
time and stops at 256 levels of nesting, which no page needs: such a page is refused. When
more text follows the main element than it holds (a stray end tag may have closed it early),
the page gets a note, which becomes a doubt of the summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import PageError

SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "button",
        "select", "textarea", "label", "svg", "math", "iframe", "object", "head"}
BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article",
         "main", "dl", "dt", "dd", "ul", "ol", "blockquote", "pre", "hr", "caption", "form", "fieldset"}
VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"}
_MAIN_HINT = re.compile(r"(^|[\s_-])(main|contents?|tmp_contents|honbun|article)([\s_-]|$)", re.I)
_CRUMB_HINT = re.compile(r"bread|pankuzu|topicpath|crumb", re.I)
_CRUMB_LABELS = ("パンくずリスト", "現在位置")
# "…について - 千葉県", "…｜首相官邸ホームページ": a page title and the site after a separator
_SITE_SEPARATOR = re.compile(r"\s+[-|｜:：/／]\s+|\s*[｜|]\s*")
_SPACE = re.compile(r"[ \t\r\n]+")
SHORT_MAIN = 200  # characters of text not read below which the page gets no note
# Elements whose dropped text a reader would see on the page: when one is left open it holds
# the rest of the page (browsers show it; the text here would stop short).
VISIBLE_SKIP = {"button", "select", "textarea", "label", "svg", "math", "iframe", "object"}
# HTML elements that end an open <svg> or <math> (the HTML standard's "breakout" list).
BREAKOUT = {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em",
            "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu",
            "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
            "table", "tt", "u", "ul", "var"}


@dataclass(frozen=True)
class Page:
    text: str                 # the main text, as lines
    hints: tuple[str, ...]    # title candidates outside it (breadcrumb, <title>)
    notes: tuple[str, ...]    # doubts about the reading


@dataclass(frozen=True)
class _Context:
    skip: str = ""         # the (outermost) element whose text is dropped, if inside one
    main: bool = False     # inside the main text
    crumb: bool = False    # inside a breadcrumb (read even inside <nav>)
    outside: str | None = None  # inside <svg> or <math>: what ``skip`` was outside it


class _Walk:
    def __init__(self):
        self.all: list[str] = []
        self.main: list[str] = []
        self.saw_main = False
        self.after_main = 0   # characters of text outside the main element(s), after the first
        self.hidden: dict[str, int] = {}  # characters dropped inside a VISIBLE_SKIP element
        self.crumbs: list[str] = []

    def emit(self, text: str, ctx: _Context) -> None:
        if not text:
            return
        if ctx.skip:
            if ctx.skip in VISIBLE_SKIP and (ctx.main or not self.saw_main):
                self.hidden[ctx.skip] = self.hidden.get(ctx.skip, 0) + len(text.strip())
            return
        self.all.append(text)
        if ctx.main:
            self.main.append(text)
        elif self.saw_main:
            self.after_main += len(text.strip())

    def data(self, text: str | None, ctx: _Context) -> None:
        if not text:
            return
        if ctx.crumb and self.crumbs:
            self.crumbs[-1] += text
        self.emit(_SPACE.sub(" ", text), ctx)

    def run(self, root) -> None:
        stack: list = [(True, root, _Context(), None)]
        rows: list[list[int]] = []  # cells seen in each open table row
        while stack:
            entering, el, parent, ctx = stack.pop()
            if not entering:  # the element's end: then its tail, which belongs to the parent
                tag = el.tag
                if tag == "tr" and rows:
                    rows.pop()
                if tag in BLOCK:
                    self.emit("\n", parent)
                self.data(el.tail, parent)
                continue
            if not isinstance(el.tag, str):  # a comment or processing instruction
                self.data(el.tail, parent)
                continue
            tag = el.tag.lower()
            attrs = el.attrib
            hint = " ".join(filter(None, (attrs.get("id"), attrs.get("class"), attrs.get("role"),
                                          attrs.get("aria-label"))))
            crumb = parent.crumb or bool(hint and _CRUMB_HINT.search(hint)) or attrs.get("aria-label") in _CRUMB_LABELS
            if parent.crumb and tag in ("li", "a"):
                self.crumbs.append("")
            skip, outside = parent.skip, parent.outside
            if outside is not None and tag in BREAKOUT:  # ends the <svg>/<math> for an HTML parser
                skip, outside = outside, None
            if tag in ("svg", "math") and outside is None:
                outside = skip
            if not skip and tag in SKIP:
                skip = tag
            main = parent.main or (not skip and (tag == "main" or bool(hint and _MAIN_HINT.search(hint))))
            if main and not parent.main:
                self.saw_main = True
            ctx = _Context(skip, main, crumb, outside)
            if tag in VOID:
                if tag in ("br", "hr"):
                    self.emit("\n", ctx)
                self.data(el.tail, parent)
                continue
            if tag == "tr":
                rows.append([0])
                self.emit("\n", ctx)
            elif tag in ("td", "th"):
                if rows and rows[-1][0]:
                    self.emit(" | ", ctx)
                if rows:
                    rows[-1][0] += 1
            elif tag == "li":
                self.emit("\n・", ctx)
            elif tag in BLOCK:
                self.emit("\n", ctx)
            self.data(el.text, ctx)
            stack.append((False, _Tag(tag, el.tail), parent, ctx))
            stack.extend((True, child, ctx, None) for child in reversed(el))


@dataclass(frozen=True)
class _Tag:
    """An element's end, as the walk needs it."""
    tag: str
    tail: str | None


def _parse(html: str):
    import lxml.etree
    import lxml.html

    # Bytes with the encoding named: the text is decoded already (an XML declaration or a
    # <meta charset> inside must not make libxml2 decode it again).
    parser = lxml.html.HTMLParser(encoding="utf-8", recover=True, no_network=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except lxml.etree.ParserError:  # nothing but markup that makes no element
        return None
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message:
            raise PageError(f"HTML nested more than 256 elements deep (line {error.line}): "
                            "a broken or hostile page, not read")
    return root


def title_hints(walk: _Walk, root) -> tuple[str, ...]:
    """Title candidates the main text may not hold: the last breadcrumb item and the page
    <title> without the site's name."""
    hints = []
    crumbs = [c.strip() for c in walk.crumbs if c.strip() and c.strip() not in (">", "›", "»")]
    if crumbs:
        hints.append(" ".join(crumbs[-1].split()))
    title_el = root.find("head/title") if root is not None else None
    title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    if title:
        hints.append(_SITE_SEPARATOR.split(title)[0].strip())
    return tuple(dict.fromkeys(h for h in hints if h))


def read_page(html: str) -> Page:
    root = _parse(html)
    walk = _Walk()
    if root is not None:
        walk.run(root)
    in_main = "".join(walk.main)
    chunks = walk.main if walk.saw_main and in_main.strip() else walk.all
    lines = [line.strip() for line in "".join(chunks).split("\n")]
    out, blank = [], False
    for line in lines:  # at most one blank line in a row
        if line:
            out.append(line)
            blank = False
        elif not blank and out:
            out.append("")
            blank = True
    notes = []
    read = sum(len(x.strip()) for x in chunks)
    if chunks is walk.main and walk.after_main > max(SHORT_MAIN, read):
        notes.append(f"the page's main element holds {read:,} characters of text and {walk.after_main:,} "
                     "more follow it outside, not read (an end tag may close it early)")
    for tag, count in sorted(walk.hidden.items()):
        if count > max(SHORT_MAIN, read):
            notes.append(f"{count:,} characters inside <{tag}> elements were not read, more than the "
                         f"{read:,} read (a <{tag}> left open may hold the rest of the page)")
    return Page("\n".join(out).strip() + "\n", title_hints(walk, root), tuple(notes))


def declared_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii").lower() if m else None
