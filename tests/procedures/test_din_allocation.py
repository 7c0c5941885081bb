"""DIN allocation: sequential, never reused, and safe with concurrent writers on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from regenpath.domain.identifiers import SEQUENCE_MAX
from regenpath.procedures import actions
from regenpath.procedures.models import DinSequence

WRITERS = 8
EACH = 25


@pytest.mark.django_db
def test_allocate_din_counts_up_per_fin_and_year(clinics: Any) -> None:
    clinic = clinics["riverside"]
    first = actions.allocate_din(clinic=clinic, facility_id="A9999", year=26)
    second = actions.allocate_din(clinic=clinic, facility_id="A9999", year=26)
    other_year = actions.allocate_din(clinic=clinic, facility_id="A9999", year=27)
    assert (first.code, second.code, other_year.code) == (
        "A999926000001",
        "A999926000002",
        "A999927000001",
    )


@pytest.mark.django_db
def test_allocate_din_refuses_when_the_sequence_is_used_up(clinics: Any) -> None:
    clinic = clinics["riverside"]
    DinSequence.objects.create(
        clinic=clinic, facility_id="A9999", year=26, last_sequence=SEQUENCE_MAX
    )
    with pytest.raises(actions.ActionRefused, match="are used"):
        actions.allocate_din(clinic=clinic, facility_id="A9999", year=26)


@pytest.mark.django_db(transaction=True)
def test_allocate_din_concurrent_writers_never_duplicate(clinics: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent row locks need PostgreSQL; SQLite's in-memory test database is one "
            "connection-shared file that serialises every writer anyway (ADR 0002)"
        )
    clinic = clinics["riverside"]
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)

    def writer() -> None:
        try:
            start.wait()
            mine = [
                actions.allocate_din(clinic=clinic, facility_id="A9999", year=26).code
                for _ in range(EACH)
            ]
            with lock:
                results.extend(mine)
        except BaseException as error:  # reported below, never swallowed
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == WRITERS * EACH
    assert len(set(results)) == len(results)
    assert sorted(int(code[7:]) for code in results) == list(range(1, WRITERS * EACH + 1))
    assert DinSequence.objects.get().last_sequence == WRITERS * EACH
