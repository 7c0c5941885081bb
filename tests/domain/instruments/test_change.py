"""Change interpretation (reference/instruments.md §5, statistics.md §4): worked examples."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regenpath.domain.instruments import REGISTRY, UnknownInstrumentError
from regenpath.domain.instruments import change as change_module
from regenpath.domain.instruments.change import (
    ACCEPTABLE,
    INDETERMINATE,
    MIC,
    NO_THRESHOLD,
    NON_RESPONDER,
    NOT_INTERPRETED,
    PERCENT,
    RESPONDER,
    THRESHOLDS,
    Threshold,
    default_threshold,
    in_acceptable_state,
    interpret_change,
    oarsi_responder,
    oarsi_scale,
    pain_change,
    thresholds,
)

# --- §5.1 pain change: change-1 … change-4 ------------------------------------------------------


@pytest.mark.parametrize(
    ("example", "baseline", "follow_up", "expected"),
    [
        (
            "change-1",
            8,
            5,
            {
                "change": -3.0,
                "pct_reduction": 37.5,
                "immpact_category": "moderate",
                "farrar_points": True,
                "farrar_percent": True,
                "farrar_responder": True,
            },
        ),
        (
            "change-2",
            6,
            5,
            {
                "change": -1.0,
                "pct_reduction": float(Fraction(50, 3)),
                "immpact_category": "minimal",
                "farrar_points": False,
                "farrar_percent": False,
                "farrar_responder": False,
            },
        ),
        (
            "change-3",
            0,
            2,
            {
                "change": 2.0,
                "pct_reduction": None,
                "immpact_category": None,
                "farrar_points": False,
                "farrar_percent": False,
                "farrar_responder": False,
            },
        ),
        (
            "change-4",
            10,
            7,
            {
                "change": -3.0,
                "pct_reduction": 30.0,
                "immpact_category": "moderate",
                "farrar_points": True,
                "farrar_percent": True,
                "farrar_responder": True,
            },
        ),
    ],
)
def test_pain_change_worked_examples(
    example: str, baseline: int, follow_up: int, expected: dict[str, object]
) -> None:
    result = pain_change(baseline, follow_up).as_dict()
    for key, value in expected.items():
        assert result[key] == value, (example, key)


def test_pain_change_baseline_zero_gives_the_reason() -> None:
    assert pain_change(0, 2).reason == "baseline 0: percent change undefined"
    assert pain_change(8, 5).reason is None


@pytest.mark.parametrize(
    ("baseline", "follow_up", "category"),
    [
        (10, 5, "substantial"),  # exactly 50 %
        (10, 6, "moderate"),  # 40 %
        (10, 7.5, "minimal"),  # 25 %: unnamed by IMMPACT, minimal by project policy (§5.1)
        (10, 9, "minimal"),  # exactly 10 %
        (10, 9.5, "none"),  # 5 %
        (4, 6, "none"),  # worsening
        (5, 5, "none"),
    ],
)
def test_pain_change_immpact_category_boundaries(
    baseline: float, follow_up: float, category: str
) -> None:
    assert pain_change(baseline, follow_up).immpact_category == category


def test_pain_change_two_points_without_thirty_percent_is_a_farrar_responder() -> None:
    result = pain_change(9, 7)  # 2 points, 22.2 %
    assert (result.farrar_points, result.farrar_percent, result.farrar_responder) == (
        True,
        False,
        True,
    )


@pytest.mark.parametrize("bad", [-1, 10.5, 11])
def test_pain_change_outside_zero_to_ten_is_an_error(bad: float) -> None:
    with pytest.raises(ValueError, match="outside 0–10"):
        pain_change(bad, 5)
    with pytest.raises(ValueError, match="outside 0–10"):
        pain_change(5, bad)


@pytest.mark.parametrize("bad", [True, math.nan, math.inf])
def test_pain_change_non_finite_or_bool_is_an_error(bad: float) -> None:
    with pytest.raises(ValueError, match="finite score"):
        pain_change(bad, 5)


@settings(max_examples=200)
@given(
    st.integers(min_value=0, max_value=10),
    st.integers(min_value=0, max_value=10),
)
def test_pain_change_responder_is_points_or_percent(baseline: int, follow_up: int) -> None:
    result = pain_change(baseline, follow_up)
    assert result.farrar_responder == (result.farrar_points or result.farrar_percent)
    assert result.farrar_points == (baseline - follow_up >= 2)
    if baseline:
        # Cross-multiplied, integer-only restatement of "≥ 30 %" (§5 preamble).
        assert result.farrar_percent == (100 * (baseline - follow_up) >= 30 * baseline)


# --- statistics.md §4.7 toy vectors (12 patients) ----------------------------------------------

NRS_BASELINE = [8, 7, 6, 5, 9, 4, 6, 7, 3, 8, 5, 6]
NRS_12MO = [3, 4, 5, 2, 4, 4, 3, 7, 1, 6, 2, 7]
LEFS_BASELINE = [30, 42, 50, 38, 25, 55, 40, 35, 60, 28, 45, 41]
LEFS_12MO = [52, 48, 55, 60, 41, 57, 52, 33, 70, 35, 66, 38]
NRS_PCT = ["62.5", "42.8571", "16.6667", "60", "55.5556", "0", "50", "0", "66.6667", "25", "60"]
NRS_PCT += ["-16.6667"]


def test_pain_change_toy_vector_percent_reductions() -> None:
    for b, f, expected in zip(NRS_BASELINE, NRS_12MO, NRS_PCT, strict=True):
        pct = pain_change(b, f).pct_reduction
        assert pct is not None and math.isclose(pct, float(expected), abs_tol=6e-5)


@pytest.mark.parametrize(
    ("rule", "expected_k"),
    [
        ("immpact_at_least_minimal", 9),
        ("immpact_at_least_moderate", 7),
        ("immpact_substantial", 6),
        ("farrar_points", 8),
        ("farrar_responder", 8),
    ],
)
def test_pain_change_toy_vector_responder_counts(rule: str, expected_k: int) -> None:
    levels = {
        "immpact_at_least_minimal": {"minimal", "moderate", "substantial"},
        "immpact_at_least_moderate": {"moderate", "substantial"},
        "immpact_substantial": {"substantial"},
    }
    results = [pain_change(b, f) for b, f in zip(NRS_BASELINE, NRS_12MO, strict=True)]
    if rule in levels:
        k = sum(r.immpact_category in levels[rule] for r in results)
    else:
        k = sum(bool(getattr(r, rule)) for r in results)
    assert k == expected_k


def test_interpret_change_toy_vector_registry_nps_mcid_count() -> None:
    # statistics.md §4.7: NPS MCID ≥ 1.8-point reduction (Centeno 2025) → 8 of 12.
    centeno = next(t for t in thresholds("nrs-pain", "nrs_pain", MIC) if t.value == Decimal("1.8"))
    changes = [
        interpret_change("nrs-pain", "nrs_pain", b, f, centeno)
        for b, f in zip(NRS_BASELINE, NRS_12MO, strict=True)
    ]
    assert sum(bool(c.meets_threshold) for c in changes) == 8


def test_interpret_change_toy_vector_lefs_mcid_count() -> None:
    # statistics.md §4.7: LEFS improvement ≥ 9 (Binkley 1999) → 6 of 12.
    changes = [
        interpret_change("lefs", "lefs", b, f)
        for b, f in zip(LEFS_BASELINE, LEFS_12MO, strict=True)
    ]
    assert sum(bool(c.meets_threshold) for c in changes) == 6


def test_in_acceptable_state_toy_vector_nrs_pass_count() -> None:
    # statistics.md §4.7: 12-month NRS ≤ 3.23 → 5 of 12.
    assert sum(in_acceptable_state("nrs-pain", "nrs_pain", f) for f in NRS_12MO) == 5


# --- §5.3 OMERACT-OARSI: oarsi-1 … oarsi-5, statistics.md §4.3 cases ------------------------------


@pytest.mark.parametrize(
    ("example", "pain", "function", "pga", "status", "criterion", "domains"),
    [
        ("oarsi-1", (60, 25), (55, 50), (70, 65), RESPONDER, 1, ("pain",)),
        ("oarsi-2", (60, 48), (55, 44), (70, 65), RESPONDER, 2, ("pain", "function")),
        ("oarsi-3", (60, 50), (55, 45), (70, 50), NON_RESPONDER, None, ()),
        ("oarsi-5", (60, 50), None, (70, 50), INDETERMINATE, None, ()),
        ("stats-4.3-1", (60, 25), (50, 48), (60, 58), RESPONDER, 1, ("pain",)),
        ("stats-4.3-2", (60, 45), (50, 38), (60, 58), RESPONDER, 2, ("pain", "function")),
        ("stats-4.3-3", (40, 31), (50, 38), (60, 58), NON_RESPONDER, None, ()),
        ("stats-4.3-4", (30, 14), (20, 15), (30, 22), NON_RESPONDER, None, ()),
        ("stats-4.3-5", (30, 14), (20, 15), (30, 19), RESPONDER, 2, ("pain", "pga")),
    ],
)
def test_oarsi_responder_worked_examples(
    example: str,
    pain: tuple[int, int] | None,
    function: tuple[int, int] | None,
    pga: tuple[int, int] | None,
    status: str,
    criterion: int | None,
    domains: tuple[str, ...],
) -> None:
    result = oarsi_responder(pain=pain, function=function, pga=pga)
    assert (result.status, result.criterion, result.domains) == (status, criterion, domains), (
        example
    )


def test_oarsi_responder_koos_pain_alone_meets_criterion_one() -> None:
    # oarsi-4: KOOS pain 40 → 70 is 60 → 30 on the OARSI scale; function and PGA missing.
    pain = (oarsi_scale("koos", "pain", 40), oarsi_scale("koos", "pain", 70))
    assert pain == (Fraction(60), Fraction(30))
    result = oarsi_responder(pain=pain, function=None, pga=None)
    assert (result.status, result.criterion, result.domains) == (RESPONDER, 1, ("pain",))
    assert result.notes == ("function missing", "pga missing")


def test_oarsi_responder_all_domains_missing_is_indeterminate() -> None:
    assert oarsi_responder(pain=None, function=None, pga=None).status == INDETERMINATE


def test_oarsi_responder_missing_domain_that_cannot_decide_is_reported() -> None:
    # Pain and function both fail every criterion: PGA alone can never make two domains.
    result = oarsi_responder(pain=(60, 58), function=(55, 54), pga=None)
    assert result.status == NON_RESPONDER


def test_oarsi_responder_baseline_zero_never_meets_relative_criteria() -> None:
    result = oarsi_responder(pain=(0, 0), function=(50, 38), pga=(60, 45))
    assert result.status == RESPONDER  # function and PGA
    assert result.domains == ("function", "pga")
    assert "pain baseline 0: relative improvement undefined, not met" in result.notes
    alone = oarsi_responder(pain=(0, 0), function=(50, 45), pga=(60, 58))
    assert alone.status == NON_RESPONDER


def test_oarsi_responder_carries_the_unverified_tag() -> None:
    result = oarsi_responder(pain=(60, 25), function=None, pga=None)
    assert "UNVERIFIED" in result.verification


@pytest.mark.parametrize("pair", [(101, 50), (50, -1)])
def test_oarsi_responder_outside_zero_to_hundred_is_an_error(pair: tuple[int, int]) -> None:
    with pytest.raises(ValueError, match="outside 0–100"):
        oarsi_responder(pain=pair, function=None, pga=None)


@pytest.mark.parametrize(
    ("scale", "raw", "expected"),
    [
        # §5.3 "WOMAC conversion check (womac-1)".
        ("pain", 9, Fraction(45)),
        ("stiffness", 3, Fraction(75, 2)),
        ("physical_function", 26, Fraction(650, 17)),
        ("total", 38, Fraction(475, 12)),
    ],
)
def test_oarsi_scale_womac_1_conversion_check(scale: str, raw: int, expected: Fraction) -> None:
    assert oarsi_scale("womac", scale, raw) == expected


@pytest.mark.parametrize(
    ("instrument", "scale", "value", "expected"),
    [
        ("nrs-pain", "nrs_pain", 7, Fraction(70)),
        ("koos", "adl", 80, Fraction(20)),
        ("hoos", "pain", 55, Fraction(45)),
        ("hoos", "adl", 100, Fraction(0)),
    ],
)
def test_oarsi_scale_converts_to_higher_is_worse(
    instrument: str, scale: str, value: float, expected: Fraction
) -> None:
    assert oarsi_scale(instrument, scale, value) == expected


def test_oarsi_scale_unlisted_scale_is_an_error() -> None:
    with pytest.raises(ValueError, match="no OMERACT-OARSI conversion"):
        oarsi_scale("koos", "qol", 50)


@settings(max_examples=200)
@given(
    st.tuples(st.integers(0, 100), st.integers(0, 100)),
    st.tuples(st.integers(0, 100), st.integers(0, 100)),
    st.tuples(st.integers(0, 100), st.integers(0, 100)),
    st.sampled_from(["pain", "function", "pga"]),
)
def test_oarsi_responder_missing_domain_is_never_contradicted(
    pain: tuple[int, int], function: tuple[int, int], pga: tuple[int, int], dropped: str
) -> None:
    full = oarsi_responder(pain=pain, function=function, pga=pga)
    pairs: dict[str, tuple[int, int] | None] = {"pain": pain, "function": function, "pga": pga}
    pairs[dropped] = None
    partial = oarsi_responder(**pairs)
    # With a domain missing the answer is either the full answer or "indeterminate".
    assert partial.status in (full.status, INDETERMINATE)


# --- interpret_change: direction, thresholds, sentences ----------------------------------------


@pytest.mark.parametrize(
    ("instrument", "scale", "baseline", "follow_up", "sentence", "meets"),
    [
        ("koos", "pain", Fraction(125, 3), 60.0, "KOOS pain +18.3: improved, above the "
         "minimal important change of 15", True),
        ("koos", "pain", 50.0, 65.0, "KOOS pain +15.0: improved, equal to the minimal important "
         "change of 15", True),
        ("koos", "pain", 50.0, 60.0, "KOOS pain +10.0: improved, below the minimal important "
         "change of 15", False),
        ("koos", "pain", 60.0, 40.0, "KOOS pain -20.0: worse by at least the minimal important "
         "change of 15", False),
        ("koos", "pain", 60.0, 55.0, "KOOS pain -5.0: worse, by less than the minimal important "
         "change of 15", False),
        ("koos", "pain", 60.0, 60.0, "KOOS pain 0.0: no change", False),
        ("nrs-pain", "nrs_pain", 8, 5, "NRS pain -3: improved, above the minimal important "
         "change of 2", True),
        ("nrs-pain", "nrs_pain", 5, 8, "NRS pain +3: worse by at least the minimal important "
         "change of 2", False),
        ("promis-29", "physical_function", 36.7, 40.5, "PROMIS-29 physical function +3.8: "
         "improved, above the minimal important change of 2", True),
        ("womac", "pain", 9, 6, "WOMAC pain -3: improved; no WOMAC MCID is verified; use "
         "OMERACT-OARSI (reference §4.8, §5.3)", None),
    ],
)  # fmt: skip
def test_interpret_change_sentences(
    instrument: str,
    scale: str,
    baseline: float,
    follow_up: float,
    sentence: str,
    meets: bool | None,
) -> None:
    result = interpret_change(instrument, scale, baseline, follow_up)
    assert result.sentence == sentence
    assert result.meets_threshold is meets


def test_interpret_change_signs_follow_the_scale_direction() -> None:
    better = interpret_change("koos", "pain", 40, 60)
    worse = interpret_change("odi", "odi", 40, 60)
    assert (better.change, better.improvement, better.direction) == (20.0, 20.0, "improved")
    assert (worse.change, worse.improvement, worse.direction) == (20.0, -20.0, "worsened")
    assert interpret_change("odi", "odi", 40, 40).direction == "unchanged"


def test_interpret_change_carries_the_threshold_provenance() -> None:
    result = interpret_change("koos", "symptoms", 50, 70)
    assert result.threshold is not None
    assert (result.threshold.value, result.threshold.verification) == (
        Decimal("12.5"),
        "VERIFIED (abstract)",
    )
    assert "Mostafaee" in result.threshold.source


def test_interpret_change_percent_threshold_is_exact_at_thirty_percent() -> None:
    # ODI MIC 30 % (Ostelo 2008): 40 → 28 is exactly 30 %.
    ostelo = next(t for t in thresholds("odi", "odi", MIC) if t.unit == PERCENT)
    result = interpret_change("odi", "odi", 40, 28, ostelo)
    assert result.percent_improvement == 30.0
    assert result.meets_threshold is True
    assert result.sentence == (
        "ODI -12.0 (-30.0 %): improved, equal to the minimal important change of 30 %"
    )
    below = interpret_change("odi", "odi", 40, 29, ostelo)
    assert below.meets_threshold is False


def test_interpret_change_percent_threshold_with_baseline_zero_is_undefined() -> None:
    farrar = next(t for t in thresholds("nrs-pain", "nrs_pain", MIC) if t.unit == PERCENT)
    result = interpret_change("nrs-pain", "nrs_pain", 0, 3, farrar)
    assert result.meets_threshold is None
    assert result.percent_improvement is None
    assert result.sentence == "NRS pain +3: worsened; percent change undefined (baseline 0)"


def test_interpret_change_percent_threshold_on_higher_is_better_scale_is_an_error() -> None:
    odd = Threshold("koos", "pain", MIC, Decimal(30), PERCENT, "", "", "project policy")
    with pytest.raises(ValueError, match="lower-is-better"):
        interpret_change("koos", "pain", 40, 60, odd)


def test_interpret_change_threshold_of_another_scale_is_an_error() -> None:
    other = default_threshold("koos", "adl")
    with pytest.raises(ValueError, match="does not judge"):
        interpret_change("koos", "pain", 40, 60, other)


def test_interpret_change_pass_threshold_is_an_error() -> None:
    (pass_row,) = thresholds("hoos", "pain", ACCEPTABLE)
    with pytest.raises(ValueError, match="does not judge"):
        interpret_change("hoos", "pain", 40, 60, pass_row)


@pytest.mark.parametrize("instrument", sorted(NOT_INTERPRETED))
def test_interpret_change_screening_and_anchor_instruments_are_refused(instrument: str) -> None:
    scale = REGISTRY[instrument].scales[0].code
    with pytest.raises(ValueError, match="not interpreted"):
        interpret_change(instrument, scale, 1, 2)


def test_interpret_change_scale_without_direction_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Only reachable if a screening instrument left NOT_INTERPRETED: the guard still holds.
    monkeypatch.delitem(change_module.NOT_INTERPRETED, "dn4")
    with pytest.raises(ValueError, match="no better/worse direction"):
        interpret_change("dn4", "dn4", 1, 2)


def test_interpret_change_unknown_scale_or_instrument_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown scale"):
        interpret_change("koos", "total", 40, 60)
    with pytest.raises(UnknownInstrumentError):
        interpret_change("koos-ps", "koos_ps", 40, 60)


@settings(max_examples=200)
@given(
    st.sampled_from(
        [(t.instrument, t.scale) for t in THRESHOLDS if t.kind == MIC and t.unit != PERCENT]
    ),
    st.integers(0, 100),
    st.integers(0, 100),
)
def test_interpret_change_meets_threshold_matches_improvement(
    key: tuple[str, str], baseline: int, follow_up: int
) -> None:
    instrument, scale = key
    result = interpret_change(instrument, scale, baseline, follow_up)
    assert result.threshold is not None
    assert result.change == follow_up - baseline
    assert abs(result.improvement) == abs(result.change)
    assert result.meets_threshold == (Fraction(result.improvement) >= result.threshold.value)
    assert result.sentence.startswith(result.label + " ")


# --- PASS -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "scale", "value", "expected"),
    [
        ("hoos-jr", "hoos_jr", 80.55, True),  # higher is better: ≥ 76.8
        ("hoos-jr", "hoos_jr", 76.776, False),
        ("hoos", "pain", 80.0, False),  # PASS 80.6
        ("hoos", "pain", 82.5, True),
        ("nrs-pain", "nrs_pain", 3, True),  # higher is worse: ≤ 3.23
        ("nrs-pain", "nrs_pain", 4, False),
    ],
)
def test_in_acceptable_state_uses_the_scale_direction(
    instrument: str, scale: str, value: float, expected: bool
) -> None:
    assert in_acceptable_state(instrument, scale, value) is expected


def test_in_acceptable_state_with_an_explicit_pass_threshold() -> None:
    (row,) = thresholds("hoos-jr", "hoos_jr", ACCEPTABLE)
    assert in_acceptable_state("hoos-jr", "hoos_jr", 76.8, row) is True


def test_in_acceptable_state_without_a_pass_threshold_is_an_error() -> None:
    with pytest.raises(ValueError, match="no PASS threshold"):
        in_acceptable_state("koos", "pain", 80)


def test_in_acceptable_state_with_a_change_threshold_is_an_error() -> None:
    with pytest.raises(ValueError, match="is not a PASS threshold"):
        in_acceptable_state("hoos", "pain", 80, default_threshold("hoos", "pain"))


# --- the threshold table ----------------------------------------------------------------------


def test_thresholds_table_covers_every_registered_scale() -> None:
    listed = {(t.instrument, t.scale) for t in THRESHOLDS if t.kind == MIC}
    for code, instrument in REGISTRY.items():
        for scale in instrument.scales:
            key = (code, scale.code)
            explained = key in listed or key in NO_THRESHOLD or code in NOT_INTERPRETED
            assert explained, f"{key}: no MIC and no reason why"
            assert not (key in listed and key in NO_THRESHOLD), key


def test_thresholds_table_rows_name_registered_scales() -> None:
    for row in THRESHOLDS:
        scales = {s.code: s for s in REGISTRY[row.instrument].scales}
        assert row.scale in scales, row
        if row.unit == PERCENT:  # percent reduction needs a lower-is-better scale
            assert scales[row.scale].higher_is == "worse", row
        assert row.verification and row.source, row


def test_thresholds_table_defaults_are_never_unverified() -> None:
    for instrument, scale in {(t.instrument, t.scale) for t in THRESHOLDS}:
        default = default_threshold(instrument, scale)
        if default is not None:
            assert "UNVERIFIED" not in default.verification, default


@pytest.mark.parametrize(
    ("instrument", "scale", "value"),
    [
        # Transcribed from the §4 MCID tables, checked against the reference, not the module.
        ("nrs-pain", "nrs_pain", "2"),
        ("peg", "peg", "1.0"),
        ("bpi-sf", "interference", "1"),
        ("koos", "pain", "15"),
        ("koos", "symptoms", "12.5"),
        ("koos", "adl", "15.5"),
        ("koos", "sport_rec", "17.5"),
        ("koos", "qol", "12.5"),
        ("koos-jr", "koos_jr", "14"),
        ("hoos", "pain", "8.35"),
        ("hoos-jr", "hoos_jr", "7.76"),
        ("lefs", "lefs", "9"),
        ("quickdash", "quickdash", "15.91"),
        ("visa-a", "visa_a", "14"),
        ("odi", "odi", "10"),
        ("ndi", "ndi", "5"),
        ("ndi", "ndi_percent", "10"),
        ("promis-29", "depression", "3.5"),
        ("promis-29", "pain_interference", "2"),
        ("promis-pi-6a", "pain_interference", "2"),
        ("promis-pi-8a", "pain_interference", "2"),
    ],
)
def test_default_threshold_values(instrument: str, scale: str, value: str) -> None:
    default = default_threshold(instrument, scale)
    assert default is not None and default.value == Decimal(value)


def test_default_threshold_absent_for_unlisted_scale() -> None:
    assert default_threshold("womac", "pain") is None


def test_threshold_describe_shows_the_unit() -> None:
    rows = thresholds("odi", "odi", MIC)
    assert [row.describe() for row in rows] == ["10", "30 %"]


def test_interpret_change_reads_floats_as_their_stored_decimal() -> None:
    # PROMIS PI 8a raw 28 → 25 is T 64.1 → 62.1: exactly 2 points as tabulated, although the
    # binary doubles differ by slightly less than 2.
    assert Fraction(64.1) - Fraction(62.1) < 2
    result = interpret_change("promis-pi-8a", "pain_interference", 64.1, 62.1)
    assert result.meets_threshold is True
    assert result.sentence.endswith("equal to the minimal important change of 2")


def test_pain_change_eleven_of_fifty_five_is_exactly_twenty_percent() -> None:
    # §5 preamble: 11/55 counts as exactly 20 %; also as floats read at their stored decimal.
    assert oarsi_responder(pain=(55, 44), function=(50, 40), pga=None).status == RESPONDER
    assert oarsi_responder(pain=(55.0, 44.0), function=(50.0, 40.0), pga=None).status == RESPONDER
