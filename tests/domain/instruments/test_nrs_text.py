"""The bundled NRS-11 wording (instruments.md §4.1)."""

from __future__ import annotations

import pytest

from regenpath.domain.instruments import get
from regenpath.domain.instruments.nrs_text import RecallPeriod, nrs_text_pack
from regenpath.domain.instruments.textpack import item_label, option_label


@pytest.mark.parametrize(
    ("recall", "stem"),
    [
        ("now", "Please rate your pain right now on a scale from 0 (No pain) to 10"),
        ("24h", "Please rate your average pain over the last 24 hours on a scale"),
        ("7d", "Please rate your average pain over the past 7 days on a scale"),
    ],
)
def test_nrs_text_pack_stem_follows_the_recall_period(recall: str, stem: str) -> None:
    pack = nrs_text_pack(recall)
    assert item_label(pack, "NRS").startswith(stem)
    assert pack.instrument == "nrs-pain" and pack.licence is None


def test_nrs_text_pack_labels_only_the_anchors() -> None:
    pack = nrs_text_pack(RecallPeriod.WEEK)
    assert option_label(pack, "NRS", 0) == "No pain"
    assert option_label(pack, "NRS", 10) == "Worst possible pain"
    assert option_label(pack, "NRS", 5) == "5"


def test_nrs_text_pack_codes_equal_the_item_codes() -> None:
    item = get("nrs-pain").items[0]
    assert tuple(nrs_text_pack("now").items["NRS"].options) == item.codes


def test_nrs_text_pack_refuses_an_unknown_recall_period() -> None:
    with pytest.raises(ValueError, match="'1y' is not a valid RecallPeriod"):
        nrs_text_pack("1y")


def test_nrs_text_pack_without_a_recall_period_has_a_neutral_stem() -> None:
    pack = nrs_text_pack(None)
    assert item_label(pack, "NRS").startswith("Please rate your pain on a scale from 0 (No pain)")
    assert pack.instructions is not None and "Record the recall period" in pack.instructions
