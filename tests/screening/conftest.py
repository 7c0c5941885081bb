"""Screening fixtures: complete facts for a candidate, and the staff form's POST data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from regenpath.domain.candidacy import FIELD_SPECS, FieldKind

TODAY = dt.date(2026, 1, 10)
DISC_ONLY = {
    "pfirrmann_grade",
    "modic_type",
    "disc_instability",
    "severe_stenosis",
    "radicular_leg_pain_dominant",
}


def candidate_facts(**changes: Any) -> dict[str, Any]:
    """Return facts JSON for the `episode` fixture (left knee OA) that assess calls candidate."""
    facts: dict[str, Any] = {
        s.name: False for s in FIELD_SPECS if s.kind is FieldKind.BOOL and s.name not in DISC_ONLY
    }
    facts.update(
        condition_code="knee-oa",
        target_side="left",
        date_of_birth="1961-04-30",
        pain_onset="2024-01-15",
        kl_grade=2,
        conservative_care_months=6,
        conservative_care_modalities=2,
        medications=[],
        target_injections=[],
        platelets=250.0,
        haemoglobin=13.5,
        hba1c_percent=5.5,
        height_cm=168.0,
        weight_kg=70.0,
    )
    facts.update(changes)
    return facts


def form_data(**changes: Any) -> dict[str, str]:
    """Return the staff screening form's POST data for candidate facts, with `changes`."""
    data: dict[str, str] = {
        s.name: "no" for s in FIELD_SPECS if s.kind is FieldKind.BOOL and s.name not in DISC_ONLY
    }
    data.update(
        {
            "pain_onset": "2024-01-15",
            "kl_grade": "2",
            "conservative_care_months": "6",
            "conservative_care_modalities": "2",
            "platelets": "250",
            "haemoglobin": "13.5",
            "hba1c_percent": "5.5",
            "height_cm": "168",
            "weight_kg": "70",
            "meds_none": "on",
            "injections_none": "on",
            "med-TOTAL_FORMS": "3",
            "med-INITIAL_FORMS": "0",
            "inj-TOTAL_FORMS": "2",
            "inj-INITIAL_FORMS": "0",
        }
    )
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture
def decision(episode: Any, alice: Any) -> Any:
    """An unsigned candidate decision for the episode, recorded by Alice."""
    from regenpath.screening import actions

    return actions.record_screening(
        episode=episode, facts=candidate_facts(), by=alice, today=dt.date.today()
    )
