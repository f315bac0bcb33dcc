"""Chart images and the briefing pack (improvement.exports): what leaves the dashboard still tells the truth.

The images come from kaleido driving Debian's Chromium (the ``chromium_path`` fixture: skipped locally without
it, failed under CI). Everything is rendered once per module, in one browser, on the seeded demo database.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader

from improvement import exports, pack
from improvement.charting import Chart, ChartContext

MARKING = "OFFICIAL-SENSITIVE"
PREPARED = dt.date(2023, 7, 14)


def demo_charts(database_url: str, synthetic: bool | None = None) -> tuple[list[Chart], ChartContext]:
    """The pack's charts for Sefton on ``database_url``, read as the app reads them."""
    from improvement.ui.data import board_data

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", database_url)
        data = board_data("E08000014")
    context = ChartContext(
        authority=data.authority_name,
        data_as_at=data.as_at,
        marking=MARKING,
        synthetic=data.synthetic if synthetic is None else synthetic,
    )
    return pack.briefing_charts(data, context), context


def words(text: str) -> str:
    """Text with every run of whitespace (line breaks in a PDF or an SVG) made one space."""
    return " ".join(text.split())


def svg_text(svg: bytes) -> str:
    """The words an SVG shows: the content of its text elements, joined."""
    return words(" ".join(re.findall(r"<(?:text|tspan)[^>]*>([^<]*)(?=<)", svg.decode("utf-8"))))


# ---------------------------------------------------------------------------------------------- without a browser


def test_export_figure_adds_marking_top_and_bottom_and_watermark_only_for_synthetic_data(seeded_sqlite_url):
    charts, _ = demo_charts(seeded_sqlite_url)
    chart = charts[0]
    on_screen = chart.figure.to_json()

    synthetic = exports.export_figure(chart.figure, marking=MARKING, synthetic=True)
    real = exports.export_figure(chart.figure, marking=MARKING, synthetic=False)

    def texts(figure) -> list[str]:
        return [a.text for a in figure.layout.annotations]

    assert texts(synthetic).count(f"<b>{MARKING}</b>") == 2
    markings = [a for a in synthetic.layout.annotations if a.text == f"<b>{MARKING}</b>"]
    assert sorted(a.yanchor for a in markings) == ["bottom", "top"]
    assert f"<b>{exports.WATERMARK}</b>" in texts(synthetic)
    watermark = next(a for a in synthetic.layout.annotations if a.text == f"<b>{exports.WATERMARK}</b>")
    assert watermark.textangle != 0 and watermark.opacity < 0.3  # diagonal and light
    assert f"<b>{exports.WATERMARK}</b>" not in texts(real)
    assert texts(real).count(f"<b>{MARKING}</b>") == 2
    assert synthetic.layout.width == exports.EXPORT_WIDTH
    assert synthetic.layout.height == chart.figure.layout.height + 2 * exports.MARKING_BAND
    assert chart.figure.to_json() == on_screen, "the figure on screen must not change"


def test_briefing_pack_refuses_an_empty_choice():
    context = ChartContext("Sefton", dt.date(2023, 6, 30), MARKING, True)
    with pytest.raises(ValueError, match="at least one chart"):
        exports.briefing_pack([], context)


