"""Checks of harvest, processing and administration entries, each naming its field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from regenpath.domain.procedure_records import (
    check_administered_volume,
    check_harvest,
    check_percentage,
    check_period,
    check_processing,
    din_entry_problem,
)

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
HARVEST = NOW - timedelta(hours=1)


def _processing(**changes: object) -> list[tuple[str, str]]:
    values: dict[str, object] = {
        "started_at": HARVEST + timedelta(minutes=15),
        "ended_at": HARVEST + timedelta(minutes=30),
        "harvest_started_at": HARVEST,
        "input_volume_ml": 60.0,
        "final_volume_ml": 6.0,
        "viability_percent": 95.0,
        "lot_expiry": date(2026, 6, 1),
        "processing_day": date(2026, 3, 4),
        "now": NOW,
        "harvest_volume_ml": 60.0,
    }
    values.update(changes)
    return [(p.field, p.message) for p in check_processing(**values)]  # type: ignore[arg-type]


def test_check_processing_accepts_a_good_record() -> None:
    assert _processing() == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"final_volume_ml": 61.0}, "final_volume_ml", "larger than the input volume"),
        ({"viability_percent": 100.1}, "viability_percent", "between 0 and 100"),
        ({"viability_percent": -0.1}, "viability_percent", "between 0 and 100"),
        ({"lot_expiry": date(2026, 3, 3)}, "lot_expiry", "expired on 2026-03-03"),
        ({"ended_at": HARVEST + timedelta(minutes=10)}, "ended_at", "before the processing start"),
        ({"started_at": HARVEST - timedelta(minutes=1)}, "started_at", "before the harvest"),
        ({"input_volume_ml": 0.0}, "input_volume_ml", "more than 0 mL"),
        (
            {"input_volume_ml": 70.0, "final_volume_ml": 6.0},
            "input_volume_ml",
            "harvested aspirate",
        ),
        ({"ended_at": NOW + timedelta(minutes=1)}, "ended_at", "in the future"),
    ],
)
def test_check_processing_names_the_bad_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    problems = _processing(**changes)
    assert any(f == field and words in m for f, m in problems), problems


def test_check_processing_lot_expiring_on_the_day_is_in_date() -> None:
    assert _processing(lot_expiry=date(2026, 3, 4)) == []


def test_check_harvest_end_before_start_and_volume() -> None:
    problems = check_harvest(
        started_at=HARVEST, ended_at=HARVEST - timedelta(minutes=1), aspirate_volume_ml=0, now=NOW
    )
    assert {p.field for p in problems} == {"ended_at", "aspirate_volume_ml"}


def test_check_period_equal_times_are_fine() -> None:
    assert check_period(HARVEST, HARVEST, now=NOW) == []


def test_check_percentage_bounds() -> None:
    assert check_percentage(100.0, "x", "X") == []
    assert check_percentage(100.01, "x", "X")[0].field == "x"


@pytest.mark.parametrize(
    ("volume", "available", "problem"),
    [(5.0, 6.0, False), (6.0, 6.0, False), (6.1, 6.0, True), (0.0, 6.0, True), (3.0, None, False)],
)
def test_check_administered_volume(volume: float, available: float | None, problem: bool) -> None:
    assert bool(check_administered_volume(volume, available)) is problem


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("A999921123456 4", "does not match"),  # K is 3 (ST-001 Figure 2)
        ("A99992112345 3", "expected the DIN"),
        ("A999921123456", "K is missing"),
        ("a999921123456 3", "lower-case"),
        ("A99992112345# 3", "not allowed"),
        ("", "no DIN"),
    ],
)
def test_din_entry_problem_names_the_din_field(text: str, words: str) -> None:
    problem = din_entry_problem(text)
    assert problem is not None and problem.field == "din" and words in problem.message


def test_din_entry_problem_accepts_scans_and_typed_entries() -> None:
    assert din_entry_problem("A9999 21 123456 [3]") is None
    assert din_entry_problem("=A99992112345600") is None
