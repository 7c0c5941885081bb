"""Point-of-care QC release criteria per product type, as versioned data, and their evaluation.

Source: reference/cell-therapy.md §4 (point-of-care processing QC). Every default criterion names
where its number comes from and carries that source's status tag; UNVERIFIED numbers are shipped
as defaults only because the brief asks for defaults, and the UI shows their tag next to every
result. A clinic replaces them with its own SOP values (`apply_overrides`), which are then tagged
as site-configured.

Only about 30 % of published BMAC studies report the product's composition (Piuzzi et al., J Bone
Joint Surg Am 2018, reference §4, VERIFIED), so the project requires cell counts to be *recorded*
before release (project policy), without pretending the literature gives a release threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

# Stored with every QC decision together with the criteria used, so a decision can be replayed
# (DESIGN.md: rules that live in tables are versioned). Bump on any change to DEFAULT_CRITERIA.
QC_RULES_VERSION = "qc-rules-1"


class CellSource(StrEnum):
    """The kind of point-of-care product a product type is (reference §4.1, §4.2)."""

    BMAC = "bmac"  # bone marrow aspirate concentrate
    MFAT = "mfat"  # micro-fragmented adipose tissue
    SVF = "svf"  # stromal vascular fraction


CELL_SOURCE_LABELS: dict[CellSource, str] = {
    CellSource.BMAC: "Bone marrow aspirate concentrate (BMAC)",
    CellSource.MFAT: "Micro-fragmented adipose tissue (MFAT)",
    CellSource.SVF: "Stromal vascular fraction (SVF)",
}


class Measure(StrEnum):
    """A measured quantity of a processed product, with its unit in MEASURE_UNITS."""

    FINAL_VOLUME_ML = "final_volume_ml"
    TNC_TOTAL = "tnc_total_e6"  # total nucleated cells, ×10⁶
    TNC_PER_ML = "tnc_per_ml_e6"  # nucleated cells per mL, ×10⁶/mL (= ×10³/µL)
    VIABILITY_PERCENT = "viability_percent"
    CFU_F_PER_ML = "cfu_f_per_ml"
    CD34_PERCENT = "cd34_percent"  # CD34+ cells as % of nucleated cells
    PLATELETS = "platelets_e3_per_ul"  # ×10³/µL


MEASURE_UNITS: dict[Measure, str] = {
    Measure.FINAL_VOLUME_ML: "mL",
    Measure.TNC_TOTAL: "×10⁶ cells",
    Measure.TNC_PER_ML: "×10⁶/mL",
    Measure.VIABILITY_PERCENT: "%",
    Measure.CFU_F_PER_ML: "CFU-F/mL",
    Measure.CD34_PERCENT: "% of nucleated cells",
    Measure.PLATELETS: "×10³/µL",
}


class Comparison(StrEnum):
    """How a measurement is compared with a criterion's threshold."""

    AT_LEAST = ">="
    MORE_THAN = ">"
    AT_MOST = "<="
    RECORDED = "recorded"  # passes when a value was measured; no threshold


class Verification(StrEnum):
    """The status tag of a criterion's number (reference, "Status tags")."""

    VERIFIED = "VERIFIED"
    UNVERIFIED = "UNVERIFIED"
    PROJECT_POLICY = "project policy"
    SITE_CONFIGURED = "site-configured"


@dataclass(frozen=True)
class Criterion:
    """One release criterion: `measure` `comparison` `threshold`, with its source and tag.

    A `blocking` criterion must pass for an ordinary release; a non-blocking one is shown as
    advice only (a literature value that is not a release threshold).
    """

    id: str
    label: str
    measure: Measure
    comparison: Comparison
    threshold: float | None
    blocking: bool
    source: str
    verification: Verification

    def __post_init__(self) -> None:
        if (self.comparison is Comparison.RECORDED) != (self.threshold is None):
            raise ValueError(f"criterion {self.id}: a threshold is needed unless only recorded")

    def describe(self) -> str:
        """Return the rule in words, e.g. `Viability ≥ 90 %`."""
        if self.comparison is Comparison.RECORDED:
            return f"{self.label}: measured and recorded"
        symbol = {">=": "≥", ">": ">", "<=": "≤"}[self.comparison.value]
        return f"{self.label} {symbol} {_number(self.threshold)} {MEASURE_UNITS[self.measure]}"


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's outcome: `passed` is None when the measure was not recorded."""

    id: str
    passed: bool | None
    message: str
    source: str
    verification: Verification
    blocking: bool

    def to_dict(self) -> dict[str, object]:
        """Return the result as JSON-ready values (stored with the QC decision)."""
        return {
            "id": self.id,
            "passed": self.passed,
            "message": self.message,
            "source": self.source,
            "verification": self.verification.value,
            "blocking": self.blocking,
        }


