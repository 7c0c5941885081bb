"""Screening facts for the demo journeys, consistent with the synthetic episode they describe.

Condition, side, date of birth, pain onset and K–L grade come from the episode and the patient;
height and weight reproduce the BMI recorded at referral; conservative care and past injections
follow the episode's prior treatments. Each variant adds the one finding that gives the decision
its journey needs (the journey checks `assess` agrees). Synthetic, illustrative values only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from regenpath.domain.candidacy import DEFAULT_RULES, FIELD_SPECS, FieldKind
from regenpath.domain.candidacy.fields import DISC_FIELDS
from regenpath.domain.candidacy.groups import ConditionGroup, condition_group
from regenpath.domain.conditions import pain_duration_months
from regenpath.patients.models import Episode

Facts = dict[str, Any]

# Prior treatments that count as tried conservative care (cell-therapy.md §5 "Failed
# conservative care": physiotherapy, medication, bracing, weight loss; project reading).
CONSERVATIVE = frozenset(
    {
        "physiotherapy",
        "paracetamol",
        "nsaids",
        "opioids",
        "neuropathic-agents",
        "bracing",
        "weight-loss",
        "shockwave",
    }
)
# Prior injections into the target, as screening records them.
INJECTION_KINDS = {
    "corticosteroid-injection": "corticosteroid",
    "hyaluronic-acid-injection": "hyaluronic_acid",
    "prp": "prp",
}
# Margins around the review limits (RuleSet.bmi_review_*), so that height and weight rounded
# to 1 cm and 0.1 kg reproduce the referral BMI on the intended side of the limit.
BMI_LOW, BMI_HIGH = DEFAULT_RULES.bmi_review_at_or_below + 0.3, DEFAULT_RULES.bmi_review_at_or_above
FIT_GROUPS = frozenset({ConditionGroup.JOINT, ConditionGroup.DISC, ConditionGroup.TENDON})


def conservative_tried(episode: Episode) -> int:
    """Return how many conservative treatments the episode's prior treatments name."""
    return len(CONSERVATIVE.intersection(episode.prior_treatments))


def age_on(episode: Episode, day: dt.date) -> int:
    born = episode.patient.date_of_birth
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def fits(
    episode: Episode, day: dt.date, *, kl: bool = True, bmi: bool = True, care: bool = True
) -> bool:
    """Return whether the episode meets every rule on `day` that its own record decides.

    The switches leave out one rule, for journeys that need exactly that one to fire.
    """
    code = episode.condition_code
    if condition_group(code) not in FIT_GROUPS or code == "inflammatory-arthritis":
        return False
    if pain_duration_months(episode.onset_date, day) < DEFAULT_RULES.min_pain_months + 1:
        return False
    if not DEFAULT_RULES.age_review_min <= age_on(episode, day) <= DEFAULT_RULES.age_review_max:
        return False
    accepted = DEFAULT_RULES.kl_range(code)
    if (
        kl
        and accepted
        and not (episode.kl_grade and accepted[0] <= episode.kl_grade <= accepted[1])
    ):
        return False
    value = float(episode.bmi_at_referral or 0)
    if bmi and not BMI_LOW <= value <= BMI_HIGH - 0.3:
        return False
    return not care or conservative_tried(episode) >= DEFAULT_RULES.min_conservative_care_modalities


def _height_weight(episode: Episode, rng: random.Random) -> tuple[float, float]:
    # Adult heights around common means (illustrative); weight from the referral BMI.
    female = episode.patient.sex_at_birth == "female"
    height = round(min(195.0, max(148.0, rng.gauss(163.0 if female else 177.0, 6.5))))
    weight = round(float(episode.bmi_at_referral or 25) * (height / 100) ** 2, 1)
    return float(height), weight


def _labs(episode: Episode, rng: random.Random) -> Facts:
    female = episode.patient.sex_at_birth == "female"
    hb = rng.gauss(13.5, 0.6) if female else rng.gauss(14.9, 0.7)
    return {
        "platelets": float(round(min(400.0, max(170.0, rng.gauss(255.0, 45.0))))),
        "haemoglobin": round(min(16.5, max(12.4, hb)), 1),
        "hba1c_percent": round(min(5.9, max(4.9, rng.gauss(5.4, 0.25))), 1),
    }


def _usual_medications(episode: Episode, day: dt.date, rng: random.Random) -> list[Facts]:
    meds: list[Facts] = []
    if "paracetamol" in episode.prior_treatments:
        meds.append({"name": "Paracetamol", "class": "other", "last_dose": None})
    if "nsaids" in episode.prior_treatments:
        # Stopped at least a fortnight before screening: past the 7-day NSAID washout.
        stopped = day - dt.timedelta(days=rng.randint(14, 60))
        meds.append({"name": "Naproxen", "class": "nsaid", "last_dose": stopped.isoformat()})
    if rng.random() < 0.3:
        meds.append({"name": "Amlodipine", "class": "other", "last_dose": None})
    return meds


