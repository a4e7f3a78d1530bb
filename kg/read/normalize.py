"""Normalization of Japanese text for matching, with a map back to the original offsets.

Matching runs on NFKC text (full-width digits and brackets become ASCII, half-width kana
become full-width); evidence offsets must point into the original, so ``Normalized`` keeps,
for every normalized character, the offset of the original character it came from.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Characters NFKC leaves alone that Japanese documents use interchangeably with ASCII ones.
_EXTRA = str.maketrans({"〜": "~", "−": "-", "‐": "-", "―": "-", "－": "-", "：": ":",
                        # box-drawing (U+2500–U+257F): a table drawn in text is its cells and spaces
                        **{chr(c): " " for c in range(0x2500, 0x2580)}})


@dataclass(frozen=True)
class Normalized:
    text: str
    origin: Sequence[int]  # origin[i] = offset in the original of normalized char i; len+1 entries

    def original_span(self, start: int, end: int, base: int = 0) -> tuple[int, int]:
        """Map a normalized [start, end) back to original offsets (plus ``base``)."""
        return base + self.origin[start], base + self.origin[end]


def _clusters(text: str):
    """Yield (offset, chunk): a base character with the combining marks that follow it."""
    i = 0
    while i < len(text):
        j = i + 1
        # Dakuten and handakuten, full- and half-width (ﾍﾟ is one ペ after NFKC).
        while j < len(text) and (unicodedata.combining(text[j]) or text[j] in "\u3099\u309a\uff9e\uff9f"):
            j += 1
        yield i, text[i:j]
        i = j


_SOUND_MARKS = frozenset("\u3099\u309a\uff9e\uff9f")


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch).translate(_EXTRA)


@lru_cache(maxsize=4096)  # a statement is matched for names, then people, in one process
def normalize(text: str) -> Normalized:
    """NFKC text and the map back to the original. Most texts change only characters that map
    one to one (（ → (, ： → :), and no mark combines with the one before: then str.translate
    does it at C speed with an identity offset map; otherwise each cluster is normalized."""
    chars = set(text)
    table = {ch: _char(ch) for ch in chars}
    if all(len(v) == 1 for v in table.values()) and not any(
            unicodedata.combining(ch) or ch in _SOUND_MARKS for ch in chars):
        return Normalized(text.translate({ord(k): v for k, v in table.items() if k != v}), range(len(text) + 1))
    return _normalize_clusters(text)


def _normalize_clusters(text: str) -> Normalized:
    out: list[str] = []
    origin: list[int] = []
    for offset, chunk in _clusters(text):
        norm = unicodedata.normalize("NFKC", chunk).translate(_EXTRA)
        out.append(norm)
        origin.extend([offset] * len(norm))
    origin.append(len(text))
    return Normalized("".join(out), tuple(origin))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_EXTRA)


def search_form(text: str) -> str:
    """What search compares, on the texts and on the words asked for alike: NFKC (ＤＸ is DX,
    ｽﾍﾟｰｽ is スペース) and lower case, as SPARQL's LCASE makes it."""
    return nfkc(text).lower()
