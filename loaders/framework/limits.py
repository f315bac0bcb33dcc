"""How big a file may be, checked before anything parses it, so that no file can exhaust the server's memory.

- a CSV file: at most ``MAX_CSV_BYTES``; one cell at most ``MAX_CELL_CHARACTERS`` (Python's csv default);
- a workbook (.xlsx, a zip of XML files): at most ``MAX_UNZIPPED_BYTES`` once unzipped, counted from the zip's
  own directory before a byte is unzipped, and, above ``RATIO_CHECKED_ABOVE`` unzipped, at most
  ``MAX_COMPRESSION_RATIO`` times its size in the zip. Excel's workbooks unzip to 4 to 10 times their size (the
  Annex A sample 3.7 times, a 100,000-row List 7 5.6 times); a zip bomb to hundreds or a thousand times. A zip
  that understates its sizes gains nothing: Python's ``zipfile`` never unzips more than the directory says.

The largest real file is an Ofsted Annex A workbook: one with 100,000 List 7 rows (twice England's children on a
child protection plan) is 21 MB and unzips to 119 MB, well inside these limits. The Data page shows them, beside
the upload limit set in .streamlit/config.toml (``server.maxUploadSize``).
"""

from __future__ import annotations

import zipfile

MB = 1_000_000
MAX_CSV_BYTES = 50 * MB
MAX_CELL_CHARACTERS = 131_072
MAX_UNZIPPED_BYTES = 500 * MB
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 10 * MB
MAX_ZIP_MEMBERS = 10_000  # a workbook holds a few dozen parts; a zip of millions of tiny files is an attack too


def megabytes(size: int) -> str:
    """A size as people read it: 1,500 MB, 2.5 MB, 20 KB."""
    if size < MB // 10:
        return f"{size / 1000:,.0f} KB"
    return f"{size / MB:,.0f} MB" if size >= 10 * MB else f"{size / MB:,.1f} MB"


def csv_too_big(size: int) -> str | None:
    """Why a CSV file of ``size`` bytes is not read, or None."""
    if size <= MAX_CSV_BYTES:
        return None
    return (
        f"is {megabytes(size)}: a CSV file may be at most {megabytes(MAX_CSV_BYTES)}; split it into smaller files "
        "(for DfE statistics, download only the local authority rows or the years you need)"
    )


def file_too_big(size: int, is_workbook: bool) -> str | None:
    """Why a file of ``size`` bytes is not even read, or None (a workbook is then checked by ``workbook_too_big``)."""
    if not is_workbook:
        return csv_too_big(size)
    if size <= MAX_UNZIPPED_BYTES:
        return None
    return f"is {megabytes(size)}: a workbook may unzip to at most {megabytes(MAX_UNZIPPED_BYTES)}; split it"


def workbook_too_big(members: list[zipfile.ZipInfo]) -> str | None:
    """Why a workbook whose zip directory lists ``members`` is not unzipped, or None."""
    if len(members) > MAX_ZIP_MEMBERS:
        return f"holds {len(members):,} files inside it: an Excel workbook holds at most {MAX_ZIP_MEMBERS:,}"
    unzipped = sum(member.file_size for member in members)
    zipped = sum(member.compress_size for member in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        return (
            f"unzips to {megabytes(unzipped)}: a workbook may unzip to at most {megabytes(MAX_UNZIPPED_BYTES)}; "
            "split it into smaller workbooks, or save the sheets to load as CSV files"
        )
    if unzipped > RATIO_CHECKED_ABOVE and unzipped > MAX_COMPRESSION_RATIO * max(zipped, 1):
        return (
            f"unzips to {megabytes(unzipped)} from {megabytes(zipped)}, {unzipped / max(zipped, 1):,.0f} times its "
            f"size: a workbook may unzip to at most {MAX_COMPRESSION_RATIO} times its size (Excel's unzip to about "
            "4 to 10 times), so this is not a workbook Excel saved; open it in Excel and save it again"
        )
    return None


def described() -> str:
    """The limits in a sentence, for the Data page."""
    return (
        f"A CSV file may be at most {megabytes(MAX_CSV_BYTES)}, with at most {MAX_CELL_CHARACTERS:,} characters in "
        f"a cell; a workbook may unzip to at most {megabytes(MAX_UNZIPPED_BYTES)} (and at most "
        f"{MAX_COMPRESSION_RATIO} times its size). Larger files are refused before they are read."
    )
