"""Cell sources a plan can use, and which of them need FDA approval (cell-therapy.md §3).

BMAC and MFAT are the point-of-care autologous sources regenpath supports: harvested, processed
and injected in one procedure, relying on the same-surgical-procedure (SSP) exception of
21 CFR 1271.15(b) and/or 361 HCT/P status under 21 CFR 1271.10(a). Their status is NOT settled
(§3.3: no FDA determination for BMAC; MFAT UNVERIFIED), so each carries a regulatory note.
SVF, allogeneic and culture-expanded cells fail 1271.10(a) and fall outside 1271.15(b) (§3.3),
so they need an IND: `requires_fda_approval` is True and `warning` says why. A clinic can pass
its own tuple of CellSourceInfo wherever CELL_SOURCES is the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CellSource(StrEnum):
    BMAC = "bmac"
    MFAT = "mfat"
    SVF = "svf"
    ALLOGENEIC = "allogeneic"
    CULTURE_EXPANDED = "culture_expanded"


class UnknownCellSourceError(ValueError):
    """Raised for a cell-source code that is not in the configured list."""


@dataclass(frozen=True)
class CellSourceInfo:
    """One cell source: plain description, regulatory status and the FDA warning if any."""

    code: str
    label: str
    harvest: str
    processing: str
    same_procedure: bool
    requires_fda_approval: bool
    warning: str
    regulatory_note: str
    verification: str


_SSP = "21 CFR 1271.15(b)"
_361 = "21 CFR 1271.10(a)"

CELL_SOURCES: tuple[CellSourceInfo, ...] = (
    # §3.3 BMAC row (VERIFIED except as marked): no FDA determination; practice relies on the
    # SSP exception and/or 361 status; homologous use in a joint or disc is contested (UNVERIFIED).
    CellSourceInfo(
        code=CellSource.BMAC,
        label="Bone-marrow aspirate concentrate (BMAC)",
        harvest="Bone marrow is drawn with a needle from the back of the hip bone, "
        "under local anaesthetic.",
        processing="It is spun in a machine the same day to concentrate the cells, and "
        "injected during the same visit.",
        same_procedure=True,
        requires_fda_approval=False,
        warning="",
        regulatory_note=f"Relies on the same-surgical-procedure exception ({_SSP}) and/or 361 "
        f"HCT/P status ({_361}); no FDA determination for BMAC was found, and homologous use in "
        "a joint or disc is contested (UNVERIFIED, cell-therapy.md §3.3). Culture expansion or "
        "combination with a non-exempt article takes it out of 361 status (1271.10(a)(1), (3)).",
        verification="UNVERIFIED",
    ),
    # §3.3 MFAT row: closest FDA text is guidance Example 7-1; status UNVERIFIED.
    CellSourceInfo(
        code=CellSource.MFAT,
        label="Micro-fragmented adipose tissue (MFAT)",
        harvest="Fat is taken by mini-liposuction, usually from the belly or thigh, under "
        "local anaesthetic.",
        processing="It is washed and broken into small clusters in a closed device, without "
        "enzymes, and injected during the same visit.",
        same_procedure=True,
        requires_fda_approval=False,
        warning="",
        regulatory_note="The closest FDA text is guidance Example 7-1 (centrifuged lipoaspirate "
        "remains 'such HCT/P'); whether micro-fragmentation with intra-articular use is "
        "minimally manipulated and homologous is UNVERIFIED and needs regulatory counsel or an "
        f"FDA Tissue Reference Group opinion (cell-therapy.md §3.3; {_SSP}, {_361}).",
        verification="UNVERIFIED",
    ),
    # §3.3 SVF row (VERIFIED): guidance Example 14-1; United States v. California Stem Cell
    # Treatment Center, No. 22-56014 (9th Cir. 2024).
    CellSourceInfo(
        code=CellSource.SVF,
        label="Stromal vascular fraction (SVF, enzymatic isolation from fat)",
        harvest="Fat is taken by liposuction under local anaesthetic.",
        processing="Cells are separated from the fat by breaking its structure down.",
        same_procedure=False,
        requires_fda_approval=True,
        warning="Requires FDA approval (an IND): breaking down fat to isolate its cells is more "
        f"than minimal manipulation (FDA guidance Example 14-1; {_361}(1)), and SVF is a drug "
        f"to which the same-surgical-procedure exception ({_SSP}) does not apply (United States "
        "v. California Stem Cell Treatment Center, 9th Cir. 2024).",
        regulatory_note="cell-therapy.md §3.3, SVF row (VERIFIED).",
        verification="VERIFIED",
    ),
    # §3.3 umbilical cord / Wharton's jelly row (VERIFIED): allogeneic → SSP impossible; fails
    # 1271.10(a)(4); orthopaedic use non-homologous → 351 biologic, IND required.
    CellSourceInfo(
        code=CellSource.ALLOGENEIC,
        label="Allogeneic cells (from a donor, e.g. umbilical cord)",
        harvest="The cells come from another person (a donor), not from the patient.",
        processing="They are prepared by a manufacturer.",
        same_procedure=False,
        requires_fda_approval=True,
        warning="Requires FDA approval (an IND): the same-surgical-procedure exception "
        f"({_SSP}) covers only cells removed from and returned to the same person; living cells "
        f"from an unrelated donor fail {_361}(4), and orthopaedic use is non-homologous, so the "
        "product is a 351 biologic.",
        regulatory_note="cell-therapy.md §3.3, umbilical cord / Wharton's jelly row (VERIFIED).",
        verification="VERIFIED",
    ),
    # §3.3 BMAC row: "Culture expansion ... takes a product out of 361 status (1271.10(a)(1),(3))".
    CellSourceInfo(
        code=CellSource.CULTURE_EXPANDED,
        label="Culture-expanded cells",
        harvest="The patient's cells are collected at one visit.",
        processing="They are grown in a laboratory for weeks before injection.",
        same_procedure=False,
        requires_fda_approval=True,
        warning="Requires FDA approval (an IND): culture expansion is more than minimal "
        f"manipulation ({_361}(1)), and cells grown for weeks are not returned in the same "
        f"surgical procedure, so the exception of {_SSP} does not apply.",
        regulatory_note="cell-therapy.md §3.3, BMAC row (culture expansion, VERIFIED).",
        verification="VERIFIED",
    ),
)


def get_cell_source(
    code: str, sources: tuple[CellSourceInfo, ...] = CELL_SOURCES
) -> CellSourceInfo:
    """Return the cell source with this code from `sources`.

    Raises UnknownCellSourceError naming the valid codes.
    """
    for source in sources:
        if source.code == code:
            return source
    valid = ", ".join(s.code for s in sources)
    raise UnknownCellSourceError(f"Unknown cell source {code!r}; valid sources are: {valid}.")
