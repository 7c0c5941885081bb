"""Tests for the clinic-configurable rule settings (RuleSet) and the generated facts document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from regenpath.domain.candidacy import DEFAULT_RULES, RULES_VERSION, RuleSet, RuleSetError
from regenpath.domain.candidacy.doc import EXAMPLE_FACTS, example_json, render_doc

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_ruleset_defaults_follow_the_reference() -> None:
    rules = DEFAULT_RULES
    assert rules == RuleSet()
    assert rules.version == RULES_VERSION
    # cell-therapy.md §5: NSAIDs 7 days (K1, K2), corticosteroid 3 months, HA 6 months, D1 3 years.
    assert (rules.nsaid_washout_days, rules.corticosteroid_deferral_months) == (7, 3)
    assert (rules.hyaluronic_acid_deferral_months, rules.malignancy_window_months) == (6, 36)
    assert rules.kl_range("knee-oa") == (2, 3)
    assert rules.kl_range("achilles-tendinopathy") is None
    assert rules.rescreen_after_days == 90


def test_ruleset_with_overrides_changes_only_what_is_given() -> None:
    rules = DEFAULT_RULES.with_overrides(nsaid_washout_days=3, platelet_min=100)
    assert (rules.nsaid_washout_days, rules.platelet_min) == (3, 100)
    assert rules.hyaluronic_acid_deferral_months == 6
    assert rules.changes() == {"nsaid_washout_days": 3, "platelet_min": 100}


def test_ruleset_version_names_the_overrides() -> None:
    first = DEFAULT_RULES.with_overrides(nsaid_washout_days=3)
    assert first.version.startswith(RULES_VERSION + "+")
    assert DEFAULT_RULES.with_overrides(nsaid_washout_days=3).version == first.version
    assert DEFAULT_RULES.with_overrides(nsaid_washout_days=4).version != first.version
    assert DEFAULT_RULES.with_overrides(nsaid_washout_days=7).version == RULES_VERSION


def test_ruleset_kl_ranges_merge_per_condition() -> None:
    rules = DEFAULT_RULES.with_overrides(kl_ranges={"hip-oa": [1, 4]})
    assert rules.kl_range("hip-oa") == (1, 4)
    assert rules.kl_range("knee-oa") == (2, 3)
    assert rules.to_dict()["kl_ranges"]["hip-oa"] == [1, 4]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nsaid_washout": 3}, "nsaid_washout"),
        ({"version": "x"}, "version"),
        ({"nsaid_washout_days": True}, "nsaid_washout_days"),
        ({"nsaid_washout_days": 2.5}, "nsaid_washout_days"),
        ({"nsaid_washout_days": "7"}, "nsaid_washout_days"),
        ({"nsaid_washout_days": -1}, "nsaid_washout_days"),
        ({"platelet_min": float("inf")}, "platelet_min"),
        ({"platelet_min": -10.0}, "platelet_min"),
        ({"rescreen_after_days": 0}, "rescreen_after_days"),
        ({"bmi_review_at_or_below": 31.0}, "bmi_review_at_or_below"),
        ({"age_review_min": 90}, "age_review_min"),
        ({"pfirrmann_min": 8, "pfirrmann_max": 2}, "pfirrmann_min"),
        ({"kl_ranges": [2, 3]}, "kl_ranges"),
        ({"kl_ranges": {"knee-oa": [3, 2]}}, "kl_ranges.knee-oa"),
        ({"kl_ranges": {"knee-oa": [0, 5]}}, "kl_ranges.knee-oa"),
        ({"kl_ranges": {"elbow-oa": [1, 2]}}, "kl_ranges.elbow-oa"),
        ({"kl_ranges": {"achilles-tendinopathy": [1, 2]}}, "kl_ranges.achilles-tendinopathy"),
    ],
)
def test_ruleset_with_overrides_refuses_bad_settings(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(RuleSetError) as caught:
        DEFAULT_RULES.with_overrides(**changes)
    assert list(caught.value.errors) == [field]
    assert isinstance(caught.value, ValueError)


def test_ruleset_with_overrides_collects_every_error() -> None:
    with pytest.raises(RuleSetError) as caught:
        DEFAULT_RULES.with_overrides(foo=1, nsaid_washout_days=-1, platelet_min="a")
    assert set(caught.value.errors) == {"foo", "nsaid_washout_days", "platelet_min"}


def test_ruleset_to_dict_is_json_and_complete() -> None:
    data = DEFAULT_RULES.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert DEFAULT_RULES.with_overrides(**{k: v for k, v in data.items()}) == DEFAULT_RULES


def test_candidacy_doc_is_generated_from_the_tables() -> None:
    # Regenerate: python -m regenpath.domain.candidacy.doc > docs/candidacy-facts.md
    assert (DOCS / "candidacy-facts.md").read_text(encoding="utf-8") == render_doc()


def test_candidacy_example_file_is_the_documented_example() -> None:
    # Regenerate: python -m regenpath.domain.candidacy.doc example > docs/examples/facts-knee.json
    text = (DOCS / "examples" / "facts-knee.json").read_text(encoding="utf-8")
    assert text == example_json()
    assert json.loads(text) == EXAMPLE_FACTS
