"""Charts that leave the dashboard: PNG and SVG images, and the briefing pack (one PDF and a zip of PNGs).

An exported chart must still tell the truth on its own, so every image carries, baked in:
- the chart's own title and caption (measure, authority, period, source, data as at; from the topic's chart builder);
- the protective marking at the top and the bottom;
- a large, light, diagonal "SYNTHETIC DEMO DATA" watermark when the data is synthetic.

Images come from kaleido driving Debian's Chromium (``BROWSER_PATH``, default ``/usr/bin/chromium``). Starting
the browser costs about two seconds and each chart about 0.2 s, so a whole job (a pack, or one download) runs in
one ``image_session()``: one browser, started once, stopped at the end. kaleido's server is one per process, so
sessions are serialised by a lock (a second user's download waits for the first user's pack).

The PDF is built with fpdf2 (pure Python): a title page (authority, data as at, marking, synthetic notice), a
contents list, then one page per chart with its image, its caption and its text alternative as real text, the
marking at the top and bottom of every page.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import plotly.graph_objects as go

from improvement import style
from improvement.charting import FONT, Chart, ChartContext

ImageFormat = Literal["png", "svg"]

DEFAULT_BROWSER = Path("/usr/bin/chromium")
EXPORT_WIDTH = 1100  # CSS pixels: about a chart's width on screen in the 1200-pixel briefing view
SCALE = 2  # PNGs at twice screen resolution
WATERMARK = "SYNTHETIC DEMO DATA"
MARKING_BAND = 26  # pixels added at the top and the bottom of an exported chart for the marking
PACK_TITLE = "Improvement plan briefing pack"
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "zip": "application/zip"}


# ---------------------------------------------------------------------------------------------- one chart


def export_figure(figure: go.Figure, *, marking: str, synthetic: bool, width: int = EXPORT_WIDTH) -> go.Figure:
    """A copy of ``figure`` as it is exported: fixed width, marking top and bottom, watermark if synthetic.

    The figure on screen is left untouched.
    """
    exported = go.Figure(copy.deepcopy(figure.to_dict()))
    layout = exported.layout
    margin_top = (layout.margin.t if layout.margin.t is not None else 80) + MARKING_BAND
    margin_bottom = (layout.margin.b if layout.margin.b is not None else 80) + MARKING_BAND
    height = (layout.height or 450) + 2 * MARKING_BAND
    exported.update_layout(width=layout.width or width, height=height, margin={"t": margin_top, "b": margin_bottom})
    marking_font = {"family": FONT, "size": 13, "color": style.Palette.DARK_GREY}
    for y, anchor, shift in ((1, "top", margin_top - 4), (0, "bottom", -(margin_bottom - 4))):
        exported.add_annotation(
            text=f"<b>{style.escape_html(marking)}</b>",
            xref="paper",
            yref="paper",
            x=0.5,
            y=y,
            xanchor="center",
            yanchor=anchor,
            yshift=shift,
            showarrow=False,
            font=marking_font,
        )
    if synthetic:
        # Centred on the whole image (paper coordinates cover only the plot area between the margins).
        full_width = exported.layout.width
        left, right = layout.margin.l or 80, layout.margin.r or 80
        exported.add_annotation(
            text=f"<b>{WATERMARK}</b>",
            xref="paper",
            yref="paper",
            x=(full_width / 2 - left) / max(full_width - left - right, 1),
            y=0.5,
            xanchor="center",
            yanchor="middle",
            textangle=-25,
            showarrow=False,
            opacity=0.13,
            font={"family": FONT, "size": int(min(full_width / 20, height / 9)), "color": style.Palette.DARK_GREY},
        )
    return exported


def export_size(figure: go.Figure) -> tuple[int, int]:
    """The CSS pixel size an exported figure renders at (a PNG is ``SCALE`` times this)."""
    return int(figure.layout.width), int(figure.layout.height)


# ---------------------------------------------------------------------------------------------- the browser

_SESSION_LOCK = threading.RLock()
_depth = 0


def browser_path() -> Path:
    """The Chromium kaleido drives: ``BROWSER_PATH`` if set, else Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("BROWSER_PATH") or DEFAULT_BROWSER)


class ChromiumMissingError(RuntimeError):
    """Images cannot be made here (no Chromium)."""


