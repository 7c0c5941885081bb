"""Informed-consent documents per condition and cell source, in plain language.

Our own words (no licensed text), aimed at a reading age of about 12: short sentences, "you".
Each document states what the procedure is (harvest, processing, image-guided injection), that
it is investigational and not FDA-approved for this use, that results vary with condition, age
and health, that no cure is guaranteed, the risks with their rates and sources (evidence.py),
the alternatives, that rehabilitation is part of the treatment, and the right to withdraw
(issue 4; seeds: "investigational", "not a guaranteed cure", "outcomes can vary depending on
the condition being treated, the patient's age, and overall health"). The text varies by
condition group × cell source; `version` names that pair and CONSENT_VERSION, which is bumped
on any change to the wording. `document_hash` fingerprints the exact content a patient signs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from regenpath.domain.candidacy.groups import ConditionGroup, condition_group
from regenpath.domain.conditions import get_condition
from regenpath.domain.consent import evidence as ev
from regenpath.domain.consent.evidence import Fact
from regenpath.domain.planning.sources import CellSource, CellSourceInfo, get_cell_source

CONSENT_VERSION = "consent-1"


@dataclass(frozen=True)
class Section:
    """One titled section of a consent document."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ConsentDocument:
    """A consent document: its version, title, sections and the notes citing its sources."""

    version: str
    title: str
    sections: tuple[Section, ...]
    source_notes: tuple[str, ...]
    condition_code: str
    cell_source: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (the content that document_hash fingerprints)."""
        return {
            "version": self.version,
            "title": self.title,
            "condition_code": self.condition_code,
            "cell_source": self.cell_source,
            "sections": [
                {"title": s.title, "paragraphs": list(s.paragraphs)} for s in self.sections
            ],
            "source_notes": list(self.source_notes),
        }


def document_hash(doc: ConsentDocument) -> str:
    """Return the SHA-256 hex digest of the document as canonical JSON (sorted keys, UTF-8)."""
    canonical = json.dumps(doc.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- wording by cell source -------------------------------------------------------------------

_NAME = {
    CellSource.BMAC: "bone-marrow cell",
    CellSource.MFAT: "fat tissue",
    CellSource.SVF: "fat-derived cell (SVF)",
    CellSource.ALLOGENEIC: "donor cell",
    CellSource.CULTURE_EXPANDED: "laboratory-grown cell",
}
_HARVEST = {
    CellSource.BMAC: "First, the doctor numbs the skin over the back of your hip bone. Then the "
    "doctor draws out some bone marrow with a needle.",
    CellSource.MFAT: "First, the doctor numbs an area of your belly or thigh. Then the doctor "
    "takes out a small amount of fat through a thin tube (mini-liposuction).",
    CellSource.SVF: "First, the doctor numbs an area of your belly or thigh. Then the doctor "
    "takes out some fat through a thin tube (liposuction).",
    CellSource.ALLOGENEIC: "The cells do not come from you. They come from another person (a "
    "donor), for example from an umbilical cord.",
    CellSource.CULTURE_EXPANDED: "First, the doctor collects some of your own cells at one visit.",
}
_PROCESS = {
    CellSource.BMAC: "The marrow is spun in a machine to concentrate the cells. This is done "
    "the same day, during the same visit.",
    CellSource.MFAT: "The fat is washed and broken into tiny pieces in a closed device. This is "
    "done the same day, during the same visit.",
    CellSource.SVF: "The fat is broken down to separate its cells.",
    CellSource.ALLOGENEIC: "The cells are prepared by a manufacturer.",
    CellSource.CULTURE_EXPANDED: "The cells are grown in a laboratory for several weeks. You "
    "come back for the injection.",
}
# §3.3 status per product (cell-therapy.md): BMAC no FDA determination; MFAT unsettled
# (UNVERIFIED); SVF, allogeneic and culture-expanded need an IND.
_REGULATORY = {
    CellSource.BMAC: "It uses your own cells, taken and given back in the same visit. Clinics "
    "give it under a US rule for using a person's own cells in the same procedure (21 CFR "
    "1271.15(b)). We know of no FDA decision about this treatment.",
    CellSource.MFAT: "It uses your own tissue, taken and given back in the same visit. The FDA "
    "has not said clearly how its rules apply to this kind of fat treatment (21 CFR 1271.10(a), "
    "1271.15(b)).",
}
_NEEDS_IND = (
    "This kind of cell product needs FDA approval. It may only be given in a research study "
    "that the FDA has allowed (an IND). You will also get the study's own information and "
    "consent form."
)

# --- wording by condition group ---------------------------------------------------------------

_WHERE = {
    ConditionGroup.JOINT: "into the joint",
    ConditionGroup.DISC: "into the disc in your spine",
    ConditionGroup.TENDON: "into or around the tendon or ligament",
    ConditionGroup.NERVE: "around the nerve",
}
_GUIDE = {
    ConditionGroup.JOINT: "an ultrasound or X-ray scan",
    ConditionGroup.DISC: "X-ray (fluoroscopy)",
    ConditionGroup.TENDON: "an ultrasound scan",
    ConditionGroup.NERVE: "an ultrasound or X-ray scan",
}
_EVIDENCE: dict[ConditionGroup, tuple[Fact | str, ...]] = {
    ConditionGroup.JOINT: (
        "Most studies of cell injections for joints are of knee arthritis. They are small, and "
        "their results are mixed.",
        ev.MILES_EFFECT,
    ),
    ConditionGroup.DISC: (ev.DISC_EVIDENCE,),
    ConditionGroup.TENDON: (
        "There are only a few small studies of cell injections for tendons and ligaments.",
    ),
    ConditionGroup.NERVE: (
        "We know of no trials of this treatment for nerve pain. Your doctor will explain why it "
        "is being offered to you.",
    ),
}
_ALTERNATIVES = {
    ConditionGroup.JOINT: (
        "physiotherapy and exercise",
        "losing weight, if that would ease the load on the joint",
        "pain medicines",
        "other injections, such as a steroid, hyaluronic acid or platelet-rich plasma (PRP)",
        "surgery, such as a joint replacement",
    ),
    ConditionGroup.DISC: (
        "physiotherapy and exercise",
        "pain medicines",
        "other spinal injections, such as a steroid injection or a nerve treatment",
        "surgery",
    ),
    ConditionGroup.TENDON: (
        "physiotherapy and a loading exercise programme",
        "pain medicines",
        "shockwave therapy",
        "other injections, such as a steroid or platelet-rich plasma (PRP)",
        "surgery",
    ),
    ConditionGroup.NERVE: (
        "physiotherapy",
        "medicines for nerve pain",
        "nerve blocks or other nerve treatments",
        "surgery, in some cases",
    ),
}
_REHAB_LENGTH = {
    ConditionGroup.JOINT: "over about 8 to 12 weeks",
    ConditionGroup.DISC: "over the first weeks",
    ConditionGroup.TENDON: "over about 3 months",
    ConditionGroup.NERVE: "over the first weeks",
}
_FOLLOW_UP_LENGTH = {
    ConditionGroup.JOINT: "2 years",
    ConditionGroup.DISC: "3 years",
    ConditionGroup.TENDON: "2 years",
    ConditionGroup.NERVE: "2 years",
}


def _risk_facts(group: ConditionGroup, source: CellSource) -> tuple[Fact, ...]:
    facts: list[Fact] = []
    if group is ConditionGroup.JOINT:
        if source is CellSource.BMAC:
            facts += [ev.FUCALORO_EFFUSION, ev.FUCALORO_OVERALL]
        else:
            facts += [ev.IIJIMA_MINOR]
    facts += [ev.CENTENO_PAIN, ev.CENTENO_SERIOUS]
    if source is not CellSource.ALLOGENEIC:
        facts.append(ev.HARVEST_SITE)
    facts.append(ev.JOINT_INFECTION if group is ConditionGroup.JOINT else ev.INFECTION_GENERAL)
    if group is ConditionGroup.JOINT:
        facts.append(ev.MILES_SAFETY)
    if group is ConditionGroup.DISC and source in (
        CellSource.ALLOGENEIC,
        CellSource.CULTURE_EXPANDED,
    ):
        facts.append(ev.XIE_DISC_EVENTS)
    facts.append(ev.CENTENO_NEOPLASM)
    return tuple(facts)


def _texts(items: tuple[Fact | str, ...]) -> tuple[str, ...]:
    return tuple(i.text if isinstance(i, Fact) else i for i in items)


def _notes(items: tuple[Fact | str, ...]) -> list[str]:
    return [i.note for i in items if isinstance(i, Fact)]


def consent_document(condition_code: str, cell_source: str) -> ConsentDocument:
    """Return the consent document for a condition and a cell source (codes).

    Raises conditions.UnknownConditionError or planning.UnknownCellSourceError for unknown codes.
    """
    condition = get_condition(condition_code)
    info: CellSourceInfo = get_cell_source(cell_source)
    source = CellSource(info.code)
    group = condition_group(condition_code)
    name = _NAME[source]
    what = condition.label.lower()
    risks = _risk_facts(group, source)
    evidence = _EVIDENCE[group]
    status = _REGULATORY.get(source, _NEEDS_IND)
    alternatives = "; ".join(_ALTERNATIVES[group])
    sections = (
        Section(
            "About this form",
            (
                f"Your doctor has offered you a {name} injection for {what}. This form explains "
                "the treatment, its risks and your other options.",
                "Please read it carefully and ask any questions you have. Sign only if you "
                "agree. You do not have to have this treatment.",
            ),
        ),
        Section(
            "What the treatment is",
            (
                _HARVEST[source],
                _PROCESS[source],
                f"Then the doctor injects the cells {_WHERE[group]}. The doctor uses "
                f"{_GUIDE[group]} to guide the needle to the right place.",
            ),
        ),
        Section(
            "This treatment is investigational",
            (
                "This treatment is investigational. This means it is still being studied. It "
                f"is not approved by the US Food and Drug Administration (FDA) for {what}.",
                status,
                "We do not know for sure how well it works, or how long any benefit lasts.",
            ),
        ),
        Section(
            "What to expect",
            (
                "If the treatment helps, improvement usually comes slowly, over several weeks "
                "to months.",
                "Results vary from person to person. They depend on your condition, your age "
                "and your general health.",
                "This treatment is not a cure, and no result is guaranteed. Some people feel "
                "no better, and some feel worse.",
                *_texts(evidence),
            ),
        ),
        Section(
            "Risks",
            (
                "Like any procedure, this treatment has risks. These are the ones we know "
                "about, with how often they happened in studies.",
                *_texts(risks),
                "You could also react to the numbing medicine or the skin cleaner. Tell us "
                "about any allergies.",
            ),
        ),
        Section(
            "Other options",
            (
                "You do not have to have this treatment. You can carry on with your current "
                f"care. Other options include: {alternatives}.",
                "Your doctor can tell you more about each option, including its risks.",
            ),
        ),
        Section(
            "Rehabilitation is part of the treatment",
            (
                "Rehabilitation is part of the treatment. After the injection you will follow "
                f"an exercise programme in stages {_REHAB_LENGTH[group]}. Your plan lists each "
                "stage.",
                "Your plan also tells you which medicines to stop before the procedure, and "
                "when. Do not stop a blood thinner without your prescribing doctor's advice.",
            ),
        ),
        Section(
            "Follow-up",
            (
                "We will ask you to fill in short questionnaires at set times for up to "
                f"{_FOLLOW_UP_LENGTH[group]}. They show you and your doctor how you are doing.",
                "Tell us at once about fever, redness, or pain and swelling that gets worse.",
            ),
        ),
        Section(
            "Your choice",
            (
                "It is your choice whether to have this treatment. You can ask questions at "
                "any time.",
                "You can change your mind and withdraw your consent at any time before the "
                "procedure. You do not have to give a reason. It will not affect the rest of "
                "your care.",
                "You can also stop the follow-up questionnaires at any time.",
            ),
        ),
        Section(
            "Your agreement",
            (
                "By signing, you confirm that you have read this form, or had it read to you. "
                "You have had the chance to ask questions. You understand that the treatment "
                "is investigational and that no result is guaranteed. You agree to have it.",
            ),
        ),
    )
    notes = [
        "Investigational status and regulation: 21 CFR 1271.10(a), 1271.15(b); FDA guidance "
        "Examples 7-1 and 14-1 — cell-therapy.md §3.1–3.3 (BMAC and MFAT status UNVERIFIED).",
        *_notes(evidence),
        *_notes(risks),
        "Rehabilitation: Int J Sports Phys Ther 2020;15(2):301–325 (PMC7134348) — "
        "cell-therapy.md §7, VERIFIED.",
        "Follow-up length: cell-therapy.md §6 (NCT02034032, NCT01290367, NCT03449082).",
    ]
    if info.warning:
        notes.insert(1, f"FDA approval required: {info.warning}")
    return ConsentDocument(
        version=f"{CONSENT_VERSION}/{group.value}/{source.value}",
        title=f"Consent to a {name} injection for {what}",
        sections=sections,
        source_notes=tuple(notes),
        condition_code=condition.code,
        cell_source=source.value,
    )
