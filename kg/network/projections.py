"""Networks from the RDF graph: the data the views and analytics need, pulled once with
SPARQL, and the networkx projections built from it. Knows nothing of HTML.

Node ids are IRIs; every edge keeps the statements behind it (``evidence``: statement id →
spans of the matched words), so a view can show the words each link came from.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

import networkx as nx

from kg.errors import KgError
from kg.query.speakers import group_speakers
from kg.read.normalize import nfkc

P = """PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""

Q_NODES = P + """
SELECT ?n ?label ?type WHERE {
  { ?n a kgo:Meeting ; dcterms:title ?label . BIND("meeting" AS ?type) }
  UNION { ?n a kgo:Council ; skos:prefLabel ?label . BIND("council" AS ?type) }
  UNION { ?n a foaf:Person ; foaf:name ?label . BIND("person" AS ?type) }
  UNION { ?n a org:Organization ; skos:prefLabel ?label . FILTER(lang(?label) = "ja")
          FILTER NOT EXISTS { ?n a kgo:Council } BIND("organization" AS ?type) }
  UNION { ?n a kgo:Initiative ; skos:prefLabel ?label . FILTER(lang(?label) = "ja") BIND("initiative" AS ?type) }
  UNION { ?n a skos:Concept ; skos:prefLabel ?label . FILTER(lang(?label) = "ja") BIND("theme" AS ?type) }
}"""
Q_STATEMENTS = P + """
SELECT ?s ?text ?pos ?meeting ?title ?date ?speaker ?turn ?agenda WHERE {
  ?s a kgo:Statement ; schema:text ?text ; schema:position ?pos ; kgo:meeting ?meeting .
  ?meeting dcterms:title ?title .
  OPTIONAL { ?meeting schema:startDate ?date }
  OPTIONAL { ?s kgo:speaker ?speaker }
  OPTIONAL { ?s kgo:turn ?turn }
  OPTIONAL { ?s kgo:agendaItem ?agenda }
}"""
Q_MEETINGS = P + """
SELECT ?m ?date ?fy WHERE {
  ?m a kgo:Meeting .
  OPTIONAL { ?m schema:startDate ?date }
  OPTIONAL { ?m kgo:fiscalYear ?fy }
}"""
Q_AGENDA = P + """
SELECT ?a ?title ?pos WHERE { ?a a kgo:AgendaItem ; dcterms:title ?title ; schema:position ?pos }"""
Q_MENTIONS = P + """
SELECT ?s ?target ?start ?end ?kind WHERE {
  ?m a kgo:Mention ; kgo:inStatement ?s ; kgo:refersTo ?target ; oa:start ?start ; oa:end ?end .
  BIND(IF(EXISTS { ?target a skos:Concept }, "theme", "entity") AS ?kind)
}"""
Q_LINKS = P + """
SELECT ?a ?kind ?b WHERE {
  { ?a schema:attendee ?b . BIND("attended" AS ?kind) }
  UNION { ?a schema:organizer ?b . BIND("organizer" AS ?kind) }
  UNION { ?a kgo:operatedBy ?b . BIND("operated by" AS ?kind) }
  UNION { ?a org:subOrganizationOf ?b . BIND("part of" AS ?kind) }
  UNION { ?ms org:member ?a ; org:organization ?b . FILTER NOT EXISTS { ?b a kgo:Council } BIND("post in" AS ?kind) }
  UNION { ?a kgo:secretariatOf ?b . BIND("secretariat of" AS ?kind) }
}"""
Q_TURNS = P + """
SELECT ?t ?meeting ?pos ?label ?speaker ?earlier WHERE {
  ?t a kgo:Turn ; kgo:meeting ?meeting ; schema:position ?pos ; kgo:speakerLabel ?label .
  OPTIONAL { ?t kgo:speaker ?speaker }
  OPTIONAL { ?t kgo:respondsTo ?earlier }
}"""


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    position: int
    meeting: str
    meeting_title: str
    date: str
    speaker: str | None
    turn: str | None
    agenda: str | None = None


