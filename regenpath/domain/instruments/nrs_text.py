"""The bundled wording of the NRS-11 pain scale, the one instrument whose text ships (§4.1).

instruments.md §1.1 rule 2 and §4.1: the generic 0–10 Numeric Rating Scale is free to use
(VERIFIED, §1.2: ICHOM "The NPRS is free for all health care organizations, and a license is
not needed"), so regenpath bundles its anchors and stem. The stem depends on the recall period,
which is stored with each response as metadata, never as a scoring input (§2.1); scores are only
compared with the same recall period (§4.1).
"""

from __future__ import annotations

from enum import StrEnum

from regenpath.domain.instruments.textpack import ItemText, TextPack


class RecallPeriod(StrEnum):
    """The period an NRS pain rating refers to (§4.1)."""

    NOW = "now"
    DAY = "24h"
    WEEK = "7d"


RECALL_LABELS: dict[RecallPeriod, str] = {
    RecallPeriod.NOW: "Pain right now",
    RecallPeriod.DAY: "Average pain over the last 24 hours",
    RecallPeriod.WEEK: "Average pain over the past 7 days",
}

# §4.1 stems, by recall period.
_STEMS: dict[RecallPeriod, str] = {
    RecallPeriod.NOW: "Please rate your pain right now",
    RecallPeriod.DAY: "Please rate your average pain over the last 24 hours",
    RecallPeriod.WEEK: "Please rate your average pain over the past 7 days",
}
# For an entry screen that records the recall period beside the rating (§4.1 "stored as metadata").
_NEUTRAL_STEM = "Please rate your pain"
# §4.1 anchors (Farrar 2001 wording); the codes in between have no label of their own.
_ANCHORS = {0: "No pain", 10: "Worst possible pain"}
_SCALE = "on a scale from 0 (No pain) to 10 (Worst possible pain)."


def nrs_text_pack(recall: RecallPeriod | str | None) -> TextPack:
    """Return the bundled English NRS-11 text for one recall period (None: a neutral stem).

    Raises ValueError for a recall period that is not one of RecallPeriod.
    """
    period = None if recall is None else RecallPeriod(recall)
    stem = _NEUTRAL_STEM if period is None else _STEMS[period]
    instructions = (
        "Record the recall period with the rating" if period is None else f"{RECALL_LABELS[period]}"
    )
    return TextPack(
        instrument="nrs-pain",
        instrument_version="NRS-11 (bundled generic wording, instruments.md §4.1)",
        language="en",
        licence=None,
        title="Numeric Rating Scale for pain (NRS-11)",
        instructions=f"{instructions}. Only compare scores with the same recall period.",
        items={
            "NRS": ItemText(
                text=f"{stem} {_SCALE}",
                options={code: _ANCHORS.get(code, "") for code in range(11)},
            )
        },
    )
