"""The briefing pack from the command line, for automation: the same PDF and zip of PNGs as the Briefing pack page.

    python -m improvement.briefing --out DIR [--authority CODE] [--areas PA1,PA2]

Reads the database named by ``DATABASE_URL`` (as the app does), builds the charts with ``improvement.pack`` and
renders them with ``improvement.exports`` in one Chromium. ``--authority`` takes the new or old LA code (default:
the first authority, as the app opens); ``--areas`` limits the per-area charts to those priority areas.
Exit status 0 on success, 2 on a usage problem (unknown authority or area, empty database, no Chromium).
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from improvement import exports, pack
from improvement.charts import ChartContext
from improvement.settings import get_settings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m improvement.briefing", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", required=True, type=Path, help="folder to write the PDF and the zip into")
    parser.add_argument("--authority", help="LA code, new (E08000014) or old (343); default: the first authority")
    parser.add_argument("--areas", help="comma-separated priority area codes, e.g. PA1,PA2; default: all")
    return parser.parse_args(argv)


def find_authority(wanted: str | None) -> str:
    from improvement.ui.data import authorities  # imported late: see main()

    listed = authorities()
    if listed.empty:
        raise LookupError(
            "The database has no authorities: load the improvement plan first (or run `make run` for the demo data)."
        )
    if wanted is None:
        return str(listed["code"].iloc[0])
    match = listed[(listed["code"] == wanted) | (listed["old_la_code"].astype(str) == wanted)]
    if match.empty:
        known = ", ".join(f"{code} ({name})" for code, name in zip(listed["code"], listed["name"], strict=True))
        raise LookupError(f"Unknown authority {wanted!r}. Known: {known}.")
    return str(match["code"].iloc[0])


def build(out: Path, authority: str | None = None, areas: list[str] | None = None) -> exports.BriefingPack:
    """Build the pack and write its two files into ``out``; returns the pack."""
    from improvement.ui.data import board_data  # the app's own reading of an authority's data (cached, suppressed)

    settings = get_settings()
    data = board_data(find_authority(authority))
    pack.chosen_areas(data, areas)  # refuse an unknown area before starting the browser
    with exports.image_session():  # Chromium starts in the background while the charts are built
        context = ChartContext(
            authority=data.authority_name,
            data_as_at=data.as_at,
            marking=settings.protective_marking,
            synthetic=data.synthetic,
            suppression_threshold=settings.suppression_threshold,
        )
        built = exports.briefing_pack(pack.briefing_charts(data, context, areas), context)
    out.mkdir(parents=True, exist_ok=True)
    (out / built.pdf_name).write_bytes(built.pdf)
    (out / built.zip_name).write_bytes(built.zip)
    return built


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Streamlit's caches (improvement.ui.data, imported after this) warn on every call when no app is running.
    logging.disable(logging.WARNING)
    areas = [code.strip() for code in args.areas.split(",") if code.strip()] if args.areas else None
    start = time.perf_counter()
    try:
        built = build(args.out, args.authority, areas)
    except (LookupError, ValueError, exports.ChromiumMissingError) as problem:
        print(f"briefing: {problem}", file=sys.stderr)
        return 2
    print(f"{len(built.png_names)} charts in {time.perf_counter() - start:.1f} s")
    print(args.out / built.pdf_name)
    print(args.out / built.zip_name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
