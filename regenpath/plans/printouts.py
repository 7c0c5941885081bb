"""Describe the plan summary and the signed consent as PdfDocuments (plain words for patients)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from regenpath.domain.conditions import SIDE_LABELS, Side
from regenpath.domain.consent import ConsentDocument
from regenpath.domain.planning import get_cell_source
from regenpath.plans.models import Consent, PlanStatus, TreatmentPlan
from regenpath.plans.pdf import PdfDocument, Section, SignatureBlock
from regenpath.screening import signatures

INVESTIGATIONAL = (
    "This treatment is investigational: it is still being studied. Results vary from person "
    "to person, and improvement is not guaranteed."
)
GUIDANCE_WORDS = {"ultrasound": "an ultrasound scan", "fluoroscopy": "X-ray (fluoroscopy)"}


def when(moment: dt.datetime) -> str:
    """Return a date and time in the clinic's time zone, with the zone named."""
    local = timezone.localtime(moment)
    return f"{local:%-d %B %Y, %H:%M} {local.tzname()}"


def _day(iso: str) -> str:
    return f"{dt.date.fromisoformat(iso):%-d %b %Y}"


def _day_range(start: int, end: int | None) -> str:
    if end is None:
        return f"From day {start}"
    return f"Days {start}–{end}"


def _identity(plan: TreatmentPlan) -> tuple[tuple[str, str], ...]:
    patient = plan.episode.patient
    side = SIDE_LABELS[Side(plan.side)] if plan.side else ""
    return (
        ("Patient", patient.full_name),
        ("Date of birth", f"{patient.date_of_birth:%-d %B %Y}"),
        ("Clinic record number (MRN)", patient.mrn),
        ("Condition", f"{plan.episode.condition.label}, {side.lower()}"),
        ("Clinic", plan.clinic.name),
    )


def _synthetic(plan: TreatmentPlan) -> bool:
    return bool(settings.SYNTHETIC_DATA or plan.clinic.is_synthetic)


def plan_sections(plan: TreatmentPlan) -> list[Section]:
    """Return the plan's content as sections, in the patient's words."""
    source = get_cell_source(plan.cell_source)
    side = SIDE_LABELS[Side(plan.side)].lower()
    what = [
        f"Cells: {plan.cell_source_label}. {source.harvest} {source.processing}",
        f"Where: {', '.join(plan.targets)} ({side} side). The doctor guides the needle with "
        f"{GUIDANCE_WORDS.get(plan.image_guidance, plan.image_guidance)}.",
        "Planned date: "
        + (f"{plan.planned_date:%A %-d %B %Y}." if plan.planned_date else "to be agreed."),
    ]
    before = [row["text"] for row in plan.pre_procedure] or [
        "No medicine needs to be stopped, from what you told us. Tell the clinic if you start "
        "any new medicine, especially painkillers or blood thinners."
    ]
    rehab = plan.rehab or {}
    rehab_rows: list[tuple[str, ...]] = [("Phase", "When", "What to do")]
    for phase in rehab.get("phases", []):
        text = phase["content"] + (f" {phase['progression']}" if phase.get("progression") else "")
        rehab_rows.append(
            (
                f"{phase['number']}. {phase['name']}",
                _day_range(phase["start_day"], phase["end_day"]),
                text,
            )
        )
    follow_rows: list[tuple[str, ...]] = [("When", "Due", "Window", "Questionnaires")]
    for row in plan.follow_up:
        follow_rows.append(
            (
                row.get("label", row["timepoint"]),
                _day(row["due"]),
                f"{_day(row['window_start'])} to {_day(row['window_end'])}",
                ", ".join(code.upper() for code in row.get("instruments", [])),
            )
        )
    sections = [
        Section("What we plan to do", paragraphs=tuple(what)),
        Section("Before the procedure", bullets=tuple(before)),
        Section(
            "After the procedure: your exercise programme",
            paragraphs=(rehab.get("title", ""), *rehab.get("notes", [])),
            table=tuple(rehab_rows) if len(rehab_rows) > 1 else (),
            col_widths=(0.22, 0.16, 0.62),
        ),
        Section(
            "Follow-up questionnaires",
            paragraphs=(
                "We will ask you to fill in short questionnaires at these times. Dates are counted "
                "from the planned procedure date and move if it moves.",
            ),
            table=tuple(follow_rows) if len(follow_rows) > 1 else (),
            col_widths=(0.16, 0.16, 0.3, 0.38),
        ),
        Section(
            "What to expect",
            bullets=tuple(line for line in plan.expected_course.splitlines() if line.strip()),
        ),
    ]
    return sections


def plan_summary(plan: TreatmentPlan) -> PdfDocument:
    """Return the plan summary a patient takes home."""
    notices = [INVESTIGATIONAL]
    if plan.cell_source_requires_fda:
        notices.append(
            "This cell source needs FDA approval (an IND) outside the same-procedure rule"
            + (f"; IND number {plan.ind_number}." if plan.ind_number else ".")
        )
    if plan.status == PlanStatus.DRAFT:
        notices.insert(0, "DRAFT — this plan is not final and may change.")
    elif plan.status == PlanStatus.SUPERSEDED:
        notices.insert(0, "REPLACED — a newer plan replaces this one.")
    signatures_: tuple[SignatureBlock, ...] = ()
    if plan.signed_at is not None:
        signatures_ = (
            SignatureBlock(
                role="Physician",
                printed_name=plan.signer_name,
                signed_at=when(plan.signed_at),
                meaning=plan.signature_meaning,
            ),
        )
    return PdfDocument(
        title="Your treatment plan",
        subtitle=f"{plan.episode.condition.label} · {plan.clinic.name}",
        identity=_identity(plan),
        sections=tuple(plan_sections(plan)),
        notices=tuple(notices),
        signatures=signatures_,
        footer=f"regenpath · treatment plan {str(plan.uuid)[:8]} · {plan.template_version}",
        synthetic=_synthetic(plan),
    )


def consent_printout(consent: Consent, document: ConsentDocument) -> PdfDocument:
    """Return the signed consent as it is frozen: the document, the plan, the signatures."""
    plan = consent.plan
    sections = [Section(s.title, paragraphs=s.paragraphs) for s in document.sections]
    sections.insert(1, Section("Your plan", paragraphs=tuple(plan_sections(plan)[0].paragraphs)))
    sections.append(Section("Sources", paragraphs=document.source_notes))
    blocks = [
        SignatureBlock(
            role="Patient",
            printed_name=consent.signer_name,
            signed_at=when(consent.signed_at),
            meaning=signatures.MEANING_PATIENT_CONSENT,
            extra=(
                "Signed electronically by typing the full name and ticking the confirmation, "
                "through a single-use link sent to the patient.",
                f"Consent document {consent.document_version}, SHA-256 {consent.document_hash}",
                f"Plan signature fingerprint {plan.signed_hash}",
            ),
        )
    ]
    if consent.witness_signed_at is not None:
        blocks.append(
            SignatureBlock(
                role="Witness",
                printed_name=consent.witness_name,
                signed_at=when(consent.witness_signed_at),
                meaning=signatures.MEANING_WITNESS,
            )
        )
    return PdfDocument(
        title=document.title,
        subtitle=f"Informed consent · {plan.clinic.name}",
        identity=_identity(plan),
        sections=tuple(sections),
        notices=(INVESTIGATIONAL,),
        signatures=tuple(blocks),
        footer=f"regenpath · consent {str(consent.uuid)[:8]} · {consent.document_version}",
        synthetic=_synthetic(plan),
    )