@contextmanager
def image_session() -> Iterator[None]:
    """One Chromium for everything rendered inside the block (nested blocks reuse it)."""
    global _depth
    import kaleido  # imported here: pages that never export do not pay for it

    with _SESSION_LOCK:
        if _depth == 0:
            path = browser_path()
            if not path.is_file():
                raise ChromiumMissingError(f"Chart images need Chromium at {path} (set BROWSER_PATH to another path).")
            kaleido.start_sync_server(n=1, mathjax=False, path=str(path), silence_warnings=True)
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
            if _depth == 0:
                kaleido.stop_sync_server(silence_warnings=True)


def render(figure: go.Figure, fmt: ImageFormat) -> bytes:
    """An exported figure (see ``export_figure``) as PNG (at ``SCALE``) or SVG bytes."""
    import kaleido

    scale = SCALE if fmt == "png" else 1
    with image_session():
        return kaleido.calc_fig_sync(figure.to_dict(), opts={"format": fmt, "scale": scale})


def chart_image(chart: Chart, fmt: ImageFormat, *, marking: str, synthetic: bool) -> bytes:
    """One chart as a stand-alone image: title, caption, marking and (if synthetic) watermark baked in."""
    image = render(export_figure(chart.figure, marking=marking, synthetic=synthetic), fmt)
    return with_png_text(image, chart.title, chart.alt_text) if fmt == "png" else image


def with_png_text(png: bytes, title: str, description: str) -> bytes:
    """The PNG with its title and text alternative stored in it (iTXt ``Title`` and ``Description`` chunks)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    def itxt(keyword: str, text: str) -> bytes:
        return chunk(b"iTXt", keyword.encode("latin-1") + b"\0\0\0" + b"en-GB\0" + b"\0" + text.encode("utf-8"))

    header_end = 8 + 8 + 13 + 4  # signature, IHDR length and type, IHDR data, CRC
    return png[:header_end] + itxt("Title", title) + itxt("Description", description) + png[header_end:]


def file_stem(name: str) -> str:
    """A safe file name from a chart name or title: lower case letters, digits and hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "chart"


# ---------------------------------------------------------------------------------------------- the pack


@dataclass(frozen=True)
class BriefingPack:
    pdf: bytes
    zip: bytes
    pdf_name: str
    zip_name: str
    png_names: tuple[str, ...]


def briefing_pack(
    charts: Sequence[Chart], context: ChartContext, *, prepared: dt.date | None = None, title: str = PACK_TITLE
) -> BriefingPack:
    """The PDF (title page, contents, a page per chart) and the zip of PNGs, rendered with one browser."""
    if not charts:
        raise ValueError("Choose at least one chart for the briefing pack.")
    with image_session():
        images = [chart_image(c, "png", marking=context.marking, synthetic=context.synthetic) for c in charts]
    names = tuple(f"{number:02d}-{file_stem(chart.name)}.png" for number, chart in enumerate(charts, start=1))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zipped:  # PNGs are compressed already
        for name, image in zip(names, images, strict=True):
            entry = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
            entry.external_attr = 0o644 << 16  # readable by everyone who unpacks it
            zipped.writestr(entry, image)
    stem = f"briefing-pack-{file_stem(context.authority)}-{context.data_as_at or 'no-data'}"
    pdf = pack_pdf(charts, images, context, prepared=prepared or dt.date.today(), title=title)
    return BriefingPack(pdf, archive.getvalue(), f"{stem}.pdf", f"{stem}-charts.zip", names)


# The PDF's built-in Helvetica covers Windows-1252; the few symbols beyond it are spelt out.
_PDF_TEXT = str.maketrans(
    {"↑": "up", "↓": "down", "→": "->", "✔": "", "✖": "", "▲": "", "●": "", "★": "", "≤": "<=", "≥": ">="}
)


def pdf_text(text: str) -> str:
    return text.translate(_PDF_TEXT).replace("\u2212", "-").encode("cp1252", "replace").decode("cp1252")


CONTENTS_PER_PAGE = 18


