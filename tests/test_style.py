"""The one place for labels, formats and suppression: what people read must be right."""

import csv
import datetime as dt
import html
import io

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from improvement import style
from tests.support import hostile


def test_rag_is_shown_as_shape_and_word_never_colour_alone():
    assert style.rag_text("Amber") == "▲ Amber"
    assert style.rag_text("Blue") == "★ Blue (complete)"
    assert style.rag_text(None) == "—"
    shapes = {rag.marker for rag in style.RAG_STYLES.values()}
    assert len(shapes) == 4  # every rating has its own shape


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_rag_text_contrast_meets_wcag_aa():
    for rag in style.RAG_STYLES.values():
        light, dark = sorted([_luminance(rag.fill), _luminance(rag.text_colour)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, rag.rating


def test_values_are_formatted_by_unit_and_statuses_stay_symbols():
    assert style.format_value(15.94, "ratio") == "15.9"
    assert style.format_value(24.6, "percent") == "24.6%"
    assert style.format_value(1234, "count") == "1,234"
    assert style.format_value(None, "count", "c") == "c"
    assert style.format_value(None, "percent") == "—"
    assert style.format_change(-1.25, "percent") == "−1.2 pp"


def test_small_counts_about_children_are_suppressed_but_zero_larger_counts_and_rates_are_not():
    observations = pd.DataFrame(
        {
            "measure_code": ["children_in_pre_proceedings"] * 5 + ["visits_percent"],
            "value": [0.0, 1.0, 4.0, 5.0, None, 3.0],
            "status": [None, None, None, None, "x", None],
        }
    )
    shown = style.suppress_observations(observations, {"children_in_pre_proceedings"}, threshold=5)
    assert shown["status"].tolist() == [None, "c", "c", None, "x", None]
    assert shown["value"].isna().tolist() == [False, True, True, False, True, False]
    assert shown.loc[5, "value"] == 3.0  # a percentage of 3 is not a count of children
    assert observations["value"].tolist()[1] == 1.0  # the stored frame is left alone


def test_a_total_that_would_reveal_one_suppressed_part_is_suppressed_too():
    assert style.suppress_total(pd.Series([3, 20, 30]), 53, threshold=5) == "c"
    assert style.suppress_total(pd.Series([3, 2, 30]), 35, threshold=5) == 35
    assert style.suppress_total(pd.Series([10, 20]), 30, threshold=5) == 30


def test_due_dates_are_overdue_only_once_passed_by_the_data_date():
    assert style.is_overdue(dt.date(2023, 6, 8), dt.date(2023, 6, 30))
    assert not style.is_overdue(dt.date(2023, 7, 7), dt.date(2023, 6, 30))
    assert not style.is_overdue(None, dt.date(2023, 6, 30))


# --- Loaded text is text: one helper for Markdown, one for HTML and plotly, one for spreadsheets -----------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<div style="position:fixed;inset:0;background:white">',
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    ":red[RED]",
    ":material/warning:",
    "$x^2$",
    "[link](https://evil.example)",
    "**bold**",
    "# heading",
    '=HYPERLINK("http://evil.example","x")',
    "@SUM(1+1)",
    "+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
]


def test_markdown_escaping_leaves_no_markup_directive_maths_or_link_to_act_on():
    assert style.escape_markdown("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert style.escape_markdown(":red[RED]") == "\\:red\\[RED\\]"
    assert style.escape_markdown(":material/warning:") == "\\:material\\/warning:"  # Streamlit's icon syntax broken
    assert style.escape_markdown(":smile: :+1:") == "\\:smile\\: \\:+1\\:"  # emoji codes: both colons
    assert style.escape_markdown("$x^2$") == "\\$x^2\\$"
    assert style.escape_markdown("**bold**") == "\\*\\*bold\\*\\*"
    assert style.escape_markdown("# heading") == "\\# heading"
    assert style.escape_markdown("-1+1") == "\\-1+1"  # a list marker only where it acts
    assert style.escape_markdown("1. item") == "1\\. item"
    assert style.escape_markdown("a | b") == "a \\| b"  # never a new table cell
    assert style.escape_markdown("&lt;b&gt;") == "\\&lt;b\\&gt;"  # an entity shows as typed
    # GFM makes addresses links even when escaped: an invisible word joiner keeps them text.
    assert style.escape_markdown("[link](https://evil.example)") == "\\[link\\](https\u2060://evil.example)"
    assert style.escape_markdown("www.evil.example me@evil.example") == "www\u2060.evil.example me\u2060@evil.example"
    # Ordinary sentences read the same in the source: a colon before a space, numbers, apostrophes.
    assert style.escape_markdown("Measure a: on trajectory; 60.0% (England's)") == (
        "Measure a: on trajectory; 60.0% (England's)"
    )
    assert style.escape_markdown("two\n\nlines\tand tabs") == "two lines and tabs"
    assert style.escape_markdown(None) == "" and style.escape_markdown(float("nan")) == ""


def test_markdown_escaping_only_adds_backslashes_before_punctuation_which_markdown_removes():
    """What a reader sees is the text typed: every backslash added stands before ASCII punctuation (a Markdown
    escape, never shown), and the only other character added is the invisible word joiner."""
    for text in [*HOSTILE, "back\\slash", "C:\\temp", "50% of £1,000 — ‘quoted’ & <b>"]:
        escaped = style.escape_markdown(text)
        assert hostile.shown(escaped) == " ".join(text.split()), (text, escaped)


def test_narratives_keep_their_paragraphs_and_escape_each():
    assert style.markdown_paragraphs("First <b>one</b>.\n\n# Second\n\n\n") == "First \\<b\\>one\\</b\\>.\n\n\\# Second"


def test_html_escaping_makes_every_tag_text_in_html_and_in_plotly():
    assert style.escape_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert style.escape_html('<a href="javascript:alert(1)">x</a>') == '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'
    assert style.escape_html("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert style.escape_html("$x^2$ &amp;") == "&#36;x^2&#36; &amp;amp;"  # never maths; an entity shows as typed
    assert style.escape_html("<br>") == "&lt;br&gt;"  # a typed line break is text, not plotly's break
    assert style.escape_html(":red[RED] **bold** England's") == ":red[RED] **bold** England's"  # not Markdown here
    assert style.escape_html(None) == ""
    for text in HOSTILE:
        assert "<" not in style.escape_html(text) and ">" not in style.escape_html(text)
        assert html.unescape(style.escape_html(text)) == text  # the browser and plotly show exactly what was typed


def test_a_text_cell_a_spreadsheet_would_run_gets_a_quote_and_numbers_stay_numbers():
    for text in ['=HYPERLINK("http://evil.example","x")', "@SUM(1+1)", "+1", "-1+1", "\t=1+1", "\r=1+1", "-4.3 pp"]:
        assert style.spreadsheet_cell(text) == "'" + text
    for text in ["Quality assurance", "−0.7", "15.9", "c", "", " =1"]:  # the minus sign '−' is not a formula
        assert style.spreadsheet_cell(text) == text
    for number in (-4.3, -4, 0, 15.9, None):
        assert style.spreadsheet_cell(number) == number


def test_a_csv_download_holds_no_formula_and_keeps_its_numbers():
    table = pd.DataFrame(
        {
            "Risk": ["R1 =HYPERLINK(1)", "R2"],
            "Owner": ['=HYPERLINK("http://evil.example","x")', "Head of Service"],
            "Mitigation": ["@SUM(1+1)", "-1+1"],
            "Change": [-4.3, 2.0],
            "=Team": ["+1", "−0.7"],
        }
    )
    rows = list(csv.reader(io.StringIO(style.table_csv(table).decode("utf-8"))))
    assert rows == [
        ["Risk", "Owner", "Mitigation", "Change", "'=Team"],
        ["R1 =HYPERLINK(1)", '\'=HYPERLINK("http://evil.example","x")', "'@SUM(1+1)", "-4.3", "'+1"],
        ["R2", "Head of Service", "'-1+1", "2.0", "−0.7"],
    ]
    assert table.at[0, "Owner"].startswith("=")  # the table shown on the page is left as loaded


@settings(max_examples=300, deadline=None)
@given(st.text().map(lambda text: text.replace(style.WORD_JOINER, "")))
def test_any_text_escaped_for_markdown_reads_as_typed_and_nothing_in_it_is_left_to_act(text):
    escaped = style.escape_markdown(text)
    assert hostile.shown(escaped) == " ".join(text.split())  # what the reader sees
    assert style.escape_markdown(hostile.shown(escaped)) == escaped  # every active character already escaped


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_escaped_for_html_reads_as_typed_and_holds_no_tag(text):
    escaped = style.escape_html(text)
    assert html.unescape(escaped) == text
    assert "<" not in escaped and ">" not in escaped and "$" not in escaped


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_cell_starts_a_formula(text):
    safe = style.spreadsheet_cell(text)
    assert not safe.startswith(style.FORMULA_STARTS)
    assert safe in (text, "'" + text)
