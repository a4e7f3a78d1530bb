"""Print precision and recall of mention extraction against the hand-written gold in tests/gold:
the seed (entities and themes), the layout and policy-field fixtures (themes: coverage, then
per field and per narrow theme) and people named in statements.

    python scripts/evaluate_mentions.py
"""

from __future__ import annotations

from pathlib import Path

from kg.extract.evaluate import coverage, found_pairs, read_gold, score, score_by_target
from kg.extract.people import person_name
from kg.extract.themes import load_theme_graph, themes_from
from kg.corpus.steps import extract_mentions, mention_extractor
from kg.parse.document import parse
from kg.read.source import read_source

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SEED = ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"
# Where each gold file of tests/gold/themes and tests/gold/people finds its summary.
FIXTURES = [ROOT / "tests" / "fixtures" / d for d in ("shared-layouts", "fields", "families")]


def fixture_of(gold: Path) -> Path:
    return next(f / (gold.stem + ".txt") for f in FIXTURES if (f / (gold.stem + ".txt")).is_file())


def pairs_of(path: Path) -> tuple[set, int]:
    """(found pairs, number of statements) of one summary, people by name."""
    minutes = parse(read_source(path))
    mentions = extract_mentions(mention_extractor(), [minutes])[0]
    pairs = {(m.statement, m.kind, person_name(minutes, m.key) if m.kind == "person" else m.key)
             for m in mentions}
    return pairs, len(minutes.statements)


def seed_mentions():
    minutes = parse(read_source(SEED))
    return extract_mentions(mention_extractor(), [minutes])[0]


def pooled(folder: str, kind: str) -> tuple[set, set, int]:
    """Found and gold pairs of every gold file in tests/gold/FOLDER, told apart by file."""
    found, gold, statements = set(), set(), 0
    for g in sorted((GOLD / folder).glob("*.tsv")):
        pairs, n = pairs_of(fixture_of(g))
        found |= {(g.stem, *p) for p in pairs if p[1] == kind}
        gold |= {(g.stem, *p) for p in read_gold(g)}
        statements += n
    return found, gold, statements


def _flat(pairs: set) -> set:
    """(file, statement, kind, target) → (file#statement, kind, target) for the scorers."""
    return {(f"{p[0]}#{p[1]}", p[2], p[3]) for p in pairs}


def _table(rows, first="kind") -> None:
    print(f"{first:<30}{'precision':>10}{'recall':>8}{'TP':>5}{'FP':>5}{'FN':>5}")
    for s in rows:
        print(f"{s.kind:<30}{s.precision:>10.3f}{s.recall:>8.3f}{s.true_positives:>5}"
              f"{s.false_positives:>5}{s.false_negatives:>5}")


def main():
    found = found_pairs(seed_mentions())
    found = {p for p in found if p[1] != "person"}
    gold = read_gold(GOLD / "seed_mentions.tsv")
    print("== the seed")
    _table(score(found, gold))
    for label, pairs in (("false positives", found - gold), ("false negatives", gold - found)):
        print(f"{label}: " + (", ".join(f"{n}:{t}" for n, _, t in sorted(pairs)) or "none"))

    found, gold, statements = pooled("themes", "theme")
    f, g = _flat(found), _flat(gold)
    print(f"\n== themes on {len({p[0] for p in gold})} layout and policy-field fixtures, {statements} statements")
    print(f"statements with a theme: {coverage(statements, f):.0%}")
    themes = {t.key: t for t in themes_from(load_theme_graph())}
    fields = [s for s in score_by_target(f, g, "theme") if themes.get(s.kind) and themes[s.kind].top]
    narrow = [s for s in score_by_target(f, g, "theme") if s not in fields]
    _table(score(f, g, ("theme",)))
    print("\nper field")
    _table(fields, "field")
    print("\nper narrow theme")
    _table(narrow, "theme")

    found, gold, _ = pooled("people", "person")
    print("\n== people named in statements")
    _table(score(_flat(found), _flat(gold), ("person",)))
    for label, pairs in (("false positives", found - gold), ("false negatives", gold - found)):
        print(f"{label}: " + (", ".join(f"{p[0]}#{p[1]}:{p[3]}" for p in sorted(pairs)) or "none"))


if __name__ == "__main__":
    main()
