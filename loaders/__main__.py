"""Command line: ``python -m loaders PATH [PATH ...] [--kind KIND] [--dry-run]``.

Each PATH is a file, or a folder meaning every file directly in it (not its subfolders), by name. Works out each
file's kind from its content (``--kind`` forces one), validates it, loads it into ``DATABASE_URL`` (creating and
migrating the database when needed) and prints what it added or changed per table. Files are loaded in
``loaders.report.load_order``: improvement plans, DfE statistics and statistical neighbours (which register the
councils and the measure catalogue) first, then the rest, each file in its own transaction. In a folder, a file
that is not CSV or Excel, or whose kind cannot be recognised, is skipped; a file named on the command line is
refused instead, as is a file too big to load (said before it is read) or one that cannot be read. ``--dry-run``
validates and reports without writing. Exit status 0 when every file attempted loaded (skipped files do not fail
the run), 1 if any was refused, 3 (with one line on stderr) when the database cannot be used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from improvement.db import get_engine
from improvement.db.unavailable import command_line
from improvement.text import printable
from loaders.framework.base import ZIP_SIGNATURE, FileRefused, Source
from loaders.framework.limits import file_too_big
from loaders.registry import KINDS
from loaders.report import load_order, options_for, outcome
from loaders.run import UnrecognisedFile, load_source, prepare, recognise

LOADABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
NOT_LOADABLE = "not a CSV or Excel file"


def main(argv: list[str] | None = None) -> int:
    return command_line("python -m loaders", lambda: _load(argv))


def _load(argv: list[str] | None) -> int:
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
                source, not_read = _from_folder(child, arguments.kind)
                if source is not None:
                    in_folders.append(source)
                else:
                    not_loaded.append(f"{child}: {not_read}")
                    counts["skipped" if not_read.startswith("SKIPPED") else "refused"] += 1
        elif path.is_file():
            source, why = _read(path)
            if source is None:
                not_loaded.append(f"{path}: REFUSED: {why}")
                counts["refused"] += 1
            else:
                named.append(source)
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
        print(printable(line))
    loaded = "would load" if arguments.dry_run else "loaded"
    print(
        f"Files: {counts['loaded']} {loaded}, {counts['unchanged']} unchanged, {counts['refused']} refused, "
        f"{counts['skipped']} skipped."
    )
    if arguments.dry_run:
        print("Dry run: nothing was stored.")
    return 1 if counts["refused"] else 0


def _from_folder(path: Path, kind: str | None) -> tuple[Source | None, str]:
    """A file found in a folder, to load; or None and 'SKIPPED: why' (not CSV or Excel, or of no kind that can be
    recognised: a file named on the command line is refused for that instead) or 'REFUSED: why' (not read)."""
    if path.suffix.lower() not in LOADABLE_SUFFIXES:
        return None, f"SKIPPED: {NOT_LOADABLE}"
    source, why = _read(path)
    if source is None:
        return None, f"REFUSED: {why}"
    if kind is None:
        try:
            recognise(source)
        except UnrecognisedFile as refused:
            return None, f"SKIPPED: {refused.problems[0].message}"  # what it could not tell, and what to do
        except FileRefused:
            pass  # it cannot be read (empty, not text...): loading it says why, and counts it refused
    return source, ""


def _read(path: Path) -> tuple[Source | None, str | None]:
    """The file at ``path``; or None and why it is refused without being read (too big, or unreadable)."""
    try:
        with path.open("rb") as file:
            is_workbook = file.read(len(ZIP_SIGNATURE)) == ZIP_SIGNATURE
        why = file_too_big(path.stat().st_size, is_workbook)
        return (None, why) if why else (Source.from_path(path), None)
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"


def _counted_as(what: str) -> str:
    return {"refused": "refused", "already loaded": "unchanged", "nothing new": "unchanged"}.get(what, "loaded")


if __name__ == "__main__":
    sys.exit(main())
