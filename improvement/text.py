"""Text put into a message or onto a terminal: loaded values echoed without the control characters they may hold.

A file name, a sheet or column name, a cell, or a title stored from an earlier file may hold control characters
(an escape sequence that recolours or clears a terminal, a carriage return that overwrites the line, a backspace)
or Unicode's bidirectional overrides (which reorder what a reader sees). ``printable`` removes them, keeping tabs
and line breaks; every loader message (``loaders.framework.base.Problem``, ``LoadResult.summary``) and every command
line's output goes through it.
"""

from __future__ import annotations

import re

_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional marks, embeddings, overrides and
isolates."""


def printable(text: object) -> str:
    """``text`` as a string without control characters (tabs and line breaks kept)."""
    return _UNPRINTABLE.sub("", str(text))
