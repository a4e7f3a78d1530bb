"""Stable, readable instance IRIs.

An IRI is made from what a thing is, never from processing order: a meeting from its council
and date, a member from the council and the name as written, an official from the unit and
name, a unit from its top body and name. Japanese stays readable (IRIs allow it, as
ja.dbpedia.org does); spaces become ``_``; everything else that is not safe in a path
segment is percent-encoded as UTF-8: ASCII punctuation, and every character an IRI may not
hold as it is (RFC 3987 ``ucschar``), such as the ideographic variation selectors
U+E0100–E01EF of names like 葛󠄀飾 and 辻󠄀, private-use and unassigned code points. So every
Unicode string gives a valid IRI, and two names written differently never share one.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from kg.errors import KgError
from kg.read.normalize import nfkc

_SAFE_ASCII = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~()")


def _in_iri(cp: int) -> bool:
    """Whether an IRI may hold this code point as it is (RFC 3987 ``ucschar``)."""
    if cp < 0xA0:
        return False
    if cp <= 0xD7FF or 0xF900 <= cp <= 0xFDCF or 0xFDF0 <= cp <= 0xFFEF:
        return True
    return 0x10000 <= cp <= 0xEFFFD and (cp & 0xFFFF) <= 0xFFFD and not 0xE0000 <= cp <= 0xE0FFF


def segment(text: str) -> str:
    """One path segment from a Japanese name."""
    out = []
    for ch in "_".join(nfkc(text).split()):
        if ch in _SAFE_ASCII or (ord(ch) > 127 and unicodedata.category(ch)[0] in "LNM" or ch in "ー・々〆") \
                and _in_iri(ord(ch)):
            out.append(ch)
        else:  # UTF-8 bytes; a lone surrogate (undecodable input kept by "surrogateescape") too
            out.append(quote(ch.encode("utf-8", "surrogatepass"), safe=""))
    return "".join(out) or "_"


def check_base(base: str) -> str:
    if not (base.startswith("http://") or base.startswith("https://")) or any(c in base for c in ' <>"{}|\\^`'):
        raise KgError(f"--base must be an http(s) IRI without spaces: {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"


class Minter:
    def __init__(self, base: str):
        self.base = check_base(base)

    def iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(segment(p) for p in parts))

    def council(self, series: str) -> URIRef:
        return self.iri("council", series)

    def secretariat(self, series: str) -> URIRef:
        return self.iri("council", series, "事務局")

    def meeting(self, series: str, key: str) -> URIRef:
        return self.iri("meeting", series, key)

    def source(self, series: str, key: str) -> URIRef:
        """The source document of a meeting: the name of its graph in graph.trig."""
        return self.child(self.meeting(series, key), "source")

    def member(self, series: str, name: str) -> URIRef:
        # One person whatever the spacing: 岩田 光男 and 岩田光男 (the written form stays the label).
        return self.iri("person", series, "".join(name.split()))

    def official(self, org_path: tuple[str, ...], name: str) -> URIRef:
        # The top body and the unit: the same official in the same unit is one person.
        name = "".join(name.split())
        return self.iri("person", org_path[0], org_path[-1], name) if len(org_path) > 1 \
            else self.iri("person", org_path[0], name)

    def org(self, org_path: tuple[str, ...]) -> URIRef:
        return self.iri("org", *(org_path[:1] + org_path[-1:] if len(org_path) > 1 else org_path))

    def role(self, role: str) -> URIRef:
        return self.iri("role", role)

    def place(self, top: str, name: str) -> URIRef:
        return self.iri("place", top, name)

    @staticmethod
    def child(parent: URIRef, *parts: str) -> URIRef:
        return URIRef(str(parent) + "/" + "/".join(segment(p) for p in parts))
