"""The one place that decides how things look and read: palette, RAG labels, number formats, suppression.

Everything a user sees (charts, tables, CSV downloads, exports) goes through these functions, so a colour,
a RAG label or a suppression rule is changed here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from dataclasses import dataclass

import pandas as pd

from improvement.vocab import MilestoneState, ReportTimeliness, TrajectoryJudgement

SUPPRESSED = "c"
"""What a count about children below the suppression threshold shows as (the DfE convention)."""

STATUS_SYMBOLS = {
    "c": "suppressed to protect confidentiality",
    "low": "rounds to zero but is not zero",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
}


class Palette(enum.StrEnum):
    """Analysis Function colours (DOMAIN.md). Charts use at most four of them at once."""

    DARK_BLUE = "#12436D"
    TURQUOISE = "#28A197"
    DARK_PINK = "#801650"
    ORANGE = "#F46A25"
    DARK_GREY = "#3D3D3D"
    LIGHT_PURPLE = "#A285D1"
    LIGHT_GREY = "#BFC1C3"  # context lines only (other teams), never a series on its own


TEXT_COLOUR = "#0B0C0C"
"""GOV.UK text colour: the app's text (``theme.textColor`` in .streamlit/config.toml, which must match). Streamlit
draws captions (page descriptions, chart text alternatives) in it at 60% opacity: 5.2:1 on white, where Streamlit's
default text colour gave 3.9:1, below WCAG AA's 4.5:1."""


class SeriesRole(enum.Enum):
    """What a line in a chart means, and so its colour and dash. Charts ask for a role, not a colour."""

    ACTUAL = (Palette.DARK_BLUE, "solid")
    TRAJECTORY = (Palette.TURQUOISE, "dash")
    TARGET = (Palette.DARK_GREY, "dot")
    COMPARATOR = (Palette.ORANGE, "solid")
    SECOND_ACTUAL = (Palette.DARK_PINK, "solid")
    CONTEXT = (Palette.LIGHT_GREY, "solid")

    @property
    def colour(self) -> str:
        return str(self.value[0])

    @property
    def dash(self) -> str:
        return self.value[1]


@dataclass(frozen=True)
class RagStyle:
    """A RAG rating shown three ways at once: text, shape and colour (never colour alone)."""

    rating: str
    label: str
    glyph: str  # the shape in text, for tables and cells
    marker: str  # the same shape as a plotly marker symbol
    fill: str
    text_colour: str  # contrast of at least 4.5:1 against ``fill``
    rank: int  # order of how good the rating is, for "improved" / "worsened"


RAG_STYLES: dict[str, RagStyle] = {
    "Red": RagStyle("Red", "Red", "✖", "x", "#D4351C", "#FFFFFF", 1),
    "Amber": RagStyle("Amber", "Amber", "▲", "triangle-up", "#FFDD00", "#0B0C0C", 2),
    "Green": RagStyle("Green", "Green", "●", "circle", "#00703C", "#FFFFFF", 3),
    "Blue": RagStyle("Blue", "Blue (complete)", "★", "star", "#1D70B8", "#FFFFFF", 4),
}


def rag_style(rating: str) -> RagStyle:
    try:
        return RAG_STYLES[rating]
    except KeyError as exc:
        raise ValueError(f"Unknown RAG rating {rating!r}: expected one of {', '.join(RAG_STYLES)}") from exc


def rag_text(rating: str | None) -> str:
    """The rating as shape plus words, e.g. '▲ Amber'; an em dash when there is no rating."""
    if rating is None or (isinstance(rating, float) and math.isnan(rating)):
        return "—"
    style = rag_style(rating)
    return f"{style.glyph} {style.label}"


# Each state a chart draws, as colour and shape (and a glyph for text): never colour alone, four colours at most.
MILESTONE_STATE_STYLES = {  # state: (colour, marker at the due date)
    MilestoneState.COMPLETE: (Palette.TURQUOISE, "circle-open"),
    MilestoneState.OVERDUE: (Palette.DARK_PINK, "x"),
    MilestoneState.OPEN: (Palette.DARK_BLUE, "diamond"),
    MilestoneState.DROPPED: (Palette.DARK_GREY, "square-open"),
}
TRAJECTORY_JUDGEMENT_STYLES = {  # judgement: (colour, glyph)
    TrajectoryJudgement.ON: (Palette.TURQUOISE, "✔"),
    TrajectoryJudgement.OFF: (Palette.DARK_PINK, "✖"),
    TrajectoryJudgement.NOT_JUDGED: (Palette.LIGHT_GREY, "–"),
}
SPC_SIGNAL_STYLES = {  # an SPC point's signal (improvement.spc.Signal values): (colour, marker, glyph, words)
    "improvement": (Palette.TURQUOISE, "circle", "✔", "special cause improvement"),
    "concern": (Palette.DARK_PINK, "x", "✖", "special cause concern"),
    "neither": (Palette.LIGHT_PURPLE, "diamond", "◆", "special cause, neither better nor worse"),
    "common": (Palette.DARK_GREY, "circle-open", "○", "common cause"),
}
REPORT_TIMELINESS_STYLES = {  # status: (colour, marker, glyph)
    ReportTimeliness.ON_TIME: (Palette.DARK_BLUE, "circle", "✔"),
    ReportTimeliness.LATE: (Palette.ORANGE, "triangle-up", "▲"),
    ReportTimeliness.MISSING: (Palette.DARK_PINK, "x", "✖"),
}


