"""What a query may not do here. Federated queries (SERVICE) make the server fetch any
address it is told to — from a public endpoint, a way to scan and reach private hosts — so
SERVICE is refused unless its host is on an explicit allow-list.

The check reads the query by SPARQL's own lexical rules (the terminals of the SPARQL 1.1
grammar, as Oxigraph applies them: a comment ends at CR or LF, a prefixed name's local part
may hold ``\\#`` and ``%hh``, strings know only their escapes), and where it could be wrong it
errs towards finding SERVICE, never towards missing it:

- where ``<`` could be a comparison as well as the start of an IRI (``FILTER(?a<'x>')``), the
  text is read both ways, and SERVICE found in either reading counts;
- the engine matches keywords without a word boundary (``SERVICE:x``, ``SERVICESILENT<…>``
  and ``SERVICEex:x`` are SERVICE clauses to it), so any word or prefixed name that begins
  with "service" counts;
- text the rules cannot read (an unterminated string) is read on as query text.

Behind this check, the server's query workers cannot open network sockets at all (see
kg/web/sandbox.py): a reading this check got wrong would fail, not send a request.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.errors import QueryRefused

# SPARQL 1.1 grammar, section 19.8 (terminals), with the \u escapes Oxigraph also reads.
_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
         "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_ECHAR = r"""\\[tbnrf\\"']|""" + _UCHAR
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PREFIX = f"[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?"
_LOCAL = f"(?:[{_CHARS_U}:0-9]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?"
_TOKEN = re.compile(
    r"(?P<space>[ \t\r\n]+)"
    r"|(?P<comment>#[^\r\n]*)"
    r'|(?P<iri><(?:[^\x00-\x20<>"{}|^`\\]|' + _UCHAR + r")*>)"
    r"|(?P<string>'''(?:(?:'|'')?(?:[^'\\]|" + _ECHAR + r"))*'''"
    r'|"""(?:(?:"|"")?(?:[^"\\]|' + _ECHAR + r'))*"""'
    r"|'(?:[^'\\\n\r]|" + _ECHAR + r")*'"
    r'|"(?:[^"\\\n\r]|' + _ECHAR + r')*")'
    f"|(?P<var>[?$][{_CHARS_U}0-9][{_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)"
    f"|(?P<word>(?:{_PREFIX})?:(?:{_LOCAL})?|[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<other>.)", re.S)
# After these, "<" can only open an IRI: there is no left operand to compare.
_NO_OPERAND = frozenset("(,=!&|+-*/<^{.;[")
_MAX_DEPTH = 8  # parentheses counted this deep; deeper stays "inside" to the end


@dataclass(frozen=True)
class Service:
    offset: int          # where the SERVICE keyword starts in the query text
    target: str | None   # the <IRI> written after it; None for a variable, a prefixed name, …


def _target(text: str, pos: int) -> str | None:
    """The ``<IRI>`` after ``SERVICE [SILENT]``, when written that way (no escapes in it)."""
    silent = False
    while (m := _TOKEN.match(text, pos)) is not None:
        pos, kind, value = m.end(), m.lastgroup, m.group()
        if kind in ("space", "comment"):
            continue
        if kind == "word" and value.upper() == "SILENT" and not silent:
            silent = True
            continue
        return value[1:-1] if kind == "iri" and "\\" not in value else None
    return None


def services(text: str) -> list[Service]:
    """Every place where the engine could read a SERVICE clause, in order.

    The text is read token by token from the start; a position is reached with the states it
    can be in (parenthesis depth, whether a left operand precedes); an IRI that could also be
    a comparison sends the reading on both ways. Each position is read once: linear time."""
    found: dict[int, Service] = {}
    states: dict[int, set[tuple[int, bool]]] = {0: {(0, False)}}
    pending = [0]
    while pending:
        pos = heapq.heappop(pending)
        here = states.pop(pos)
        if pos >= len(text):
            continue
        m = _TOKEN.match(text, pos)
        assert m is not None  # _TOKEN ends in a one-character catch-all: it matches anywhere
        kind, value, end = m.lastgroup, m.group(), m.end()
        if kind in ("space", "comment"):
            _reach(states, pending, end, here)
            continue
        if kind == "word" and value[:7].upper() == "SERVICE":
            word = value.upper()
            target = (_target(text, end) if word == "SERVICE" else
                      _target(text, pos + 13) if word == "SERVICESILENT" else None)
            found[pos] = Service(pos, target)
        following = set()
        for depth, operand in here:
            if kind == "iri" and depth and operand:  # "<" as a comparison, then read on
                _reach(states, pending, pos + 1, {(depth, False)})
            if value == "(":
                depth = min(depth + 1, _MAX_DEPTH)
            elif value == ")" and depth < _MAX_DEPTH:
                depth = max(depth - 1, 0)
            following.add((depth, not (kind == "other" and value in _NO_OPERAND)))
        _reach(states, pending, end, following)
    return [found[k] for k in sorted(found)]


def _reach(states: dict, pending: list, pos: int, new: set) -> None:
    if pos not in states:
        states[pos] = set()
        heapq.heappush(pending, pos)
    states[pos] |= new


def service_targets(text: str) -> list[str | None]:
    """The IRIs after each SERVICE keyword (None where no plain ``<IRI>`` follows it)."""
    return [s.target for s in services(text)]


def check_service(text: str, allow: tuple[str, ...] = ()) -> None:
    for service in services(text):
        line = text.count("\n", 0, service.offset) + 1
        column = service.offset - text.rfind("\n", 0, service.offset)
        where = f"line {line}, column {column}"
        if not allow:
            raise QueryRefused(f"federated queries (SERVICE, at {where}) are turned off here; run the query "
                               "on the other endpoint, or start kg serve with --allow-service HOST")
        parts = urlsplit(service.target) if service.target else None
        if parts is None or parts.scheme not in ("http", "https") or not (
                parts.netloc.lower() in allow or (parts.hostname or "") in allow):
            shown = f"<{service.target}>" if service.target else "without a plain <http://HOST/…> IRI after it"
            raise QueryRefused(f"SERVICE {shown} (at {where}) is not allowed; allowed hosts: {', '.join(allow)}")


# The engine reads a query, and plans and runs it, by recursion: a few thousand nested groups,
# brackets or chained clauses (5,000 `{`, 30,000 UNION branches) overflow the stack of the
# process and kill it. The counts below are taken over the raw text, strings, comments and
# IRIs included, so that no reading of the text can hide a level: they can only count too
# many, and the limits are far above any query written by hand (our longest named query has
# 34 groups) and far below what the stacks we give the engine hold (kg.query.limits).
MAX_GROUPS = 2_000     # { ( [ and the keywords that open or chain a pattern
MAX_OPERATORS = 20_000  # the characters of operators and paths that chain expressions
_GROUP_WORDS = re.compile(r"UNION|OPTIONAL|MINUS|BIND|FILTER|SELECT|GRAPH|SERVICE|EXISTS|VALUES", re.I)


def check_shape(text: str) -> None:
    """Refuse a query nested or chained deeper than the engine can read without crashing."""
    groups = sum(map(text.count, "{([")) + len(_GROUP_WORDS.findall(text))
    if groups > MAX_GROUPS:
        raise QueryRefused(f"the query holds {groups:,} groups, brackets and clauses; at most {MAX_GROUPS:,} "
                           "are read here: split it into smaller queries")
    operators = sum(map(text.count, "|&+*/!^-<>="))
    if operators > MAX_OPERATORS:
        raise QueryRefused(f"the query holds {operators:,} operators; at most {MAX_OPERATORS:,} are read here: "
                           "split it into smaller queries")


_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
READ_ONLY = "the graph is read-only here: SPARQL Update (INSERT, DELETE, LOAD, DROP …) is refused"


# PREFIX and BASE declarations and comments before the first keyword
_PROLOGUE = re.compile(r"(?im)^\s{0,20}(PREFIX\s{1,20}\S{0,100}\s{0,20}<[^>\n]{0,2000}>|BASE\s{0,20}<[^>\n]{0,2000}>"
                       r"|#.{0,2000})\s{0,20}")


def looks_like_update(text: str) -> bool:
    body = _PROLOGUE.sub("", text[:100_000]).lstrip()
    return body.upper().startswith(_UPDATE_WORDS)


