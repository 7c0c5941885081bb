"""Which bedside hard stops a second physician may override: never identity, release or time."""

from __future__ import annotations

import pytest

from regenpath.domain.custody import (
    OVERRIDABLE_CHECKS,
    BedsideCheck,
    BedsideFailure,
    override_refusal,
)


def _f(code: BedsideCheck) -> BedsideFailure:
    return BedsideFailure(code, f"{code.value} failed")


@pytest.mark.parametrize("code", sorted(OVERRIDABLE_CHECKS))
def test_override_refusal_allows_plan_site_differences(code: BedsideCheck) -> None:
    assert override_refusal([_f(code)]) is None


@pytest.mark.parametrize(
    "code",
    [
        BedsideCheck.PATIENT_MISMATCH,
        BedsideCheck.DIN_MISMATCH,
        BedsideCheck.DIN_UNREADABLE,
        BedsideCheck.DIN_CHECK_CHARACTER,
    ],
)
def test_override_refusal_never_across_patients(code: BedsideCheck) -> None:
    refusal = override_refusal([_f(code), _f(BedsideCheck.SIDE_MISMATCH)])
    assert refusal is not None and "never be overridden" in refusal


@pytest.mark.parametrize(
    "code",
    [
        BedsideCheck.NOT_RELEASED,
        BedsideCheck.TIME_LIMIT_EXCEEDED,
        BedsideCheck.COLLECTION_IN_FUTURE,
    ],
)
def test_override_refusal_release_and_time_are_not_overridable(code: BedsideCheck) -> None:
    refusal = override_refusal([_f(code)])
    assert refusal is not None and f"{code.value} failed" in refusal


def test_override_refusal_nothing_to_override() -> None:
    assert override_refusal([]) == "Nothing failed; no override is needed."


def test_overridable_checks_are_only_site_checks() -> None:
    assert {BedsideCheck.TARGET_NOT_PLANNED, BedsideCheck.SIDE_MISMATCH} == OVERRIDABLE_CHECKS
