"""Neutralising model text for places that would otherwise interpret it.

Model strings may hold anything: control characters, terminal escape sequences, right-to-left
overrides. :func:`terminal_safe` makes them visible instead of letting them act on a terminal.

>>> terminal_safe("ok\\x1b[2Jwiped")
'ok\\\\x1b[2Jwiped'
>>> terminal_safe("abc\\u202edef")
'abc\\\\u202edef'
"""
from __future__ import annotations

import os
import re

__all__ = ["terminal_safe", "shown_path"]

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


def shown_path(path) -> str:
    """How an output names a file the user gave, without the machine's folders: as given when
    relative; relative to the current folder when absolute and inside it; else the file name.

    >>> shown_path("models/a.yaml"), shown_path(os.path.join(os.getcwd(), "m", "a.yaml")), shown_path("/srv/x/a.yaml")
    ('models/a.yaml', 'm/a.yaml', 'a.yaml')
    """
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    rel = os.path.relpath(text, os.getcwd())
    return os.path.basename(text.rstrip(os.sep)) or text if rel == os.pardir or rel.startswith(os.pardir + os.sep) else rel
