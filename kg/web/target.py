"""Raw UTF-8 in a request target, as curl sends `…?speaker=今泉`: HTTP/1.1 allows only ASCII
there, and h11 (uvicorn's parser) refuses the request. Percent-encoding those bytes is what the
client should have done; the decoded URL is the same. Only a request line at the start of a
fresh request is touched, never a body."""

from __future__ import annotations

import re

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

_REQUEST_LINE = re.compile(rb"^([A-Z]{1,10} )([^ \r\n]{1,16384})( HTTP/1\.[01]\r?\n)")


def encode_target(data: bytes) -> bytes:
    m = _REQUEST_LINE.match(data)
    if not m or m.group(2).isascii():
        return data
    target = b"".join(b"%%%02X" % b if b >= 0x80 else bytes([b]) for b in m.group(2))
    return m.group(1) + target + m.group(3) + data[m.end():]


class Utf8TargetH11Protocol(H11Protocol):
    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
            data = encode_target(data)
        super().data_received(data)
