"""Each instrument's licence status in a clinic: recorded references and text-pack licences.

Reference/instruments.md §1.1 rule 6 (project policy): every instrument except `nrs-pain` is
disabled until an administrator records the licence or permission reference (holder,
reference, expiry); "a text pack's `licence` block may supply it". The judgement is the
domain's `licence_status`; this module only gathers the sources for one clinic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regenpath.clinics.models import Clinic
from regenpath.domain.instruments import REGISTRY
from regenpath.domain.instruments.textpack import Licence, LicenceStatus, TextPack, licence_status
from regenpath.outcomes.models import InstrumentLicence, OutcomeSettings
from regenpath.outcomes.packs import pack_for, packs_by_instrument

RECORDED = "recorded"
TEXT_PACK = "text pack"
NOT_NEEDED = "not needed"


@dataclass(frozen=True)
class InstrumentUse:
    """What a clinic may do with one instrument today: licence status and the text available."""

    code: str
    name: str
    status: LicenceStatus
    source: str  # RECORDED, TEXT_PACK, NOT_NEEDED or "" (none valid)
    recorded: InstrumentLicence | None
    pack: TextPack | None  # the pack for the clinic's staff language, if any
    packs: tuple[TextPack, ...]

    @property
    def enabled(self) -> bool:
        return self.status.enabled

    @property
    def text_bundled(self) -> bool:
        """Return True when the instrument's text ships with regenpath (nrs-pain, §1.1 rule 2)."""
        return REGISTRY[self.code].text_in_repo

    @property
    def summary(self) -> str:
        """Return the status as staff read it."""
        if self.source == RECORDED and self.recorded is not None:
            record = self.recorded
            until = f"until {_day(record.expires)}" if record.expires else "no expiry recorded"
            return f"Licensed to {record.holder} ({record.reference}), {until}"
        if self.source == TEXT_PACK and self.status.licence is not None:
            licence = self.status.licence
            return (
                f"Licensed to {licence.holder} ({licence.reference}) until "
                f"{_day(licence.expires)}, from the text pack"
            )
        if self.source == NOT_NEEDED:
            return "Free to use; no licence needed"
        reason = self.status.reason.removeprefix(f"{self.code}: ")
        return reason[:1].upper() + reason[1:]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _as_licence(record: InstrumentLicence) -> Licence:
    # The domain Licence always has an expiry date; a licence without one is valid on every day.
    return Licence(record.holder, record.reference, record.expires or dt.date.max)


def _use(
    code: str,
    record: InstrumentLicence | None,
    packs: list[TextPack],
    language: str,
    today: dt.date,
) -> InstrumentUse:
    candidates: list[tuple[str, LicenceStatus]] = []
    if record is not None:
        candidates.append((RECORDED, licence_status(code, _as_licence(record), today)))
    candidates += [(TEXT_PACK, licence_status(code, pack, today)) for pack in packs if pack.licence]
    valid = [c for c in candidates if c[1].enabled and c[1].licence is not None]
    if valid:
        source, status = valid[0]
    else:
        status = candidates[0][1] if candidates else licence_status(code, None, today)
        source = NOT_NEEDED if status.enabled else ""
    return InstrumentUse(
        code=code,
        name=REGISTRY[code].name,
        status=status,
        source=source,
        recorded=record,
        pack=pack_for(code, language),
        packs=tuple(packs),
    )


def clinic_settings(clinic: Clinic) -> OutcomeSettings:
    """Return the clinic's questionnaire settings, or the defaults (unsaved) if none are set."""
    found = OutcomeSettings.objects.filter(clinic=clinic).first()
    return found if found is not None else OutcomeSettings(clinic=clinic)


def instrument_uses(clinic: Clinic, today: dt.date, language: str) -> dict[str, InstrumentUse]:
    """Return every registered instrument's use in `clinic` on `today`, in registry order."""
    records = {r.instrument: r for r in InstrumentLicence.objects.filter(clinic=clinic)}
    grouped = packs_by_instrument()
    return {
        code: _use(code, records.get(code), grouped.get(code, []), language, today)
        for code in REGISTRY
    }


def instrument_use(clinic: Clinic, code: str, today: dt.date, language: str) -> InstrumentUse:
    """Return one instrument's use in `clinic` on `today`."""
    record = InstrumentLicence.objects.filter(clinic=clinic, instrument=code).first()
    return _use(code, record, packs_by_instrument().get(code, []), language, today)
