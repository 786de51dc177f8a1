"""Latency of the casework pages with a county's worth of families in PostgreSQL.

Loads ``--families`` synthetic families (``web_data.py``) into a PostgreSQL database of its own (kept between
runs; ``--reload`` rebuilds it), starts ``wholefamily serve`` in a separate process, and times three pages as
real HTTP requests from signed-in keyworkers: the family record, the caseload list (home page) and a search by
surname. First one user at a time, then ``--users`` concurrent users. Reports p50 and p95 in milliseconds.

    python bench/web.py                        # 100,000 families, 50 concurrent users
    python bench/web.py --families 10000 --users 10

Results are appended to ``bench/results/web.jsonl``. Needs a PostgreSQL server (default 127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results" / "web.jsonl"
WHOLEFAMILY = str(Path(sys.executable).parent / "wholefamily")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        if not con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            con.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_cookie(username: str) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from wholefamily.web.accounts.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}"


def workload(username: str, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, path) pairs a keyworker might open: their families' records, their list, searches."""
    from wholefamily.web.accounts.models import User
    from wholefamily.web.casework.access import families_for

    user = User.objects.get(username=username)
    ids = list(families_for(user).values_list("pk", flat=True)[:200])
    from web_data import SURNAMES

    paths = [("family", f"/families/{rng.choice(ids)}/") for _ in range(6)]
    paths.append(("caseload", "/"))
    paths.append(("search", f"/search/?q={rng.choice(SURNAMES)}"))
    return paths


def timed_get(con: http.client.HTTPConnection, path: str, cookie: str) -> float:
    """One GET on a kept-alive connection; a connection the server closed while the user was reading is
    opened again, as browsers do, and the time counts from the retry."""
    for attempt in (1, 2):
        started = time.perf_counter()
        try:
            con.request("GET", path, headers={"Cookie": cookie, "Host": "localhost"})
            response = con.getresponse()
            response.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            con.close()
            if attempt == 2:
                raise
            continue
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return elapsed
    raise AssertionError("unreachable")


def run_users(
    port: int, users: list[tuple[str, list[tuple[str, str]]]], rounds: int, think: float = 0.0
) -> dict[str, list[float]]:
    """Each user opens their pages ``rounds`` times over, pausing a random 0 to 2 x ``think`` seconds
    between pages (people read what they open); ``think=0`` sends requests back to back."""
    timings: dict[str, list[float]] = {}
    lock = threading.Lock()

    def one(cookie: str, paths: list[tuple[str, str]]) -> None:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine: dict[str, list[float]] = {}
        pause = random.Random(cookie)
        for _ in range(rounds):
            for kind, path in paths:
                if think:
                    time.sleep(pause.uniform(0, 2 * think))
                mine.setdefault(kind, []).append(timed_get(con, path, cookie))
        con.close()
        with lock:
            for kind, values in mine.items():
                timings.setdefault(kind, []).extend(values)

    threads = [threading.Thread(target=one, args=user) for user in users]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    timings["_seconds"] = [time.perf_counter() - started]
    return timings


def summarise(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    seconds = timings.pop("_seconds")[0]
    out = {"all": {"requests": sum(map(len, timings.values())), "seconds": round(seconds, 1)}}
    out["all"]["per_second"] = round(out["all"]["requests"] / seconds, 1)
    for kind, values in sorted(timings.items()):
        ordered = sorted(values)
        out[kind] = {
            "n": len(values),
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "max_ms": round(ordered[-1], 1),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="Workload rounds per concurrent user.")
    parser.add_argument("--threads", type=int, default=8, help="Server threads per process.")
    parser.add_argument(
        "--processes", type=int, default=1, help="Server processes (more than one: gunicorn)."
    )
    parser.add_argument(
        "--think", type=float, default=3.0, help="Mean seconds a user reads a page before the next one."
    )
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/wholefamily_bench")
    parser.add_argument("--reload", action="store_true", help="Drop and reload the benchmark database.")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="wholefamily-web-bench-"))
    (home / "wholefamily-workspace.yaml").write_text("# web benchmark: the casework database is PostgreSQL\n")
    os.environ.update(
        WHOLEFAMILY_DATABASE_URL=args.database_url,
        WHOLEFAMILY_HOME=str(home),
        WHOLEFAMILY_SECRET_KEY="benchmark-only-secret-key-" + "b" * 40,
    )
    if args.reload:
        drop_database(args.database_url)
    ensure_database(args.database_url)
    from wholefamily.web.setup import django_setup

    django_setup()
    from wholefamily.web.casework.models import Family

    load_seconds = None
    if Family.objects.count() != args.families:
        drop_database(args.database_url)
        ensure_database(args.database_url)
        from django.db import connection

        connection.close()
        django_setup()
        from web_data import load_county

        started = time.perf_counter()
        load_county(args.families)
        load_seconds = round(time.perf_counter() - started, 1)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rng = random.Random(7)
    from wholefamily.web.accounts.models import Role, User

    keyworkers = list(User.objects.filter(role=Role.KEYWORKER).values_list("username", flat=True))
    chosen = rng.sample(keyworkers, args.users)
    users = [(session_cookie(name), workload(name, rng)) for name in chosen]

    port = free_port()
    server = subprocess.Popen(
        [
            WHOLEFAMILY,
            *("serve", "--host", "127.0.0.1", "--port", str(port)),
            *("--threads", str(args.threads), "--processes", str(args.processes), "--no-worker"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        run_users(port, users[:5], 1)  # warm up
        single = summarise(run_users(port, users[:1], 20))
        concurrent = summarise(run_users(port, users, args.rounds, args.think))
        flat_out = summarise(run_users(port, users, 1))
    finally:
        server.terminate()
        server.wait(timeout=30)
    record: dict[str, Any] = {
        "benchmark": "web",
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "families": args.families,
        "load_seconds": load_seconds,
        "database": "postgresql",
        "server_threads": args.threads,
        "server_processes": args.processes,
        "one_user": single,
        "concurrent_users": args.users,
        "think_seconds": args.think,
        "concurrent": concurrent,
        "concurrent_no_think": flat_out,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    RESULTS.parent.mkdir(exist_ok=True)
    with RESULTS.open("a") as f:
        f.write(json.dumps(record) + "\n")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