@dataclass
class KGData:
    """What the graph says, in plain Python: nodes, statements, mentions, links, turns."""

    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (label, type)
    statements: dict[str, Statement] = field(default_factory=dict)
    mentions: list[tuple[str, str, int, int]] = field(default_factory=list)  # statement, target, start, end
    links: list[tuple[str, str, str]] = field(default_factory=list)  # a, kind, b
    # id → meeting, position, label, speaker
    turns: dict[str, tuple[str, int, str, str | None]] = field(default_factory=dict)
    responds: list[tuple[str, str]] = field(default_factory=list)  # turn, earlier turn
    meetings: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → date (ISO, may be ""), fiscal year
    agenda: dict[str, tuple[str, int]] = field(default_factory=dict)  # id → title, position

    def label(self, node: str) -> str:
        return self.nodes[node][0] if node in self.nodes else node

    def type(self, node: str) -> str:
        return self.nodes[node][1] if node in self.nodes else "turn"


def _py(term):
    return None if term is None else term.toPython()


def _str(term) -> str | None:
    return None if term is None else str(term)


def load_data(store) -> KGData:
    """Pull everything the networks need from a store (see ``kg.store``)."""
    d = KGData()
    for n, label, kind in store.query(Q_NODES).rows:
        d.nodes.setdefault(str(n), (str(label), str(kind)))
    for s, text, pos, meeting, title, date, speaker, turn, agenda in store.query(Q_STATEMENTS).rows:
        d.statements[str(s)] = Statement(str(s), str(text), int(_py(pos)), str(meeting), str(title),
                                         str(date)[:10] if date is not None else "",
                                         _str(speaker), _str(turn), _str(agenda))
    for m, date, fy in store.query(Q_MEETINGS).rows:
        d.meetings[str(m)] = (str(date)[:10] if date is not None else "", str(fy)[:4] if fy is not None else "")
    for a, title, pos in store.query(Q_AGENDA).rows:
        d.agenda[str(a)] = (str(title), int(_py(pos)))
    d.mentions = sorted((str(s), str(t), int(_py(a)), int(_py(b))) for s, t, a, b, _ in store.query(Q_MENTIONS).rows)
    d.links = sorted({(str(a), str(k), str(b)) for a, k, b in store.query(Q_LINKS).rows})
    for t, meeting, pos, label, speaker, earlier in store.query(Q_TURNS).rows:
        d.turns[str(t)] = (str(meeting), int(_py(pos)), str(label), str(speaker) if speaker is not None else None)
        if earlier is not None:
            d.responds.append((str(t), str(earlier)))
    d.responds.sort()
    # 事務局 and unnamed speakers say their council, and a council's unnamed 委員 are one node
    groups = group_speakers(store)
    for x, g in groups.items():
        if x in d.nodes:
            d.nodes[x] = (g.label, d.nodes[x][1])
    for sid, st in d.statements.items():
        if st.speaker in groups:
            d.statements[sid] = replace(st, speaker=groups[st.speaker].key)
    return d


# -- building networks -----------------------------------------------------------------------

def _node(g: nx.Graph, d: KGData, n: str):
    if n not in g:
        g.add_node(n, label=d.label(n), type=d.type(n))


def _link(g: nx.Graph, d: KGData, a: str, b: str, kind: str, statement: str | None = None,
          span: tuple[int, int] | None = None):
    """Add or strengthen an edge; weight counts distinct statements (or 1 for a plain link)."""
    _node(g, d, a)
    _node(g, d, b)
    if not g.has_edge(a, b):
        g.add_edge(a, b, kind=kind, weight=0, evidence={})
    e = g.edges[a, b]
    if statement is None:
        e["weight"] = max(e["weight"], 1)
        return
    spans = e["evidence"].setdefault(statement, [])
    if span and span not in spans:
        spans.append(span)
    e["weight"] = len(e["evidence"])


def _spoken(d: KGData):
    """(speaker, statement, target, span) for every mention in a statement with a speaker."""
    for s, target, start, end in d.mentions:
        st = d.statements.get(s)
        if st and st.speaker and target in d.nodes:
            yield st.speaker, s, target, (start, end)


GROUP_MEETINGS_AT = 20  # more meetings than this: the overview draws one node per council and fiscal year


def councils_of(d: KGData) -> dict[str, str]:
    """meeting → its council (schema:organizer)."""
    return {a: b for a, kind, b in d.links if kind == "organizer"}


def meeting_label(d: KGData, meeting: str, council: str | None) -> str:
    """A meeting as a reader names it: its council and its date (titles repeat from meeting to meeting)."""
    date = d.meetings.get(meeting, ("", ""))[0]
    name = d.label(council) if council else d.label(meeting)
    return f"{name}\n{date}" if date else name


