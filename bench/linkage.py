"""Benchmark of person linkage: `wholefamily link` beside Splink alone on the same records.

Two link runs are timed: a first one, which trains the model (``--retrain``), and a monthly re-run on the
same records, which re-uses it as a month without ``--retrain`` does. "Splink alone" (decisions.md) is the
link step only: the canonical mentions through Splink with the same
comparisons, blocking rules and trained parameters, then Splink's own connected components at the same
threshold, and none of our logic (no decisions, no stable ids, no publishing). Both run as their own
process, timed from outside; peak memory is the process's maximum resident set size. The ratio of the
two is the figure to quote. Accuracy is measured against the synthetic truth after the link run.

    python bench/linkage.py                      # 100,000 and 1,000,000 residents
    python bench/linkage.py --residents 100000 --keep /tmp/bench100k
    python bench/linkage.py --residents 1000000 --runs 3   # medians of three monthly runs and three of Splink alone

Results are appended to ``bench/results/linkage.jsonl`` and printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "linkage.jsonl"
PYTHON = sys.executable
WHOLEFAMILY = str(Path(sys.executable).parent / "wholefamily")

# Run in a child process: Splink alone on the prepared mentions, with the parameters of the last link run.
_SPLINK_ALONE = """
import json, logging, sys
import duckdb
from splink import DuckDBAPI, Linker
from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.prepare import INPUT_TABLE, prepare_input
from wholefamily.linkage.run import MATCH_THRESHOLD, PAIR_FLOOR

con = duckdb.connect(sys.argv[1], read_only=True)
params = ModelParameters.from_json(json.loads(con.execute(
    "SELECT model FROM link_runs ORDER BY run_id DESC LIMIT 1").fetchall()[0][0]))
prepare_input(con, None)
mentions = con.sql(f"SELECT * FROM {INPUT_TABLE}").to_arrow_table()
con.close()
logging.getLogger("splink").setLevel(logging.ERROR)
linker = Linker(DuckDBAPI().register(mentions), params.settings_dict("duckdb"), log_level=logging.ERROR)
scored = linker.inference.predict(threshold_match_weight=PAIR_FLOOR)
clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(scored, threshold_match_weight=MATCH_THRESHOLD)
print(clusters.as_duckdbpyrelation().count("*").fetchall()[0][0])
"""


_LINK = """
import sys
from pathlib import Path
from wholefamily.linkage.run import run_link
from wholefamily.workspace import Workspace
run_link(Workspace(Path(sys.argv[1])), retrain=sys.argv[2] == "retrain")
"""
_EVALUATE = """
import json, sys
from pathlib import Path
from wholefamily.linkage.evaluate import evaluate_linkage
from wholefamily.workspace import Workspace
e = evaluate_linkage(Workspace(Path(sys.argv[1])))
print(json.dumps({"mentions": e.mentions, "precision": e.precision, "recall": e.recall, "f1": e.f1}))
"""


def run_measured(code: str, *arguments: str) -> tuple[float, float, float, str]:
    """Run Python code in a child process; return its wall seconds, CPU seconds (user and system, every
    thread: steadier than wall time on a shared machine), peak resident MiB and its output."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen([PYTHON, "-c", code, *arguments], stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            error = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"benchmark step failed:\n{error}")
        out.seek(0)
        cpu = usage.ru_utime + usage.ru_stime
        return seconds, cpu, usage.ru_maxrss / 1024, out.read().decode()


def bench_size(residents: int, folder: Path, runs: int) -> dict[str, object]:
    workspace = folder / "county"
    if not (workspace / "warehouse.duckdb").is_file():
        subprocess.run(
            [WHOLEFAMILY, "generate", "--residents", str(residents), "--out", str(workspace)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [WHOLEFAMILY, "ingest", "--workspace", str(workspace)], check=True, stdout=subprocess.DEVNULL
        )
    link_s, link_cpu, link_mib, _ = run_measured(_LINK, str(workspace), "retrain")
    monthly, alone = [], []
    for _ in range(runs):  # interleaved, so that a slow spell of a shared machine falls on both
        monthly.append(run_measured(_LINK, str(workspace), "reuse")[:3])
        alone.append(run_measured(_SPLINK_ALONE, str(workspace / "warehouse.duckdb"))[:3])
    monthly_s, monthly_cpu, monthly_mib = (statistics.median(m[i] for m in monthly) for i in range(3))
    alone_s, alone_cpu, alone_mib = (statistics.median(a[i] for a in alone) for i in range(3))
    accuracy = json.loads(run_measured(_EVALUATE, str(workspace))[3].strip().splitlines()[-1])
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores)",
        "residents": residents,
        "runs": runs,
        **{k: accuracy[k] for k in ("mentions", "precision", "recall", "f1")},
        "link_seconds": round(link_s, 1),
        "link_cpu_seconds": round(link_cpu, 1),
        "link_peak_mib": round(link_mib),
        "monthly_link_seconds": round(monthly_s, 1),
        "monthly_link_cpu_seconds": round(monthly_cpu, 1),
        "monthly_link_peak_mib": round(monthly_mib),
        "splink_alone_seconds": round(alone_s, 1),
        "splink_alone_cpu_seconds": round(alone_cpu, 1),
        "splink_alone_peak_mib": round(alone_mib),
        "time_ratio": round(link_s / alone_s, 2),
        "monthly_time_ratio": round(
            statistics.median(m[0] / a[0] for m, a in zip(monthly, alone, strict=True)), 2
        ),
        "cpu_ratio": round(link_cpu / alone_cpu, 2),
        "monthly_cpu_ratio": round(
            statistics.median(m[1] / a[1] for m, a in zip(monthly, alone, strict=True)), 2
        ),
        "monthly_time_ratios": [round(m[0] / a[0], 2) for m, a in zip(monthly, alone, strict=True)],
        "memory_ratio": round(link_mib / alone_mib, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--keep", type=Path, help="workspace folder to reuse (generated and ingested if missing)"
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=1,
        help="monthly re-runs and Splink alone runs, taken in turn; their medians (and the median of each "
        "turn's ratio) are quoted",
    )
    options = parser.parse_args()
    RESULTS.parent.mkdir(exist_ok=True)
    for residents in options.residents:
        folder = options.keep or Path(tempfile.mkdtemp(prefix=f"wf-link-{residents}-"))
        try:
            row = bench_size(residents, folder, options.runs)
        finally:
            if options.keep is None:
                shutil.rmtree(folder, ignore_errors=True)
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
        print(json.dumps(row, indent=2))


if __name__ == "__main__":
    main()
