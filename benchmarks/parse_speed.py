"""How long the parser takes on one summary: the seed, and every fixture of tests/fixtures, each
parsed from text already decoded, with the morphology and speaker caches emptied before every
parse (a summary of a large corpus meets names no earlier summary had). Prints figures and asserts
nothing.

    python benchmarks/parse_speed.py [--rounds 7] [--repeat 50]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.errors import KgError
from kg.parse import names, speakers
from kg.parse.document import parse
from kg.read.source import read_source

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"


def per_parse_ms(path: Path, rounds: int, repeat: int) -> list[float]:
    source = read_source(path)
    parse(source)  # the dictionary loads once a process
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeat):
            names.tokens.cache_clear()
            speakers.parse_speaker.cache_clear()
            parse(source)
        times.append((time.perf_counter() - start) / repeat * 1000)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    seed = per_parse_ms(SEED, args.rounds, args.repeat)
    print(f"seed ({SEED.stat().st_size:,} bytes): median {statistics.median(seed):.2f} ms a parse "
          f"(min {min(seed):.2f}, max {max(seed):.2f})")
    fixtures = sorted(p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix in (".txt", ".html"))
    medians = []
    for path in fixtures:
        try:
            medians.append((statistics.median(per_parse_ms(path, 3, 5)), path))
        except KgError:  # a fixture that is meant not to parse
            continue
    values = [m for m, _ in medians]
    slowest = max(medians)
    print(f"{len(values)} fixtures: median {statistics.median(values):.2f} ms, slowest {slowest[0]:.2f} ms "
          f"({slowest[1].relative_to(ROOT)})")


if __name__ == "__main__":
    main()
