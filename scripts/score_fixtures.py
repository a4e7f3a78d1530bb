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

from kg.query.reading import EMPTY, compare, read_graph


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
