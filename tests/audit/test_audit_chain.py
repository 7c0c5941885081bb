"""The audit trail is append-only and hash-chained; `regenpath audit verify` finds tampering."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from regenpath.audit.actions import record_event
from regenpath.audit.guards import remove_guards
from regenpath.audit.models import AuditChainHead, AuditEvent
from regenpath.audit.verify import verify_all
from regenpath.cli import main

pytestmark = pytest.mark.django_db


def _drop_guards() -> None:
    """Remove the append-only triggers, as an attacker with DDL rights could."""
    remove_guards(connection)


def test_record_event_chains_each_clinic_separately(clinics: Any, alice: Any) -> None:
    riverside, northbridge = clinics["riverside"], clinics["northbridge"]
    a1 = record_event(action="x.one", by=alice, clinic_id=riverside.pk)
    b1 = record_event(action="x.one", by=alice, clinic_id=northbridge.pk)
    a2 = record_event(action="x.two", by=alice, clinic_id=riverside.pk)
    assert (a1.seq, a2.seq, b1.seq) == (1, 2, 1)
    assert a2.prev_hash == a1.hash
    assert AuditChainHead.objects.get(chain=riverside.pk).hash == a2.hash


def test_audit_event_rows_cannot_be_updated_or_deleted_by_sql(clinics: Any, alice: Any) -> None:
    event = record_event(action="x.one", by=alice, clinic_id=clinics["riverside"].pk)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'x.forged' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(RuntimeError, match="append-only"):
        event.save()


def test_verify_passes_an_untouched_trail(clinics: Any, alice: Any, capsys: Any) -> None:
    for i in range(3):
        record_event(
            action=f"x.{i}", by=alice, clinic_id=clinics["riverside"].pk, changes={"n": [i, i + 1]}
        )
    assert all(report.broken is None for report in verify_all())
    assert main(["audit", "verify"]) == 0
    assert "Audit trail intact" in capsys.readouterr().out


def test_verify_reports_an_altered_row(clinics: Any, alice: Any, capsys: Any) -> None:
    events = [
        record_event(action=f"x.{i}", by=alice, clinic_id=clinics["riverside"].pk) for i in range(4)
    ]
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET actor_label = 'someone else' WHERE id = %s", [events[1].pk]
        )
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"sequence 2 (event id {events[1].pk})" in out
    assert "altered" in out


def test_verify_reports_a_removed_row(clinics: Any, alice: Any, capsys: Any) -> None:
    events = [
        record_event(action=f"x.{i}", by=alice, clinic_id=clinics["riverside"].pk) for i in range(4)
    ]
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    assert main(["audit", "verify"]) == 1
    assert "event 3 is missing" in capsys.readouterr().out


def test_verify_reports_a_removed_newest_row(clinics: Any, alice: Any, capsys: Any) -> None:
    events = [
        record_event(action=f"x.{i}", by=alice, clinic_id=clinics["riverside"].pk) for i in range(3)
    ]
    _drop_guards()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[-1].pk])
    assert main(["audit", "verify"]) == 1
    assert "chain head records 3 events but 2 are stored" in capsys.readouterr().out


def test_audit_event_stores_request_id_from_the_request(client_for: Any, patient: Any) -> None:
    from django.urls import reverse

    response = client_for("alice").get(
        reverse("patient_detail", args=[patient.uuid]), HTTP_X_REQUEST_ID="req-1234-abcd"
    )
    assert response["X-Request-ID"] == "req-1234-abcd"
    event = AuditEvent.objects.get(action="patient.view")
    assert event.request_id == "req-1234-abcd"
    assert event.actor_label.endswith("(alice)")
