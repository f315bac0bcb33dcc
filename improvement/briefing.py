"""The briefing pack from the command line, for automation: the same PDF and zip of PNGs as the Briefing pack page.

    python -m improvement.briefing --out DIR [--authority CODE] [--areas PA1,PA2]

Reads the database named by ``DATABASE_URL`` (as the app does), builds the charts with ``improvement.pack`` and
renders them with ``improvement.exports`` in one Chromium. ``--authority`` takes the new or old LA code (default:
the first authority, as the app opens); ``--areas`` limits the per-area charts to those priority areas.
Like the loaders, it creates and migrates the database when needed. Exit status 0 on success, 2 when it cannot
build a pack, with the reason in one line (unknown authority or area, nothing loaded yet, nothing to chart, no
Chromium), 3 when the database cannot be used (one line naming it and what to do).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from improvement import exports, pack, queries
from improvement.board import BoardData, find_authority, read_board
from improvement.charting import ChartContext
from improvement.db import get_engine, migrate
from improvement.db.unavailable import command_line
from improvement.settings import get_settings
from improvement.text import printable


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m improvement.briefing", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write the PDF and the zip into")
    parser.add_argument("--authority", help="LA code, new (E08000014) or old (343); default: the first authority")
    parser.add_argument("--areas", help="comma-separated priority area codes, e.g. PA1,PA2; default: all")
    parser.add_argument(
        "--spc",
        action="store_true",
        help="add the SPC chart (signal or noise) of each measure whose latest month shows special cause",
    )
    return parser.parse_args(argv)


def board_for(authority: str | None) -> BoardData:
    """The board data the pack is built from, read as the app reads it; the database is created and migrated
    first, as every command does."""
    settings = get_settings()
    engine = get_engine(settings.database_url)
    migrate(engine)
    code = find_authority(queries.authority_contents(engine), authority)
    return read_board(engine, code, settings.suppression_threshold)


def build(
    out: Path, authority: str | None = None, areas: list[str] | None = None, spc: bool = False
) -> exports.BriefingPack:
    """Build the pack and write its two files into ``out``; returns the pack."""
    data = board_for(authority)
    pack.chosen_areas(data, areas)  # refuse an unknown area before starting the browser
    context = ChartContext.for_board(data, get_settings())
    with exports.image_session():  # one Chromium for every chart, starting while the charts are built
        charts = pack.briefing_charts(data, context, areas, spc=spc)
        if not charts:
            raise LookupError(
                f"Nothing to chart for {data.authority_name}: load its improvement plan, measure actuals, RAG "
                "reports or caseload returns first (python -m loaders FILE...)."
            )
        built = exports.briefing_pack(charts, context)
    out.mkdir(parents=True, exist_ok=True)
    (out / built.pdf_name).write_bytes(built.pdf)
    (out / built.zip_name).write_bytes(built.zip)
    return built


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return command_line("python -m improvement.briefing", lambda: _build_and_say(args))


def _build_and_say(args: argparse.Namespace) -> int:
    areas = [code.strip() for code in args.areas.split(",") if code.strip()] if args.areas else None
    start = time.perf_counter()
    try:
        built = build(args.out, args.authority, areas, spc=args.spc)
    except (LookupError, ValueError, exports.ChromiumMissingError) as problem:
        print(printable(f"briefing: {problem}"), file=sys.stderr)
        return 2
    print(f"{len(built.png_names)} charts in {time.perf_counter() - start:.1f} s")
    print(args.out / built.pdf_name)
    print(args.out / built.zip_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
