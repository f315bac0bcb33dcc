"""``python -m loaders.templates``: rewrite the blank templates in data/templates/ from every registered kind.

The templates come from the same ``TableSpec``s the loaders validate against (``loaders.framework.templates``);
tests/loaders/test_templates.py fails if a committed template differs from what the specs produce, so templates
and validation cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

from improvement.settings import DATA_DIR
from loaders.registry import KINDS

TEMPLATES_DIR = DATA_DIR / "templates"


def all_templates() -> dict[str, bytes]:
    """File name -> bytes for every kind that has a template."""
    templates: dict[str, bytes] = {}
    for kind in KINDS:
        templates.update(kind.templates())
    return templates


def write_all(directory: Path = TEMPLATES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in all_templates().items():
        path = directory / name
        path.write_bytes(content)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(f"wrote {path}")
