"""The request id of the work in progress, for audit events written deep inside actions."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("regenpath_request_id", default=None)


def current_request_id() -> str:
    """Return the id of the current web request, or a fresh `cli-` id outside one."""
    value = _request_id.get()
    if value is None:
        value = f"cli-{uuid.uuid4().hex}"
        _request_id.set(value)
    return value


def set_request_id(value: str | None) -> object:
    """Set the current request id; return a token for `reset_request_id`."""
    return _request_id.set(value)


def reset_request_id(token: object) -> None:
    """Restore the request id that was current before `set_request_id`."""
    _request_id.reset(token)  # type: ignore[arg-type]
