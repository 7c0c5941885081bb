"""A reproducible synthetic clinic: patients and episodes for demos, tests and benchmarks.

Everything is drawn from the `rng` passed in, so one seed gives one clinic. Nothing here looks
like a real person's record: names come from short lists of very common names, e-mail addresses
are under example.org (reserved for documentation by RFC 2606 §3), and telephone numbers are in
ranges reserved for fiction (see _phone). The mix of conditions, ages, sexes, grades and stages
is plausible for an orthobiologics clinic, not an estimate of any real population (project
policy: these weights are illustrative, not evidence).
"""

from __future__ import annotations

import math
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import accumulate, pairwise

from regenpath.domain.conditions import CONDITIONS, Condition, PainMechanism, Side
from regenpath.domain.stages import Stage

# Bump when the generator changes in a way that changes its output for a given seed.
GENERATOR_VERSION = "synthetic-1"

S = Stage


@dataclass(frozen=True, slots=True)
class SyntheticEpisode:
    """One generated episode; `stage_history` is a legal path through stages.TRANSITIONS."""

    condition_code: str
    body_site: str
    side: Side
    onset_date: date
    pain_mechanism: PainMechanism
    kl_grade: int | None
    prior_treatments: tuple[str, ...]
    stage: Stage
    stage_history: tuple[tuple[Stage, date], ...]


@dataclass(frozen=True, slots=True)
class SyntheticPatient:
    """One generated patient with one or more episodes. `bmi` is kg/m², one decimal place."""

    mrn: str
    given_name: str
    family_name: str
    date_of_birth: date
    sex_at_birth: str
    email: str
    phone: str
    preferred_language: str
    bmi: float
    episodes: tuple[SyntheticEpisode, ...]


# --- names and contact details ---------------------------------------------------------------

_GIVEN_FEMALE_NAMES = (
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Susan", "Margaret", "Sarah", "Karen",
    "Emma", "Olivia", "Sophie", "Anna", "Maria", "Laura", "Helen", "Claire", "Rachel", "Julie",
    "Emily",
)  # fmt: skip
_GIVEN_MALE_NAMES = (
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Thomas", "Daniel",
    "Paul", "Mark", "Peter", "Andrew", "George", "Jack", "Samuel", "Matthew", "Christopher",
    "Steven", "Brian",
)  # fmt: skip
_FAMILY_NAMES = (
    "Smith", "Jones", "Williams", "Brown", "Taylor", "Davies", "Wilson", "Evans", "Johnson",
    "Miller", "Garcia", "Martinez", "Anderson", "Thomas", "Jackson", "White", "Harris", "Martin",
    "Thompson", "Moore", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright",
    "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts",
    "Carter", "Phillips", "Turner", "Patel", "Khan", "Nguyen", "Murphy", "Kelly", "Cooper",
    "Ward", "Morris", "Hughes", "Wood",
)  # fmt: skip

_GIVEN_FEMALE = tuple((name, name.lower()) for name in _GIVEN_FEMALE_NAMES)
_GIVEN_MALE = tuple((name, name.lower()) for name in _GIVEN_MALE_NAMES)
_FAMILY = tuple((name, name.lower()) for name in _FAMILY_NAMES)

# BCP 47 language tags; mostly English, as for a clinic working in English first (DESIGN.md).
_LANGUAGES = ("en", "es", "pl", "ur", "fr", "de")
_LANGUAGE_CUM = tuple(accumulate((85, 5, 3, 3, 2, 2)))

EMAIL_DOMAIN = "example.org"  # RFC 2606 §3: reserved for documentation and examples.


def _phone(rng: random.Random) -> str:
    # Numbers reserved for fiction, so a generated record can never reach a real person:
    # UK mobile 07700 900000–900999, Ofcom "Telephone numbers for drama purposes"
    # (CROSS-CHECKED: BBC News, 20 April 2015, "The 20,000 fake phone numbers");
    # North American 555-0100–555-0199 in any area code, reserved by NANPA for fictitious use
    # (CROSS-CHECKED: secondary sources only).
    n = int(rng.random() * 1100)
    if n < 1000:
        return f"+44 7700 {900000 + n}"
    return f"+1 212 555 {100 + (n - 1000):04d}"


# --- conditions, ages, sexes -----------------------------------------------------------------

