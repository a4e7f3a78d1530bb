"""A mutation fuzzer over the real pipeline: seed and layout fixtures as text, HTML and PDF,
mutated byte- and line-wise, and with the inputs that broke it before (statements of a few
hundred thousand characters, HTML nested or left open, names in any Unicode, variation
selectors and unassigned code points included, PDFs naming any filter). Each case is read,
parsed, its mentions extracted, its triples made and written as the build writes them
(N-Triples records, the Turtle of graph.ttl), then parsed back by Oxigraph. A case passes
when it gives a graph that parses back and whose statements point at their own characters,
or a clear InputError; anything else is a crash (or a wrong graph). Deterministic for a seed.

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


# Code points that broke IRI minting or the readers: ideographic variation selectors, other
# selectors, private use, unassigned planes, joiners, bidi controls, noncharacters.
ODD = [0xE0100, 0xE01EF, 0xFE00, 0xFE0F, 0x180B, 0xE000, 0xF8FF, 0xF0000, 0x10FFFD, 0x2FFFF, 0xE0001, 0xE007F,
       0x200D, 0x200B, 0x202E, 0x2066, 0xFFFE, 0xFFFF, 0xFDD0, 0x1F600, 0x0301, 0x3099, 0x85, 0x7F, 0x1B]


def odd_unicode(rng: random.Random, text: str) -> str:
    """Code points from anywhere in Unicode (known troublemakers, and any at random) put into
    names: after the first characters of lines that hold names, titles and councils."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 8)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        cp = rng.choice(ODD) if rng.random() < 0.6 else rng.randrange(0x80, 0x110000)
        if 0xD800 <= cp <= 0xDFFF:
            cp = 0xE0100 + rng.randrange(240)
        j = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:j] + chr(cp) + lines[i][j:]
    return "\n".join(lines)


LONG = [10_000, 60_000]  # characters of a long statement; --long-max raises the top


def long_statement(rng: random.Random, text: str) -> str:
    """One line repeated into a statement of LONG characters."""
    lines = [ln for ln in text.split("\n") if len(ln) > 10] or ["委員から生成AIの活用について発言があった。"]
    line = rng.choice(lines)
    return text + "\n" + line * (rng.randint(*LONG) // len(line) + 1)


HTML_TAGS = ["div", "span", "button", "script", "form", "nav", "svg", "iframe", "table", "td", "p", "b", "section",
             "style", "select", "textarea", "header", "footer", "aside", "noscript", "template"]


def as_nested_html(rng: random.Random, text: str) -> bytes:
    """The text inside <main> with elements nested deep, left open, closed twice, a comment left
    open, and controls and scripts between its lines."""
    out = []
    for line in text.split("\n"):
        r = rng.random()
        if r < 0.1:
            tag = rng.choice(HTML_TAGS)
            out.append(f"<{tag}>{line}" + (f"</{tag}>" if rng.random() < 0.5 else ""))
        elif r < 0.13:
            out.append("</div>" * rng.randint(1, 2000) + f"<p>{line}</p>")
        elif r < 0.15:
            depth = rng.randint(10, 400)
            out.append("<div>" * depth + line + "</div>" * rng.randint(0, depth))
        else:
            out.append(f"<p>{line}</p>")
    tail = rng.choice(["", "<!-- 下書き <p>未公開", "<script>var x = '</main>';", "<main>"])
    return ("<html><head><meta charset='utf-8'><title>会議</title></head><body><nav>メニュー</nav><main>"
            + "".join(out) + tail + "</main><footer>フッター</footer></body></html>").encode("utf-8", "surrogatepass")


PDF_FILTERS = [b"/FlateDecode", b"/ASCIIHexDecode", b"/ASCII85Decode", b"/LZWDecode", b"/RunLengthDecode",
               b"/CCITTFaxDecode", b"/JBIG2Decode", b"/DCTDecode", b"/JPXDecode", b"/Crypt", b"/FooDecode",
               b"[/FlateDecode /FooDecode]", b"[]", b"42", b"/"]


def pdf_with_filter(rng: random.Random, text: str) -> bytes:
    """A one-page PDF whose content stream names a filter, known or not."""
    words = " ".join(text.split()[:20]).encode("ascii", "replace").replace(b"(", b"").replace(b")", b"")
    return one_page_pdf(words, rng.choice(PDF_FILTERS))


def one_page_pdf(words: bytes, filter_name: bytes) -> bytes:
    """A one-page PDF showing ``words``, its content stream naming ``filter_name``."""
    content = b"BT /F1 12 Tf 72 712 Td (" + words + b") Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filter_name) + content
            + b"\nendstream", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)


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