def direction(change: float | None) -> str:
    """'up', 'down' or 'flat': what moved, with no view on whether that is good (the plan's rules judge that)."""
    if change is None or pd.isna(change) or abs(change) < 1e-9:
        return "flat"
    return "up" if change > 0 else "down"


# Direction of movement (what moved) and judgement (whether that is good) are shown separately.
DIRECTION_ARROWS = {"up": "↑", "down": "↓", "flat": "→"}
JUDGEMENT_LABELS = {"better": "improving", "worse": "worsening", "same": "no change"}
JUDGEMENT_COLOURS = {"better": Palette.TURQUOISE, "worse": Palette.DARK_PINK, "same": Palette.DARK_GREY}

UNIT_SUFFIX = {"percent": "%", "count": "", "ratio": "", "weeks": " weeks"}
UNIT_AXIS_TITLE = {"percent": "Per cent", "count": "Number", "ratio": "Per worker", "weeks": "Weeks"}


def count_of(number: float, one: str, many: str | None = None) -> str:
    """'1 day', '3 days', '2 whole months', '1,204 councils': a count and its noun, singular only for one.
    ``many`` is the plural when it is not ``one`` + 's'. The one place plural forms are made."""
    number = int(number)
    return f"{number:,} {one if number == 1 else (many or one + 's')}"


def format_value(value: float | None, unit: str, status: str | None = None) -> str:
    """A value as people read it: '15.9', '24.6%', '12', '8.5 weeks'; a status symbol stays a symbol."""
    if isinstance(status, str) and status:
        return status
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:,.0f}" if unit == "count" else f"{value:,.1f}"
    return f"{text}{UNIT_SUFFIX.get(unit, '')}"


def format_values(frame: pd.DataFrame, column: str, status_column: str | None = None) -> list[str]:
    """``format_value`` down a frame's column, with each row's ``unit`` (and status, where a column gives it)."""
    statuses = frame[status_column] if status_column else [None] * len(frame)
    return [format_value(v, u, s) for v, u, s in zip(frame[column], frame["unit"], statuses, strict=True)]


def format_change(change: float | None, unit: str) -> str:
    """A change with its sign; percentages change in percentage points."""
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "—"
    places = 0 if unit == "count" else 1
    text = f"{abs(change):,.{places}f}"
    sign = "+" if change > 0 else "−" if change < 0 else "±"
    suffix = " pp" if unit == "percent" else UNIT_SUFFIX.get(unit, "")
    return f"{sign}{text}{suffix}"


def format_date(value: dt.date | pd.Timestamp | None) -> str:
    """Dates as GOV.UK writes them: 30 June 2023."""
    if value is None or pd.isna(value):
        return "—"
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: dt.datetime | pd.Timestamp | None) -> str:
    """A stored time (UTC) as people read it: 30 June 2023, 14:05; an em dash when there is none."""
    if value is None or pd.isna(value):
        return "—"
    return f"{format_date(value)}, {value:%H:%M}"


def is_overdue(due: dt.date | None, as_at: dt.date | None) -> bool:
    """Whether a due date had passed by the date the data describes."""
    return due is not None and as_at is not None and due < as_at


def format_month(value: dt.date | pd.Timestamp) -> str:
    return f"{value:%b %Y}"


def is_suppressed(value: float | None, threshold: int) -> bool:
    """A count about children is suppressed when it is above zero and below the threshold.

    Zero reveals nothing about any child and is published as 0, as DfE does.
    """
    return value is not None and not pd.isna(value) and 0 < value < threshold


def suppress_observations(observations: pd.DataFrame, child_count_measures: set[str], threshold: int) -> pd.DataFrame:
    """Observations as they may leave the board: small counts about children become ``c`` with no value.

    Applied once, where pages get their data, so every chart, table, judgement and download downstream sees ``c``.
    """
    frame = observations.copy()
    counts = frame["measure_code"].isin(child_count_measures)
    small = counts & pd.to_numeric(frame["value"], errors="coerce").between(0, threshold, inclusive="neither")
    frame["status"] = pd.Series(
        [
            SUPPRESSED if hide else (kept if isinstance(kept, str) else None)
            for hide, kept in zip(small, frame["status"], strict=True)
        ],
        index=frame.index,
        dtype="object",
    )
    frame["value"] = frame["value"].where(~small)
    return frame


