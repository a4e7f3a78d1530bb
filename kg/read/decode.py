"""Bytes to text, among the encodings Japanese government sites use: UTF-8, Shift_JIS/CP932,
EUC-JP, ISO-2022-JP, and UTF-16/32 with a byte-order mark. Text whose decoding leaves control
or replacement characters is refused, naming the file, the line and the encoding tried."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a summary is kilobytes; a 20 MB text is not one
# Longest first, so that UTF-32 LE (FF FE 00 00) is not read as UTF-16 LE (FF FE).
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_ISO2022 = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D")
_SINGLE_BYTE = {"iso-8859-1", "latin-1", "latin1", "ascii", "us-ascii", "windows-1252", "cp1252", "iso8859-1"}
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\uf8f0-\uf8f3]")  # F8F0–F3: stray CP932 single bytes
_UTF7_RUN = re.compile(r"\+[A-Za-z0-9+/]{3,}-")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _checked(text: str, encoding: str, path: Path) -> tuple[str, str]:
    if m := _BAD_CHAR.search(text):
        raise InputError(f"decoding as {encoding} leaves a control or replacement character "
                         f"(U+{ord(m.group()):04X}): not text, or not in that encoding", path=path,
                         line=_line(text, m.start()))
    return text, encoding


def _strict(data: bytes, encoding: str) -> str | UnicodeDecodeError:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc
    except LookupError:
        return UnicodeDecodeError(encoding, b"", 0, 1, "unknown encoding")


def decode(data: bytes, path: Path, hint: str | None = None) -> tuple[str, str]:
    """(text, encoding) of a file's bytes; ``hint`` is a charset the file declares (an HTML
    meta tag), checked against the bytes rather than trusted."""
    if not data.strip():
        raise InputError("empty file: nothing to read", path=path)
    if len(data) > MAX_BYTES:
        raise InputError(f"too large for a meeting summary: {len(data) / 1e6:.0f} MB "
                         f"(the limit is {MAX_BYTES // 2**20} MB)", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if isinstance(text, UnicodeDecodeError):
                raise InputError(f"starts with a {encoding} byte-order mark but byte {text.start} does not "
                                 "decode", path=path) from None
            return _checked(text.lstrip("\ufeff"), encoding, path)
    if any(seq in data for seq in _ISO2022):
        text = _strict(data, "iso2022_jp")
        if isinstance(text, str):
            return _checked(text, "iso-2022-jp", path)
    if b"\x00" in data:
        raise InputError("binary file (NUL bytes and no byte-order mark): not a text summary", path=path,
                         line=data.count(b"\n", 0, data.index(b"\x00")) + 1)
    utf8 = _strict(data, "utf-8")
    hint = (hint or "").lower().replace("_", "-")
    if hint in ("shift-jis", "sjis", "x-sjis", "windows-31j", "ms932"):
        hint = "cp932"  # pages labelled Shift_JIS use Microsoft's extension (①, ㈱, 髙)
    if isinstance(utf8, str):
        if data.isascii() and len(_UTF7_RUN.findall(utf8)) >= 2 and not isinstance(_strict(data, "utf-7"), Exception) \
                and not data.decode("utf-7").isascii():
            raise InputError("looks like UTF-7, which is not read: save the file as UTF-8", path=path)
        if not hint or hint in _SINGLE_BYTE or hint.replace("_", "-") in ("utf-8", "utf8"):
            return _checked(utf8, "utf-8", path)  # valid UTF-8 beats a single-byte meta claim
    if hint and hint not in _SINGLE_BYTE:
        hinted = _strict(data, hint)
        if isinstance(hinted, str) and not _BAD_CHAR.search(hinted):
            return hinted, hint
    return _japanese_legacy(data, path, utf8)


def _no_utf8_lines(data: bytes, encoding: str, path: Path) -> None:
    """A line of Japanese that is valid UTF-8 inside a CP932 or EUC-JP file was pasted in from
    elsewhere; read as the file's encoding it would be mojibake."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        if sum(b > 127 for b in line) >= 6 and isinstance(_strict(line, "utf-8"), str):
            raise InputError(f"mixed encodings: this line is UTF-8 while the file is {encoding}; "
                             "save the whole file in one encoding", path=path, line=number)


def _japanese_legacy(data: bytes, path: Path, utf8) -> tuple[str, str]:
    """CP932 or EUC-JP: the one that decodes; charset-normalizer decides when both do."""
    tried = {enc: _strict(data, codec) for enc, codec in (("cp932", "cp932"), ("euc-jp", "euc_jp"))}
    good = {enc: text for enc, text in tried.items() if isinstance(text, str) and not _BAD_CHAR.search(text)}
    if len(good) == 2:
        from charset_normalizer import from_bytes
        best = from_bytes(data, cp_isolation=["cp932", "euc_jp"]).best()
        pick = "euc-jp" if best is not None and best.encoding == "euc_jp" else "cp932"
        return good[pick], pick
    if good:
        enc, text = next(iter(good.items()))
        _no_utf8_lines(data, enc, path)
        return text, enc
    if isinstance(utf8, str):
        return _checked(utf8, "utf-8", path)
    # Name the line where the likeliest encoding broke: the one that read furthest.
    errors = {"utf-8": utf8, **{k: v for k, v in tried.items() if isinstance(v, UnicodeDecodeError)}}
    enc, err = max(errors.items(), key=lambda kv: kv[1].start)
    raise InputError(f"undecodable bytes: not UTF-8, Shift_JIS/CP932 or EUC-JP (read as {enc}, byte {err.start} "
                     "breaks)", path=path, line=data.count(b"\n", 0, err.start) + 1)
