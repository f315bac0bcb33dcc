"""Papers for the board and DfE from the command line, for automation.

    python -m improvement.papers report --authority CODE [--report-date D] --out FILE.xlsx
    python -m improvement.papers board --authority CODE [--since D] [--meeting-date D] --out FILE.docx

``report`` writes a submitted report of the adviser (the newest submitted version of the report of ``--report-date``;
by default the latest submitted report) as the upload workbook (``improvement.papers.workbook``), the file DfE
receives and the loaders read back. ``board`` writes the board paper as a Word document
(``improvement.papers.board_paper``), with what changed since the board meeting of ``--since`` (by default the last
one). ``--authority`` takes the new or old LA code. Both read the database named by ``--database-url`` (default:
``DATABASE_URL``, as the app and ``python -m improvement.briefing`` do), created and migrated when needed.

Exit status 0 when the file is written (one line says what and where), 1 when there is nothing to write (unknown
authority, no submitted report on that date, nothing loaded for the council, no Chromium for the charts) with the
reason in one line, 2 for arguments that cannot be used, 3 when the database cannot be used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from improvement import exports, queries, style
from improvement.board import find_authority, read_board
from improvement.charting import ChartContext
from improvement.db import get_engine, migrate
from improvement.db.unavailable import command_line
from improvement.papers.board_paper import board_paper
from improvement.papers.workbook import report_workbook
from improvement.queries import loads
from improvement.settings import get_settings
from improvement.text import printable
from improvement.topics.digest.view import digest_view

PROG = "python -m improvement.papers"
NOTHING_TO_WRITE = 1


class NothingToWriteError(LookupError):
    """There is no paper to write: the reason, in one line."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="{report,board}")

    def common(command: argparse.ArgumentParser, suffix: str) -> None:
        command.add_argument("--authority", required=True, help="LA code of the council, new (E08000014) or old (343)")
        command.add_argument("--out", required=True, type=Path, help=f"the file to write ({suffix})")
        command.add_argument(
            "--database-url", help="SQLAlchemy URL of the database; default: DATABASE_URL, as the app reads it"
        )

    report = commands.add_parser(
        "report", help="a submitted report of the adviser as the upload workbook (.xlsx)", description=__doc__
    )
    common(report, ".xlsx")
    report.add_argument(
        "--report-date", type=_date, help="the report's date, YYYY-MM-DD; default: the latest submitted report"
    )
    board = commands.add_parser("board", help="the board paper as a Word document (.docx)", description=__doc__)
    common(board, ".docx")
    board.add_argument(
        "--since", type=_date, help="the board meeting to report changes since, YYYY-MM-DD; default: the last one"
    )
    board.add_argument("--meeting-date", type=_date, help="the date of the meeting the paper is for, YYYY-MM-DD")
    return parser.parse_args(argv)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2023-05-26") from None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with _database_url(args.database_url):
        return command_line(PROG, lambda: _write_and_say(args))


@contextmanager
def _database_url(url: str | None) -> Iterator[None]:
    """``DATABASE_URL`` set to ``url`` for the command (when given), as everything below reads it from there."""
    if url is None:
        yield
        return
    previous = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url
    try:
        yield
    finally:
        if previous is None:
            del os.environ["DATABASE_URL"]
        else:
            os.environ["DATABASE_URL"] = previous


def _write_and_say(args: argparse.Namespace) -> int:
    try:
        said = (write_report if args.command == "report" else write_board_paper)(args)
    except (NothingToWriteError, ValueError, exports.ChromiumMissingError) as problem:
        print(printable(f"papers: {problem}").replace("\n", " "), file=sys.stderr)
        return NOTHING_TO_WRITE
    print(printable(said))
    return 0


def _engine() -> Engine:
    engine = get_engine(get_settings().database_url)
    migrate(engine)
    return engine


def council(engine: Engine, wanted: str) -> tuple[str, str]:
    """The new LA code and name of the council ``wanted`` names by its new or old code (``board.find_authority``)."""
    listed = queries.authority_contents(engine)
    try:
        code = find_authority(listed, wanted)
    except LookupError as unknown:
        raise NothingToWriteError(str(unknown)) from unknown
    return code, str(listed.loc[listed["code"] == code, "name"].iloc[0])


def _write(out: Path, content: bytes) -> None:
    if out.parent:
        out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)


def write_report(args: argparse.Namespace) -> str:
    """Write the submitted report as the upload workbook; what was written, in one line."""
    engine = _engine()
    code, name = council(engine, args.authority)
    found = queries.submitted_report(engine, code, args.report_date)
    if found is None:
        when = f"dated {style.format_date(args.report_date)}" if args.report_date else "yet"
        raise NothingToWriteError(f"{name} has no submitted report {when}: nothing to write.")
    fields, ratings = found
    _write(args.out, report_workbook(fields, ratings))
    return (
        f"Wrote {name}'s report of {style.format_date(fields['report_date'])} (version {fields['version']}, "
        f"{style.count_of(len(ratings), 'priority area')}) to {args.out}"
    )


def write_board_paper(args: argparse.Namespace) -> str:
    """Write the board paper; what was written, in one line."""
    settings = get_settings()
    engine = _engine()
    code, name = council(engine, args.authority)
    data = read_board(engine, code, settings.suppression_threshold)
    if not data.has_anything:
        raise NothingToWriteError(
            f"nothing is loaded for {name} yet: load its improvement plan, figures or reports first "
            "(python -m loaders FILE...)."
        )
    digest = digest_view(data, loads.council_loads(engine, code), since=args.since, until=None)
    paper = board_paper(data, digest, ChartContext.for_board(data, settings), args.meeting_date)
    _write(args.out, paper)
    return f"Wrote the board paper for {name} (changes since {digest.since_label}) to {args.out}"


if __name__ == "__main__":
    sys.exit(main())
