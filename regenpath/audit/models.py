"""The append-only, hash-chained audit trail."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import models


class AuditEvent(models.Model):
    """One audited write or patient-record view.

    The actor, clinic and patient are stored as plain ids with a label rather than foreign keys,
    so that no later change elsewhere (a renamed user, a deleted row) ever rewrites an event and
    breaks its hash. One chain per clinic (chain 0 for events outside a clinic), so the table can
    be distributed by clinic.
    """

    chain = models.BigIntegerField()
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    actor_id = models.BigIntegerField(null=True)
    actor_label = models.CharField(max_length=200)
    clinic_id = models.BigIntegerField(null=True)
    patient_id = models.BigIntegerField(null=True, db_index=True)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")
        ]
        indexes = [models.Index(fields=["clinic_id", "patient_id", "at"], name="audit_patient_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit events are append-only and cannot be deleted.")

    def content(self) -> dict[str, Any]:
        """Return the hashed content of this event as JSON-ready values."""
        return {
            "chain": self.chain,
            "seq": self.seq,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "clinic_id": self.clinic_id,
            "patient_id": self.patient_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "changes": self.changes,
            "request_id": self.request_id,
        }


class AuditChainHead(models.Model):
    """The newest event of each chain; its row lock serialises writers of that chain."""

    chain = models.BigIntegerField(unique=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"chain {self.chain} at {self.seq}"
