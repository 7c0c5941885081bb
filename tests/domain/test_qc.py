"""QC release criteria as data (reference §4) and their evaluation with reasons."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.qc import (
    DEFAULT_CRITERIA,
    QC_RULES_VERSION,
    CellSource,
    Comparison,
    Criterion,
    Measure,
    OverrideError,
    Verification,
    apply_overrides,
    assess_release,
    criteria_for,
    criterion_to_dict,
    evaluate,
)

GOOD_BMAC = {
    Measure.VIABILITY_PERCENT: 95.0,
    Measure.TNC_TOTAL: 450.0,
    Measure.FINAL_VOLUME_ML: 6.0,
}


def test_qc_rules_version_is_named() -> None:
    assert QC_RULES_VERSION == "qc-rules-1"


@pytest.mark.parametrize("source", list(CellSource))
def test_default_criteria_cover_every_cell_source_with_sources_and_tags(source: CellSource) -> None:
    criteria = DEFAULT_CRITERIA[source]
    assert criteria
    assert len({c.id for c in criteria}) == len(criteria)
    for criterion in criteria:
        assert "reference §4" in criterion.source
        assert criterion.verification in set(Verification)


def test_default_criteria_flag_the_unverified_viability_thresholds() -> None:
    # §4.1 "usually ≥90% for fresh BMAC — UNVERIFIED"; §4.2 IFATS/ISCT >70 % — UNVERIFIED.
    bmac = {c.id: c for c in DEFAULT_CRITERIA[CellSource.BMAC]}
    svf = {c.id: c for c in DEFAULT_CRITERIA[CellSource.SVF]}
    assert (bmac["viability"].comparison, bmac["viability"].threshold) == (
        Comparison.AT_LEAST,
        90.0,
    )
    assert bmac["viability"].verification is Verification.UNVERIFIED
    assert (svf["viability"].comparison, svf["viability"].threshold) == (Comparison.MORE_THAN, 70.0)
    assert svf["viability"].verification is Verification.UNVERIFIED
    # The Centeno 4 ×10⁸ registry threshold is VERIFIED but is advice, not a release rule (§4.1).
    assert bmac["tnc_dose_advisory"].threshold == 400.0 and not bmac["tnc_dose_advisory"].blocking


@pytest.mark.parametrize(
    ("viability", "passed"),
    [(95.0, True), (90.0, True), (89.9, False), (0.0, False)],
)
def test_evaluate_bmac_viability_at_the_threshold(viability: float, passed: bool) -> None:
    results = evaluate(
        criteria_for(CellSource.BMAC), {**GOOD_BMAC, Measure.VIABILITY_PERCENT: viability}
    )
    result = next(r for r in results if r.id == "viability")
    assert result.passed is passed
    assert ("does not meet" in result.message) is (not passed)
    assert result.verification is Verification.UNVERIFIED


def test_evaluate_svf_viability_is_strictly_more_than_70() -> None:
    results = evaluate(criteria_for(CellSource.SVF), {Measure.VIABILITY_PERCENT: 70.0})
    assert next(r for r in results if r.id == "viability").passed is False


def test_evaluate_missing_measure_is_none_with_reason() -> None:
    results = evaluate(criteria_for(CellSource.BMAC), {})
    assert all(r.passed is None for r in results)
    assert "not measured (required for release)" in results[0].message


def test_assess_release_needs_every_blocking_criterion() -> None:
    good = assess_release(evaluate(criteria_for(CellSource.BMAC), GOOD_BMAC))
    assert good.releasable and good.failed == () and good.not_measured == ()
    low_dose = {**GOOD_BMAC, Measure.TNC_TOTAL: 100.0}
    advice_only = assess_release(evaluate(criteria_for(CellSource.BMAC), low_dose))
    assert advice_only.releasable  # the dose advice never blocks
    missing = assess_release(
        evaluate(criteria_for(CellSource.BMAC), {Measure.VIABILITY_PERCENT: 95.0})
    )
    assert not missing.releasable
    assert {r.id for r in missing.not_measured} == {"tnc_recorded", "volume_recorded"}


def test_apply_overrides_changes_threshold_and_tags_it_site_configured() -> None:
    criteria = criteria_for(CellSource.BMAC, {"viability": {"threshold": 85}})
    viability = next(c for c in criteria if c.id == "viability")
    assert viability.threshold == 85.0
    assert viability.verification is Verification.SITE_CONFIGURED
    assert "default was Viability ≥ 90 %" in viability.source


def test_apply_overrides_can_drop_a_criterion() -> None:
    criteria = criteria_for(CellSource.BMAC, {"tnc_dose_advisory": {"enabled": False}})
    assert "tnc_dose_advisory" not in {c.id for c in criteria}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nope": {}}, "unknown QC criteria"),
        ({"viability": {"threshold": 120}}, "out of range"),
        ({"viability": {"threshold": "high"}}, "must be a number"),
        ({"viability": {"colour": 1}}, "unknown settings"),
        ({"tnc_recorded": {"threshold": 3}}, "takes no threshold"),
        ({"viability": {"blocking": "yes"}}, "true or false"),
    ],
)
def test_apply_overrides_refuses_malformed(
    overrides: dict[str, dict[str, object]], message: str
) -> None:
    with pytest.raises(OverrideError, match=message):
        apply_overrides(DEFAULT_CRITERIA[CellSource.BMAC], overrides)


def test_criterion_needs_threshold_unless_recorded() -> None:
    with pytest.raises(ValueError, match="threshold"):
        Criterion(
            "x",
            "X",
            Measure.VIABILITY_PERCENT,
            Comparison.AT_LEAST,
            None,
            True,
            "s",
            Verification.VERIFIED,
        )


def test_criterion_to_dict_round_trips_the_rule() -> None:
    data = criterion_to_dict(DEFAULT_CRITERIA[CellSource.BMAC][0])
    assert (
        data["comparison"] == ">="
        and data["threshold"] == 90.0
        and data["verification"] == "UNVERIFIED"
    )


@settings(max_examples=200)
@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_evaluate_viability_agrees_with_the_comparison(value: float) -> None:
    result = evaluate(criteria_for(CellSource.BMAC), {Measure.VIABILITY_PERCENT: value})[0]
    assert result.passed is (value >= 90.0)
