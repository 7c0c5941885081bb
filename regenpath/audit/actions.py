"""Writing audit events: the only place AuditEvent rows are created."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from regenpath.audit.context import current_request_id
from regenpath.audit.models import AuditChainHead, AuditEvent
from regenpath.domain.auditchain import GENESIS_HASH, event_hash

Change = tuple[Any, Any]


def jsonable(value: Any) -> Any:
    """Return `value` as a JSON-ready value that survives every database unchanged."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for the fields whose value differs."""
    return {
        name: [jsonable(old.get(name)), jsonable(new[name])]
        for name in new
        if jsonable(old.get(name)) != jsonable(new[name])
    }


def _actor(by: AbstractBaseUser | AnonymousUser | None) -> tuple[int | None, str]:
    if by is None or not by.is_authenticated:
        return None, "anonymous"
    full_name = getattr(by, "get_full_name", lambda: "")()
    username = by.get_username()
    return by.pk, f"{full_name} ({username})" if full_name else username


def _locked_head(chain: int) -> AuditChainHead:
    """Return the chain head row, locked until the transaction ends, creating it if new."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(chain=chain, seq=0, hash=GENESIS_HASH)
    except IntegrityError:
        pass  # another writer created it first; lock theirs
    return AuditChainHead.objects.select_for_update().get(chain=chain)


@transaction.atomic
def record_event(
    *,
    action: str,
    by: AbstractBaseUser | AnonymousUser | None,
    clinic_id: int | None,
    patient_id: int | None = None,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to its clinic's chain and return it.

    Runs inside the caller's transaction when there is one, so an event is written exactly
    when the change it describes is.
    """
    chain = clinic_id or 0
    head = _locked_head(chain)
    actor_id, actor_label = _actor(by)
    event = AuditEvent(
        chain=chain,
        seq=head.seq + 1,
        at=timezone.now(),
        actor_id=actor_id,
        actor_label=actor_label[:200],
        clinic_id=clinic_id,
        patient_id=patient_id,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        changes={k: jsonable(v) for k, v in (changes or {}).items()},
        request_id=current_request_id(),
        prev_hash=head.hash,
    )
    event.hash = event_hash(event.content(), event.prev_hash)
    event.save()
    head.seq = event.seq
    head.hash = event.hash
    head.save(update_fields=["seq", "hash"])
    return event