def _past_injections(episode: Episode, day: dt.date, rng: random.Random) -> list[Facts]:
    injections = []
    for prior, kind in INJECTION_KINDS.items():
        if prior not in episode.prior_treatments:
            continue
        # Long enough ago for every injection washout (6 months at most), after the pain began.
        latest = day - dt.timedelta(days=200)
        earliest = episode.onset_date + dt.timedelta(days=30)
        if earliest <= latest:
            on = latest - dt.timedelta(days=rng.randint(0, min(500, (latest - earliest).days)))
            injections.append({"kind": kind, "date": on.isoformat()})
    return injections


def base_facts(episode: Episode, day: dt.date, rng: random.Random) -> Facts:
    """Return complete facts for the episode screened on `day`, with no adverse finding."""
    group = condition_group(episode.condition_code)
    facts: Facts = {
        s.name: False
        for s in FIELD_SPECS
        if s.kind is FieldKind.BOOL and (s.name not in DISC_FIELDS or group is ConditionGroup.DISC)
    }
    if group is ConditionGroup.DISC:
        facts.update(
            pfirrmann_grade=rng.choice((3, 4, 4, 5, 5, 6)), modic_type=rng.choice((0, 1, 2))
        )
    height, weight = _height_weight(episode, rng)
    tried = conservative_tried(episode)
    # Months of conservative care: none when nothing was tried, else within the pain's duration.
    months = pain_duration_months(episode.onset_date, day)
    care_months = 0 if tried == 0 else min(months, max(3, rng.randint(4, 30)))
    facts.update(
        condition_code=episode.condition_code,
        target_side=episode.side,
        date_of_birth=episode.patient.date_of_birth.isoformat(),
        pain_onset=episode.onset_date.isoformat(),
        kl_grade=episode.kl_grade if episode.condition.kl_applies else None,
        conservative_care_months=care_months,
        conservative_care_modalities=tried,
        medications=_usual_medications(episode, day, rng),
        target_injections=_past_injections(episode, day, rng),
        height_cm=height,
        weight_kg=weight,
        **_labs(episode, rng),
    )
    return facts


# --- variants: the one finding each journey's decision rests on -------------------------------


def _add_medication(name: str, klass: str) -> Callable[[Facts, dt.date, random.Random], Facts]:
    def change(facts: Facts, day: dt.date, rng: random.Random) -> Facts:
        meds = [m for m in facts["medications"] if m["class"] != klass]
        return {**facts, "medications": [*meds, {"name": name, "class": klass, "last_dose": None}]}

    return change


def _recent_injection(
    kind: str, days: tuple[int, int]
) -> Callable[[Facts, dt.date, random.Random], Facts]:
    def change(facts: Facts, day: dt.date, rng: random.Random) -> Facts:
        on = day - dt.timedelta(days=rng.randint(*days))
        others = [i for i in facts["target_injections"] if i["kind"] != kind]
        return {**facts, "target_injections": [*others, {"kind": kind, "date": on.isoformat()}]}

    return change


def _low_platelets(facts: Facts, day: dt.date, rng: random.Random) -> Facts:
    return {**facts, "platelets": float(rng.randint(96, 128))}


def _smoker(facts: Facts, day: dt.date, rng: random.Random) -> Facts:
    return {**facts, "current_smoker": True}


def _inflammatory(facts: Facts, day: dt.date, rng: random.Random) -> Facts:
    meds = [
        *facts["medications"],
        {"name": "Methotrexate", "class": "immunosuppressant", "last_dose": None},
    ]
    return {**facts, "inflammatory_arthritis_target": True, "medications": meds}


def _unchanged(facts: Facts, day: dt.date, rng: random.Random) -> Facts:
    return facts


VARIANTS: dict[str, Callable[[Facts, dt.date, random.Random], Facts]] = {
    "clean": _unchanged,
    "kl": _unchanged,  # the episode's own K–L grade 4 asks for review
    "bmi": _unchanged,  # the episode's own BMI at or above 30 asks for review
    "low-platelets": _low_platelets,
    "inflammatory": _inflammatory,
    "little-care": _unchanged,  # the episode's prior treatments name fewer than two
    "steroid-injection": _recent_injection("corticosteroid", (21, 56)),
    "ha-injection": _recent_injection("hyaluronic_acid", (45, 120)),
    "nsaid": _add_medication("Ibuprofen", "nsaid"),
    "anticoagulant": _add_medication("Apixaban", "anticoagulant"),
    "smoker": _smoker,
}


def facts_for(episode: Episode, variant: str, day: dt.date, rng: random.Random) -> Facts:
    """Return the screening facts of `episode` on `day` with the variant's finding."""
    return VARIANTS[variant](base_facts(episode, day, rng), day, rng)
