"""Every kind of file the dashboard loads. A new kind is a ``LoaderKind`` in its own module plus one line here.

Order matters only for recognising a file by its content: the first kind that recognises it wins, so more
specific kinds come first.
"""

from __future__ import annotations

from loaders.base import LoaderKind

KINDS: list[LoaderKind] = []


def kind_named(name: str) -> LoaderKind:
    for kind in KINDS:
        if kind.kind == name:
            return kind
    raise KeyError(f"unknown kind {name!r}: expected one of {', '.join(k.kind for k in KINDS)}")
