"""The clinic's Facility Identification Number setting (ST-001 Table 3, reference §1.1)."""

from __future__ import annotations

import pytest

from regenpath.domain.identifiers import DinFacilityError, check_facility


@pytest.mark.parametrize("fin", ["A9999", "W0000", "1AB12", "G1234"])
def test_check_facility_accepts_well_formed(fin: str) -> None:
    assert check_facility(fin) == fin


@pytest.mark.parametrize(
    ("fin", "words"),
    [
        ("O9999", "never O or 0"),
        ("09999", "never O or 0"),
        ("AO999", "characters 2–3"),
        ("A99X9", "characters 4–5 must be digits"),
        ("A999", "5 characters"),
        ("a9999", "first character"),
    ],
)
def test_check_facility_refuses_malformed(fin: str, words: str) -> None:
    with pytest.raises(DinFacilityError, match=words):
        check_facility(fin)
