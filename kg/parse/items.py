"""Bullets and numbered items: the marks that open a statement or an agenda item."""

from __future__ import annotations

import re

NUMBERED_RE = re.compile(
    r"^\s{0,8}(?:[(（]\s{0,2}(?P<a>\d{1,2})\s{0,2}[)）]|(?P<b>\d{1,2})\s{0,2}(?:[.．)]|\s)|(?P<c>[⑴-⒇])|(?P<d>[①-⑳]))"
    r"\s{0,4}(?P<title>\S.*?)?\s*$")
BULLET_RE = re.compile(
    r"^\s{0,8}(?:[-*]\s{1,4})?(?:[・･•●◦‧○◯〇◎]|[アイウエオカキクケコサシスセソタチツテト](?=[\s.、)])[.、)]?|"
    r"[⑴-⒇①-⑳]|[(（]\s{0,2}\d{1,2}\s{0,2}[)）]|\d{1,2}\s{0,2}[.．)](?=\s))\s{0,4}")


def item_number(m: re.Match) -> int:
    """The number of a NUMBERED_RE item: (1), 1., ⑴ or ①."""
    digits = m.group("a") or m.group("b")
    if digits:
        return int(digits)
    return ord(m.group("c")) - 0x2473 if m.group("c") else ord(m.group("d")) - 0x245F