def test_no_chromium_is_reported_plainly(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    with (
        pytest.raises(exports.ChromiumMissingError, match="Chart images need Chromium at .*no-chromium"),
        exports.image_session(),
    ):
        pass


def test_file_stem_makes_safe_file_names():
    assert exports.file_stem("caseload-Child Protection South") == "caseload-child-protection-south"
    assert exports.file_stem("Sefton / Knowsley?") == "sefton-knowsley"


# ---------------------------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def rendered(chromium_path, seeded_sqlite_url):
    """One chart as PNG and SVG (synthetic and not), and a four-chart pack: all in one browser."""
    charts, context = demo_charts(seeded_sqlite_url)
    chart = next(c for c in charts if c.name.startswith("trajectory-"))
    chosen = charts[:4]
    with exports.image_session():
        images = {
            "png": exports.chart_image(chart, "png", marking=MARKING, synthetic=True),
            "svg": exports.chart_image(chart, "svg", marking=MARKING, synthetic=True),
        }
        real_charts, real_context = demo_charts(seeded_sqlite_url, synthetic=False)
        real_chart = next(c for c in real_charts if c.name == chart.name)
        images["svg-real"] = exports.chart_image(real_chart, "svg", marking=MARKING, synthetic=False)
        built = exports.briefing_pack(chosen, context, prepared=PREPARED)
    return {"chart": chart, "real_chart": real_chart, "images": images, "chosen": chosen, "pack": built}


def test_png_is_a_real_png_at_twice_the_figure_size(rendered):
    png = rendered["images"]["png"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    exported = exports.export_figure(rendered["chart"].figure, marking=MARKING, synthetic=True)
    width, height = exports.export_size(exported)
    image = Image.open(io.BytesIO(png))
    assert image.size == (2 * width, 2 * height) == (2 * exports.EXPORT_WIDTH, image.size[1])
    image.load()  # the whole image decodes
    assert image.text["Title"] == rendered["chart"].title
    assert image.text["Description"] == rendered["chart"].alt_text


def test_svg_carries_title_caption_marking_and_watermark(rendered):
    chart, shown = rendered["chart"], svg_text(rendered["images"]["svg"])
    assert chart.title in shown
    for part in ("Data as at 30 June 2023.", "Sefton", "SYNTHETIC DEMO DATA, not real figures."):
        assert part in shown
    caption_start = words(chart.caption)[:40]
    assert caption_start in shown
    assert shown.count(MARKING) >= 3  # top, bottom, and in the caption
    assert shown.count(exports.WATERMARK) == 2  # the watermark and the caption's "SYNTHETIC DEMO DATA, not real"


def test_svg_of_real_data_has_no_watermark(rendered):
    shown = svg_text(rendered["images"]["svg-real"])
    assert rendered["real_chart"].title in shown
    assert exports.WATERMARK not in shown
    assert shown.count(MARKING) >= 3


def test_pack_pdf_has_title_page_contents_and_a_page_per_chart_with_caption_and_alt_text(rendered):
    built, chosen = rendered["pack"], rendered["chosen"]
    reader = PdfReader(io.BytesIO(built.pdf))
    pages = [words(page.extract_text()) for page in reader.pages]

    assert len(pages) == 2 + len(chosen)  # title page, contents, one page per chart
    title_page = pages[0]
    for expected in (
        exports.PACK_TITLE,
        "Sefton",
        "Data as at 30 June 2023",
        "Prepared on 14 July 2023",
        f"Protective marking: {MARKING}",
        "SYNTHETIC DEMO DATA",
    ):
        assert expected in title_page
    assert pages[1].startswith(f"{MARKING} Contents")
    for number, chart in enumerate(chosen, start=1):
        assert f"{number}. {exports.pdf_text(chart.title)} page {2 + number}" in pages[1]
        page = pages[1 + number]
        assert page.startswith(f"{MARKING} {number}. {exports.pdf_text(chart.title)}")
        assert words(exports.pdf_text(chart.caption)) in page
        assert words(exports.pdf_text(chart.alt_text)) in page
        assert page.endswith(f"{MARKING} Page {2 + number}")
    assert reader.metadata.title == "Improvement plan briefing pack: Sefton"
    assert [item.title for item in reader.outline] == [
        f"{n}. {exports.pdf_text(c.title)}" for n, c in enumerate(chosen, start=1)
    ]
    assert built.pdf_name == "briefing-pack-sefton-2023-06-30.pdf"


def test_pack_zip_holds_one_png_per_chosen_chart(rendered):
    built, chosen = rendered["pack"], rendered["chosen"]
    with zipfile.ZipFile(io.BytesIO(built.zip)) as archive:
        names = archive.namelist()
        assert names == [f"{n:02d}-{exports.file_stem(c.name)}.png" for n, c in enumerate(chosen, start=1)]
        for name, chart in zip(names, chosen, strict=True):
            image = Image.open(io.BytesIO(archive.read(name)))
            assert image.format == "PNG" and image.width == 2 * exports.EXPORT_WIDTH
            assert image.text["Title"] == chart.title
    assert built.zip_name == "briefing-pack-sefton-2023-06-30-charts.zip"
