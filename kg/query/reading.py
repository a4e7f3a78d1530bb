"""What a careful reader compares on a built graph: the meeting's council, date, times and place,
its attendees, the officials (family name, post, unit) and the speaker of every turn in order; and
how a reading compares with an entry of a fixtures folder's ``expected.json`` (the conventions of the
shared layout fixtures). Used by the fixture tests and ``scripts/score_fixtures.py``."""

from __future__ import annotations

from rdflib import Graph

from kg.read.normalize import nfkc

PREFIXES = """PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#> PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
EMPTY: dict = {"councils": set(), "date": None, "start": None, "end": None, "places": [], "attendees": -1,
         "officials": set(), "first_speaker": None, "speakers": [], "turns": -1, "statements": -1}


def _rows(g: Graph, q: str) -> list[tuple[str, ...]]:
    return [tuple("" if v is None else str(v) for v in r) for r in g.query(PREFIXES + q)]


def read_graph(g: Graph) -> dict:
    """What a reader compares: the meeting's fields, the officials and the speakers in order."""
    got: dict = {}
    m = _rows(g, "SELECT ?s ?e WHERE { ?m a kgo:Meeting . OPTIONAL {?m schema:startDate ?s} "
                 "OPTIONAL {?m schema:endDate ?e} }")
    s, e = m[0] if m else ("", "")
    got["date"], got["start"], got["end"] = s[:10] or None, s[11:16] or None, e[11:16] or None
    got["places"] = [r[0] for r in _rows(g, "SELECT ?n WHERE { ?m a kgo:Meeting ; schema:location ?p . "
                                            "?p schema:name ?n }")]
    got["councils"] = {r[0].replace(" ", "") for r in _rows(
        g, "SELECT ?l WHERE { ?c a kgo:Council . { ?c rdfs:label ?l } UNION { ?c skos:prefLabel ?l } }")}
    got["attendees"] = len(_rows(g, "SELECT DISTINCT ?p WHERE { ?m a kgo:Meeting ; schema:attendee ?p }"))
    got["officials"] = set(_rows(g, """SELECT ?n ?post ?unit WHERE {
        ?ms a org:Membership ; org:member ?p ; org:organization ?u ; org:role ?r . ?r skos:prefLabel ?post .
        FILTER(lang(?post) = "ja" || lang(?post) = "") ?u skos:prefLabel ?unit .
        FILTER(lang(?unit) = "ja" || lang(?unit) = "") { ?p foaf:familyName ?n } UNION { ?p foaf:name ?n } }"""))
    speakers = _rows(g, """SELECT ?pos (SAMPLE(?name) AS ?n) WHERE { ?t a kgo:Turn ; schema:position ?pos .
        OPTIONAL { ?t kgo:speaker ?sp . OPTIONAL { ?sp foaf:name ?fn } OPTIONAL { ?sp skos:prefLabel ?pl }
        OPTIONAL { ?sp rdfs:label ?rl } BIND(COALESCE(?fn, ?pl, ?rl) AS ?name) } }
        GROUP BY ?pos ORDER BY xsd:integer(?pos)""".replace("xsd:integer", "<http://www.w3.org/2001/XMLSchema#integer>"))
    got["speakers"] = [r[1] for r in speakers]
    got["first_speaker"] = got["speakers"][0] if got["speakers"] else None
    got["turns"] = len(speakers)
    got["statements"] = len(_rows(g, "SELECT ?s WHERE { ?s a kgo:Statement }"))
    return got


def compare(want: dict, got: dict) -> dict[str, bool]:
    """Field → right, for the fields ``want`` gives (the conventions of shared/layouts/README)."""
    res: dict[str, bool] = {}
    if want.get("council"):
        res["council"] = want["council"].replace(" ", "") in got["councils"]
    for k in ("date", "start", "end"):
        if want.get(k) is not None:
            res[k] = got[k] == want[k]
    if want.get("place"):
        res["place"] = any(nfkc(want["place"]) in nfkc(p) for p in got["places"])  # 第１ is 第1
    if want.get("attendees") is not None:
        res["attendees"] = got["attendees"] == want["attendees"]
    for o in want.get("officials") or []:
        unit = o.get("unit")
        res[f"official {o['name']}"] = any(n.startswith(o["name"]) and post == o["post"] and (unit is None or u == unit)
                                           for n, post, u in got["officials"])
    if want.get("first_speaker"):
        res["first_speaker"] = bool(got["first_speaker"]) and want["first_speaker"] in got["first_speaker"]
    if want.get("turns") is not None:
        res["turns"] = got["turns"] == want["turns"]
    if want.get("speakers") is not None:  # the speaker of every turn, in order (a name or role it holds)
        res["speakers"] = len(got["speakers"]) == len(want["speakers"]) and all(
            w in (g or "") for w, g in zip(want["speakers"], got["speakers"]))
    if want.get("statements_min") is not None:
        res["statements"] = got["statements"] >= want["statements_min"]
    return res