# Relative frequency of each condition, female share, and (low, high, mode) age in years.
# Illustrative: knee OA is the most common orthobiologic indication (cell-therapy.md §9 evidence
# is mostly knee); OA is more common in women and in people aged 50–70.
_CONDITION_MIX: dict[str, tuple[float, float, tuple[float, float, float]]] = {
    "knee-oa": (30, 0.62, (30, 85, 62)),
    "hip-oa": (10, 0.60, (30, 85, 64)),
    "shoulder-oa": (5, 0.55, (30, 85, 63)),
    "ankle-oa": (3, 0.50, (30, 85, 58)),
    "lumbar-disc-degeneration": (12, 0.50, (30, 80, 48)),
    "cervical-disc-degeneration": (5, 0.52, (30, 80, 50)),
    "facet-arthropathy": (6, 0.55, (30, 85, 58)),
    "rotator-cuff-tendinopathy": (8, 0.50, (30, 80, 52)),
    "achilles-tendinopathy": (4, 0.40, (30, 70, 45)),
    "patellar-tendinopathy": (3, 0.35, (30, 60, 34)),
    "lateral-elbow-tendinopathy": (4, 0.50, (30, 70, 47)),
    "ligament-injury": (4, 0.45, (30, 70, 38)),
    "peripheral-neuropathic-pain": (3, 0.55, (30, 85, 57)),
    "inflammatory-arthritis": (3, 0.70, (30, 85, 55)),
}

_SIDE_WEIGHT = {Side.LEFT: 40, Side.RIGHT: 45, Side.BILATERAL: 15, Side.MIDLINE: 50}
_SPINE_SIDE_WEIGHT = {Side.MIDLINE: 50, Side.LEFT: 20, Side.RIGHT: 20, Side.BILATERAL: 10}
# Kellgren–Lawrence grade among OA episodes: 2–3 most common (the K–L I–IV spread of the trials
# in cell-therapy.md §5 "Kellgren–Lawrence grade"); 0 is not offered for diagnosed OA.
_KL_GRADES = (1, 2, 3, 4)
_KL_CUM = tuple(accumulate((10, 35, 35, 20)))

# Probability a prior treatment was tried: base rate, and per-condition overrides.
_PRIOR_BASE: dict[str, float] = {
    "physiotherapy": 0.80,
    "paracetamol": 0.50,
    "nsaids": 0.60,
    "opioids": 0.12,
    "neuropathic-agents": 0.05,
    "corticosteroid-injection": 0.35,
    "hyaluronic-acid-injection": 0.0,
    "prp": 0.08,
    "epidural-steroid-injection": 0.0,
    "nerve-block": 0.03,
    "radiofrequency-ablation": 0.0,
    "shockwave": 0.0,
    "bracing": 0.10,
    "weight-loss": 0.08,
    "surgery": 0.05,
    "cell-therapy": 0.02,
}
_OA = {"hyaluronic-acid-injection": 0.30, "bracing": 0.20, "weight-loss": 0.25}
_TENDON = {"shockwave": 0.30, "prp": 0.20, "bracing": 0.15}
_SPINE = {"epidural-steroid-injection": 0.30, "nerve-block": 0.20, "radiofrequency-ablation": 0.10}
_PRIOR_OVERRIDES: dict[str, dict[str, float]] = {
    "knee-oa": _OA,
    "hip-oa": _OA,
    "shoulder-oa": _OA,
    "ankle-oa": _OA,
    "lumbar-disc-degeneration": _SPINE,
    "cervical-disc-degeneration": _SPINE,
    "facet-arthropathy": {**_SPINE, "radiofrequency-ablation": 0.35},
    "rotator-cuff-tendinopathy": _TENDON,
    "achilles-tendinopathy": _TENDON,
    "patellar-tendinopathy": _TENDON,
    "lateral-elbow-tendinopathy": _TENDON,
    "ligament-injury": {"bracing": 0.40, "prp": 0.15, "surgery": 0.15},
    "peripheral-neuropathic-pain": {"neuropathic-agents": 0.70, "nerve-block": 0.25},
    "inflammatory-arthritis": {"corticosteroid-injection": 0.50},
}

# --- stage paths along the funnel ------------------------------------------------------------

# (path, relative weight). Every path is legal under stages.TRANSITIONS for a physician
# (tests/domain/test_synthetic.py checks it). Most episodes are in or past follow-up; a share
# stop early (not a candidate, declined).
_TREATED = (S.REFERRED, S.ASSESSED, S.CANDIDATE, S.PLANNED, S.CONSENTED, S.TREATED)
_PATHS: tuple[tuple[tuple[Stage, ...], float], ...] = (
    ((S.REFERRED,), 8),
    ((S.REFERRED, S.ASSESSED), 6),
    ((S.REFERRED, S.ASSESSED, S.NOT_CANDIDATE), 8),
    ((S.REFERRED, S.ASSESSED, S.CANDIDATE), 5),
    ((S.REFERRED, S.ASSESSED, S.NOT_CANDIDATE, S.ASSESSED, S.CANDIDATE), 0.5),
    ((S.REFERRED, S.ASSESSED, S.NOT_CANDIDATE, S.CANDIDATE), 0.5),
    (_TREATED[:4], 5),
    (_TREATED[:5], 4),
    (_TREATED, 4),
    ((*_TREATED, S.FOLLOW_UP), 30),
    ((*_TREATED, S.FOLLOW_UP, S.PLANNED, S.CONSENTED, S.TREATED, S.FOLLOW_UP), 3),
    ((*_TREATED, S.FOLLOW_UP, S.CLOSED), 15),
    ((S.REFERRED, S.CLOSED), 2),
    ((S.REFERRED, S.ASSESSED, S.NOT_CANDIDATE, S.CLOSED), 5),
    ((*_TREATED[:4], S.CLOSED), 1),
)
# Episodes whose pain is not yet chronic stop before a candidacy decision.
_EARLY_PATHS = tuple(p for p in _PATHS if len(p[0]) <= 2 and S.CLOSED not in p[0])

