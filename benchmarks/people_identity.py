"""How long identity across councils takes on a large corpus: rosters of MEETINGS meetings of
COUNCILS councils in 47 prefectures, 15 attendees each drawn from a pool of names (so that many
full names recur across councils and prefectures), paired, scored and written as triples, as
the corpus step of `kg build` does at every build. Prints figures and asserts nothing.

    python benchmarks/people_identity.py [--meetings 10000] [--councils 500]
"""

from __future__ import annotations

import argparse
import random
import time

from kg.model import Span
from kg.people.graph import people_triples
from kg.people.identity import SAME, resolve
from kg.people.sightings import Roster, Sighting
from kg.rdf.iri import Minter
from kg.vocabulary import DEFAULT_BASE

FAMILIES = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 斎藤 清水".split()
GIVEN = "一郎 花子 健 美咲 誠 恵 浩 直樹 和子 進 亮 修 由美 賢治 昭夫 敏行 陽子 大輔 真理 拓也".split()
UNIVERSITIES = [f"第{n}大学" for n in range(1, 40)]


def rosters(meetings: int, councils: int, seed: int = 1) -> tuple[list[Roster], list[tuple[str, str]]]:
    rnd = random.Random(seed)
    out, keys = [], []
    for n in range(meetings):
        c = n % councils
        body = f"第{c % 47}県"
        council = f"{body}第{c}審議会"
        date = f"{2015 + n * 10 // meetings}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        seen = []
        for i, name in enumerate(rnd.sample([f"{f} {g}" for f in FAMILIES for g in GIVEN], 15)):
            compact = name.replace(" ", "")
            official = i >= 12
            parts = (body, f"第{rnd.randrange(30)}課", compact) if official else (council, compact)
            seen.append(Sighting(name, parts, True, not official, body, council,
                                 (("課長", parts[:2]),) if official else (("委員", ()),),
                                 () if official else (rnd.choice(UNIVERSITIES),), Span(0, 1), 1, name))
        out.append(Roster(f"{n}.txt", date, tuple(seen)))
        keys.append((council, date))
    return out, keys


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--meetings", type=int, default=10_000)
    ap.add_argument("--councils", type=int, default=500)
    args = ap.parse_args()
    made, keys = rosters(args.meetings, args.councils)
    start = time.perf_counter()
    identity = resolve(made)
    scored = time.perf_counter()
    triples = people_triples(identity, keys, Minter(DEFAULT_BASE))
    done = time.perf_counter()
    linked = sum(x.status == SAME for x in identity.links)
    print(f"{args.meetings:,} meetings, {sum(len(r.sightings) for r in made):,} attendees, "
          f"{len(identity.people):,} person nodes: {len(identity.links):,} pairs ({linked:,} linked), "
          f"scored in {scored - start:.2f} s, {len(triples):,} triples in {done - scored:.2f} s")


if __name__ == "__main__":
    main()
