"""Neutralising model text for places that would otherwise interpret it.

Model strings may hold anything: control characters, terminal escape sequences, right-to-left
overrides. :func:`terminal_safe` makes them visible instead of letting them act on a terminal.

>>> terminal_safe("ok\\x1b[2Jwiped")
'ok\\\\x1b[2Jwiped'
>>> terminal_safe("abc\\u202edef")
'abc\\\\u202edef'
"""
from __future__ import annotations

import re

__all__ = ["terminal_safe"]

_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _escape(match: re.Match) -> str:
    ch = match.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Replace control characters and bidirectional overrides with visible escapes."""
    if not isinstance(text, str):
        text = str(text)
    return _BAD.sub(_escape, text)
