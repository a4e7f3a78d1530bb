"""Data embedded in HTML pages (views, report, query page) as a JSON script block."""

from __future__ import annotations

import json

# Inside <script>, "</script>", "<!--" and a stray "-->" end or bend the element; U+2028/2029
# end lines in older JavaScript. As \\uXXXX escapes they are plain characters of a JSON string.
_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                          "\u2029": "\\u2029"})


def script_json(value, **dumps) -> str:
    """JSON that can be pasted between <script> tags whatever its strings hold."""
    text = json.dumps(value, ensure_ascii=False, **dumps)
    return text.translate(_ESCAPES)  # in C: a report is tens of millions of characters
