"""The coded catalogue of conditions an episode can be opened for, and the chronic-pain rule.

An episode is one painful condition at one body site and side (DESIGN.md "The journey"). Each
condition carries its SNOMED CT concept, the sites and sides a clinician may choose, whether the
Kellgren–Lawrence grade applies, its usual pain mechanism, and the PROM instruments suggested for
it (codes of reference/instruments.md §3).

SNOMED CT identifiers: each one is cited in a comment above its condition with where it was
confirmed (public value sets and code lists; no SNOMED CT release was available to check
against). An id is VERIFIED when two independent public sources give it with this meaning; any
other id is tagged UNVERIFIED in its comment and listed in UNVERIFIED_SNOMED so the UI can flag
it. Check those in the SNOMED CT browser (https://browser.ihtsdotools.org) before relying on
them for exchange. Every id passes the SCTID check-digit test (is_wellformed_concept_id).

Sources named below:
  [BE-IG]  eHealth Belgium FHIR IG, ValueSet be-vs-diagnostic-imaging-indication 1.0.0 (lists
           each code with its fully specified name; some of its other codes are malformed, so
           it is not trusted alone).
  [KEELE]  HDR UK Phenotype Library PH941 "Musculoskeletal pain/injury in adults" (Peat, Jordan
           et al., Keele University, 2024), as published by phenoflow; SNOMED codes grouped by a
           keyword of their term, without the terms themselves.
  [OCL]    OpenSAFELY OpenCodelists (opencodelists.org), codelist CSVs with code and term.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Stored with every episode so its coding can be replayed (DESIGN.md: tables are versioned).
CONDITIONS_VERSION = "conditions-1"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"
    MIDLINE = "midline"  # spine: a central disc or a midline structure


class PainMechanism(StrEnum):
    # DESIGN.md "Data", Episode: the five mechanisms a clinician records.
    NOCICEPTIVE = "nociceptive"
    INFLAMMATORY = "inflammatory"
    NEUROPATHIC = "neuropathic"
    NOCIPLASTIC = "nociplastic"
    MIXED = "mixed"


SIDE_LABELS: dict[Side, str] = {
    Side.LEFT: "Left",
    Side.RIGHT: "Right",
    Side.BILATERAL: "Bilateral",
    Side.MIDLINE: "Midline",
}
PAIN_MECHANISM_LABELS: dict[PainMechanism, str] = {
    PainMechanism.NOCICEPTIVE: "Nociceptive",
    PainMechanism.INFLAMMATORY: "Inflammatory",
    PainMechanism.NEUROPATHIC: "Neuropathic",
    PainMechanism.NOCIPLASTIC: "Nociplastic",
    PainMechanism.MIXED: "Mixed",
}

# Kellgren–Lawrence radiographic grades 0–4 (Kellgren & Lawrence, Ann Rheum Dis 1957); only
# meaningful for osteoarthritis (cell-therapy.md §5, "Kellgren–Lawrence grade" row).
KL_GRADES: tuple[int, ...] = (0, 1, 2, 3, 4)

_LIMB = (Side.LEFT, Side.RIGHT, Side.BILATERAL)
_SPINE = (Side.MIDLINE, Side.LEFT, Side.RIGHT, Side.BILATERAL)


class UnknownConditionError(ValueError):
    """Raised for a condition code that is not in CONDITIONS."""


@dataclass(frozen=True)
class Condition:
    """One condition of the catalogue, with its SNOMED CT concept and clinical defaults."""

    code: str
    label: str
    snomed_code: str
    snomed_term: str
    region: str
    body_sites: tuple[str, ...]
    sides: tuple[Side, ...]
    kl_applies: bool
    typical_mechanism: PainMechanism
    instruments: tuple[str, ...]

    @property
    def snomed_verified(self) -> bool:
        """Return True when the SNOMED CT id was confirmed (not in UNVERIFIED_SNOMED)."""
        return self.snomed_code not in UNVERIFIED_SNOMED


# SNOMED CT ids not confirmed in two independent public sources (see the comment above each
# condition). The UI shows these with a warning; the report to the lead lists them.
UNVERIFIED_SNOMED: frozenset[str] = frozenset(
    {
        "67315001",  # shoulder-oa
        "239874001",  # ankle-oa
        "77547008",  # lumbar-disc-degeneration
        "60937000",  # cervical-disc-degeneration
        "239863005",  # facet-arthropathy
        "414033006",  # rotator-cuff-tendinopathy
        "1290488009",  # patellar-tendinopathy
        "263126002",  # ligament-injury
    }
)

CONDITIONS: tuple[Condition, ...] = (
    # SNOMED 239873007 VERIFIED: [BE-IG] "Osteoarthritis of knee (disorder)"; the same code and
    # term in several independent public code lists (Synthea-derived OMOP mappings, SQL seeds).
    Condition(
        code="knee-oa",
        label="Knee osteoarthritis",
        snomed_code="239873007",
        snomed_term="Osteoarthritis of knee (disorder)",
        region="knee",
        body_sites=(
            "Knee joint",
            "Medial tibiofemoral compartment",
            "Lateral tibiofemoral compartment",
            "Patellofemoral compartment",
        ),
        sides=_LIMB,
        kl_applies=True,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        # ICHOM hip & knee OA set uses NRS pain (landscape.md §3.1).
        instruments=("koos", "koos-jr", "womac", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 239872002 VERIFIED: [BE-IG] "Osteoarthritis of hip (disorder)"; the same code and
    # term in several independent public code lists (Synthea-derived mappings, SQL seeds).
    Condition(
        code="hip-oa",
        label="Hip osteoarthritis",
        snomed_code="239872002",
        snomed_term="Osteoarthritis of hip (disorder)",
        region="hip",
        body_sites=("Hip joint",),
        sides=_LIMB,
        kl_applies=True,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        instruments=("hoos", "hoos-jr", "womac", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 67315001 # UNVERIFIED: [BE-IG] "Osteoarthritis of shoulder region (disorder)";
    # [KEELE] lists it beside other regional OA concepts. One public phenotype library calls it
    # "Generalised osteoarthritis", but its shoulder code there (48461003) fails the SCTID check
    # digit, so that source was discounted. A more specific "Osteoarthritis of shoulder joint"
    # concept probably exists (239864004 by the numbering of the 2398xxxxx OA series); check.
    Condition(
        code="shoulder-oa",
        label="Shoulder osteoarthritis",
        snomed_code="67315001",
        snomed_term="Osteoarthritis of shoulder region (disorder)",
        region="shoulder",
        body_sites=("Glenohumeral joint", "Acromioclavicular joint"),
        sides=_LIMB,
        kl_applies=True,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        instruments=("quickdash", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 239874001 # UNVERIFIED: [BE-IG] "Osteoarthritis of ankle (disorder)"; consistent with
    # the 2398xxxxx OA series (hip 239872002, knee 239873007) in the order of the CTV3 OA codes
    # X703K/L/M (hip, knee, ankle) in [OCL] opensafely-osteoarthritis. One term-level source.
    Condition(
        code="ankle-oa",
        label="Ankle osteoarthritis",
        snomed_code="239874001",
        snomed_term="Osteoarthritis of ankle (disorder)",
        region="ankle",
        body_sites=("Ankle joint (tibiotalar)", "Subtalar joint"),
        sides=_LIMB,
        kl_applies=True,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        instruments=("lefs", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 77547008 # UNVERIFIED: public code lists disagree whether it is the lumbar concept or
    # "Degenerative disc disease" in general; one gives 26538006 as the lumbar one. Check both.
    Condition(
        code="lumbar-disc-degeneration",
        label="Lumbar disc degeneration",
        snomed_code="77547008",
        snomed_term="Degeneration of lumbar intervertebral disc (disorder)",
        region="lumbar spine",
        body_sites=("L1–L2", "L2–L3", "L3–L4", "L4–L5", "L5–S1"),
        sides=_SPINE,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        # ICHOM low back pain set: NRS and ODI (landscape.md §3.2).
        instruments=("odi", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 60937000 # UNVERIFIED: from memory; not found in any public value set searched.
    Condition(
        code="cervical-disc-degeneration",
        label="Cervical disc degeneration",
        snomed_code="60937000",
        snomed_term="Degeneration of cervical intervertebral disc (disorder)",
        region="cervical spine",
        body_sites=("C2–C3", "C3–C4", "C4–C5", "C5–C6", "C6–C7", "C7–T1"),
        sides=_SPINE,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        instruments=("ndi", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 239863005 # UNVERIFIED: [KEELE] files it under "facet"; its place in the 2398xxxxx OA
    # series matches CTV3 X703A "Osteoarthritis of spinal facet joint" in [OCL]
    # opensafely-osteoarthritis (X703C/D/E = 239865003/6/7 AC joint, elbow, wrist). The term is
    # inferred, not read. (81680005, offered for facet syndrome by one public file, is Neck pain.)
    Condition(
        code="facet-arthropathy",
        label="Facet joint arthropathy",
        snomed_code="239863005",
        snomed_term="Osteoarthritis of spinal facet joint (disorder)",
        region="spine",
        body_sites=("Cervical facet joints", "Thoracic facet joints", "Lumbar facet joints"),
        sides=_SPINE,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        # ODI for lumbar and thoracic sites, NDI for cervical; the clinician picks by site.
        instruments=("odi", "ndi", "nrs-pain", "pgic"),
    ),
    # SNOMED 414033006 # UNVERIFIED: [BE-IG] "Disorder of rotator cuff (disorder)", a general
    # concept that covers tendinopathy; one source. A specific rotator cuff tendinitis concept is
    # probably among [KEELE]'s "rotator" codes (4106009, 442520000, 789758005, 74779009,
    # 359532006), whose terms could not be read; check.
    Condition(
        code="rotator-cuff-tendinopathy",
        label="Rotator cuff tendinopathy",
        snomed_code="414033006",
        snomed_term="Disorder of rotator cuff (disorder)",
        region="shoulder",
        body_sites=(
            "Supraspinatus tendon",
            "Infraspinatus tendon",
            "Subscapularis tendon",
            "Teres minor tendon",
        ),
        sides=_LIMB,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        instruments=("quickdash", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 11654001 VERIFIED: [BE-IG] "Achilles tendinitis (disorder)"; [KEELE] files it under
    # "Achilles".
    Condition(
        code="achilles-tendinopathy",
        label="Achilles tendinopathy",
        snomed_code="11654001",
        snomed_term="Achilles tendinitis (disorder)",
        region="ankle",
        body_sites=("Achilles tendon, mid-portion", "Achilles tendon, insertion"),
        sides=_LIMB,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        instruments=("visa-a", "lefs", "nrs-pain", "pgic"),
    ),
    # SNOMED 1290488009 # UNVERIFIED: [BE-IG] "Disorder of tendon of knee region (disorder)", a
    # general concept that covers patellar tendinopathy; one source. A specific patellar
    # tendinitis concept is probably among [KEELE]'s "patella" codes (240003004, 45231001,
    # 17059001, 36071006, 37785001, 80756009, 51037009), whose terms could not be read; check.
    Condition(
        code="patellar-tendinopathy",
        label="Patellar tendinopathy",
        snomed_code="1290488009",
        snomed_term="Disorder of tendon of knee region (disorder)",
        region="knee",
        body_sites=("Patellar tendon, proximal", "Patellar tendon, distal"),
        sides=_LIMB,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        # VISA-P is not in the v1 instrument catalogue; LEFS covers lower-limb function.
        instruments=("lefs", "nrs-pain", "pgic"),
    ),
    # SNOMED 202855006 VERIFIED: opensafely-core/opencodelists test fixture built from the SNOMED
    # CT release ("Lateral epicondylitis (disorder)", beside "Epicondylitis" 73583000); [KEELE]
    # files it under "epicondylitis".
    Condition(
        code="lateral-elbow-tendinopathy",
        label="Lateral elbow tendinopathy",
        snomed_code="202855006",
        snomed_term="Lateral epicondylitis (disorder)",
        region="elbow",
        body_sites=("Common extensor tendon",),
        sides=_LIMB,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        instruments=("quickdash", "nrs-pain", "pgic"),
    ),
    # SNOMED 263126002 # UNVERIFIED: [BE-IG] "Ligament injury (disorder)"; one term-level source
    # ([KEELE]'s "ligament" group holds its neighbours 263129009 and 263130004, not it).
    Condition(
        code="ligament-injury",
        label="Ligament injury",
        snomed_code="263126002",
        snomed_term="Ligament injury (disorder)",
        region="ligament",
        body_sites=(
            "Medial collateral ligament of knee",
            "Lateral collateral ligament of knee",
            "Anterior cruciate ligament",
            "Anterior talofibular ligament",
            "Ulnar collateral ligament of elbow",
        ),
        sides=_LIMB,
        kl_applies=False,
        typical_mechanism=PainMechanism.NOCICEPTIVE,
        # LEFS for lower-limb ligaments, QuickDASH for the elbow; the clinician picks by site.
        instruments=("lefs", "quickdash", "nrs-pain", "pgic"),
    ),
    # SNOMED 247398009 VERIFIED: [BE-IG] "Neuropathic pain (finding)"; the same code and term in
    # an independent public clinical catalogue (snomedCtDisplay "Neuropathic pain (finding)").
    # It is neuropathic pain in general; no "peripheral neuropathic pain" concept was found.
    Condition(
        code="peripheral-neuropathic-pain",
        label="Peripheral neuropathic pain",
        snomed_code="247398009",
        snomed_term="Neuropathic pain (finding)",
        region="peripheral nerve",
        body_sites=(
            "Cervical nerve root",
            "Lumbosacral nerve root",
            "Peripheral nerve, upper limb",
            "Peripheral nerve, lower limb",
        ),
        sides=_LIMB,
        kl_applies=False,
        typical_mechanism=PainMechanism.NEUROPATHIC,
        # DN4 and painDETECT screen for a neuropathic component (instruments.md §4.14, §4.15).
        instruments=("dn4", "paindetect", "bpi-sf", "nrs-pain", "pgic", "promis-29"),
    ),
    # SNOMED 417180005 VERIFIED: [BE-IG] "Undifferentiated inflammatory arthritis (disorder)";
    # [OCL] user-markdrussell/undiff-eia ("Undifferentiated inflammatory arthritis").
    Condition(
        code="inflammatory-arthritis",
        label="Inflammatory arthritis",
        snomed_code="417180005",
        snomed_term="Undifferentiated inflammatory arthritis (disorder)",
        region="joint",
        body_sites=(
            "Knee joint",
            "Hip joint",
            "Shoulder joint",
            "Ankle joint",
            "Wrist joint",
            "Joints of hand",
        ),
        sides=_LIMB,
        kl_applies=False,
        typical_mechanism=PainMechanism.INFLAMMATORY,
        instruments=("nrs-pain", "bpi-sf", "pgic", "promis-29"),
    ),
)

_BY_CODE: dict[str, Condition] = {c.code: c for c in CONDITIONS}

# Prior treatments an episode records (cell-therapy.md §5 "Failed conservative care" and the
# washout rows name the modalities screening asks about). Codes are stable slugs.
PRIOR_TREATMENTS: tuple[tuple[str, str], ...] = (
    ("physiotherapy", "Physiotherapy or supervised exercise"),
    ("paracetamol", "Paracetamol"),
    ("nsaids", "NSAIDs (oral or topical)"),
    ("opioids", "Opioids"),
    ("neuropathic-agents", "Gabapentinoids or other neuropathic pain medicines"),
    ("corticosteroid-injection", "Corticosteroid injection"),
    ("hyaluronic-acid-injection", "Hyaluronic acid injection"),
    ("prp", "Platelet-rich plasma (PRP) injection"),
    ("epidural-steroid-injection", "Epidural steroid injection"),
    ("nerve-block", "Nerve block"),
    ("radiofrequency-ablation", "Radiofrequency ablation"),
    ("shockwave", "Extracorporeal shockwave therapy"),
    ("bracing", "Bracing, orthoses or taping"),
    ("weight-loss", "Weight loss programme"),
    ("surgery", "Surgery"),
    ("cell-therapy", "Previous cell therapy"),
)
PRIOR_TREATMENT_LABELS: dict[str, str] = dict(PRIOR_TREATMENTS)

# DESIGN.md "Data", Episode: "chronic = 3 months or more". (IASP/ICD-11 phrase it as pain that
# "persists or recurs for longer than 3 months", Treede et al., Pain 2019; the day-level
# boundary is project policy: on the day three calendar months after onset, pain is chronic.)
CHRONIC_MONTHS = 3


def get_condition(code: str) -> Condition:
    """Return the condition with this code.

    Raises UnknownConditionError naming the code and listing the valid ones.
    """
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownConditionError(
            f"Unknown condition {code!r}; valid conditions are: {', '.join(_BY_CODE)}."
        ) from None


def add_months(start: date, months: int) -> date:
    """Return the date `months` calendar months after `start` (months >= 0).

    When the target month is shorter than start's day, the result is that month's last day
    (30 Nov + 3 months = 28 Feb, or 29 Feb in a leap year).
    """
    if months < 0:
        raise ValueError(f"months must be >= 0, got {months}")
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last_day))


def pain_duration_months(onset: date, today: date) -> int:
    """Return the whole calendar months of pain from `onset` to `today` (both dates inclusive).

    A month is complete on the same day of the month as onset, or on the last day of a
    shorter month (see add_months). Raises ValueError if onset is after today.
    """
    if onset > today:
        raise ValueError(f"onset {onset.isoformat()} is after today {today.isoformat()}")
    months = (today.year - onset.year) * 12 + (today.month - onset.month)
    if add_months(onset, months) > today:
        months -= 1
    return months


def is_chronic(onset: date, today: date) -> bool:
    """Return True when pain has lasted CHRONIC_MONTHS calendar months or more by `today`.

    Raises ValueError if onset is after today.
    """
    return pain_duration_months(onset, today) >= CHRONIC_MONTHS


# SNOMED CT identifiers end in a Verhoeff check digit (SNOMED CT Technical Implementation
# Guide, "SCTID" — check-digit and partition-identifier rules). A well-formed concept id has
# partition "00" (core, short format) or "10" (extension, long format) before the check digit.
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def is_wellformed_concept_id(sctid: str) -> bool:
    """Return True if `sctid` is a syntactically valid SNOMED CT concept identifier.

    Checks digits only, length 6–18, no leading zero, a concept partition and the Verhoeff
    check digit. It cannot tell whether the concept exists or means what the label says.
    """
    if not (sctid.isascii() and sctid.isdigit() and 6 <= len(sctid) <= 18):
        return False
    if sctid[0] == "0" or sctid[-3:-1] not in ("00", "10"):
        return False
    check = 0
    for i, digit in enumerate(reversed(sctid)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][int(digit)]]
    return check == 0
