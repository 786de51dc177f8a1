"""Benchmark and agreement of ``outcomes``, and the time of ``claims``, on synthetic authorities with
casework closures.

For each size: generate (13 monthly deliveries to the generator's today, ``--closures 0.5``) and ingest
(or reuse ``--workspace``), take people and families from the truth (so linkage and formation errors are
left out), identify as of the first delivery (the generator's identification day), then time ``outcomes``
as of the last delivery and measure its agreement with ``truth/outcomes.parquet`` per headline (the
report goes to ``reports/outcomes/agreement.md``); then time a claims build for the quarter of the last
delivery (with its evidence packs) and the check that every pack re-derives.

    python bench/outcomes.py                          # 100,000 residents
    python bench/outcomes.py --residents 10000 100000
    python bench/outcomes.py --workspace /tmp/oc100k  # a generated and ingested workspace

Results are appended to ``bench/results/outcomes.jsonl``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from wholefamily.claims.build import build_claims
from wholefamily.claims.evidence import verify
from wholefamily.claims.period import parse_period
from wholefamily.framework.identify import run_identify
from wholefamily.framework.truth import families_from_truth
from wholefamily.outcomes.accuracy import outcome_agreement, write_agreement
from wholefamily.outcomes.run import run_outcomes
from wholefamily.warehouse.connection import published_tables
from wholefamily.workspace import Workspace

RESULTS = Path(__file__).parent / "results" / "outcomes.jsonl"
WHOLEFAMILY = str(Path(sys.executable).parent / "wholefamily")
GENERATE = ["--deliveries", "13", "--closures", "0.5"]


def prepare_workspace(residents: int, folder: Path) -> Path:
    workspace = folder / f"county-{residents}"
    for args in (
        ["generate", "--residents", str(residents), "--out", str(workspace), *GENERATE],
        ["ingest", "--workspace", str(workspace)],
    ):
        subprocess.run([WHOLEFAMILY, *args], check=True, stdout=subprocess.DEVNULL)
    return workspace


def bench_workspace(root: Path) -> dict[str, object]:
    workspace = Workspace(root)
    deliveries = sorted(p.name for p in workspace.extracts.iterdir())
    first, last = dt.date.fromisoformat(deliveries[0]), dt.date.fromisoformat(deliveries[-1])
    with duckdb.connect(str(workspace.warehouse)) as con:
        if "outcome_runs" not in published_tables(con):  # once: a workspace measured before has them
            families_from_truth(con, workspace.truth)
        row = con.execute("SELECT count(*) FROM persons").fetchone()
        people = int(row[0]) if row else 0
    run_identify(workspace, "sf-2022", first)
    started = time.perf_counter()
    result = run_outcomes(workspace, "sf-2022", last)
    seconds = time.perf_counter() - started
    period = parse_period(f"{last.year}Q{(last.month - 1) // 3 + 1}")
    started = time.perf_counter()
    claims = build_claims(workspace, period)
    claims_seconds = time.perf_counter() - started
    started = time.perf_counter()
    packs, differences = verify(workspace, period)
    verify_seconds = time.perf_counter() - started
    rows = outcome_agreement(workspace)
    write_agreement(workspace, rows)
    sustain = [a for a in rows if a.horizon_days == 183 and a.level == "headline"]
    out: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores)",
        "people": people,
        "families_worked_with": result.families,
        "outcomes_seconds": round(seconds, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "statuses": result.statuses,
        "claims_period": period.name,
        "claims_seconds": round(claims_seconds, 2),
        "claims_statuses": claims.statuses,
        "claims_verify_seconds": round(verify_seconds, 2),
        "claims_packs_verified": packs,
        "claims_pack_differences": len(differences),
        "agreement_183_days": {a.key: round(a.rate, 4) for a in sustain},
        "true_pairs_183_days": {a.key: a.pairs for a in sustain},
    }
    print(json.dumps(out))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, nargs="*", default=[100_000])
    parser.add_argument(
        "--workspace", type=Path, help="A generated (--closures) and ingested workspace to reuse."
    )
    args = parser.parse_args()
    results: list[dict[str, object]] = []
    if args.workspace:
        results.append(bench_workspace(args.workspace))
    else:
        for residents in args.residents:
            with tempfile.TemporaryDirectory(prefix=f"wf-outcomes-{residents}-") as folder:
                results.append(bench_workspace(prepare_workspace(residents, Path(folder))))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        for row in results:
            handle.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