def pack_pdf(
    charts: Sequence[Chart], images: Sequence[bytes], context: ChartContext, *, prepared: dt.date, title: str
) -> bytes:
    """Title page, contents, then one page per chart: its image, caption and text alternative."""
    from fpdf import FPDF

    marking = pdf_text(context.marking)

    class Pack(FPDF):
        def header(self) -> None:
            self.set_font("helvetica", "B", 10)
            self.set_text_color(61, 61, 61)
            self.cell(0, 6, marking, align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("helvetica", "B", 10)
            self.cell(0, 6, marking, align="C")
            self.set_font("helvetica", "", 9)
            self.set_x(-40)
            self.cell(30, 6, f"Page {self.page_no()}", align="R")

    pdf = Pack(orientation="landscape", format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_margins(12, 10, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_title(pdf_text(f"{title}: {context.authority}"))
    pdf.set_author(pdf_text(context.authority))
    pdf.set_subject(pdf_text(f"{title}. Data as at {context.as_at_text}. {context.marking}."))
    pdf.set_lang("en-GB")
    width = pdf.epw

    # Title page
    pdf.add_page()
    pdf.ln(30)
    pdf.set_font("helvetica", "B", 26)
    pdf.multi_cell(width, 12, pdf_text(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", "", 16)
    for line in (
        context.authority,
        f"Data as at {context.as_at_text}",
        f"Prepared on {style.format_date(prepared)}",
        f"Protective marking: {context.marking}",
        f"{len(charts)} charts, each with its caption and text alternative",
    ):
        pdf.multi_cell(width, 9, pdf_text(line), new_x="LMARGIN", new_y="NEXT")
    if context.synthetic:
        pdf.ln(6)
        pdf.set_font("helvetica", "B", 14)
        pdf.set_text_color(128, 22, 80)
        pdf.multi_cell(
            width,
            8,
            f"{WATERMARK}: every figure, rating and narrative in this pack is invented to show how the dashboard "
            "works. None of it describes the real council.",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_text_color(61, 61, 61)

    # Contents: a fixed number of entries per page, so each chart's page number is known before it is drawn.
    contents_pages = -(-len(charts) // CONTENTS_PER_PAGE)
    first_chart_page = 2 + contents_pages
    links = [pdf.add_link() for _ in charts]
    for number, chart in enumerate(charts, start=1):
        if (number - 1) % CONTENTS_PER_PAGE == 0:
            pdf.add_page()
            pdf.set_font("helvetica", "B", 18)
            pdf.cell(0, 12, "Contents", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("helvetica", "", 12)
        page = first_chart_page + number - 1
        entry = pdf_text(f"{number}. {chart.title}")
        pdf.cell(width - 25, 9, entry, link=links[number - 1])
        pdf.cell(25, 9, f"page {page}", align="R", link=links[number - 1], new_x="LMARGIN", new_y="NEXT")

    # One page per chart: its title, the image, then its caption and text alternative as text.
    for number, (chart, image, link) in enumerate(zip(charts, images, links, strict=True), start=1):
        pdf.add_page()
        pdf.set_link(link, page=pdf.page_no())
        heading = pdf_text(f"{number}. {chart.title}")
        pdf.start_section(heading)
        pdf.set_font("helvetica", "B", 13)
        pdf.multi_cell(width, 7, heading, new_x="LMARGIN", new_y="NEXT")
        texts = [("Caption", pdf_text(chart.caption)), ("Text alternative", pdf_text(chart.alt_text))]
        pdf.set_font("helvetica", "", 9)
        text_height = sum(5 + pdf.multi_cell(width, 4.5, text, dry_run=True, output="HEIGHT") for _, text in texts)
        room = pdf.h - 14 - pdf.get_y() - text_height - 4
        pixels_w, pixels_h = _png_size(image)
        image_w = min(width, room * pixels_w / pixels_h)
        image_h = image_w * pixels_h / pixels_w
        pdf.image(
            io.BytesIO(image),
            x=pdf.l_margin + (width - image_w) / 2,
            w=image_w,
            h=image_h,
            title=heading,
            alt_text=pdf_text(chart.alt_text),
        )
        pdf.ln(2)
        for label, text in texts:
            pdf.set_font("helvetica", "B", 9)
            pdf.cell(width, 5, label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("helvetica", "", 9)
            pdf.multi_cell(width, 4.5, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's IHDR chunk."""
    return struct.unpack(">II", png[16:24])
