"""Where a person's name ends and a unit or post begins, by Japanese morphology.

Names, units and posts run together with no space (高松デジタル改革推進局長, 財政課長酒井陽子).
SudachiPy with its core dictionary knows which words are family and given names (人名,姓 /
人名,名) and which are place names that are also common family names (高松, 平田), so a
three-character family name (長谷川, 佐久間) is no longer cut to two. The tokenizer is made
on first use, never at import.
"""

from __future__ import annotations

import re
from functools import lru_cache

# 﨑 (U+FA11) is a compatibility kanji; ノ and ヶ sit inside family names (上ノ山, 一ノ瀬, 八ヶ代)
KANJI_NAME = re.compile(r"[\u3400-\u9fff\uf900-\ufaff々〆](?:[\u3400-\u9fff\uf900-\ufaff々〆ヶノ]{0,2}[\u3400-\u9fff\uf900-\ufaff々〆])?")
GIVEN_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヶー]{1,5}")


@lru_cache(maxsize=1)
def tokenizer():
    from sudachipy import Dictionary, SplitMode

    return Dictionary(dict="core").tokenizer(mode=SplitMode.C)


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(surface, part of speech) of each morpheme."""
    return tuple((m.surface(), tuple(m.part_of_speech()[:4])) for m in tokenizer().tokenize(text))


def _is_name_token(pos: tuple[str, ...]) -> bool:
    return pos[1] == "固有名詞" and pos[2] in ("人名", "地名")


def family_name_prefix(text: str) -> str | None:
    """The family name a text starts with when a unit or post follows it: 原口デジタル戦略課長
    → 原口, 関健康福祉部長 → 関, 勝次長 → 勝; None for a unit or post alone (総合政策部長)."""
    toks = tokens(text)
    if len(toks) < 2:
        return None
    surface, pos = toks[0]
    if not KANJI_NAME.fullmatch(surface):
        return None
    if (_is_name_token(pos) or pos[1] == "固有名詞" and len(surface) <= 3) and len(surface) <= 4:
        # A place name right before a unit word is part of the unit (大阪 + 事務所長).
        if pos[2] == "地名" and _starts_unit(text[len(surface):]):
            return None
        return surface
    # A one-kanji common noun standing alone before a unit or post is a family name (関, 勝):
    # unit names open with words of two or more characters (健康福祉部, 総務部).
    if len(surface) == 1 and pos[0] == "名詞" and pos[1] != "固有名詞" and toks[1][1][0] == "名詞":
        return surface
    return None


def _starts_unit(text: str) -> bool:
    from kg.parse.rules import rules

    return any(text.startswith(w) for w in (*rules().unit_words, "県", "市", "町", "村"))


def split_person_name(text: str) -> tuple[str, str | None] | None:
    """(family, given) of a person's name, or None when the text is not one.

    Accepts 山田 太郎, 山田太郎, 石橋亮 and a family name alone; a space decides the split
    when there is one, else the dictionary (五十嵐茂 → 五十嵐 + 茂)."""
    parts = text.split()
    if len(parts) == 2:
        if KANJI_NAME.fullmatch(parts[0]) and GIVEN_NAME.fullmatch(parts[1]):
            return parts[0], parts[1]
        return None
    if len(parts) != 1 or not re.fullmatch(r"[\u3400-\u9fff\uf900-\ufaff々〆ヶ\u3040-\u30ffー]{1,8}", text):
        return None
    toks = tokens(text)
    if not toks or not KANJI_NAME.fullmatch(toks[0][0]):
        return None
    if len(toks) == 1:
        return (text, None) if _is_name_token(toks[0][1]) else None
    family, given = toks[0][0], text[len(toks[0][0]):]
    rest_are_names = all(p[2] == "人名" or p[1] == "固有名詞" for _, p in toks[1:])
    # The given name: name tokens, or one or two characters that are no common noun (unknown
    # given names split into pieces); 高橋総務 is a name and a unit word.
    short_unknown = len(given) <= 2 and not any(p[1] == "普通名詞" or p[0] != "名詞" for _, p in toks[1:])
    if (toks[0][1][2] == "人名" or _is_name_token(toks[0][1])) and (rest_are_names or short_unknown):
        return family, given
    if len(text) <= 5 and all(p[1] == "固有名詞" for _, p in toks) and any(p[2] == "人名" for _, p in toks):
        return family, given
    return None


def split_name_run(text: str) -> list[tuple[int, int]]:
    """Full names written without a separator (a letter-spaced row read together:
    青柳雅人丸山容子 → 青柳雅人, 丸山容子): the (start, end) of each, when the dictionary reads
    the run as family name, given name, family name, given name …; [] otherwise."""
    if len(text) < 4 or not re.fullmatch(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヶー]{4,40}", text):
        return []
    spans: list[list[int]] = []  # [start, end, tokens]
    pos = 0
    for surface, pos_tags in tokens(text):
        kind = pos_tags[3] if pos_tags[2] == "人名" else None
        if kind == "姓" and (not spans or spans[-1][2] > 1):
            spans.append([pos, pos + len(surface), 1])
        elif spans and (kind in ("名", "姓") or pos_tags[1] == "固有名詞" or len(surface) <= 2 and pos_tags[0] == "名詞"):
            spans[-1][1:] = [pos + len(surface), spans[-1][2] + 1]
        else:
            return []
        pos += len(surface)
    # each person a family name and at least one more piece: 高橋真弓 (真弓 is a family name too) is one
    if len(spans) < 2 or any(n < 2 for _, _, n in spans):
        return []
    return [(s, e) for s, e, _ in spans]
