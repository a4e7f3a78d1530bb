"""Benchmark: `kg site` on a synthetic corpus (benchmarks/generate.py).

    python benchmarks/site.py --meetings 1000 [--keep DIR]

Generates N summaries, builds them (`kg build`), then times `kg site` writing every resource's
page and Turtle, and prints pages, files, size, wall and CPU time and peak memory. Asserts
nothing.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--meetings", type=int, default=1000)
    ap.add_argument("--keep", type=Path, help="Build and site into this folder (default: a temporary one).")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--meetings", str(args.meetings),
                        "--seed", "1", "-o", str(work / "in")], check=True, capture_output=True)
        subprocess.run([sys.executable, "-m", "kg", "build", str(work / "in"), "-o", str(work / "out")],
                       check=True, capture_output=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "site", "--graph", str(work / "out"), "-o", str(work / "site")],
                       check=True)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        files = [p for p in (work / "site").rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files)
        pages = sum(1 for p in files if p.suffix == ".html" and p.parts[-2] not in ("types",))
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(f"{args.meetings} meetings: kg site {wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"peak {after.ru_maxrss / 1024:.0f} MB; {pages:,} pages, {len(files):,} files, {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