def _meeting_groups(d: KGData, councils: dict[str, str]) -> dict[str, tuple[str, str]]:
    """meeting → (group id, label): one group per council and fiscal year."""
    out = {}
    for m in (n for n, (_, t) in d.nodes.items() if t == "meeting"):
        council, fy = councils.get(m), d.meetings.get(m, ("", ""))[1]
        name = d.label(council) if council else "（会議体不明）"
        out[m] = (f"meetings:{council or ''}#{fy or 'unknown'}", f"{name}\n{fy + '年度' if fy else '年度不明'}")
    return out


def overview(d: KGData, group_meetings: bool | None = None) -> nx.Graph:
    """Meetings, councils, people, organizations, initiatives and themes with their links.
    Meetings carry their date; with many meetings (or when asked) they are grouped per
    council and fiscal year, an edge's weight then counting the meetings behind it."""
    councils = councils_of(d)
    n_meetings = sum(1 for _, t in d.nodes.values() if t == "meeting")
    grouped = n_meetings > GROUP_MEETINGS_AT if group_meetings is None else group_meetings
    groups = _meeting_groups(d, councils) if grouped else {}
    g = nx.Graph()
    for n in sorted(d.nodes):
        if n in groups:
            gid, label = groups[n]
            if gid not in g:
                g.add_node(gid, label=label, type="meetings", meetings=[])
            g.nodes[gid]["meetings"].append(n)
        else:
            _node(g, d, n)
            if d.type(n) == "meeting":
                g.nodes[n]["label"] = meeting_label(d, n, councils.get(n))
    for a, kind, b in d.links:
        if a in d.nodes and b in d.nodes:
            a2, b2 = groups.get(a, (a,))[0], groups.get(b, (b,))[0]
            if (a2, b2) != (a, b):
                _count(g, a2, b2, kind, a if a2 != a else b)
            else:
                _link(g, d, a, b, kind)
    for gid in (n for n, t in g.nodes(data="type") if t == "meetings"):
        members = sorted(g.nodes[gid]["meetings"], key=lambda m: (d.meetings.get(m, ("", ""))[0], m))
        g.nodes[gid]["meetings"] = [meeting_label(d, m, councils.get(m)).replace("\n", " ") for m in members]
        g.nodes[gid]["members"] = members  # which summaries the group draws on (a view credits them)
    for speaker, s, target, span in _spoken(d):
        _link(g, d, speaker, target, "spoke about" if d.type(target) == "theme" else "mentioned", s, span)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])  # themes nobody raised
    return g


def _count(g: nx.Graph, a: str, b: str, kind: str, meeting: str):
    """A link through a meeting group: weight = number of distinct meetings behind it."""
    if not g.has_edge(a, b):
        g.add_edge(a, b, kind=kind, weight=0, evidence={}, via=set())
    e = g.edges[a, b]
    e["via"].add(meeting)
    e["weight"] = len(e["via"])


def people_themes(d: KGData) -> nx.Graph:
    """Speakers × themes; weight = number of statements."""
    g = nx.Graph()
    for speaker, s, target, span in _spoken(d):
        if d.type(target) == "theme":
            _link(g, d, speaker, target, "spoke about", s, span)
    return g


def initiatives(d: KGData) -> nx.Graph:
    """Initiatives with the people who mention them, their operators, and the
    organizations named in the same statements."""
    g = nx.Graph()
    by_statement = defaultdict(list)
    for s, target, start, end in d.mentions:
        if target in d.nodes:
            by_statement[s].append((target, (start, end)))
    for speaker, s, target, span in _spoken(d):
        if d.type(target) == "initiative":
            _link(g, d, speaker, target, "mentioned", s, span)
            for other, other_span in by_statement[s]:
                if d.type(other) == "organization":
                    _link(g, d, target, other, "named with", s, other_span)
    for a, kind, b in d.links:
        if kind == "operated by" and a in g:
            _link(g, d, a, b, kind)
    return g


def meeting_ids(d: KGData) -> list[str]:
    """Meetings, latest first (by date, then IRI)."""
    dated = {st.meeting: st.date for st in d.statements.values()}
    return sorted((n for n, (_, t) in d.nodes.items() if t == "meeting"),
                  key=lambda m: (dated.get(m, ""), m), reverse=True)


