"""The README's main command: ``wholefamily demo`` ends with a casework site, demo users and their sign-ins,
and the families' outcomes after closure and the quarter's claim candidates in it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_demo_without_serving_leaves_a_site_ready_to_sign_in_to(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHOLEFAMILY_", "DJANGO_"))}
    wholefamily = Path(sys.executable).parent / "wholefamily"
    run = subprocess.run(
        [str(wholefamily), "demo", "--out", str(out), "--residents", "1500", "--no-serve", "--port", "8123"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Casework site: http://127.0.0.1:8123/" in run.stdout
    logins = out / ".secrets" / "demo-logins.txt"
    assert oct(logins.stat().st_mode & 0o777) == "0o600"
    usernames = [line.split("\t")[0] for line in logins.read_text().splitlines() if not line.startswith("#")]
    assert usernames == [
        "keyworker",
        "frontdoor",
        "manager",
        "coordinator",
        "datamanager",
        "school",
        "auditor",
        "admin",
    ]
    for username in usernames:
        assert username in run.stdout
    with sqlite3.connect(out / "casework.sqlite3") as db:
        published = db.execute("select count(*) from casework_family").fetchone()[0]
        allocated = db.execute(
            "select count(*) from casework_family f join accounts_user u on u.id = f.lead_practitioner_id"
            " where u.username = 'keyworker'"
        ).fetchone()[0]
        school = db.execute(
            "select count(*) from casework_teammember t join accounts_user u on u.id = t.practitioner_id"
            " where u.username = 'school'"
        ).fetchone()[0]
        outcomes = db.execute("select count(*) from casework_needoutcome").fetchone()[0]
        candidates = db.execute(
            "select count(*) from casework_claimcandidate where period = '2026Q4'"
        ).fetchone()[0]
    assert published >= 2 and allocated >= 1 and school == 1
    assert outcomes >= 1 and candidates >= 1
    assert "Outcomes run" in run.stdout and "Claims run" in run.stdout
    assert (out / "claims" / "2026Q4" / "candidates.csv").is_file()