# Days between arriving at `source` and moving to `target` (lowest, highest): illustrative.
_GAP_DAYS: dict[tuple[Stage, Stage], tuple[int, int]] = {
    (S.REFERRED, S.ASSESSED): (7, 42),
    (S.ASSESSED, S.CANDIDATE): (0, 14),
    (S.ASSESSED, S.NOT_CANDIDATE): (0, 14),
    (S.NOT_CANDIDATE, S.ASSESSED): (30, 180),
    (S.NOT_CANDIDATE, S.CANDIDATE): (7, 60),
    (S.CANDIDATE, S.PLANNED): (3, 30),
    (S.PLANNED, S.CONSENTED): (3, 21),
    (S.CONSENTED, S.TREATED): (1, 21),
    (S.TREATED, S.FOLLOW_UP): (0, 2),
    # Repeat treatment after the 6- or 12-month review; discharge after the 24-month one
    # (DESIGN.md follow-up schedule: baseline, 6 weeks, 3, 6, 12, 24 months).
    (S.FOLLOW_UP, S.PLANNED): (180, 540),
    (S.FOLLOW_UP, S.CLOSED): (700, 760),
}
_EARLY_CLOSE_DAYS = (7, 90)


@dataclass(frozen=True, slots=True)
class _ConditionPlan:
    # Precomputed draws for one condition, so the hot loop does table look-ups only.
    condition: Condition
    female_share: float
    age: tuple[float, float, float]
    sides: tuple[Side, ...]
    side_cum: tuple[float, ...]
    priors: tuple[tuple[str, float], ...]


def _plan(condition: Condition) -> _ConditionPlan:
    _, female, age = _CONDITION_MIX[condition.code]
    spine = Side.MIDLINE in condition.sides
    weights = _SPINE_SIDE_WEIGHT if spine else _SIDE_WEIGHT
    overrides = _PRIOR_OVERRIDES.get(condition.code, {})
    priors = tuple(
        (code, p) for code, base in _PRIOR_BASE.items() if (p := overrides.get(code, base)) > 0
    )
    return _ConditionPlan(
        condition=condition,
        female_share=female,
        age=age,
        sides=condition.sides,
        side_cum=tuple(accumulate(weights[s] for s in condition.sides)),
        priors=priors,
    )


_PLANS = tuple(_plan(c) for c in CONDITIONS)
_PLAN_CUM = tuple(accumulate(_CONDITION_MIX[c.code][0] for c in CONDITIONS))
_PLAN_TOTAL = _PLAN_CUM[-1]
_PATH_CUM = tuple(accumulate(w for _, w in _PATHS))
_EARLY_PATH_CUM = tuple(accumulate(w for _, w in _EARLY_PATHS))
_DAYS_PER_YEAR = 365.2425
_MAX_ONSET_DAYS = int(15 * _DAYS_PER_YEAR)
_LOG_MIN_CHRONIC, _LOG_MAX_CHRONIC = math.log(92), math.log(_MAX_ONSET_DAYS)


def _mechanism(rng: random.Random, typical: PainMechanism) -> PainMechanism:
    u = rng.random()
    if u < 0.80:
        return typical
    if u < 0.92:
        return PainMechanism.MIXED
    return PainMechanism.NOCIPLASTIC


def _gap_ranges(path: tuple[Stage, ...]) -> tuple[tuple[int, int], ...]:
    # (lowest, number of possible values) of the gap before each stage after the first.
    ranges = []
    for source, target in pairwise(path):
        low, high = _GAP_DAYS.get((source, target), _EARLY_CLOSE_DAYS)
        ranges.append((low, high - low + 1))
    return tuple(ranges)


# Each path with its gap ranges, precomputed so drawing a history is a few arithmetic steps.
_PATH_PLANS = tuple((path, _gap_ranges(path)) for path, _ in _PATHS)
_EARLY_PATH_PLANS = tuple((path, _gap_ranges(path)) for path, _ in _EARLY_PATHS)


