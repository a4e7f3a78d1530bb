"""Decoding: every encoding the Japanese web uses, and clear errors for what is not text."""

import codecs

import pytest

from kg.errors import InputError
from kg.read.source import read_source

SAMPLE = "令和6年度 テスト会議 議事概要\n・デジタル化（ＤＸ）を進める。\n"


@pytest.mark.parametrize("encoded, encoding", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("cp932"), "cp932"),
    (SAMPLE.encode("shift_jis"), "cp932"),
    (codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"), "utf-16"),
    (codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"), "utf-16"),
    (SAMPLE.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
    (SAMPLE.replace("\n", "\r").encode("cp932"), "cp932"),
])
def test_decodes_to_the_same_text(tmp_path, encoded, encoding):
    f = tmp_path / "m.txt"
    f.write_bytes(encoded)
    src = read_source(f)
    assert src.text == SAMPLE
    assert src.encoding == encoding
    assert "\ufeff" not in src.text and "\r" not in src.text


def test_sha256_is_of_the_bytes(tmp_path):
    import hashlib
    f = tmp_path / "m.txt"
    f.write_bytes(SAMPLE.encode("cp932"))
    assert read_source(f).sha256 == hashlib.sha256(SAMPLE.encode("cp932")).hexdigest()


@pytest.mark.parametrize("data, words, line", [
    (b"", "empty file", None),
    (b"  \n\r\n ", "empty file", None),
    (b"line one\nline two\n\x00\x01\x02binary", "binary file", 3),
    ("一行目\n二行目\n".encode("utf-8") + b"\x82\xff\n", "undecodable bytes", 3),
    (b"abc\xa0def", "undecodable bytes", 1),
])
def test_bad_bytes_name_the_file_and_line(tmp_path, data, words, line):
    f = tmp_path / "bad.txt"
    f.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_source(f)
    assert words in str(err.value)
    assert str(f) in str(err.value)
    assert err.value.line == line


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")


def test_fast_normalization_agrees_with_the_cluster_walk():
    """The translate fast path gives the same text and offsets as normalizing each cluster."""
    from pathlib import Path

    from kg.read.normalize import _normalize_clusters, normalize

    root = Path(__file__).resolve().parent
    texts = [p.read_text(encoding="utf-8") for p in sorted(root.glob("fixtures/**/*.txt"))]
    texts += ["ｽﾍﾟｰｽﾊﾟﾄﾛｰﾙ ㈱テスト ①②", "か\u3099き", "Ａ（）：〜 第１回"]
    for text in texts:
        fast, walk = normalize(text), _normalize_clusters(text)
        assert fast.text == walk.text and list(fast.origin) == list(walk.origin)