def suppress_total(parts: pd.Series, total: float | None, threshold: int) -> str | float | None:
    """Secondary suppression: a total is suppressed when exactly one of its parts is, else it would reveal it."""
    suppressed_parts = sum(is_suppressed(v, threshold) for v in parts)
    if suppressed_parts == 1:
        return SUPPRESSED
    return total


# --- Loaded text is text ---------------------------------------------------------------------------------------
# What people typed into a file (titles, narratives, names, owners, file names...) is shown exactly as typed: never
# as Markdown, HTML, a Streamlit directive, a link or a spreadsheet formula. One helper per place text goes.

_MARKDOWN_ANYWHERE = re.compile(r"[\\`*_\[\]<>&|~$]|:(?=[\w+-])|(?<=:material)/")
_SHORTCODE_END = re.compile(r"(\\:(?:[\w+-]|\\_)+):")  # the colon closing an escaped ':name:' (an emoji code)
_MARKDOWN_LINE_START = re.compile(r"^(\s*)(\d*)([-+#>.)])")
_AUTOLINK = re.compile(r"(?<=www)(?=\.)|(?=://)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"
"""An invisible character that keeps GFM from making a typed address a link (see ``escape_markdown``)."""


def _missing(text: object) -> bool:
    return text is None or (not isinstance(text, str) and bool(pd.isna(text)))


def escape_markdown(text: object) -> str:
    """Loaded text as literal text inside Markdown (``st.markdown``, ``st.info``, a caption, a widget or expander
    label, ``st.metric``, a table cell...): every character Markdown, HTML or Streamlit would act on is
    backslash-escaped, so what a person typed shows exactly as typed and never as formatting, HTML, a directive
    (``:red[...]``, ``:material/...:``, an emoji ``:name:``), maths (``$...$``) or a link (``[...](...)``). A list
    or heading marker is escaped only at the start, where it acts; line breaks become spaces. The backslashes are
    Markdown's own escapes: readers never see them. GFM also makes a web or email address a link after escapes
    are undone (``https://...``, ``www.``, ``name@host``), so an invisible ``WORD_JOINER`` goes before ``://``
    and ``@`` and after ``www``: the address reads as typed and is not a link."""
    if _missing(text):
        return ""
    joined = _AUTOLINK.sub(WORD_JOINER, " ".join(str(text).split()))
    escaped = _MARKDOWN_ANYWHERE.sub(lambda found: "\\" + found.group(0), joined)
    escaped = _SHORTCODE_END.sub(lambda found: found.group(1) + "\\:", escaped)
    return _MARKDOWN_LINE_START.sub(lambda found: found.group(1) + found.group(2) + "\\" + found.group(3), escaped)


def markdown_paragraphs(text: object) -> str:
    """Like ``escape_markdown`` for a longer text (a narrative): its paragraphs (split at blank lines) kept."""
    if _missing(text):
        return ""
    return "\n\n".join(escape_markdown(part) for part in re.split(r"\n\s*\n", str(text)) if part.strip())


_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"})


def escape_html(text: object) -> str:
    """Loaded text as literal text inside HTML (``st.html``, a Markdown string with ``unsafe_allow_html``) and
    inside plotly's text (chart titles, captions and annotations, axis tick labels, legend names, hover text and
    text labels), which plotly reads as a subset of HTML (``<b>``, ``<br>``, ``<a href>``...): ``&``, ``<`` and
    ``>`` become character references, and ``$`` too (plotly would typeset ``$...$`` as maths), so a tag typed in
    a file shows as its characters and never acts. Both HTML and plotly turn the references back into the
    characters typed. Quotes are left as typed: loaded text goes between tags, never inside an attribute."""
    if _missing(text):
        return ""
    return str(text).translate(_HTML_ESCAPES)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def spreadsheet_cell(value: object) -> object:
    """A cell as a spreadsheet can open it safely (OWASP's rule): text starting with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return gets a leading ``'``, so Excel or LibreOffice reads it as text, never runs it as a
    formula. Only text is changed, and all text alike: a number (an int or float such as -4.3) stays a number,
    while text that merely looks like one ('-4.3 pp', '+1.2 pp', '-5') gets the quote; the dashboard's own
    negative numbers in words use the minus sign '−', which no spreadsheet runs, so they stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(table: pd.DataFrame) -> bytes:
    """A table as the CSV file every "Download as CSV" gives (UTF-8, no index), header and every cell made safe
    for a spreadsheet by ``spreadsheet_cell``."""
    safe = table.map(spreadsheet_cell)
    safe.columns = [spreadsheet_cell(column) for column in table.columns]
    return safe.to_csv(index=False).encode("utf-8")


def format_money(value: float | None) -> str:
    """Pounds sterling with pence: '£57,600.00', '−£1,200.00' when negative, '—' when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "−" if round(value, 2) < 0 else ""
    return f"{sign}£{abs(value):,.2f}"
