"""Shared steps of `demo` and `serve`: the data folder, the secret key, static files, gunicorn."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path


def add_server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn worker processes (default 2)"
    )


def prepare_environment() -> Path:
    """Create the data folder and its secret key file; point the settings at them."""
    data_dir = Path(os.environ.get("REGENPATH_DATA_DIR") or Path.cwd() / "var").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["REGENPATH_DATA_DIR"] = str(data_dir)
    if not os.environ.get("REGENPATH_SECRET_KEY") and not os.environ.get(
        "REGENPATH_SECRET_KEY_FILE"
    ):
        key_file = data_dir / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
            key_file.chmod(0o600)
        os.environ["REGENPATH_SECRET_KEY_FILE"] = str(key_file)
    return data_dir


def collect_static() -> None:
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def exec_gunicorn(args: argparse.Namespace) -> int:
    """Replace this process with gunicorn serving regenpath (production-grade WSGI server)."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "regenpath.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        "127.0.0.1",
    ]
    sys.stdout.flush()
    os.execv(sys.executable, argv)  # noqa: S606 - fixed argv, no shell
    return 0  # pragma: no cover - execv does not return
