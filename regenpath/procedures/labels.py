"""The product label: a 100 × 60 mm PDF for a label printer, with the DIN in bar codes.

Layout follows reference §1.1 "Printing" and §1.6: all 13 DIN characters eye-readable with the
keyboard check character K in a box, in a typeface that tells 0 from O and 1 from I; a Code 128
symbol of Data Structure 001; an ECC 200 Data Matrix. The two patient identifiers (name and date
of birth) are printed for the bedside check but never encoded: the tracking code may not contain a
name, SSN or medical record number (21 CFR 1271.290(c), reference §1.5 rule 6, §3.4 REG-2).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.utils import timezone
from reportlab.graphics.barcode.code128 import Code128
from reportlab.graphics.barcode.ecc200datamatrix import ECC200DataMatrix
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from regenpath.domain.identifiers import ProductCode
from regenpath.procedures.models import BiologicProduct, Processing

LABEL_WIDTH = 100 * mm
LABEL_HEIGHT = 60 * mm
# ST-001 §6 (reference §1.6): Code 128 X-dimension target 0.25 mm, quiet zone ≥ 10X, bar height
# ≥ 5 mm; Data Matrix X-dimension 0.25–1 mm, quiet zone ≥ X.
CODE128_X = 0.25 * mm
CODE128_HEIGHT = 9 * mm
MATRIX_X = 0.5 * mm
COMPOUND_MESSAGE = "=+"  # Data Structure 023 identifier (reference §1.3)

# DejaVu Sans Mono has a slashed zero and a serifed one, as ST-001 §7.4.1 asks of the DIN text.
_MONO_PATHS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"),)


class AsciiDataMatrix(ECC200DataMatrix):  # type: ignore[misc]
    """reportlab's 44 × 44 ECC 200 symbol with ASCII encodation instead of its C40.

    reportlab 5.1's C40 encoder gives wrong values to `:;<=>?@` (it maps Shift 2 as if the set
    were contiguous from `!`), and ISBT 128 data begins with `=`: a scanner read `=+02000=A…` as
    `"602000/…`. ASCII encodation (ISO/IEC 16022 §5.2.3: a character is its code + 1, two digits
    are 130 + their value) is plain and fits the 144 data codewords with room to spare.
    """

    def _encode_c40(self, value: str) -> list[int]:
        codewords: list[int] = []
        i = 0
        while i < len(value):
            pair = value[i : i + 2]
            if len(pair) == 2 and pair.isascii() and pair.isdigit():
                codewords.append(130 + int(pair))
                i += 2
                continue
            if ord(value[i]) > 127:
                raise ValueError("label bar codes carry ASCII data only")
            codewords.append(ord(value[i]) + 1)
            i += 1
        if len(codewords) > self.cw_data:
            raise ValueError("too much data for a 44 × 44 Data Matrix")
        if len(codewords) < self.cw_data:
            codewords.append(129)  # first pad
        while len(codewords) < self.cw_data:
            # 253-state randomised pad (ISO/IEC 16022 §5.2.3), P = 1-based codeword position.
            pad = 129 + ((149 * (len(codewords) + 1)) % 253) + 1
            codewords.append(pad - 254 if pad > 254 else pad)
        return codewords


def _mono_font() -> str:
    for path in _MONO_PATHS:
        if path.exists():
            if "LabelMono" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("LabelMono", str(path)))
            return "LabelMono"
    return "Courier-Bold"  # fallback when fonts-dejavu-core is missing


def barcode_contents(product: BiologicProduct) -> dict[str, str]:
    """Return the exact data each symbol encodes: only ISBT 128 structures, no patient data.

    Code 128: Data Structure 001, `=` + DIN + flags. Data Matrix: a Data Structure 023 compound
    message (`=+aabbb`, `aa` structures, `bbb` = 000 undefined order) holding DS001 and the DS003
    product code (reference §1.3; the compound layout beyond that table is from ST-001 as cited
    there, details in IG-014 not checked here).
    """
    ds001 = product.din_object.barcode_data()
    ds003 = product.product_type.product_code.barcode_data()
    return {"code128": ds001, "datamatrix": f"{COMPOUND_MESSAGE}02000{ds001}{ds003}"}


def _spaced(code: ProductCode) -> str:
    # PDC, Type of Collection and division as separate groups, e.g. `D0001 1 00`.
    return f"{code.pdc} {code.collection_type} {code.division}"


def _local(moment: object) -> str:
    return timezone.localtime(moment).strftime("%d %b %Y %H:%M %Z")  # type: ignore[arg-type]


def label_pdf(product: BiologicProduct) -> bytes:
    """Return the product's label as a one-page PDF, 100 × 60 mm."""
    contents = barcode_contents(product)
    din = product.din_object
    patient = product.patient
    processing = Processing.objects.filter(product=product).first()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(LABEL_WIDTH, LABEL_HEIGHT))
    canvas.setTitle(f"Label {din.code}")
    canvas.setAuthor("regenpath")
    mono = _mono_font()
    margin = 3 * mm

    # Banner: autologous use only (DS003 Type of Collection 1, reference §1.3).
    canvas.setFillGray(0)
    canvas.rect(0, LABEL_HEIGHT - 7 * mm, LABEL_WIDTH, 7 * mm, stroke=0, fill=1)
    canvas.setFillGray(1)
    canvas.setFont("Helvetica-Bold", 11)
    canvas.drawCentredString(LABEL_WIDTH / 2, LABEL_HEIGHT - 5 * mm, "FOR AUTOLOGOUS USE ONLY")
    canvas.setFillGray(0)

    # Code 128 of DS001, with its quiet zone inside the label's left margin.
    code128 = Code128(
        contents["code128"],
        barWidth=CODE128_X,
        barHeight=CODE128_HEIGHT,
        quiet=1,
        lquiet=10 * CODE128_X,
        rquiet=10 * CODE128_X,
    )
    code128.drawOn(canvas, margin - 10 * CODE128_X, LABEL_HEIGHT - 18 * mm)

    # Eye-readable DIN: FIN, year, sequence, printed flags, then K in a box (ST-001 Figure 2).
    groups = [din.facility, din.year, din.sequence]
    text = " ".join(groups)
    canvas.setFont(mono, 13)
    y = LABEL_HEIGHT - 23.5 * mm
    canvas.drawString(margin, y, text)
    x = margin + canvas.stringWidth(text + " ", mono, 13)
    flags_text = din.eye_readable().split(" ")
    if len(flags_text) == 5:  # Type 1/2 flags are printed (rotated on real labels), ref. §1.1
        canvas.setFont(mono, 8)
        canvas.drawString(x, y, flags_text[3])
        x += canvas.stringWidth(flags_text[3] + " ", mono, 8)
    canvas.setFont(mono, 13)
    k_width = canvas.stringWidth(din.check_character, mono, 13)
    canvas.rect(x - 0.8 * mm, y - 1.2 * mm, k_width + 1.6 * mm, 5.6 * mm, stroke=1, fill=0)
    canvas.drawString(x, y, din.check_character)

    # Data Matrix (ECC 200), top right.
    matrix = AsciiDataMatrix(contents["datamatrix"], barWidth=MATRIX_X)
    matrix.validate()
    matrix.encode()  # reportlab's ECC200 class draws only what encode() has built
    matrix.x = matrix.y = 0
    size = 44 * MATRIX_X
    matrix.drawOn(canvas, LABEL_WIDTH - margin - size, LABEL_HEIGHT - 9 * mm - size)

    # Patient identifiers: printed only (21 CFR 1271.290(c)).
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(
        margin, LABEL_HEIGHT - 30 * mm, f"{patient.family_name.upper()}, {patient.given_name}"
    )
    canvas.setFont("Helvetica", 8.5)
    canvas.drawString(
        margin, LABEL_HEIGHT - 34 * mm, f"Date of birth: {patient.date_of_birth:%d %b %Y}"
    )

    # Product facts.
    product_type = product.product_type
    volume = (
        f"{processing.final_volume_ml} mL"
        if processing
        else f"{product.harvest.aspirate_volume_ml} mL aspirate (not yet processed)"
    )
    rows = [
        ("Product", f"{product_type.name} ({_spaced(product_type.product_code)})"),
        ("Volume", volume),
        ("Collected", _local(product.collected_at)),
        ("Expires", _local(product.expires_at)),
    ]
    y = LABEL_HEIGHT - 40 * mm
    for label, value in rows:
        canvas.setFont("Helvetica-Bold", 7.5)
        canvas.drawString(margin, y, label)
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(margin + 16 * mm, y, value)
        y -= 4 * mm
    canvas.setFont("Helvetica", 6)
    canvas.drawRightString(LABEL_WIDTH - margin, 2.5 * mm, f"ISBT 128 · {product.clinic.name}")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
