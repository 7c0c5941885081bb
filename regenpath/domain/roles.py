"""Staff roles and what each may see (DESIGN.md, "Who uses it")."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A staff member's role within one clinic."""

    PHYSICIAN = "physician"
    COORDINATOR = "coordinator"
    PROCESSING_TECHNICIAN = "processing_technician"
    RESEARCHER = "researcher"
    CLINIC_ADMIN = "clinic_admin"

    @property
    def label(self) -> str:
        """Return the role's name as staff read it."""
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PHYSICIAN: "Physician",
    Role.COORDINATOR: "Coordinator",
    Role.PROCESSING_TECHNICIAN: "Processing technician",
    Role.RESEARCHER: "Researcher",
    Role.CLINIC_ADMIN: "Clinic admin",
}

# Roles that may open identifiable patient records. Researchers see de-identified outcomes
# only (DESIGN.md, Security: "de-identified exports for researchers").
IDENTIFIABLE_ACCESS: frozenset[Role] = frozenset(
    {Role.PHYSICIAN, Role.COORDINATOR, Role.PROCESSING_TECHNICIAN, Role.CLINIC_ADMIN}
)

# Roles that may register patients and edit demographics.
REGISTRATION: frozenset[Role] = frozenset({Role.PHYSICIAN, Role.COORDINATOR, Role.CLINIC_ADMIN})

# Roles that may open and edit episodes of care (clinical data).
EPISODE_EDIT: frozenset[Role] = frozenset({Role.PHYSICIAN, Role.COORDINATOR})

# Roles that may read a patient's audit trail (the issue: "Clinic admins can read the audit trail").
AUDIT_READ: frozenset[Role] = frozenset({Role.CLINIC_ADMIN})
