"""Benchmark of the export writer: one million synthetic list rows to CSV and to XLSX through
``reports.write_table`` (the writer every export of the site and the pipeline uses), with the time and the
peak memory (the process's peak resident size after each, CSV first). The rows look like an exported families list, and a tenth of their text starts like a
formula, so neutralisation is measured too. Rows are generated on the fly, seeded, as a list is read.

    python bench/exports.py                      # 1,000,000 rows, both formats
    python bench/exports.py --rows 100000 --format csv

Results are appended to ``bench/results/exports.jsonl`` and printed. The target is one million rows in
under a minute, in each format.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import resource
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from wholefamily.reports import Cell, TableFormat, write_table

HEADER = ("list", "reference", "status", "priority", "lead_practitioner", "team", "members", "needs")
STATUSES = ("Identified", "Referred", "Open", "Stepped up", "Closed")
NEEDS = ("Getting a good education", "Crime prevention", "Family relationships", "Financial stability")


def rows(count: int, seed: int) -> Iterator[Sequence[Cell]]:
    rng = random.Random(seed)
    for n in range(count):
        worker = f"Worker {rng.randrange(400)}" if n % 10 else f'=HYPERLINK("x","{n}")'
        yield (
            "All families",
            f"WF{n:06d}",
            rng.choice(STATUSES),
            rng.randrange(1, 6),
            worker,
            f"Team {rng.randrange(20)}",
            rng.randrange(1, 9),
            "; ".join(rng.sample(NEEDS, rng.randrange(1, 4))),
        )


def measure(fmt: TableFormat, count: int, seed: int, folder: Path) -> dict[str, object]:
    path = folder / f"bench.{fmt}"
    started = time.perf_counter()
    written = write_table(path, fmt, HEADER, rows(count, seed))
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # the process's peak so far
    return {
        "format": str(fmt),
        "rows": written,
        "seconds": round(seconds, 2),
        "rows_per_second": round(written / seconds),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "file_mb": round(path.stat().st_size / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--format", choices=[f.value for f in TableFormat], action="append")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    formats = [TableFormat(f) for f in args.format] if args.format else list(TableFormat)
    results = []
    with tempfile.TemporaryDirectory(prefix="wholefamily-bench-exports-") as folder:
        for fmt in formats:
            result = measure(fmt, args.rows, args.seed, Path(folder))
            print(json.dumps(result))
            results.append(result)
    record = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "results": results,
    }
    out = Path(__file__).parent / "results" / "exports.jsonl"
    out.parent.mkdir(exist_ok=True)
    with out.open("a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
