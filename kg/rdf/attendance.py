"""The triples of what a summary says about attendance (``Minutes.attendance``): absent
members, proxies, the observer count, whether the meeting was open and why not, and its
decisions. Each is a node under the meeting with the selector of the characters it was read
from, as statements and memberships are.

A proxy is a ``kgo:ProxyAttendance`` (Popolo leaves attendance on another's behalf open): the
person represented (``kgo:onBehalfOf``) when named, the proxy as written (``kgo:proxyName``),
and, when only the proxy is listed (小西誠(代理)), the proxy's person node (``kgo:proxy``).
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.rdf.iri import Minter
from kg.rdf.namespaces import KGO, SCHEMA


def _person(b, name: str) -> URIRef:
    """The attendee of that name in this meeting, else a member of the council by that name."""
    key = "".join(name.split())
    for a, iri in zip(b.m.attendees, b.attendee_iris):
        if a.name and "".join(a.name.split()) == key:
            return iri
    return b.person(b.mint.member(b.series, name), name)


def attendance_triples(b) -> None:
    """Add the attendance facts of ``b.m`` to the document builder ``b`` (kg.rdf.mapping)."""
    at = b.m.attendance
    for a in at.absent:
        person = _person(b, a.name)
        node = Minter.child(b.meeting, "absence", "".join(a.name.split()))
        b.named(node, KGO.Absence, f"欠席: {a.name}")
        b.add(node, KGO.person, person)
        b.add(node, KGO.meeting, b.meeting)
        b.add(b.meeting, KGO.absentee, person)
        b.selector(node, a.span)
    for p in at.proxies:
        node = Minter.child(b.meeting, "proxy", "".join((p.principal or p.proxy or "").split()))
        b.named(node, KGO.ProxyAttendance, f"代理出席: {p.principal or '—'} ← {p.proxy or '—'}")
        b.add(node, KGO.meeting, b.meeting)
        if p.principal:
            b.add(node, KGO.onBehalfOf, _person(b, p.principal))
            if p.proxy:
                b.add(node, KGO.proxyName, Literal(p.proxy, lang="ja"))
        elif p.proxy:  # the one listed came in someone's place: an attendee of this meeting
            b.add(node, KGO.proxy, _person(b, p.proxy))
            b.add(node, KGO.proxyName, Literal(p.proxy, lang="ja"))
        b.selector(node, p.span)
    if at.observers is not None:
        node = Minter.child(b.meeting, "observers")
        b.named(node, KGO.ObserverCount, f"傍聴者 {at.observers.count}名")
        b.add(node, KGO.meeting, b.meeting)
        b.add(node, KGO.observerCount, Literal(at.observers.count, datatype=XSD.nonNegativeInteger))
        b.add(b.meeting, KGO.observerCount, Literal(at.observers.count, datatype=XSD.nonNegativeInteger))
        b.selector(node, at.observers.span)
    if at.openness is not None:
        o = at.openness
        node = Minter.child(b.meeting, "openness")
        b.named(node, KGO.Openness, o.status + (f"（{o.reason}）" if o.reason else ""))
        b.add(node, KGO.meeting, b.meeting)
        b.add(node, KGO.openness, Literal(o.status, lang="ja"))
        b.add(b.meeting, KGO.open, Literal(o.status == "公開"))
        if o.span is not None:
            b.selector(node, o.span)
        if o.reason and o.reason_span is not None:
            b.add(node, KGO.closedReason, Literal(o.reason, lang="ja"))
            b.selector(node, o.reason_span, "reason-selector")
    for d in at.decisions:
        node = Minter.child(b.meeting, "decision", str(d.position))
        b.named(node, KGO.Decision, f"決定事項: {d.text[:30]}")
        b.add(node, RDF.type, KGO.Decision)
        b.add(node, SCHEMA.text, Literal(d.text, lang="ja"))
        b.add(node, SCHEMA.position, Literal(d.position))
        b.add(node, KGO.meeting, b.meeting)
        b.selector(node, d.span)
