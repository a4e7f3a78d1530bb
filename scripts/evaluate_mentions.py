"""Print precision and recall of mention extraction on the seed against tests/gold.

    python scripts/evaluate_mentions.py
"""

from pathlib import Path

from kg.extract.evaluate import found_pairs, read_gold, score
from kg.extract.gazetteer import load_gazetteer
from kg.extract.mentions import Extractor
from kg.extract.themes import load_theme_graph, themes_from
from kg.parse.document import parse
from kg.pipeline import extract_mentions
from kg.read.source import read_source

ROOT = Path(__file__).resolve().parent.parent


def seed_mentions():
    minutes = parse(read_source(ROOT / "data" / "minutes" / "000_7cf11bceae6176a5.txt"))
    themes = themes_from(load_theme_graph())
    extractor = Extractor(load_gazetteer(theme_keys={t.key for t in themes}), themes)
    return extract_mentions(extractor, [minutes])[0]


def main():
    found = found_pairs(seed_mentions())
    gold = read_gold(ROOT / "tests" / "gold" / "seed_mentions.tsv")
    print(f"{'kind':<8}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}")
    for s in score(found, gold):
        print(f"{s.kind:<8}{s.precision:>10.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
              f"{s.true_positives:>5}{s.false_positives:>5}{s.false_negatives:>5}")
    for label, pairs in (("false positives", found - gold), ("false negatives", gold - found)):
        print(f"{label}: " + (", ".join(f"{n}:{t}" for n, _, t in sorted(pairs)) or "none"))


if __name__ == "__main__":
    main()