def _history(
    rng: random.Random,
    path: tuple[Stage, ...],
    ranges: tuple[tuple[int, int], ...],
    onset: int,
    today: int,
) -> tuple[tuple[Stage, date], ...]:
    # Draw the gaps, then place the referral so the whole path fits between onset and today;
    # if it cannot fit, squeeze the gaps proportionally (dates stay in order, none after today).
    r = rng.random
    gaps = [low + int(r() * count) for low, count in ranges]
    total = sum(gaps)
    latest = today - total
    if latest >= onset:
        referral = latest - int(r() * min(latest - onset, 365))
    else:
        referral = onset
        room = today - onset
        gaps = [g * room // total for g in gaps]
    days = accumulate(gaps, initial=referral)
    return tuple(zip(path, map(date.fromordinal, days), strict=True))


def _episode(rng: random.Random, plan: _ConditionPlan, side: Side, today: int) -> SyntheticEpisode:
    condition = plan.condition
    r = rng.random
    # Onset 3 months to 15 years ago, log-uniform (most within a few years); 5 % are recent
    # (under 3 months, not yet chronic under conditions.is_chronic).
    if r() < 0.05:
        onset = today - int(r() * 89)
        path, ranges = _EARLY_PATH_PLANS[bisect(_EARLY_PATH_CUM, r() * _EARLY_PATH_CUM[-1])]
    else:
        span = math.exp(_LOG_MIN_CHRONIC + r() * (_LOG_MAX_CHRONIC - _LOG_MIN_CHRONIC))
        onset = today - int(span)
        path, ranges = _PATH_PLANS[bisect(_PATH_CUM, r() * _PATH_CUM[-1])]
    sites = condition.body_sites
    return SyntheticEpisode(
        condition_code=condition.code,
        body_site=sites[int(r() * len(sites))],
        side=side,
        onset_date=date.fromordinal(onset),
        pain_mechanism=_mechanism(rng, condition.typical_mechanism),
        kl_grade=_KL_GRADES[bisect(_KL_CUM, r() * _KL_CUM[-1])] if condition.kl_applies else None,
        prior_treatments=tuple([code for code, p in plan.priors if r() < p]),
        stage=path[-1],
        stage_history=_history(rng, path, ranges, onset, today),
    )


def _episodes(
    rng: random.Random, first: _ConditionPlan, today: int
) -> tuple[SyntheticEpisode, ...]:
    r = rng.random
    side = first.sides[bisect(first.side_cum, r() * first.side_cum[-1])]
    episode = _episode(rng, first, side, today)
    # 1 episode for 80 % of patients, 2 for 17 %, 3 for 3 % (illustrative).
    u = r()
    if u < 0.80:
        return (episode,)
    episodes = [episode]
    used = {(first.condition.code, side)}
    for _ in range(2 if u < 0.97 else 1, 3):
        # An episode is one condition at one side; redraw a few times to avoid a duplicate.
        for _attempt in range(8):
            plan = _PLANS[bisect(_PLAN_CUM, r() * _PLAN_TOTAL)]
            side = plan.sides[bisect(plan.side_cum, r() * plan.side_cum[-1])]
            if (plan.condition.code, side) not in used:
                used.add((plan.condition.code, side))
                episodes.append(_episode(rng, plan, side, today))
                break
    return tuple(episodes)


def synthetic_patients(
    rng: random.Random, n: int, *, today: date, mrn_prefix: str = "SYN"
) -> Iterator[SyntheticPatient]:
    """Yield `n` synthetic patients drawn from `rng`, with MRNs f"{mrn_prefix}{i:06d}".

    The same seed, n and today give identical output. Dates are never after `today`.
    Raises ValueError if n is negative.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    today_ord = today.toordinal()
    r = rng.random
    for i in range(1, n + 1):
        first = _PLANS[bisect(_PLAN_CUM, r() * _PLAN_TOTAL)]
        female = r() < first.female_share
        low, high, mode = first.age
        age_years = rng.triangular(low, high, mode)
        names = _GIVEN_FEMALE if female else _GIVEN_MALE
        given, given_lower = names[int(r() * len(names))]
        family, family_lower = _FAMILY[int(r() * len(_FAMILY))]
        bmi = min(50.0, max(17.0, rng.gauss(28.0, 4.5)))
        yield SyntheticPatient(
            mrn=f"{mrn_prefix}{i:06d}",
            given_name=given,
            family_name=family,
            date_of_birth=date.fromordinal(today_ord - int(age_years * _DAYS_PER_YEAR)),
            sex_at_birth="female" if female else "male",
            email=f"{given_lower}.{family_lower}.{i}@{EMAIL_DOMAIN}",
            phone=_phone(rng),
            preferred_language=_LANGUAGES[bisect(_LANGUAGE_CUM, r() * _LANGUAGE_CUM[-1])],
            bmi=round(bmi, 1),
            episodes=_episodes(rng, first, today_ord),
        )
