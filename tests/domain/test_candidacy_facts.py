"""Tests for screening facts: their JSON form, validation and derived values (BMI, age)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.candidacy import (
    Facts,
    FactsError,
    Injection,
    InjectionKind,
    Medication,
    MedicationClass,
    age_on,
    bmi,
    facts_from_dict,
    facts_to_dict,
    validate_facts,
)
from regenpath.domain.conditions import Side

TODAY = date(2027, 1, 1)
KNEE = {"condition_code": "knee-oa", "target_side": "left"}


def _errors(data: dict[str, Any], today: date = TODAY) -> dict[str, str]:
    with pytest.raises(FactsError) as caught:
        facts_from_dict(data, today=today)
    return caught.value.errors


def test_facts_from_dict_absent_and_null_are_not_recorded() -> None:
    assert facts_from_dict({}, today=TODAY) == Facts()
    assert facts_from_dict({"platelets": None, "medications": None}, today=TODAY) == Facts()


def test_facts_from_dict_parses_every_kind() -> None:
    facts = facts_from_dict(
        {
            "infection_systemic": False,
            "malignancy_end_date": "2020-05-01",
            "past_malignancy": True,
            "systemic_illness_note": "  controlled hypertension ",
            "medications": [
                {"name": " Ibuprofen ", "class": "nsaid", "last_dose": "2026-12-20"},
                {"name": "Apixaban", "class": "anticoagulant", "last_dose": None},
            ],
            "target_injections": [{"kind": "hyaluronic_acid", "date": "2026-08-01"}],
            "platelets": 210,
            "age_years": 60,
            "kl_grade": 3,
            **KNEE,
        },
        today=TODAY,
    )
    assert facts == Facts(
        infection_systemic=False,
        past_malignancy=True,
        malignancy_end_date=date(2020, 5, 1),
        systemic_illness_note="controlled hypertension",
        medications=(
            Medication("Ibuprofen", MedicationClass.NSAID, date(2026, 12, 20)),
            Medication("Apixaban", MedicationClass.ANTICOAGULANT, None),
        ),
        target_injections=(Injection(InjectionKind.HYALURONIC_ACID, date(2026, 8, 1)),),
        platelets=210.0,
        age_years=60,
        kl_grade=3,
        condition_code="knee-oa",
        target_side=Side.LEFT,
    )
    assert isinstance(facts.platelets, float)
    assert facts.medications is not None and facts.medications[1].ongoing


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("weight_kg", 0),
        ("weight_kg", -70),
        ("weight_kg", 500.1),
        ("height_cm", 49.9),
        ("height_cm", 250.1),
        ("platelets", -1),
        ("haemoglobin", 0),
        ("hba1c_percent", 25),
        ("age_years", -1),
        ("age_years", 131),
        ("kl_grade", 5),
        ("conservative_care_months", -1),
        ("conservative_care_modalities", 21),
        ("pain_onset", "2027-01-02"),
        ("date_of_birth", "1899-12-31"),
    ],
)
def test_facts_from_dict_refuses_impossible_value_naming_the_field(field: str, value: Any) -> None:
    assert list(_errors({field: value, **KNEE})) == [field]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("height_cm", 50),
        ("height_cm", 250),
        ("weight_kg", 2),
        ("platelets", 0),
        ("kl_grade", 0),
        ("pain_onset", "2027-01-01"),
    ],
)
def test_facts_from_dict_accepts_boundary_values(field: str, value: Any) -> None:
    facts_from_dict({field: value, **KNEE}, today=TODAY)


def test_facts_from_dict_collects_every_error_at_once() -> None:
    errors = _errors(
        {
            "weight_kg": 0,
            "platelets": -3,
            "pain_onset": "2030-01-01",
            "height_cm": 20,
            "colour": "blue",
            "medications": [{"name": "", "class": "vitamin", "last_dose": "2028-01-01"}],
            "target_injections": [{"kind": "botox", "date": "yesterday"}],
        }
    )
    assert set(errors) == {
        "weight_kg",
        "platelets",
        "pain_onset",
        "height_cm",
        "colour",
        "medications[0].name",
        "medications[0].class",
        "medications[0].last_dose",
        "target_injections[0].kind",
        "target_injections[0].date",
    }
    assert errors["pain_onset"] == "2030-01-01 is after today (2027-01-01)"
    assert errors["weight_kg"] == "0 kg is impossible; expected 2–500 kg"
    assert errors["colour"] == "unknown field"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("infection_systemic", "no"),
        ("infection_systemic", 0),
        ("platelets", "200"),
        ("platelets", True),
        ("kl_grade", 2.0),
        ("pain_onset", "2026-13-01"),
        ("pain_onset", "20260101"),
        ("pain_onset", 20260101),
        ("condition_code", "elbow-oa"),
        ("target_side", "up"),
        ("systemic_illness_note", "x" * 501),
        ("medications", "ibuprofen"),
        ("medications", ["ibuprofen"]),
        ("medications", [{"name": "x", "class": "nsaid", "dose": "400mg"}]),
        ("target_injections", {"kind": "prp"}),
        ("target_injections", [{"kind": "prp", "date": "2026-01-01", "side": "left"}]),
        ("platelets", float("nan")),
    ],
)
def test_facts_from_dict_refuses_wrong_types(field: str, value: Any) -> None:
    errors = _errors({field: value})
    assert errors and all(key.startswith(field) for key in errors)


def test_facts_from_dict_blank_note_is_not_recorded() -> None:
    assert facts_from_dict({"systemic_illness_note": "   "}, today=TODAY) == Facts()


def test_facts_from_dict_refuses_a_non_object() -> None:
    assert _errors([1, 2]) == {"facts": "must be a JSON object"}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"condition_code": "knee-oa", "target_side": "midline"}, "target_side"),
        ({"condition_code": "achilles-tendinopathy", "kl_grade": 2}, "kl_grade"),
        ({"condition_code": "knee-oa", "pfirrmann_grade": 4}, "pfirrmann_grade"),
        ({"condition_code": "hip-oa", "severe_stenosis": False}, "severe_stenosis"),
        ({"past_malignancy": False, "malignancy_end_date": "2020-01-01"}, "malignancy_end_date"),
        ({"date_of_birth": "1960-06-01", "age_years": 65}, "age_years"),
        ({"date_of_birth": "1960-06-01", "pain_onset": "1950-01-01"}, "pain_onset"),
    ],
)
def test_facts_from_dict_refuses_contradictions(data: dict[str, Any], field: str) -> None:
    assert list(_errors(data)) == [field]


def test_facts_disc_findings_accepted_for_a_disc() -> None:
    data = {"condition_code": "cervical-disc-degeneration", "pfirrmann_grade": 8, "modic_type": 0}
    assert facts_from_dict(data, today=TODAY).pfirrmann_grade == 8


def test_validate_facts_checks_facts_built_in_python() -> None:
    with pytest.raises(FactsError) as caught:
        validate_facts(
            Facts(
                weight_kg=0.0,
                pain_onset=datetime(2026, 1, 1, 9, 30),
                medications=(Medication("X", MedicationClass.NSAID, date(2027, 2, 1)),),
            ),
            today=TODAY,
        )
    assert set(caught.value.errors) == {"weight_kg", "pain_onset", "medications[0].last_dose"}


def test_facts_error_is_a_value_error_with_a_readable_message() -> None:
    error = FactsError({"weight_kg": "bad"})
    assert isinstance(error, ValueError)
    assert str(error) == "weight_kg: bad"


@pytest.mark.parametrize(
    ("height", "weight", "expected"),
    [
        (200.0, 120.0, 30.0),
        (175.0, 75.0, 24.489795918367346),
        (None, 70.0, None),
        (170.0, None, None),
    ],
)
def test_bmi_is_weight_over_height_squared(
    height: float | None, weight: float | None, expected: float | None
) -> None:
    assert bmi(Facts(height_cm=height, weight_kg=weight)) == expected


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(1960, 6, 15), date(2027, 6, 14), 66),
        (date(1960, 6, 15), date(2027, 6, 15), 67),
        (date(1960, 2, 29), date(2027, 2, 28), 66),
        (date(1960, 2, 29), date(2027, 3, 1), 67),
    ],
)
def test_age_on_counts_completed_years(born: date, today: date, age: int) -> None:
    assert age_on(Facts(date_of_birth=born), today) == age


def test_age_on_falls_back_to_recorded_age() -> None:
    assert age_on(Facts(age_years=55), TODAY) == 55
    assert age_on(Facts(), TODAY) is None


def test_facts_to_dict_writes_every_field() -> None:
    data = facts_to_dict(Facts())
    assert len(data) == len(dataclasses.fields(Facts))
    assert set(data.values()) == {None}


dates = st.dates(min_value=date(2000, 1, 1), max_value=TODAY)


@st.composite
def json_facts(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid JSON facts object for a knee."""
    past = draw(st.booleans())
    return {
        "infection_systemic": draw(st.none() | st.booleans()),
        "past_malignancy": past,
        "malignancy_end_date": draw(st.none() | dates.map(date.isoformat)) if past else None,
        "systemic_illness_note": draw(st.none() | st.sampled_from(["asthma", "angina"])),
        "medications": draw(
            st.none()
            | st.lists(
                st.fixed_dictionaries(
                    {
                        "name": st.sampled_from(["Ibuprofen", "Apixaban", "Metformin"]),
                        "class": st.sampled_from([c.value for c in MedicationClass]),
                        "last_dose": st.none() | dates.map(date.isoformat),
                    }
                ),
                max_size=3,
            )
        ),
        "target_injections": draw(
            st.none()
            | st.lists(
                st.fixed_dictionaries(
                    {
                        "kind": st.sampled_from([k.value for k in InjectionKind]),
                        "date": dates.map(date.isoformat),
                    }
                ),
                max_size=2,
            )
        ),
        "platelets": draw(st.none() | st.floats(0, 2000)),
        "height_cm": draw(st.none() | st.floats(50, 250)),
        "age_years": draw(st.none() | st.integers(0, 130)),
        "condition_code": "knee-oa",
        "target_side": draw(st.sampled_from(["left", "right", "bilateral"])),
        "pain_onset": draw(st.none() | dates.map(date.isoformat)),
        "kl_grade": draw(st.none() | st.integers(0, 4)),
    }


@settings(max_examples=200, deadline=None)
@given(json_facts())
def test_facts_json_round_trip(data: dict[str, Any]) -> None:
    facts = facts_from_dict(data, today=TODAY)
    written = facts_to_dict(facts)
    assert facts_from_dict(json.loads(json.dumps(written)), today=TODAY) == facts
    assert {k: v for k, v in written.items() if v is not None} == {
        k: (float(v) if k in ("platelets", "height_cm") else v)
        for k, v in data.items()
        if v is not None
    }
