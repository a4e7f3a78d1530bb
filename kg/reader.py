"""Read a source file into text: decode, drop the BOM, normalize line endings.

The decoded, LF-only text is what every offset in the graph points into, so it is kept
as is; matching may normalize further, offsets never do.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

# Byte-order marks we accept, longest first so UTF-32 is not mistaken for UTF-16.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class SourceText:
    """A decoded source document."""

    path: Path
    text: str  # decoded, BOM removed, line endings "\n"
    encoding: str
    sha256: str  # of the file's bytes, so a reuser can check the original download

    @property
    def name(self) -> str:
        return self.path.name

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset, for messages."""
        return self.text.count("\n", 0, offset) + 1


def _line_of_byte(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError naming what is wrong."""
    if not data.strip():
        raise InputError("empty file: nothing to read", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {encoding} byte-order mark but byte {exc.start} does not decode",
                    path=path,
                ) from None
    if b"\x00" in data:
        raise InputError(
            "binary file (NUL bytes and no UTF-16 byte-order mark): not a text summary",
            path=path,
            line=_line_of_byte(data, data.index(b"\x00")),
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp932")
            # Python maps the stray single bytes A0, FD–FF to U+F8F0–F8F3: not real Shift_JIS.
            if not any("\uf8f0" <= ch <= "\uf8f3" for ch in text):
                return text, "cp932"
        except UnicodeDecodeError:
            pass
        raise InputError(
            f"undecodable bytes at byte {utf8_error.start}: neither UTF-8 nor Shift_JIS/CP932",
            path=path,
            line=_line_of_byte(data, utf8_error.start),
        ) from None


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: str | Path) -> SourceText:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    text, encoding = decode(data, path)
    return SourceText(
        path=path,
        text=normalize_newlines(text),
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
    )
