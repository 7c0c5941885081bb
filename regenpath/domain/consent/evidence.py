"""The numbers a consent document may quote, each with its source and status tag.

Only numbers that cell-therapy.md §8.1 (adverse-event rates) or §9 (outcomes) gives are here;
each sentence names its study in brackets, and each note cites the reference row. An UNVERIFIED
figure is said to be unconfirmed in the patient's words and tagged UNVERIFIED in its note.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """One patient-facing sentence and the source note behind it."""

    text: str
    note: str


# §8.1 Fucaloro et al., J Orthop 2024;62:36–42 (PMID 39473874), VERIFIED: 6 RCTs, 860 patients
# (334 BMAC); knee effusion most common, 18.26%; overall complications 41.91% vs 41.25%.
FUCALORO_EFFUSION = Fact(
    "In a review of 6 trials of knee injections (860 people), fluid and swelling in the knee "
    "was the most common problem after bone-marrow cell injections. It happened to about 18 in "
    "100 people (18.26%) (Fucaloro 2024).",
    "Knee effusion 18.26%, the most common complication of BMAC: Fucaloro et al., J Orthop "
    "2024;62:36–42 (PMID 39473874) — cell-therapy.md §8.1, VERIFIED.",
)
FUCALORO_OVERALL = Fact(
    "In the same review, about 42 in 100 people (41.91%) had some problem after bone-marrow "
    "cells. This was about the same as after other knee injections (41.25%) (Fucaloro 2024).",
    "Overall complication rate 41.91% BMAC vs 41.25% comparators (p=0.85): Fucaloro et al. "
    "2024 — cell-therapy.md §8.1, VERIFIED.",
)
# §8.1 Centeno et al., Int Orthop 2016;40(8):1755–1765, VERIFIED: registry of 2,372 patients.
CENTENO_PAIN = Fact(
    "In a registry of 2,372 people treated with their own bone-marrow cells (some also with "
    "fat or laboratory-grown cells), about 4 in 100 (3.9%) had pain after the procedure. About 4 in 100 (3.8%) had more pain as their "
    "condition got worse over time (Centeno 2016).",
    "Registry of 2,372 patients / 3,012 procedures (BMC ± adipose ± cultured MSC). "
    "Post-procedure pain 3.9% of patients; pain from progressive degenerative disease 3.8%: "
    "Centeno et al., Int Orthop 2016;40(8):1755–1765 — cell-therapy.md §8.1, VERIFIED.",
)
CENTENO_SERIOUS = Fact(
    "Serious problems that may have been caused by the treatment were rare: fewer than 1 in "
    "100 (0.55%). Problems certainly caused by it were rarer still (0.17%) "
    "(Centeno 2016).",
    "13 possibly related serious adverse events (0.55%); 4 definitely related (0.17%): "
    "Centeno et al. 2016 — cell-therapy.md §8.1, VERIFIED.",
)
CENTENO_NEOPLASM = Fact(
    "In the same registry, 7 people were found to have a cancer. This is fewer than expected "
    "for that many people, but a link to cancer cannot be ruled out (Centeno 2016).",
    "7 neoplasms, below the population rate: Centeno et al. 2016 — cell-therapy.md §8.1, VERIFIED.",
)
# §8.1 Iijima et al., npj Regen Med 2018 (PMID 30245848), VERIFIED.
IIJIMA_MINOR = Fact(
    "In 35 studies of stem-cell injections for knee arthritis (2,385 people), minor problems "
    "such as knee pain or swelling happened to between 2 and 60 in 100 people. No serious "
    "problems were reported (Iijima 2018).",
    "Minor AEs (knee pain/swelling) 2–60%, no serious AEs: Iijima et al., npj Regen Med 2018 "
    "(PMID 30245848) — cell-therapy.md §8.1, VERIFIED.",
)
# §8.1 Mautner et al., Nat Med 2023 (MILES, NCT03818737), VERIFIED.
MILES_SAFETY = Fact(
    "In a large trial of 480 people with knee arthritis (MILES), no serious problems caused by "
    "the procedure were reported (Mautner 2023).",
    "No procedure-related serious AEs, n=480: Mautner et al., Nat Med 2023 (MILES, "
    "NCT03818737) — cell-therapy.md §8.1, VERIFIED.",
)
# §8.1: harvest-site pain/hematoma and infection rates — "numbers not found — UNVERIFIED".
HARVEST_SITE = Fact(
    "Pain and bruising where the cells are taken are common. There are no reliable figures "
    "for how often this happens, or for bleeding or infection there.",
    "Harvest-site pain/hematoma and infection after BMAC/liposuction harvest: no numbers in "
    "the reference — cell-therapy.md §8.1, UNVERIFIED (no figure quoted).",
)
# §8.1: septic arthritis "rare, order of 1/1,000 to 1/10,000s — numeric range UNVERIFIED".
JOINT_INFECTION = Fact(
    "Infection in the joint after an injection is rare. One estimate is about 1 in 1,000 "
    "injections or less often, but this figure has not been confirmed. An infection can be "
    "serious and may need antibiotics or an operation.",
    "Septic arthritis after intra-articular injection: order of 1/1,000 to 1/10,000s — "
    "cell-therapy.md §8.1, numeric range UNVERIFIED (said to be unconfirmed).",
)
INFECTION_GENERAL = Fact(
    "Any injection can cause an infection. This is rare, but it can be serious and may need "
    "antibiotics or an operation.",
    "No infection rate for disc, tendon or nerve injections in the reference — "
    "cell-therapy.md §8.1 (no figure quoted).",
)
# §9.2 (VERIFIED): Xie et al., Stem Cells Int 2021 — more treatment-related TEAEs with MSC.
XIE_DISC_EVENTS = Fact(
    "In trials of donor or laboratory-grown cells for back pain, side effects linked to the "
    "treatment were more common than with the comparison treatment (Xie 2021).",
    "More treatment-related TEAEs with MSC: Xie et al., Stem Cells Int 2021, doi "
    "10.1155/2021/9149315 — cell-therapy.md §9.2, VERIFIED.",
)
# §9.3 MILES row: "none superior to CSI". The posted per-arm numbers are UNVERIFIED (arm
# mapping); only the conclusion is used.
MILES_EFFECT = Fact(
    "In the large MILES trial, cell injections for knee arthritis did not work better than a "
    "steroid injection (Mautner 2023).",
    "MILES (NCT03818737): none of BMAC, SVF or UC-MSC superior to corticosteroid — "
    "cell-therapy.md §9.3 (conclusion only; per-arm numbers UNVERIFIED, not quoted).",
)
# §9.2 (VERIFIED): conflicting conclusions; BMAC disc evidence uncontrolled (Pettine, n=26).
DISC_EVIDENCE = Fact(
    "Studies of cell injections for back pain are few and small, and they disagree about "
    "whether it helps.",
    "Disc evidence: two RCTs pooled (Xie 2021); a systematic review found no evidence for use "
    "in humans (PMC10219191); BMAC disc data uncontrolled (Pettine 2016, n=26) — "
    "cell-therapy.md §9.2, VERIFIED.",
)
