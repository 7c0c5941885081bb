"""Render plain documents (plan summary, signed consent) to PDF with ReportLab.

The layout knows nothing about models: callers describe a document as a PdfDocument of
sections and signature blocks. Output is deterministic (ReportLab's `invariant` mode: no
creation time or random document id), so the same content always gives the same bytes and the
same SHA-256. Text uses Bitstream Vera, which ships inside ReportLab, so accented names render
the same on every machine.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

INK = colors.HexColor("#1c2b36")
MUTED = colors.HexColor("#53636f")
ACCENT = colors.HexColor("#0b6e69")
LINE = colors.HexColor("#d5dde3")
WARN_BG = colors.HexColor("#fff3dc")
WARN = colors.HexColor("#8a4b00")


def _register_fonts() -> str:
    folder = Path(reportlab.__file__).parent / "fonts"
    faces = {"Vera": "Vera.ttf", "Vera-Bold": "VeraBd.ttf", "Vera-Italic": "VeraIt.ttf"}
    faces["Vera-BoldItalic"] = "VeraBI.ttf"
    for name, filename in faces.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    pdfmetrics.registerFontFamily(
        "Vera", normal="Vera", bold="Vera-Bold", italic="Vera-Italic", boldItalic="Vera-BoldItalic"
    )
    return "Vera"


FONT = _register_fonts()
STYLES = {
    "title": ParagraphStyle(
        "title", fontName="Vera-Bold", fontSize=17, leading=21, textColor=INK, spaceAfter=2
    ),
    "subtitle": ParagraphStyle(
        "subtitle", fontName=FONT, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8
    ),
    "h2": ParagraphStyle(
        "h2",
        fontName="Vera-Bold",
        fontSize=12,
        leading=15,
        textColor=ACCENT,
        spaceBefore=10,
        spaceAfter=4,
    ),
    "body": ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=14, textColor=INK, spaceAfter=4
    ),
    "small": ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=11, textColor=MUTED),
    "cell": ParagraphStyle("cell", fontName=FONT, fontSize=9, leading=12, textColor=INK),
    "cellhead": ParagraphStyle("cellhead", fontName="Vera-Bold", fontSize=9, leading=12),
    "notice": ParagraphStyle(
        "notice",
        fontName="Vera-Bold",
        fontSize=10,
        leading=14,
        textColor=WARN,
        backColor=WARN_BG,
        borderPadding=(5, 6, 5, 6),
        spaceBefore=4,
        spaceAfter=10,
    ),
}


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs, bullet points and an optional table (first row = header)."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    bullets: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    col_widths: tuple[float, ...] = ()  # fractions of the text width, summing to 1


@dataclass(frozen=True)
class SignatureBlock:
    """One signature as printed: printed name, date and time, and meaning (Part 11 §11.50)."""

    role: str
    printed_name: str
    signed_at: str
    meaning: str
    extra: tuple[str, ...] = ()


@dataclass(frozen=True)
class PdfDocument:
    title: str
    subtitle: str
    identity: tuple[tuple[str, str], ...]  # (label, value) pairs under the title
    sections: tuple[Section, ...]
    notices: tuple[str, ...] = ()  # shown boxed under the identity, e.g. "investigational"
    signatures: tuple[SignatureBlock, ...] = ()
    footer: str = ""
    synthetic: bool = False
    metadata: dict[str, str] = field(default_factory=dict)


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), STYLES[style])


class _NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]  # ReportLab ships no types
    """A canvas that prints "page N of M" and the footer once every page is laid out."""

    footer = ""
    synthetic = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        width, _ = A4
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        self.setStrokeColor(LINE)
        self.line(18 * mm, 14 * mm, width - 18 * mm, 14 * mm)
        self.drawString(18 * mm, 9.5 * mm, self.footer)
        self.drawRightString(width - 18 * mm, 9.5 * mm, f"Page {self._pageNumber} of {total}")
        if self.synthetic:
            self.setFillColor(colors.HexColor("#5b2a86"))
            self.setFont("Vera-Bold", 8)
            self.drawCentredString(
                width / 2, A4[1] - 9 * mm, "SYNTHETIC DEMO DATA — NOT A REAL PERSON OR RECORD"
            )


def _identity_table(pairs: tuple[tuple[str, str], ...], width: float) -> Table:
    rows = [[_p(label, "small"), _p(value, "cell")] for label, value in pairs]
    table = Table(rows, colWidths=[0.28 * width, 0.72 * width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _section_table(section: Section, width: float) -> Table:
    n = len(section.table[0])
    fractions = section.col_widths or tuple(1 / n for _ in range(n))
    rows = [[_p(cell, "cellhead") for cell in section.table[0]]]
    rows += [[_p(cell, "cell") for cell in row] for row in section.table[1:]]
    table = Table(rows, colWidths=[f * width for f in fractions], repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e3f2f0")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _signature_table(block: SignatureBlock, width: float) -> KeepTogether:
    rows = [
        [_p("Signed by", "small"), _p(block.printed_name, "cellhead")],
        [_p("Date and time", "small"), _p(block.signed_at, "cell")],
        [_p("Meaning", "small"), _p(block.meaning, "cell")],
        *[[_p("", "small"), _p(line, "small")] for line in block.extra],
    ]
    table = Table(rows, colWidths=[0.25 * width, 0.75 * width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return KeepTogether([_p(block.role, "h2"), table])


def render(document: PdfDocument) -> bytes:
    """Return the PDF bytes of `document` (A4, numbered pages, deterministic)."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=document.title,
        author="regenpath",
        subject=document.subtitle,
        creator="regenpath",
        invariant=1,
    )
    width = doc.width
    story: list[Any] = [_p(document.title, "title"), _p(document.subtitle, "subtitle")]
    if document.identity:
        story += [_identity_table(document.identity, width), Spacer(1, 6)]
    story += [_p(notice, "notice") for notice in document.notices]
    for section in document.sections:
        block: list[Any] = [_p(section.heading, "h2")]
        block += [_p(text) for text in section.paragraphs]
        if section.bullets:
            block.append(
                ListFlowable(
                    [ListItem(_p(item), leftIndent=12) for item in section.bullets],
                    bulletType="bullet",
                    start="•",
                    leftIndent=12,
                    bulletFontName=FONT,
                )
            )
        if section.table:
            block.append(_section_table(section, width))
        if section.table and len(section.table) <= 12:
            # A short table stays with its heading (KeepTogether still splits what cannot fit).
            story.append(KeepTogether(block))
        else:
            # Keep a heading with at least its first lines.
            story.append(KeepTogether(block[:2]))
            story += block[2:]
    story += [_signature_table(sig, width) for sig in document.signatures]

    class Canvas(_NumberedCanvas):
        footer = document.footer
        synthetic = document.synthetic

    doc.build(story, canvasmaker=Canvas)
    return buffer.getvalue()
