"""Benchmark of the pipeline's steps on synthetic authorities: wall time and peak memory per step.

Each step (generate, then a month's run: ingest, link, identify) runs as its own process (the command a
data manager runs), timed from outside; peak memory is the process's maximum resident set size from the
operating system. Figures are medians over the runs. The workspace memory setting applies as in use
(``$WHOLEFAMILY_MEMORY_LIMIT``, else the default share of the machine).

    python bench/pipeline.py                      # 100,000 and 1,000,000 residents
    python bench/pipeline.py --residents 100000 --runs 3
    python bench/pipeline.py --residents 1000000 --keep /data/county   # keep the workspace and step logs

Results are appended to ``bench/results/pipeline.jsonl`` and printed as a table.
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

RESULTS = Path(__file__).parent / "results" / "pipeline.jsonl"
WHOLEFAMILY = str(Path(sys.executable).parent / "wholefamily")
#: A month's run after generating, in order, with each step's options (the generator's last delivery date).
MONTH = {"ingest": [], "link": [], "identify": ["--as-of", "2026-10-31"]}


def run_measured(args: list[str], log: Path | None = None) -> tuple[float, float]:
    """Run one command, its output to ``log`` if given; return its wall seconds and peak resident memory
    in MiB."""
    started = time.perf_counter()
    with (log or Path(os.devnull)).open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(args)} failed:\n{error}")
    return seconds, usage.ru_maxrss / 1024


def bench_size(residents: int, runs: int, keep: Path | None) -> list[dict[str, object]]:
    """Time each step over ``runs`` fresh workspaces; with ``keep``, the last run's workspace and each step's
    output (``<step>.log``, timestamped progress) stay there."""
    steps: dict[str, list[tuple[float, float]]] = {"generate": [], "ingest": [], "link": [], "identify": []}
    for run in range(runs):
        kept = keep if run == runs - 1 else None
        folder = kept or Path(tempfile.mkdtemp(prefix=f"wf-bench-{residents}-"))
        folder.mkdir(parents=True, exist_ok=True)
        try:
            workspace = folder / "county"
            steps["generate"].append(
                run_measured(
                    [WHOLEFAMILY, "generate", "--residents", str(residents), "--out", str(workspace)],
                    folder / "generate.log" if kept else None,
                )
            )
            for step, options in MONTH.items():
                command = [WHOLEFAMILY, step, *options, "--workspace", str(workspace)]
                steps[step].append(run_measured(command, folder / f"{step}.log" if kept else None))
        finally:
            if not kept:
                shutil.rmtree(folder, ignore_errors=True)
    return [
        {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.node()} ({os.cpu_count()} cores)",
            "step": step,
            "residents": residents,
            "runs": runs,
            "median_seconds": round(statistics.median(s for s, _ in figures), 2),
            "min_seconds": round(min(s for s, _ in figures), 2),
            "max_seconds": round(max(s for s, _ in figures), 2),
            "median_peak_mib": round(statistics.median(m for _, m in figures)),
        }
        for step, figures in steps.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--runs", type=int, default=None, help="runs per size (default: 3, or 1 from 500,000)"
    )
    parser.add_argument("--keep", type=Path, help="leave the last run's workspace and step logs here")
    options = parser.parse_args()
    RESULTS.parent.mkdir(exist_ok=True)
    print(f"{'step':<10}{'residents':>12}{'runs':>6}{'median s':>10}{'min s':>8}{'max s':>8}{'peak MiB':>10}")
    for residents in options.residents:
        runs = options.runs or (3 if residents < 500_000 else 1)
        for row in bench_size(residents, runs, options.keep):
            with RESULTS.open("a", encoding="utf-8") as out:
                out.write(json.dumps(row) + "\n")
            print(
                f"{row['step']!s:<10}{residents:>12,}{runs:>6}{row['median_seconds']!s:>10}"
                f"{row['min_seconds']!s:>8}{row['max_seconds']!s:>8}{row['median_peak_mib']!s:>10}"
            )


if __name__ == "__main__":
    main()
