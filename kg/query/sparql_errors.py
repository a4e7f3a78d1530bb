"""Parser messages a researcher can act on: one line, the query's own line and column, and
what was expected in words instead of a dump of character classes."""

from __future__ import annotations

import re

from kg.query.prefixes import MARK, USUAL, undeclared

_AT = re.compile(r"error at (\d+):(\d+): (.*)", re.S)


def _token_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    rest = lines[line - 1][max(column - 1, 0):]
    m = re.match(r"\s*(\S{1,30})", rest)
    return m.group(1) if m else ""


def _word_before(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    m = re.search(r"([A-Za-z][\w-]{0,30}):?\S{0,40}$", lines[line - 1][:max(column - 1, 0)])
    return m.group(1) if m else ""


def friendly(message: str, text: str) -> str:
    """'error at 1:35: expected one of Prefix not found, …' → one readable line."""
    shift = 1 if text.split("\n", 1)[0].endswith(MARK) else 0
    m = _AT.match(message.strip())
    if not m:
        return "malformed query: " + " ".join(message.split())[:200]
    line, column, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    where = f"line {line - shift}, column {column}"
    near = _token_at(text, line, column)
    unknown = undeclared(text)
    if "Prefix not found" in expected or unknown:
        prefix = unknown[0] if unknown else (_word_before(text, line, column) or near.split(":")[0])
        return (f"malformed query at {where}: unknown prefix {prefix}: — declare it with PREFIX "
                f"{prefix}: <…>; known without declaring: {', '.join(p + ':' for p in USUAL)}")
    if "expected CONSTRUCT" in expected:  # the parser's way of saying the form is missing
        body = text.split("\n", 1)[1] if shift else text
        first = re.sub(r"(?is)^(\s{0,20}(?:PREFIX\s{1,20}\S{0,60}\s{0,20}<[^>]{0,2000}>"
                       r"|BASE\s{0,20}<[^>]{0,2000}>|#[^\n]{0,2000}))*", "", body)
        word = first.split(None, 1)[0] if first.split() else ""
        return (f"malformed query at {where}: a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE"
                + (f", not {word!r}" if word else ""))
    words = [w for w in re.findall(r"\b([A-Z][A-Za-z]{1,20})\b", expected) if w not in ("Prefix",)]
    listed = ", ".join(dict.fromkeys(words)) if words else ""
    what = f"expected one of {listed}" if listed else "unexpected input"
    return f"malformed query at {where}: {what}" + (f", found {near!r}" if near else " at the end of the line")
