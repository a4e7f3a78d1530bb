#!/usr/bin/env python3
"""Score the parser on folders of invented fixtures, each with an ``expected.json`` (the form of
tests/fixtures/*/expected.json): build every file with ``kg build`` in a temporary folder, read
the graph back with rdflib and compare field by field, as a careful reader would.

    python scripts/score_fixtures.py tests/fixtures/new-families [more folders] [--kg CMD] [--verbose]

Prints one line a file (fields right / fields checked, and what differs) and the share overall.
``--kg`` names the command to build with (another checkout's ``kg`` gives its first-read score).
Exit 0 when every field holds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rdflib import Graph

PREFIXES = """PREFIX kgo: <https://w3id.org/kaigi-kg/ontology#> PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
EMPTY = {"councils": set(), "date": None, "start": None, "end": None, "places": [], "attendees": -1,
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
        res["place"] = any(want["place"] in p for p in got["places"])
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


def score_folder(folder: Path, kg: list[str], work: Path, verbose: bool) -> tuple[int, int]:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))

    def build(name: str) -> subprocess.CompletedProcess:
        out = work / folder.name / name
        return subprocess.run([*kg, "build", str(folder / name), "-o", str(out), "--no-store"],
                              capture_output=True, text=True, timeout=600)

    with ThreadPoolExecutor(2) as ex:
        ran = dict(zip(sorted(expected), ex.map(build, sorted(expected))))
    ok = total = 0
    for name, want in sorted(expected.items()):
        r = ran[name]
        if r.returncode != 0:
            got = EMPTY
        else:
            g = Graph()
            g.parse(work / folder.name / name / "graph.ttl")
            got = read_graph(g)
        res = compare(want, got)
        ok, total = ok + sum(res.values()), total + len(res)
        bad = [k for k, v in res.items() if not v]
        note = "  build failed" if r.returncode else (f"  differs: {', '.join(bad)}" if bad else "")
        print(f"{folder.name}/{name}: {sum(res.values())}/{len(res)}{note}")
        if verbose and bad and r.returncode == 0:
            print(f"    got: council={sorted(got['councils'])} date={got['date']} {got['start']}-{got['end']} "
                  f"places={got['places']} attendees={got['attendees']} speakers={got['speakers'][:6]} "
                  f"turns={got['turns']} statements={got['statements']}")
    return ok, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--kg", default="kg", help="the command that builds (default: kg)")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    ok = total = 0
    with tempfile.TemporaryDirectory(prefix="score-fixtures-") as tmp:
        for folder in args.folders:
            if not (folder / "expected.json").is_file():
                sys.exit(f"{folder}: no expected.json")
            a, b = score_folder(folder, shlex.split(args.kg), Path(tmp), args.verbose)
            ok, total = ok + a, total + b
    print(f"fixtures: {ok}/{total} fields right ({ok / total:.0%})" if total else "no fixtures")
    sys.exit(0 if total and ok == total else 1)


if __name__ == "__main__":
    main()