@dataclass(frozen=True)
class ReleaseAssessment:
    """Whether the results allow an ordinary release, and the criteria that stand in the way."""

    releasable: bool
    failed: tuple[CriterionResult, ...]
    not_measured: tuple[CriterionResult, ...]


_PIUZZI = (
    "reference §4 (Piuzzi et al., J Bone Joint Surg Am 2018: only 30 % of BMAC studies report "
    "composition), VERIFIED; recording before release is project policy"
)

DEFAULT_CRITERIA: dict[CellSource, tuple[Criterion, ...]] = {
    CellSource.BMAC: (
        Criterion(
            "viability",
            "Viability",
            Measure.VIABILITY_PERCENT,
            Comparison.AT_LEAST,
            90.0,
            True,
            # Reference §4.1: "usually ≥90% for fresh BMAC — UNVERIFIED (no citation found)".
            "reference §4.1 (viability usually ≥90 % for fresh BMAC; no citation found)",
            Verification.UNVERIFIED,
        ),
        Criterion(
            "tnc_recorded",
            "Total nucleated cells",
            Measure.TNC_TOTAL,
            Comparison.RECORDED,
            None,
            True,
            _PIUZZI,
            Verification.PROJECT_POLICY,
        ),
        Criterion(
            "volume_recorded",
            "Final volume",
            Measure.FINAL_VOLUME_ML,
            Comparison.RECORDED,
            None,
            True,
            _PIUZZI,
            Verification.PROJECT_POLICY,
        ),
        Criterion(
            "tnc_dose_advisory",
            "Total nucleated cells (dose)",
            Measure.TNC_TOTAL,
            Comparison.AT_LEAST,
            400.0,  # 4 ×10⁸ cells = 400 ×10⁶
            # Advice only: a registry threshold separating lower- and higher-dose groups, not a
            # release criterion (Centeno et al., BMC Musculoskelet Disord 2015;16:258; ref. §4.1).
            False,
            "reference §4.1 (Centeno 2015 registry dose-response threshold 4 ×10⁸ cells; "
            "not a release criterion)",
            Verification.VERIFIED,
        ),
    ),
    CellSource.SVF: (
        Criterion(
            "viability",
            "Viability",
            Measure.VIABILITY_PERCENT,
            Comparison.MORE_THAN,
            70.0,
            True,
            # Reference §4.2: IFATS/ISCT 2013 joint statement, viability >70 % — UNVERIFIED.
            "reference §4.2 (IFATS/ISCT 2013 joint statement: viability >70 %)",
            Verification.UNVERIFIED,
        ),
        Criterion(
            "tnc_recorded",
            "Total nucleated cells",
            Measure.TNC_TOTAL,
            Comparison.RECORDED,
            None,
            True,
            _PIUZZI,
            Verification.PROJECT_POLICY,
        ),
        Criterion(
            "volume_recorded",
            "Final volume",
            Measure.FINAL_VOLUME_ML,
            Comparison.RECORDED,
            None,
            True,
            _PIUZZI,
            Verification.PROJECT_POLICY,
        ),
    ),
    CellSource.MFAT: (
        Criterion(
            "viability_advisory",
            "Viability",
            Measure.VIABILITY_PERCENT,
            Comparison.MORE_THAN,
            70.0,
            # Advice only: the IFATS/ISCT threshold is for SVF; mechanical devices give 69–98 %
            # (J Exp Orthop 2022;9:103, reference §4.2). Applied to MFAT by analogy.
            False,
            "reference §4.2 (IFATS/ISCT 2013 SVF threshold >70 %, applied to MFAT by analogy)",
            Verification.UNVERIFIED,
        ),
        Criterion(
            "volume_recorded",
            "Final volume",
            Measure.FINAL_VOLUME_ML,
            Comparison.RECORDED,
            None,
            True,
            _PIUZZI,
            Verification.PROJECT_POLICY,
        ),
    ),
}


class OverrideError(ValueError):
    """A clinic's override of the default criteria is malformed; the message names the field."""


def criteria_for(
    source: CellSource, overrides: Mapping[str, Mapping[str, object]] | None = None
) -> tuple[Criterion, ...]:
    """Return the criteria for `source`, with the clinic's `overrides` applied."""
    return apply_overrides(DEFAULT_CRITERIA[source], overrides or {})


