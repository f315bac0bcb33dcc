"""The loader framework's parsers, property-based (hypothesis): cells convert or say why, dates and numbers
round-trip, and any CSV content either reads with the right row numbers or is refused, never crashing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement.vocab import plausible_date
from loaders.framework.base import FileRefused, Problem, Source
from loaders.framework.readers import ROW, read_csv
from loaders.framework.schema import Column, convert, implausible_date, to_date

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COLUMNS = [
    Column("t", "text"),
    Column("n", "number"),
    Column("i", "integer"),
    Column("d", "date"),
    Column("c", "choice", choices=("Red", "Amber", "Green", "Blue")),
    Column("y", "yes_no"),
    Column("o", "number", required=False),
]


@FAST
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_any_date_in_iso_or_uk_form_round_trips(day):
    in_range = (day, None) if plausible_date(day) else (None, implausible_date())  # 2000 to ten years ahead
    for text in (day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year}", f"{day.day}/{day.month}/{day.year}"):
        assert to_date(text) == day
        assert convert(text, Column("d", "date")) == in_range
    assert to_date(dt.datetime.combine(day, dt.time(0))) == day  # an Excel date cell


@FAST
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_written_with_repr_round_trips(number):
    assert convert(repr(number), Column("n", "number")) == (number, None)
    assert convert(number, Column("n", "number")) == (number, None)  # an Excel number cell


@FAST
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_whole_numbers_round_trip(number):
    assert convert(str(number), Column("i", "integer")) == (number, None)


@FAST
@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(), st.dates(), st.datetimes()))
def test_any_cell_converts_or_says_what_was_expected(cell):
    for column in COLUMNS:
        value, message = convert(cell, column)
        assert (value is None) or message is None
        if message is not None:
            assert value is None and message.strip()
        if column.type in ("number", "integer") and value is not None:
            assert value == value and abs(value) != float("inf")  # never NaN or infinity


@pytest.mark.parametrize("text", ["1e400", "-1e999", "inf", "NaN", "about 15", "15%", "1,000", "£5"])
def test_what_is_not_a_storable_number_is_refused(text):
    assert convert(text, Column("n", "number")) == (None, "expected a number (digits only, no units or words)")
    assert convert(text, Column("i", "integer"))[1] is not None


cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@FAST
@given(
    st.lists(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), min_size=1, max_size=5, unique=True),
    st.data(),
)
def test_generated_csv_reads_with_spreadsheet_row_numbers(header, data):
    rows = data.draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), max_size=8))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    try:
        table = read_csv(Source("generated.csv", buffer.getvalue().encode("utf-8")))
    except FileRefused as refused:  # only ever a refusal, with a reason
        assert refused.problems and all(problem.message for problem in refused.problems)
        return
    kept = [row for row in rows if any(cell.strip() for cell in row)]  # rows with nothing in them are skipped
    numbers = [number for number, row in enumerate(rows, start=2) if any(cell.strip() for cell in row)]
    assert table.columns == header
    assert table.frame[ROW].tolist() == numbers
    assert table.frame[header].values.tolist() == kept  # every cell exactly as written


@FAST
@given(st.binary(max_size=200))
def test_any_bytes_named_csv_read_or_are_refused(content):
    try:
        table = read_csv(Source("any.csv", content))
    except FileRefused as refused:
        assert refused.problems
        return
    assert table.frame[ROW].tolist() == sorted(set(table.frame[ROW].tolist()))
    assert all(number >= 2 for number in table.frame[ROW])


def test_blank_lines_keep_the_row_numbers_a_spreadsheet_shows():
    table = read_csv(Source("x.csv", b"a,b\n1,2\n\n,\n3,4\n"))
    assert table.frame.to_dict("records") == [{ROW: 2, "a": "1", "b": "2"}, {ROW: 5, "a": "3", "b": "4"}]


def test_a_problem_names_file_sheet_row_column_and_value():
    problem = Problem("plan.xlsx", "expected a number", sheet="targets", row=4, column="value", value="about 15")
    assert str(problem) == "plan.xlsx, sheet 'targets', row 4, column 'value': expected a number (found 'about 15')"
    assert str(Problem("plan.csv", "the file is empty")) == "plan.csv: the file is empty"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a,b\n\x81\x8d,2\n", "the two encodings tried: the byte 0x81 on line 2 is neither; save it as CSV UTF-8"),
        (b'a,b\n1,"2\n', "is not a well-formed CSV file"),
        (b"a,b\n1,2,3\n", "has 3 cells but the header names 2 columns"),
        (b"a,,b\n1,2,3\n", "column B has no name in the header row"),
    ],
)
def test_unreadable_csv_is_refused_with_a_reason(content, message):
    with pytest.raises(FileRefused) as refused:
        read_csv(Source("bad.csv", content))
    assert message in str(refused.value)