def one_case(rng: random.Random, folder: Path) -> tuple[str, bytes, str]:
    base = CORPUS[rng.randrange(len(CORPUS))].read_text(encoding="utf-8")
    text = mutate(rng, base)
    kind = rng.choices(["txt", "html", "pdf", "bytes", "unicode", "long", "nested", "filter"],
                       weights=[6, 2, 1, 1, 3, 1, 2, 1])[0]
    if kind == "txt":
        data = text.encode(rng.choice(["utf-8", "utf-8", "cp932", "euc_jp", "utf-16"]), errors="replace")
    elif kind == "html":
        data = as_html(text)
    elif kind == "pdf":
        data = as_pdf(rng, text)
    elif kind == "unicode":
        data = odd_unicode(rng, base if rng.random() < 0.5 else text).encode("utf-8")
    elif kind == "long":
        data = long_statement(rng, base).encode("utf-8")
    elif kind == "nested":
        data = as_nested_html(rng, text)
    elif kind == "filter":
        data = pdf_with_filter(rng, text)
    else:
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 10) if data else 0):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    suffix = {"txt": ".txt", "bytes": ".txt", "html": ".html", "pdf": ".pdf", "unicode": ".txt", "long": ".txt",
              "nested": ".html", "filter": ".pdf"}[kind]
    return suffix, data, kind


def written_back(triples, minter, minutes, key: str) -> None:
    """Write the triples as the build does (N-Triples records, the Turtle piece of graph.ttl)
    and parse both back with Oxigraph: an IRI or literal a writer let through and a reader
    refuses is a wrong graph."""
    import pyoxigraph as ox

    from kg.corpus.documents import COUNTED
    from kg.rdf.pieces import document_parts
    from kg.rdf.records import nt_line, records
    from kg.rdf.write import prefix_header

    recs = records(triples)
    nt = ("\n".join(nt_line(r) for r in recs) + "\n").encode("utf-8")
    back = list(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    assert len(back) == len(recs), f"{len(recs)} records, {len(back)} triples parsed back"
    parts = document_parts(recs, str(minter.source(minutes.series, key)), str(minter.meeting(minutes.series, key)),
                           COUNTED)
    list(ox.parse(prefix_header("ttl") + parts.ttl, format=ox.RdfFormat.TURTLE))
    list(ox.parse(prefix_header("trig") + parts.trig, format=ox.RdfFormat.TRIG))


def run(cases: int, seed: int = 1, crashes_dir: Path | None = None) -> dict:
    from kg.corpus.steps import document_triples, learned_names, mention_extractor, read_minutes
    from kg.errors import KgError
    from kg.parse.councils import load_councils
    from kg.rdf.iri import Minter
    from kg.rdf.mapping import meeting_key

    rng = random.Random(seed)
    councils, minter = load_councils(), Minter("https://w3id.org/kaigi-kg/id/")
    extractor = mention_extractor()
    stats = {"cases": 0, "crashes": 0, "clear_errors": 0, "slowest_s": 0.0, "slowest_case": None, "failures": [],
             "kinds": {}}  # kind -> [cases, seconds in all, slowest seconds, its case, its triples]
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(cases):
            suffix, data, kind = one_case(rng, Path(tmp))
            triples = ()
            f = Path(tmp) / f"case{suffix}"
            f.write_bytes(data)
            t0 = time.perf_counter()
            try:
                m = read_minutes(f, councils)
                for s in m.statements:  # offsets point at the statement's own characters
                    assert m.source.text[s.span.start:s.span.end] == s.text
                with extractor.isolated():  # this case's learned names stay with it
                    extractor.adopt(learned_names(extractor, m))
                    key = meeting_key(m)
                    triples = document_triples(extractor, m, key, minter)
                written_back(triples, minter, m, key)
            except KgError:
                stats["clear_errors"] += 1
            except Exception as exc:  # a crash or a wrong graph: what the fuzzer is here to find
                stats["crashes"] += 1
                stats["failures"].append(f"case {n}: {type(exc).__name__}: {exc}"[:200])
                if crashes_dir:
                    crashes_dir.mkdir(parents=True, exist_ok=True)
                    (crashes_dir / f"crash-{n}{suffix}").write_bytes(data)
            took = time.perf_counter() - t0
            if took > stats["slowest_s"]:
                stats["slowest_s"], stats["slowest_case"] = took, n
            mine = stats["kinds"].setdefault(kind, [0, 0.0, 0.0, None, 0])
            mine[0] += 1
            mine[1] += took
            if took > mine[2]:
                mine[2:] = [took, n, len(triples)]
            stats["cases"] += 1
    return stats


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--crashes", type=Path, default=None, help="Folder to save crashing inputs in.")
    ap.add_argument("--long-max", type=int, default=LONG[1], help="Characters of the longest long statement.")
    args = ap.parse_args()
    LONG[:] = [min(LONG[0], args.long_max), args.long_max]
    t0 = time.perf_counter()
    stats = run(args.cases, args.seed, args.crashes)
    print(f"cases {stats['cases']}, crashes {stats['crashes']}, clear errors {stats['clear_errors']}, "
          f"slowest case {stats['slowest_s']:.2f} s (case {stats['slowest_case']}), "
          f"total {time.perf_counter() - t0:.0f} s")
    for kind, (cases, seconds, slowest, case, triples) in sorted(stats["kinds"].items()):
        print(f"  {kind:<8} {cases:6} cases, mean {seconds / cases:5.2f} s, slowest {slowest:5.2f} s "
              f"(case {case}, {triples:,} triples)")
    for line in stats["failures"][:10]:
        print("  " + line)
    sys.exit(1 if stats["crashes"] else 0)


if __name__ == "__main__":
    main()
