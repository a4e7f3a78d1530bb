"""A mutation fuzzer over the real pipeline: seed and layout fixtures as text, HTML and PDF,
mutated byte- and line-wise, read, parsed and built into RDF. A case passes when it gives a
graph or a clear InputError; anything else is a crash. Deterministic for a seed.

    python scripts/fuzz.py --cases 5000 [--seed 1]

Prints cases run, crashes (with the first few inputs saved to --crashes DIR) and the slowest
case. tests/test_fuzz.py runs a bounded number of cases in CI.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted([ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt",
                 *(ROOT / "tests" / "fixtures" / "shared-layouts").glob("*.txt"),
                 *(ROOT / "tests" / "fixtures" / "families").rglob("*.txt")])
NASTY = ["\u0000", "\ufeff", "\u2028", "<!--", "</script>", "【", "（", "(", "○", "◯", "※", "    " * 50,
         "令和元年", "午後一時十三分開議", "議事概要", "出席者:", "【事務局】", "・", "\ufffd", "𠮷", "ｶﾞ", "\r"]


def mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(7)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1 and lines:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2 and lines:
            j = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:j] + rng.choice(NASTY) + lines[i][j:]
        elif op == 3 and lines:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif op == 4:
            rng.shuffle(lines)
        elif op == 5 and lines:
            lines[i] = lines[i] * rng.randint(2, 50)
        else:
            lines = lines[: rng.randrange(len(lines) + 1)]
    return "\n".join(lines)


def as_html(text: str) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    return f"<html><head><meta charset='utf-8'><title>{text[:40]}</title></head><body><main>{body}</main></body></html>".encode()


def as_pdf(rng: random.Random, text: str) -> bytes:
    from pypdf import PdfWriter
    w = PdfWriter()
    w.add_blank_page(612, 792)
    buf = io.BytesIO()
    w.write(buf)
    data = bytearray(buf.getvalue())
    for _ in range(rng.randint(0, 8)):  # flip bytes anywhere
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def one_case(rng: random.Random, folder: Path) -> tuple[str, bytes]:
    base = CORPUS[rng.randrange(len(CORPUS))].read_text(encoding="utf-8")
    text = mutate(rng, base)
    kind = rng.choices(["txt", "html", "pdf", "bytes"], weights=[6, 2, 1, 1])[0]
    if kind == "txt":
        data = text.encode(rng.choice(["utf-8", "utf-8", "cp932", "euc_jp", "utf-16"]), errors="replace")
    elif kind == "html":
        data = as_html(text)
    elif kind == "pdf":
        data = as_pdf(rng, text)
    else:
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 10) if data else 0):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    suffix = {"txt": ".txt", "bytes": ".txt", "html": ".html", "pdf": ".pdf"}[kind]
    return suffix, data


def run(cases: int, seed: int = 1, crashes_dir: Path | None = None) -> dict:
    from kg.errors import KgError
    from kg.parse.councils import load_councils
    from kg.corpus.steps import read_minutes
    from kg.rdf.mapping import build_document
    from kg.rdf.iri import Minter

    rng = random.Random(seed)
    councils, minter = load_councils(), Minter("https://w3id.org/kaigi-kg/id/")
    stats = {"cases": 0, "crashes": 0, "clear_errors": 0, "slowest_s": 0.0, "failures": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(cases):
            suffix, data = one_case(rng, Path(tmp))
            f = Path(tmp) / f"case{suffix}"
            f.write_bytes(data)
            t0 = time.perf_counter()
            try:
                m = read_minutes(f, councils)
                build_document(m, minter)
                for s in m.statements:  # offsets point at the statement's own characters
                    assert m.source.text[s.span.start:s.span.end] == s.text
            except KgError:
                stats["clear_errors"] += 1
            except Exception as exc:  # a crash: what the fuzzer is here to find
                stats["crashes"] += 1
                stats["failures"].append(f"case {n}: {type(exc).__name__}: {exc}"[:200])
                if crashes_dir:
                    crashes_dir.mkdir(parents=True, exist_ok=True)
                    (crashes_dir / f"crash-{n}{suffix}").write_bytes(data)
            stats["slowest_s"] = max(stats["slowest_s"], time.perf_counter() - t0)
            stats["cases"] += 1
    return stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--crashes", type=Path, default=None, help="Folder to save crashing inputs in.")
    args = ap.parse_args()
    t0 = time.perf_counter()
    stats = run(args.cases, args.seed, args.crashes)
    print(f"cases {stats['cases']}, crashes {stats['crashes']}, clear errors {stats['clear_errors']}, "
          f"slowest case {stats['slowest_s']:.2f} s, total {time.perf_counter() - t0:.0f} s")
    for line in stats["failures"][:10]:
        print("  " + line)
    sys.exit(1 if stats["crashes"] else 0)


if __name__ == "__main__":
    main()