def apply_overrides(
    defaults: Iterable[Criterion], overrides: Mapping[str, Mapping[str, object]]
) -> tuple[Criterion, ...]:
    """Return `defaults` changed by a clinic's SOP: {criterion id: {enabled, threshold, blocking}}.

    A criterion whose threshold or blocking flag the clinic sets is tagged site-configured, and its
    source says which default it replaced. `enabled: False` drops it. Unknown ids or keys raise
    `OverrideError` rather than being ignored.
    """
    by_id = {criterion.id: criterion for criterion in defaults}
    unknown = sorted(set(overrides) - set(by_id))
    if unknown:
        raise OverrideError(f"unknown QC criteria: {', '.join(unknown)}")
    result = []
    for criterion in by_id.values():
        change = overrides.get(criterion.id, {})
        bad_keys = sorted(set(change) - {"enabled", "threshold", "blocking"})
        if bad_keys:
            raise OverrideError(f"{criterion.id}: unknown settings {', '.join(bad_keys)}")
        if change.get("enabled", True) is False:
            continue
        result.append(_changed(criterion, change))
    return tuple(result)


def _changed(criterion: Criterion, change: Mapping[str, object]) -> Criterion:
    threshold = change.get("threshold", criterion.threshold)
    blocking = change.get("blocking", criterion.blocking)
    if not isinstance(blocking, bool):
        raise OverrideError(f"{criterion.id}: blocking must be true or false")
    if criterion.comparison is Comparison.RECORDED:
        if threshold is not None:
            raise OverrideError(f"{criterion.id}: this criterion takes no threshold")
    elif isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise OverrideError(f"{criterion.id}: threshold must be a number")
    elif not _in_range(criterion.measure, float(threshold)):
        raise OverrideError(f"{criterion.id}: threshold {threshold} is out of range")
    if threshold == criterion.threshold and blocking == criterion.blocking:
        return criterion
    return replace(
        criterion,
        threshold=None if threshold is None else float(threshold),
        blocking=blocking,
        source=f"clinic SOP (default was {criterion.describe()}, {criterion.verification.value})",
        verification=Verification.SITE_CONFIGURED,
    )


def _in_range(measure: Measure, value: float) -> bool:
    if measure in {Measure.VIABILITY_PERCENT, Measure.CD34_PERCENT}:
        return 0 <= value <= 100
    return value >= 0


def evaluate(
    criteria: Iterable[Criterion], measurements: Mapping[Measure, float | None]
) -> list[CriterionResult]:
    """Return each criterion's result with its reason; a missing measure gives `passed` None."""
    return [_evaluate_one(criterion, measurements.get(criterion.measure)) for criterion in criteria]


def _evaluate_one(criterion: Criterion, value: float | None) -> CriterionResult:
    unit = MEASURE_UNITS[criterion.measure]
    if value is None:
        passed: bool | None = None
        need = "required for release" if criterion.blocking else "advice only"
        message = f"{criterion.label} was not measured ({need})."
    elif criterion.comparison is Comparison.RECORDED:
        passed = True
        message = f"{criterion.label} recorded: {_number(value)} {unit}."
    else:
        assert criterion.threshold is not None
        passed = _compare(value, criterion.comparison, criterion.threshold)
        verdict = "meets" if passed else "does not meet"
        message = f"{criterion.label} {_number(value)} {unit} {verdict} {criterion.describe()}."
    return CriterionResult(
        id=criterion.id,
        passed=passed,
        message=message,
        source=criterion.source,
        verification=criterion.verification,
        blocking=criterion.blocking,
    )


def _compare(value: float, comparison: Comparison, threshold: float) -> bool:
    if comparison is Comparison.AT_LEAST:
        return value >= threshold
    if comparison is Comparison.MORE_THAN:
        return value > threshold
    return value <= threshold


def assess_release(results: Iterable[CriterionResult]) -> ReleaseAssessment:
    """Return whether an ordinary release is allowed: every blocking criterion passed.

    A blocking criterion that failed or was not measured needs a physician's documented exception
    (the issue, "release with a failed criterion needs a physician's documented exception").
    """
    blocking = [r for r in results if r.blocking]
    failed = tuple(r for r in blocking if r.passed is False)
    not_measured = tuple(r for r in blocking if r.passed is None)
    return ReleaseAssessment(not failed and not not_measured, failed, not_measured)


def criterion_to_dict(criterion: Criterion) -> dict[str, object]:
    """Return a criterion as JSON-ready values (stored with each QC decision for replay)."""
    return {
        "id": criterion.id,
        "label": criterion.label,
        "measure": criterion.measure.value,
        "comparison": criterion.comparison.value,
        "threshold": criterion.threshold,
        "blocking": criterion.blocking,
        "source": criterion.source,
        "verification": criterion.verification.value,
    }


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"
