"""The synthetic demo clinic: staff of every role, a second clinic, generated patients."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from regenpath.clinics.models import Clinic, Membership
from regenpath.domain.roles import Role

DEMO_PASSWORD = "regenpath-demo-2026"  # noqa: S105 - printed to the user; synthetic demo only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    role: Role
    clinic: str


DEMO_STAFF = (
    DemoLogin("physician", "Dr Ada Okafor", Role.PHYSICIAN, "demo"),
    DemoLogin("coordinator", "Sam Patel", Role.COORDINATOR, "demo"),
    DemoLogin("technician", "Lee Novak", Role.PROCESSING_TECHNICIAN, "demo"),
    DemoLogin("researcher", "Dr Rosa Lind", Role.RESEARCHER, "demo"),
    DemoLogin("admin", "Kim Ahmed", Role.CLINIC_ADMIN, "demo"),
    DemoLogin("northbridge", "Dr Tom Reyes", Role.PHYSICIAN, "northbridge"),
)


@transaction.atomic
def create_demo_clinics() -> dict[str, Clinic]:
    """Create the two synthetic clinics and their staff; return the clinics by slug."""
    clinics = {
        "demo": Clinic.objects.create(
            name="Riverside Regenerative Pain Clinic (synthetic)", slug="demo", is_synthetic=True
        ),
        "northbridge": Clinic.objects.create(
            name="Northbridge Pain Centre (synthetic)", slug="northbridge", is_synthetic=True
        ),
    }
    users = get_user_model()
    for login in DEMO_STAFF:
        given, _, family = login.name.removeprefix("Dr ").partition(" ")
        user = users.objects.create_user(
            username=login.username,
            email=f"{login.username}@example.org",
            password=DEMO_PASSWORD,
            first_name=given,
            last_name=family,
        )
        Membership.objects.create(user=user, clinic=clinics[login.clinic], role=login.role)
    return clinics


# The facility identification numbers of ICCBBA ST-001's own example labels (Figure 2: A9999,
# §7.5.1.1: A9998; cell-therapy.md §1.2), so demo DINs never use a real facility's number.
DEMO_FINS = {"demo": "A9999", "northbridge": "A9998"}


def configure_demo_procedures(clinics: dict[str, Clinic]) -> None:
    """Give each demo clinic a test facility identification number and local product types."""
    from regenpath.procedures.actions import create_product_type, update_procedure_settings

    admin = get_user_model().objects.get(username="admin")
    for slug, clinic in clinics.items():
        update_procedure_settings(clinic=clinic, by=admin, facility_id=DEMO_FINS[slug])
        create_product_type(
            clinic=clinic,
            by=admin,
            code="D0001",
            name="Bone marrow aspirate concentrate",
            cell_source="bmac",
        )
        create_product_type(
            clinic=clinic,
            by=admin,
            code="D0002",
            name="Micro-fragmented adipose tissue",
            cell_source="mfat",
        )
