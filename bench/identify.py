"""Benchmark and accuracy of ``identify`` on synthetic authorities (people and families from the truth).

For each size: generate and ingest (or reuse ``--workspace``), take people and families from the truth
(so linkage and formation errors are left out), then time ``identify`` for sf-2022 and tf-2015 as of the
generator's today, and write the agreement with the true needs into the run's report folder
(``reports/identify/<run>/accuracy.md``).

    python bench/identify.py                          # 100,000 residents
    python bench/identify.py --residents 100000 1000000
    python bench/identify.py --workspace /tmp/id100k  # an ingested workspace

Results are appended to ``bench/results/identify.jsonl``.
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

from wholefamily.framework.accuracy import agreement, agreement_markdown
from wholefamily.framework.identify import run_identify
from wholefamily.framework.truth import families_from_truth
from wholefamily.workspace import Workspace

RESULTS = Path(__file__).parent / "results" / "identify.jsonl"
WHOLEFAMILY = str(Path(sys.executable).parent / "wholefamily")
AS_OF = dt.date(2026, 10, 31)  # the generator's default today


def prepare_workspace(residents: int, folder: Path) -> Path:
    workspace = folder / f"county-{residents}"
    for args in (
        ["generate", "--residents", str(residents), "--out", str(workspace)],
        ["ingest", "--workspace", str(workspace)],
    ):
        subprocess.run([WHOLEFAMILY, *args], check=True, stdout=subprocess.DEVNULL)
    return workspace


def bench_workspace(workspace: Path) -> list[dict[str, object]]:
    with duckdb.connect(str(workspace / "warehouse.duckdb")) as con:
        families_from_truth(con, workspace / "truth")
        row = con.execute("SELECT count(*) FROM persons").fetchone()
        people = int(row[0]) if row else 0
    out: list[dict[str, object]] = []
    for framework in ("sf-2022", "tf-2015"):
        started = time.perf_counter()
        result = run_identify(Workspace(workspace), framework, AS_OF)
        seconds = time.perf_counter() - started
        measured: dict[str, object] = {}
        if framework == "sf-2022":  # the generator's needs use sf-2022's headlines
            with duckdb.connect(str(workspace / "warehouse.duckdb")) as con:
                rows = agreement(con, result.run_id, workspace / "truth")
            (result.report.parent / "accuracy.md").write_text(
                f"# Agreement with the synthetic truth ({framework}, as of {AS_OF})\n\n{agreement_markdown(rows)}",
                "utf-8",
            )
            overall = next(a for a in rows if a.level == "headline" and a.key == "all")
            measured = {
                "headline_precision": round(overall.precision, 4),
                "headline_recall": round(overall.recall, 4),
            }
        out.append(
            {
                "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "machine": f"{platform.node()} ({os.cpu_count()} cores)",
                "people": people,
                "framework": framework,
                "identify_seconds": round(seconds, 2),
                "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "families_with_needs": result.families_with_needs,
                "eligible": result.eligible,
                **measured,
                "report": str(result.report),
            }
        )
        print(json.dumps(out[-1]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, nargs="*", default=[100_000])
    parser.add_argument("--workspace", type=Path, help="An ingested synthetic workspace to reuse.")
    args = parser.parse_args()
    results: list[dict[str, object]] = []
    if args.workspace:
        results += bench_workspace(args.workspace)
    else:
        for residents in args.residents:
            with tempfile.TemporaryDirectory(prefix=f"wf-identify-{residents}-") as folder:
                results += bench_workspace(prepare_workspace(residents, Path(folder)))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        for row in results:
            handle.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
