"""`regenpath demo`, `seed` and `audit verify` as a new user runs them, in a fresh data folder."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REGENPATH = [sys.executable, "-m", "regenpath.cli"]


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["REGENPATH_DATA_DIR"] = str(data_dir)
    return subprocess.run(  # noqa: S603 - fixed argv
        REGENPATH + args, env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    result = _run(["demo", "--no-serve", "--patients", "40"], data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_demo_creates_the_database_seeds_and_prints_logins(demo_dir: Path) -> None:
    assert (demo_dir / "regenpath.sqlite3").exists()
    assert (demo_dir / "secret_key").stat().st_mode & 0o077 == 0
    with sqlite3.connect(demo_dir / "regenpath.sqlite3") as db:
        patients = db.execute("SELECT COUNT(*) FROM patients_patient").fetchone()[0]
        synthetic = db.execute("SELECT COUNT(*) FROM clinics_clinic WHERE is_synthetic").fetchone()[
            0
        ]
        # Episodes past assessment come only from the demo journeys, with their records.
        unbacked = db.execute(
            "SELECT COUNT(*) FROM patients_episode e WHERE e.stage IN "
            "('treated', 'follow_up') AND NOT EXISTS (SELECT 1 FROM procedures_biologicproduct p "
            "WHERE p.episode_id = e.id AND p.state = 'administered')"
        ).fetchone()[0]
        treated = db.execute(
            "SELECT COUNT(*) FROM procedures_biologicproduct WHERE state = 'administered'"
        ).fetchone()[0]
    assert patients == 40 + 4  # the demo clinic and a tenth as many at Northbridge
    assert synthetic == 2
    assert unbacked == 0 and treated > 0


def test_demo_run_twice_does_not_seed_again(demo_dir: Path) -> None:
    result = _run(["demo", "--no-serve", "--patients", "40"], demo_dir)
    assert result.returncode == 0, result.stderr
    assert "Seeding" not in result.stdout
    assert "physician" in result.stdout and "regenpath-demo-2026" in result.stdout
    with sqlite3.connect(demo_dir / "regenpath.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM patients_patient").fetchone()[0] == 44


def test_seed_is_reproducible_and_audit_verifies(demo_dir: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    for data_dir in (demo_dir, other):
        result = _run(["seed", "--patients", "25", "--seed", "11", "--clinic", "extra"], data_dir)
        assert result.returncode == 0, result.stderr
        assert "Added 25 synthetic patients" in result.stdout

    def people(data_dir: Path) -> list[tuple[str, ...]]:
        with sqlite3.connect(data_dir / "regenpath.sqlite3") as db:
            return db.execute(
                "SELECT p.mrn, p.given_name, p.family_name, p.date_of_birth FROM patients_patient p "
                "JOIN clinics_clinic c ON c.id = p.clinic_id WHERE c.slug = 'extra' ORDER BY p.mrn"
            ).fetchall()

    assert people(demo_dir) == people(other)
    assert len(people(demo_dir)) == 25
    verify = _run(["audit", "verify"], demo_dir)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Audit trail intact" in verify.stdout


def test_seed_refuses_a_clinic_with_real_data(demo_dir: Path) -> None:
    with sqlite3.connect(demo_dir / "regenpath.sqlite3") as db:
        db.execute(
            "INSERT INTO clinics_clinic (name, slug, is_synthetic, created_at) "
            "VALUES ('Real', 'real', 0, '2026-01-01')"
        )
    result = _run(["seed", "--patients", "5", "--clinic", "real"], demo_dir)
    assert result.returncode == 2
    assert "holds real data" in result.stdout
