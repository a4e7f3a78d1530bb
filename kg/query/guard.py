"""What a query may not do here. Federated queries (SERVICE) make the server fetch any
address it is told to — from a public endpoint, a way to scan and reach private hosts — so
SERVICE is refused unless its host is on an explicit allow-list."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kg.errors import KgError

# Strings, comments and IRIs are skipped whole, so SERVICE inside them is not a keyword.
_TOKEN = re.compile(
    r'(?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<comment>#[^\n]*)"
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r"|(?P<var>[?$][\w]+)"
    r"|(?P<word>[A-Za-z_][\w.-]*(?::[\w.-]*)?|:[\w.-]*)"
    r"|(?P<space>\s+)|(?P<other>.)", re.S)


class QueryRefused(KgError):
    """A query this endpoint will not run (SERVICE to a host not allowed)."""


def service_targets(text: str) -> list[str | None]:
    """The IRIs after each SERVICE keyword (None for a variable: ``SERVICE ?x``)."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("space", "comment")]
    out = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "word" and value.upper() == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "SILENT":
                j += 1
            target = tokens[j] if j < len(tokens) else ("other", "")
            out.append(target[1][1:-1] if target[0] == "iri" else None)
    return out


def check_service(text: str, allow: tuple[str, ...] = ()) -> None:
    for target in service_targets(text):
        host = urlsplit(target).netloc.lower() if target else None
        hostname = urlsplit(target).hostname if target else None
        if not allow:
            raise QueryRefused("federated queries (SERVICE) are turned off here; run the query on the "
                               "other endpoint, or start kg serve with --allow-service HOST")
        if host is None or (host not in allow and hostname not in allow):
            raise QueryRefused(f"SERVICE {'<' + target + '>' if target else 'with a variable'} is not allowed; "
                               f"allowed hosts: {', '.join(allow)}")


_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
READ_ONLY = "the graph is read-only here: SPARQL Update (INSERT, DELETE, LOAD, DROP …) is refused"


def looks_like_update(text: str) -> bool:
    body = re.sub(r"(?im)^\s{0,20}(PREFIX\s{1,20}\S{0,100}\s{0,20}<[^>\n]{0,2000}>|BASE\s{0,20}<[^>\n]{0,2000}>|#.{0,2000})\s{0,20}",
                  "", text[:100_000]).lstrip()
    return body.upper().startswith(_UPDATE_WORDS)


class ReadOnly(QueryRefused):
    """An update sent to the query endpoint."""
