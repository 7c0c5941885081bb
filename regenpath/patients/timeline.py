"""The patient record's timeline: what happened to this patient, newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regenpath.domain.stages import STAGE_LABELS, Stage
from regenpath.patients.models import Patient, StageChange


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    title: str
    detail: str
    by: str
    episode_label: str


def _name(user: object) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return full or getattr(user, "username", "")


def patient_timeline(patient: Patient) -> list[TimelineEntry]:
    """Return the patient's registration and every stage change of every episode, newest first."""
    entries = [TimelineEntry(patient.created_at, "Registered", f"MRN {patient.mrn}", "", "")]
    changes = StageChange.objects.filter(episode__patient=patient).select_related("episode", "by")
    for change in changes:
        target = STAGE_LABELS[Stage(change.to_stage)]
        if change.from_stage:
            title = f"{STAGE_LABELS[Stage(change.from_stage)]} → {target}"
        else:
            title = f"Episode opened ({target})"
        entries.append(
            TimelineEntry(change.at, title, change.reason, _name(change.by), str(change.episode))
        )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
