"""Synthetic Ofsted ILACS Annex A workbooks (Lists 6, 7 and 8) with known answers, for tests and the benchmark.

``make_annex_a(target, list7_rows=2000, seed=0)`` writes a workbook with the real column headers (as in
``../shared/realdata/annex_a_sample_liia_tools.xlsx``; List 7 uses the ``Age of Child (Years)`` variant) and
returns ``Planted``: the figures a correct loader must compute at ``extract_date``. The answers are planted by
construction, from each row's position, not by recomputing dates, so they check the loader independently:

- every 20th List 7 row (i % 20 == 19) is a plan that ended before the extract date (not open);
- of the open rows (by position i): i % 10 == 0 started over two years before (800 to 896 days);
  i % 10 == 1 started 10 to 59 days before with no review yet (reviewed in timescale: a new plan);
  the rest started 100 to 699 days before;
- i % 4 == 0 had 1 to 3 previous plans; i % 10 in (2, 3) were last visited 20 to 40 days before (not seen
  within 10 working days), the rest 0 to 9 days before; i % 5 == 4 (and not i % 10 == 1) has no review
  conference (not in timescale), the rest 1 to 150 days before;
- categories and teams follow fixed patterns; ``Sexual abuse`` and ``Small Team`` get exactly 3 open children
  (to be suppressed as ``c``), placed on the first rows with i % 10 in (5, 6, 7, 8) outside the patterns above.

``bad_rows`` extra List 7 rows at the end are unusable (start date 'not known', or an end before the start),
alternating. Children's IDs, dates of birth and workers' names are invented (``Worker N``).
``date_style="text"`` writes dates as dd/mm/yyyy text instead of Excel dates. ``cells`` then sets single cells,
by (list, row as the spreadsheet numbers it, column header, after ``renamed`` renamed List 7's headers), adding the
column at the end of the list when it has no such header (text starting with '=' is written as a formula): the
planted answers do not account for them, they are for files that must be refused.

The workbook is written straight as SpreadsheetML (``_write_xlsx``: shared strings and a dimension, as Excel
writes them; dates as serial numbers with a date format), which openpyxl and Excel read like any .xlsx;
openpyxl's own writer, even in write-only mode, takes about a minute for 100,000 List 7 rows without lxml,
this a few seconds.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

EXTRACT_DATE = dt.date(2023, 3, 31)

COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
LIST6 = [
    *COMMON,
    "Does the Child have a Disability",
    "CIN Start Date",
    "Primary Need Code",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Reason for Closure",
    "Case Status",
    "Allocated Team",
    "Allocated Worker",
]
LIST7 = [
    *COMMON,
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
]
LIST8 = [
    *COMMON,
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
    "Does the Child have a Disability",
    "Date Started to be Looked After",
    "Child's Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status",
    "Child's Legal Status",
    "Date of Latest Statutory Review",
    "Date of Last Social Work Visit",
    "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child",
    "Date of Last Health Assessment",
    "Date of Last Dental Check",
    "Number of Placements in the Last 12 months",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
    "Start Date of Most Recent Placement",
    "Placement Type",
    "Placement Provider",
    "Placement postcode",
    "URN of Placement",
    "Placement Location",
    "LA of Placement",
    "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months",
    "Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team",
    "Allocated Worker",
]

CATEGORIES = ["a) Neglect", "b) Emotional abuse", "c) Physical abuse", "e) Multiple/not recommended"]
RARE_CATEGORY = "d) Sexual abuse"
TEAMS = ["Locality 1 Team", "Locality 2 Team", "Locality 3 Team", "Locality 4 Team"]
RARE_TEAM = "Small Team"
RARE_COUNT = 3


@dataclass
class Planted:
    """What a correct loader computes at ``extract_date`` from the workbook written."""

    extract_date: dt.date
    cp_plans: int = 0
    two_years_or_more: int = 0
    second_or_subsequent: int = 0
    seen_within_10_working_days: int = 0
    reviewed_in_timescale: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_team: dict[str, int] = field(default_factory=dict)
    cin_open: int = 0
    cla_open: int = 0
    unusable_rows: list[int] = field(default_factory=list)  # List 7 spreadsheet row numbers

    def percent(self, count: int) -> float:
        return 100 * count / self.cp_plans


def make_annex_a(
    target: str | Path | io.BytesIO,
    list7_rows: int = 2000,
    seed: int = 0,
    *,
    extract_date: dt.date = EXTRACT_DATE,
    list6_rows: int | None = None,
    list8_rows: int | None = None,
    bad_rows: int = 0,
    date_style: str = "excel",
    cells: dict[tuple[str, int, str], object] | None = None,
    renamed: dict[str, str] | None = None,
) -> Planted:
    """Write the workbook to ``target`` (a path or a binary buffer) and return the planted answers."""
    rng = random.Random(seed)
    planted = Planted(extract_date)
    sheets: dict[str, list[list]] = {}

    def when(days_before: int) -> dt.datetime | str:
        day = extract_date - dt.timedelta(days=days_before)
        return f"{day:%d/%m/%Y}" if date_style == "text" else dt.datetime(day.year, day.month, day.day)

    def child() -> list:
        born = extract_date - dt.timedelta(days=rng.randint(100, 6500))
        return [
            rng.randint(1_000_000, 99_999_999),
            rng.choice(["a) Male", "b) Female"]),
            rng.choice(["a) WBRI", "s) NOBT", "k) APKN"]),
            dt.datetime(born.year, born.month, born.day),
            round((extract_date - born).days / 365.25, 1),
        ]

    sheet = sheets["List 7"] = [LIST7]
    rare_category = rare_team = 0
    for i in range(list7_rows):
        team, category = TEAMS[i % len(TEAMS)], CATEGORIES[(i // 3) % len(CATEGORIES)]
        if i % 20 == 19:  # closed before the extract date
            start, end, visit, review, previous = when(400), when(30), when(35), when(100), 0
        else:
            end = None
            if i % 10 == 0:
                start = when(800 + i % 97)
                planted.two_years_or_more += 1
            elif i % 10 == 1:
                start = when(10 + i % 50)
            else:
                start = when(100 + i % 600)
            previous = 1 + i % 3 if i % 4 == 0 else 0
            planted.second_or_subsequent += previous >= 1
            if i % 10 in (2, 3):
                visit = when(20 + i % 21)
            else:
                visit = when(i % 10)
                planted.seen_within_10_working_days += 1
            if i % 10 == 1:
                review = None
                planted.reviewed_in_timescale += 1
            elif i % 5 == 4:
                review = None
            else:
                review = when(1 + i % 150)
                planted.reviewed_in_timescale += 1
            if i % 10 in (5, 6, 7, 8) and rare_category < RARE_COUNT:
                category, rare_category = RARE_CATEGORY, rare_category + 1
            elif i % 10 in (5, 6, 7, 8) and rare_team < RARE_COUNT:
                team, rare_team = RARE_TEAM, rare_team + 1
            planted.cp_plans += 1
            label = category.split(") ", 1)[1]
            planted.by_category[label] = planted.by_category.get(label, 0) + 1
            planted.by_team[team] = planted.by_team.get(team, 0) + 1
        sheet.append(
            [
                *child(),
                "b) No",
                start,
                category,
                category,
                visit,
                "a) Yes",
                review,
                end,
                "b) No",
                previous,
                team,
                f"Worker {i % 97}",
            ]
        )
    for j in range(bad_rows):
        start, end = ("not known", None) if j % 2 == 0 else (when(50), when(80))
        sheet.append([*child(), "b) No", start, CATEGORIES[0], CATEGORIES[0], when(3), "a) Yes", when(5), end])
        planted.unusable_rows.append(list7_rows + 2 + j)

    sheet = sheets["List 6"] = [LIST6]
    for i in range(list7_rows if list6_rows is None else list6_rows):
        closed = i % 4 == 3
        planted.cin_open += not closed
        sheet.append(
            [
                *child(),
                "b) No",
                when(30 + i % 900),
                "N1 - Abuse or Neglect",
                when(i % 40),
                when(10) if closed else None,
                "RC1" if closed else None,
                "c) Child in need plan",
                TEAMS[i % len(TEAMS)],
                f"Worker {i % 97}",
            ]
        )

    sheet = sheets["List 8"] = [LIST8]
    blanks = [None] * (len(LIST8) - 10)
    for i in range(list7_rows // 2 if list8_rows is None else list8_rows):
        ceased = i % 5 == 4
        planted.cla_open += not ceased
        row = [*child(), "b) No", "b) No", when(60 + i % 2000), "N1 - Abuse or Neglect", "b) No"]
        row += blanks
        row[LIST8.index("Date Ceased to be Looked After")] = when(5) if ceased else None
        row[LIST8.index("Allocated Team")] = "Children in Care Team 1"
        row[LIST8.index("Allocated Worker")] = f"Worker {i % 97}"
        sheet.append(row)

    sheets["List 7"][0] = [(renamed or {}).get(column, column) for column in sheets["List 7"][0]]
    for (name, row, column), value in (cells or {}).items():
        header = sheets[name][0] = list(sheets[name][0])
        if column not in header:
            header.append(column)
        cells_of_row = sheets[name][row - 1]
        cells_of_row += [None] * (header.index(column) + 1 - len(cells_of_row))
        cells_of_row[header.index(column)] = value
    _write_xlsx(target, sheets)
    return planted


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"


class _SharedStrings(dict):
    """Text cells go into one shared-strings table, as Excel writes them (and openpyxl reads them fastest)."""

    def index(self, text: str) -> int:
        found = self.get(text)
        if found is None:
            found = self[text] = len(self)
        return found


def _cell(reference: str, value: object, strings: _SharedStrings) -> str:
    if isinstance(value, dt.datetime):
        return f'<c r="{reference}" s="1"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if isinstance(value, str) and value.startswith("="):
        return f'<c r="{reference}"><f>{escape(value[1:])}</f></c>'
    return f'<c r="{reference}" t="s"><v>{strings.index(str(value))}</v></c>'


def _sheet_xml(rows: list[list], strings: _SharedStrings) -> Iterable[str]:
    letters = [get_column_letter(n) for n in range(1, 100)]
    width = max(len(row) for row in rows)
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
        f'<dimension ref="A1:{letters[width - 1]}{len(rows)}"/><sheetData>'
    )
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            _cell(f"{letters[i]}{number}", value, strings)
            for i, value in enumerate(row)
            if value is not None and value != ""
        )
        yield f'<row r="{number}">{cells}</row>'
    yield "</sheetData></worksheet>"


def _write_xlsx(target: str | Path | io.BytesIO, sheets: dict[str, list[list]]) -> None:
    """A minimal .xlsx: one worksheet per entry (first row the header), dates with Excel's built-in format 14."""
    names = list(sheets)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(names) + 1)
    )
    strings = _SharedStrings()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for n, name in enumerate(names, start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                for chunk in _sheet_xml(sheets[name], strings):
                    part.write(chunk.encode("utf-8"))
        shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        archive.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_MAIN}" count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">{shared}</sst>',
        )
        archive.writestr(
            "[Content_Types].xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{_PKG}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' + overrides + "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_list = "".join(
            f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(names, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"<sheets>{sheet_list}</sheets></workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(names) + 1)
        )
        styles_id = len(names) + 1
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}/relationships">'
            f'{relations}<Relationship Id="rId{styles_id}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{styles_id + 1}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/styles.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_MAIN}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
        )
