"""Command line: ``python -m loaders PATH [PATH ...] [--kind KIND] [--dry-run]``.

Each PATH is a file, or a folder meaning every file directly in it (not its subfolders), by name. Works out each
file's kind from its content (``--kind`` forces one), validates it, loads it into ``DATABASE_URL`` (creating and
migrating the database when needed) and prints what it added or changed per table. Files are loaded in
``loaders.report.load_order``: improvement plans, DfE statistics and statistical neighbours (which register the
councils and the measure catalogue) first, then the rest, each file in its own transaction. In a folder, a file
that is not CSV or Excel, or whose kind cannot be recognised, is skipped; a file named on the command line is
refused instead. ``--dry-run`` validates and reports without writing. Exit status 0 when every file attempted
loaded (skipped files do not fail the run), 1 if any was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from improvement.db import get_engine
from loaders.framework.base import FileRefused, Source
from loaders.registry import KINDS
from loaders.report import load_order, options_for, outcome
from loaders.run import load_source, prepare, recognise

LOADABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
NOT_LOADABLE = "not a CSV or Excel file"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help="files to load (CSV or .xlsx), or folders of them (every file in it)"
    )
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
    counts = {"loaded": 0, "unchanged": 0, "refused": 0, "skipped": 0}
    named: list[Source] = []  # named on the command line
    in_folders: list[Source] = []  # found in a folder
    not_loaded: list[str] = []  # printed after the loads: skipped files and missing paths
    for path in arguments.files:
        if path.is_dir():
            for child in sorted((child for child in path.iterdir() if child.is_file()), key=lambda p: p.name):
                source, skipped = _from_folder(child, arguments.kind)
                if source is None:
                    not_loaded.append(f"{child}: SKIPPED: {skipped}")
                    counts["skipped"] += 1
                else:
                    in_folders.append(source)
        elif path.is_file():
            named.append(Source.from_path(path))
        else:
            not_loaded.append(f"{path}: REFUSED: no such file.")
            counts["refused"] += 1

    options = {"authority": arguments.authority, "extract_date": arguments.extract_date}
    options = {name: value for name, value in options.items() if value}
    for source in load_order(named + in_folders, arguments.kind):
        result = load_source(
            engine,
            source,
            arguments.kind,
            dry_run=arguments.dry_run,
            options=options_for(source, arguments.kind, options),
        )
        print(result.summary())
        counts[_counted_as(outcome(result))] += 1
    for line in not_loaded:
        print(line)
    loaded = "would load" if arguments.dry_run else "loaded"
    print(
        f"Files: {counts['loaded']} {loaded}, {counts['unchanged']} unchanged, {counts['refused']} refused, "
        f"{counts['skipped']} skipped."
    )
    if arguments.dry_run:
        print("Dry run: nothing was stored.")
    return 1 if counts["refused"] else 0


def _from_folder(path: Path, kind: str | None) -> tuple[Source | None, str | None]:
    """A file found in a folder, to load; or None and why it is skipped (not CSV or Excel, or of no kind that can
    be recognised: a file named on the command line is refused for that instead)."""
    if path.suffix.lower() not in LOADABLE_SUFFIXES:
        return None, NOT_LOADABLE
    source = Source.from_path(path)
    if kind is None:
        try:
            recognise(source)
        except FileRefused as refused:
            return None, refused.problems[0].message  # what it could not tell, and what to do
    return source, None


def _counted_as(what: str) -> str:
    return {"refused": "refused", "already loaded": "unchanged", "nothing new": "unchanged"}.get(what, "loaded")


if __name__ == "__main__":
    sys.exit(main())