def find_meeting(d: KGData, wanted: str, meetings: list[str]) -> str:
    """The meeting ``wanted`` names: its IRI, or its date (2024-12-10), with a council's name
    or part of the meeting's title after it when dates collide (2024-12-10 千葉県ICT)."""
    if wanted in meetings:
        return wanted
    day, _, words = wanted.strip().partition(" ")
    hits = [m for m in meetings if d.meetings.get(m, ("", ""))[0][:10] == day
            and all(w in d.label(m) for w in words.split())]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise KgError(f"{len(hits)} meetings on {day}: " + "; ".join(d.label(m) for m in hits[:8])
                      + f" — add words of the one you want (--meeting '{day} <council>')")
    known = ", ".join(sorted({d.meetings.get(m, ("", ""))[0][:10] for m in meetings} - {""})[:12])
    raise KgError(f"no meeting {wanted!r} (give an IRI or a date; dates in the graph: {known})")


def meeting(d: KGData, meeting_id: str) -> nx.DiGraph:
    """One meeting's turns in order (``next``) and who responded to whom (``responds to``)."""
    g = nx.DiGraph()
    turns = sorted((pos, t) for t, (m, pos, _, _) in d.turns.items() if m == meeting_id)
    statements_of = defaultdict(list)
    for s in d.statements.values():
        if s.turn:
            statements_of[s.turn].append(s.id)
    for pos, t in turns:
        _, _, label, speaker = d.turns[t]
        kind = "secretariat" if speaker and d.type(speaker) == "organization" else "turn"
        own = sorted(statements_of[t], key=lambda s: d.statements[s].position)
        g.add_node(t, label=f"{pos}. {label}", type="turn", role=kind, speaker=speaker, position=pos,
                   speaker_name=d.label(speaker) if speaker else label, statements=own, agenda=_agenda_of(d, own))
    for (_, a), (_, b) in zip(turns, turns[1:]):
        g.add_edge(a, b, kind="next", weight=1, evidence={})
    for t, earlier in d.responds:
        if t in g and earlier in g:
            g.add_edge(t, earlier, kind="responds to", weight=1,
                       evidence={s: [] for s in g.nodes[t]["statements"]})
    return g


def _agenda_of(d: KGData, statements: list[str]) -> tuple[str, str] | None:
    """A turn's agenda item: the one most of its statements are on (the earlier item on a tie)."""
    items = [a for s in statements if (a := d.statements[s].agenda) is not None and a in d.agenda]
    if not items:
        return None
    best = min(set(items), key=lambda a: (-items.count(a), d.agenda[a][1], a))
    return best, d.agenda[best][0]


def find_node(g: nx.Graph, label: str) -> str:
    """The node whose label is ``label`` (NFKC-insensitive), or a clear error."""
    want = nfkc(label).strip()
    hits = sorted(n for n, a in g.nodes(data=True) if nfkc(a["label"]).strip() == want)
    if not hits:
        import difflib
        labels = sorted({a["label"] for _, a in g.nodes(data=True)})
        close = difflib.get_close_matches(label, labels, n=3, cutoff=0.3)
        raise KgError(f"no node labelled {label!r}" + (f"; did you mean {', '.join(close)}?" if close else ""))
    return hits[0]


def ego(g: nx.Graph, label: str, depth: int) -> nx.Graph:
    if depth < 1:
        raise KgError("--depth must be 1 or more")
    return nx.ego_graph(g, find_node(g, label), radius=depth)


def reduce(g: nx.Graph, max_nodes: int) -> tuple[nx.Graph, str | None]:
    """Keep a large network readable: drop leaves, then keep the nodes of highest weighted
    degree. Returns the smaller graph and a note saying what was left out."""
    if g.number_of_nodes() <= max_nodes:
        return g, None
    total = g.number_of_nodes()
    h = g.copy()
    leaves = [n for n in h if h.degree(n) <= 1]
    if total - len(leaves) >= max_nodes // 2:
        h.remove_nodes_from(leaves)
    if h.number_of_nodes() > max_nodes:
        strength = dict(h.degree(weight="weight"))
        keep = sorted(h, key=lambda n: (-strength[n], n))[:max_nodes]
        h = h.subgraph(keep).copy()
    return h, (f"{h.number_of_nodes()} of {total} nodes shown: leaves left out, then the nodes with the "
               "most links kept")
