"""The product label: size, printed text, and bar-code data free of patient identifiers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from regenpath.procedures.labels import LABEL_HEIGHT, LABEL_WIDTH, barcode_contents, label_pdf
from tests.procedures.conftest import harvest, released_product

PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"  # poppler-utils
PDFINFO = shutil.which("pdfinfo") or "/usr/bin/pdfinfo"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "label.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


def test_label_prints_din_patient_and_product_facts(
    case: Any, personas: Any, bmac: Any, tmp_path: Path
) -> None:
    product = released_product(case, personas, bmac)
    pdf = label_pdf(product)
    text = _pdf_text(pdf, tmp_path)
    din = product.din_object
    assert f"{din.facility} {din.year} {din.sequence}" in text
    assert din.check_character in text.split()
    assert "FOR AUTOLOGOUS USE ONLY" in text
    assert "DOE, Jane" in text
    assert "30 Apr 1961" in text
    assert "BMAC (D0001 1 00)" in text
    assert "6.0 mL" in text
    assert "Collected" in text and "Expires" in text
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "label.pdf").write_bytes(pdf)


def test_label_page_is_100_by_60_mm(case: Any, personas: Any, bmac: Any, tmp_path: Path) -> None:
    product = harvest(case, personas["alice"], bmac)
    path = tmp_path / "label.pdf"
    path.write_bytes(label_pdf(product))
    info = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary file
        [PDFINFO, str(path)], capture_output=True, check=True, text=True
    )
    size = next(line for line in info.stdout.splitlines() if line.startswith("Page size"))
    width, _, height = size.split(":")[1].split()[:3]
    assert (round(float(width), 1), round(float(height), 1)) == (
        round(LABEL_WIDTH, 1),
        round(LABEL_HEIGHT, 1),
    )


def test_label_barcodes_encode_isbt_structures_only(case: Any, personas: Any, bmac: Any) -> None:
    product = harvest(case, personas["alice"], bmac)
    contents = barcode_contents(product)
    assert contents["code128"] == "=" + product.din + "00"
    assert contents["datamatrix"] == f"=+02000={product.din}00=<D0001100"


def test_label_barcodes_contain_no_patient_identifier(case: Any, personas: Any, bmac: Any) -> None:
    # 21 CFR 1271.290(c): the tracking code may not contain name, SSN or medical record number.
    product = harvest(case, personas["alice"], bmac)
    patient = product.patient
    forbidden = [
        patient.given_name.upper(),
        patient.family_name.upper(),
        patient.mrn,
        patient.date_of_birth.strftime("%Y%m%d"),
        patient.date_of_birth.strftime("%d%m%Y"),
        patient.date_of_birth.strftime("%y%m%d"),
    ]
    for data in barcode_contents(product).values():
        for identifier in forbidden:
            assert identifier not in data.upper()


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("dmtxread")),
    reason="needs zbar-tools and dmtx-utils (Debian) to read the printed symbols back",
)
def test_label_symbols_scan_back_to_their_data(
    case: Any, personas: Any, bmac: Any, tmp_path: Path
) -> None:
    product = harvest(case, personas["alice"], bmac)
    pdf = tmp_path / "label.pdf"
    pdf.write_bytes(label_pdf(product))
    png = tmp_path / "label"
    subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
        [
            shutil.which("pdftoppm") or "pdftoppm",
            "-png",
            "-r",
            "300",
            "-singlefile",
            str(pdf),
            str(png),
        ],
        check=True,
    )
    image = str(png.with_suffix(".png"))
    linear = subprocess.run(  # noqa: S603
        [shutil.which("zbarimg") or "zbarimg", "-q", "--raw", image],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    matrix = subprocess.run(  # noqa: S603
        [shutil.which("dmtxread") or "dmtxread", "-N1", image],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    contents = barcode_contents(product)
    assert linear == contents["code128"]
    assert matrix == contents["datamatrix"]
