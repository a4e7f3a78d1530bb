"""Where each IRI of the graph lives on a server or in a static site.

Two IRI spaces resolve: the instances under the build's base (``…/id/``) and the bundled theme
scheme (``…/theme/``); locally they are ``id/REST`` and ``theme/REST``, REST being what follows
the space's IRI. The selectors and mentions of a statement, turn or membership ("parts") have
no document of their own: their IRIs answer with their owner's, where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, unquote

from kg.vocabulary import DEFAULT_BASE, KGO, THEME

ONTOLOGY = KGO
SUFFIXES = {".html": "html", ".ttl": "ttl", ".jsonld": "jsonld", ".nt": "nt"}


def base_of_meeting(meeting_iri: str | None) -> str:
    """The instance base a graph was built with, read off one of its meetings' IRIs."""
    if not meeting_iri or "meeting/" not in meeting_iri:
        return DEFAULT_BASE
    return meeting_iri[: meeting_iri.index("meeting/")]


def owner(iri: str) -> str:
    """The IRI whose document shows ``iri``: itself, or the owner of a part."""
    if "/mention/" in iri:
        return iri[: iri.index("/mention/")]
    if iri.endswith("/selector"):
        return iri[: -len("/selector")]
    return iri


def anchor(iri: str) -> str:
    """The id of a part's element on its owner's page ("" for a whole resource)."""
    rest = iri[len(owner(iri)):]
    return rest.strip("/").replace("/", "-")


@dataclass(frozen=True)
class Spaces:
    base: str = DEFAULT_BASE

    def roots(self) -> tuple[tuple[str, str], ...]:
        return (("id/", self.base), ("theme/", THEME))

    def local(self, iri: str) -> str | None:
        """``id/person/…`` for an IRI that resolves here (decoded: a file name); None otherwise."""
        for prefix, ns in self.roots():
            if iri.startswith(ns):
                rest = iri[len(ns):]
                if any(c in rest for c in "?#"):
                    return None
                return prefix + "/".join(_decode(s) for s in rest.split("/")) if rest else prefix + "index"
        return None

    def iri(self, local: str) -> str | None:
        """The IRI of a local path (``id/…``, decoded or not); None outside both spaces."""
        for prefix, ns in self.roots():
            if local.startswith(prefix):
                rest = local[len(prefix):]
                if rest in ("", "index"):
                    return ns if prefix == "theme/" else None
                return ns + "/".join(_encode(s) for s in rest.split("/"))
        return None


def _decode(segment: str) -> str:
    text = unquote(segment)
    return segment if "/" in text or text in (".", "..", "") else text


def _encode(segment: str) -> str:
    """A decoded path segment back in the IRI's own form (``kg.rdf.iri.segment`` keeps
    Japanese as it is and percent-encodes unsafe ASCII)."""
    from kg.rdf.iri import segment as minted
    text = unquote(segment)
    made = minted(text)
    return made if unquote(made) == text else quote(text, safe="-._~()")


@lru_cache(maxsize=200_000)
def href_path(local: str) -> str:
    """A local path as it goes in an href: percent-encoded UTF-8."""
    return quote(local, safe="/-._~()")
