"""Command line: ``python -m loaders FILE [FILE ...] [--kind KIND] [--dry-run]``.

Works out each file's kind from its content (``--kind`` forces one), validates it, loads it into
``DATABASE_URL`` (creating and migrating the database when needed) and prints what it added or changed per table.
``--dry-run`` validates and reports without writing. Exit status 0 when every file loaded, 1 if any was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from improvement.db import get_engine
from loaders.base import Source
from loaders.kinds import KINDS
from loaders.run import load_source, prepare


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="files to load (CSV or .xlsx)")
    parser.add_argument("--kind", choices=[kind.kind for kind in KINDS], help="treat every file as this kind")
    parser.add_argument("--dry-run", action="store_true", help="validate and report, store nothing")
    parser.add_argument("--list-kinds", action="store_true", help="list the kinds of file and exit")
    parser.add_argument("--authority", help="Annex A: the authority's LA code (E08000014 or 343)")
    parser.add_argument("--extract-date", help="Annex A: the date the lists were extracted (2023-03-31)")
    arguments = parser.parse_args(argv)

    if arguments.list_kinds or not arguments.files:
        for kind in KINDS:
            names = ", ".join(f"data/templates/{name}" for name in kind.templates())
            print(f"{kind.kind:<26} {kind.title}" + (f"  (templates: {names})" if names else ""))
        return 0 if arguments.list_kinds else 2

    engine = get_engine()
    prepare(engine)
    refused = 0
    for path in arguments.files:
        if not path.is_file():
            print(f"{path}: REFUSED: no such file.")
            refused += 1
            continue
        options = {"authority": arguments.authority, "extract_date": arguments.extract_date}
        options = {name: value for name, value in options.items() if value}
        result = load_source(
            engine, Source.from_path(path), arguments.kind, dry_run=arguments.dry_run, options=options or None
        )
        print(result.summary())
        refused += not result.ok
    if arguments.dry_run:
        print("Dry run: nothing was stored.")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
