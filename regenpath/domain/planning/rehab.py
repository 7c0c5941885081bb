"""Rehabilitation after an orthobiologic injection, in phases (cell-therapy.md §7).

Source: Int J Sports Phys Ther 2020;15(2):301–325 (PMC7134348), Table 1 (joints) and Table 2
(tendinopathy) — VERIFIED in the reference, expert-opinion-level evidence. The knee-OA note is
J Clin Orthop Trauma 2019;10(1):59–66 (PMC6349636, Table 2). §7 has no protocol for the spine or
for nerves: the SPINE protocol borrows Table 1's timing with general content and is project
policy, to be set by the physician and physiotherapist. Day numbers count from the injection
(day 0); a phase with `end_day` None lasts until the next review.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class RehabPhase:
    """One phase: days after the injection, what to do, and when to move on."""

    number: int
    name: str
    start_day: int
    end_day: int | None
    content: str
    progression: str = ""


@dataclass(frozen=True)
class RehabProtocol:
    """Phases in order, with notes and the source they come from."""

    code: str
    title: str
    phases: tuple[RehabPhase, ...]
    notes: tuple[str, ...]
    source: str
    verification: str


# §7: "NSAID avoidance after injection is commonly advised; its duration is UNVERIFIED".
_NSAID_NOTE = (
    "Ask your clinic before taking anti-inflammatory painkillers (NSAIDs) after the injection; "
    "how long to avoid them is not established."
)

# §7 Table 1 (joints): days 0–3, 4–14, weeks 3–6 (days 15–42), week 7+ (day 43 on).
JOINT_REHAB = RehabProtocol(
    "joint",
    "Rehabilitation after a joint injection",
    (
        RehabPhase(
            1,
            "Protect",
            0,
            3,
            "Protect the joint and control pain. Do not keep all weight off a leg joint; use a "
            "sling for a shoulder, or a brace if your doctor suggests one. Gently move the joint "
            "for 2–3 minutes about 3 times a day.",
        ),
        RehabPhase(
            2,
            "Restore",
            4,
            14,
            "Stop using supports step by step and put more weight through the joint. Avoid "
            "twisting. Move the joint for 3–5 minutes, 3–5 times a day. Start gentle muscle "
            "tightening, light loading, cycling without resistance and core exercises.",
            "Move on when pain stays at 2 out of 10 or less.",
        ),
        RehabPhase(
            3,
            "Build",
            15,
            42,
            "Work towards full movement. Knee or hip: walk as you can, and start jogging or "
            "cycling uphill if pain stays at 2 out of 10 or less. Shoulder: light upper-body "
            "work.",
        ),
        RehabPhase(
            4,
            "Return",
            43,
            None,
            "Go back to your usual activities step by step.",
            "Aim for your full activity 8–12 weeks after the injection.",
        ),
    ),
    (_NSAID_NOTE,),
    "cell-therapy.md §7: Int J Sports Phys Ther 2020;15(2):301–325 (PMC7134348) Table 1",
    "VERIFIED",
)

# §7 "Knee-OA-specific protocol with similar phases": J Clin Orthop Trauma 2019;10(1):59–66
# (PMC6349636, Table 2) — the joint phases plus its precautions.
KNEE_OA_REHAB = dataclasses.replace(
    JOINT_REHAB,
    code="knee-oa",
    title="Rehabilitation after a knee injection for osteoarthritis",
    notes=(
        "Avoid deep squatting, twisting and kneeling early on, and avoid impact (running, "
        "jumping) until week 10.",
        _NSAID_NOTE,
    ),
    source=JOINT_REHAB.source + "; knee OA: J Clin Orthop Trauma 2019;10(1):59–66 "
    "(PMC6349636) Table 2",
)

# §7 Table 2 (tendinopathy): days 0–3; "day 4–14 to week 6" (read as days 4–42); weeks 6–12
# (days 43–84); reassess at 3 months (day 85 on).
TENDON_REHAB = RehabProtocol(
    "tendon",
    "Rehabilitation after a tendon or ligament injection",
    (
        RehabPhase(
            1,
            "Protect",
            0,
            3,
            "Protect the tendon. For a leg tendon, keep weight off it (crutches or a boot as "
            "advised).",
        ),
        RehabPhase(
            2,
            "Load gently",
            4,
            42,
            "Build up to full weight-bearing. Do holding (isometric) exercises. No lengthening "
            "(eccentric) exercises yet.",
        ),
        RehabPhase(
            3,
            "Strengthen",
            43,
            84,
            "Start lengthening (eccentric) exercises.",
            "Keep pain at 2–3 out of 10 or less.",
        ),
        RehabPhase(
            4,
            "Review",
            85,
            None,
            "Your doctor reviews your progress at about 3 months. If you have improved by less "
            "than 75%, a repeat injection may be discussed.",
        ),
    ),
    (_NSAID_NOTE,),
    "cell-therapy.md §7: Int J Sports Phys Ther 2020;15(2):301–325 (PMC7134348) Table 2",
    "VERIFIED",
)

# Project policy: §7 has no spine or nerve protocol; Table 1's timing, general content.
SPINE_REHAB = RehabProtocol(
    "general",
    "Rehabilitation after a spinal or nerve injection",
    (
        RehabPhase(
            1,
            "Protect",
            0,
            3,
            "Take it easy and control pain. Short walks are fine; avoid heavy lifting and bending.",
        ),
        RehabPhase(
            2,
            "Restore",
            4,
            14,
            "Walk a little more each day and start the gentle exercises your physiotherapist "
            "gives you.",
            "Move on when pain stays at 2 out of 10 or less.",
        ),
        RehabPhase(
            3,
            "Build",
            15,
            42,
            "Build strength and movement with your physiotherapist.",
        ),
        RehabPhase(
            4,
            "Return",
            43,
            None,
            "Go back to your usual activities step by step, as agreed with your physiotherapist.",
        ),
    ),
    (
        "There is no published rehabilitation protocol for spinal or nerve injections in the "
        "reference; your physician and physiotherapist set the details.",
        _NSAID_NOTE,
    ),
    "project policy: timing of cell-therapy.md §7 Table 1 (PMC7134348); content not from a "
    "published spinal protocol",
    "project policy",
)

REHAB_PROTOCOLS: tuple[RehabProtocol, ...] = (JOINT_REHAB, KNEE_OA_REHAB, TENDON_REHAB, SPINE_REHAB)
