"""Benchmark of linking sparse records: partners who send a name and a date of birth (or an age) only.

Our synthetic authority's partners nearly all send an address or an identifier, so "recall of pairs where
neither side has an address or an identifier" has almost nothing to measure there. Here the same authority
is onboarded with the police extract's configs reading no postcode, and the suspensions' no UPN (as an
independent borough's files were), by config only; then `ingest`, `link` and `evaluate linkage`. With
``--style 2`` the authority is written in the second style of partner formats, whose partners send little
already (benefits with no address, school contacts with no date of birth), and onboarded with its own
configs unchanged. Families formed exactly are reported beside the people.

    python bench/sparse.py --residents 20000 100000
    python bench/sparse.py --style 2 --seed 1 --residents 20000 1000000

Results are appended to ``bench/results/sparse.jsonl`` and printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

RESULTS = Path(__file__).parent / "results" / "sparse.jsonl"
WHOLEFAMILY = str(Path(sys.executable).parent / "wholefamily")
#: The fields each source's config stops reading: what the borough's partners did not send.
STRIPPED = {"police_incidents": ("postcode",), "school_suspensions": ("upn",)}
_EVALUATE = """
import json, sys
from pathlib import Path
from wholefamily.families.accuracy import families_section
from wholefamily.linkage.evaluate import evaluate_linkage
from wholefamily.workspace import Workspace
e = evaluate_linkage(Workspace(Path(sys.argv[1])))
families = families_section(Workspace(Path(sys.argv[1])))
print(json.dumps({"mentions": e.mentions, "precision": e.precision, "recall": e.recall, "f1": e.f1,
                  "sparse_true_pairs": e.sparse.true_pairs, "sparse_recall": e.sparse.recall,
                  "name_only_true_pairs": e.name_only.true_pairs, "name_only_recall": e.name_only.recall,
                  "name_and_dob_true_pairs": e.name_and_dob.true_pairs, "name_and_dob_recall": e.name_and_dob.recall,
                  "families_exact": {r["families"]: r["exact_rate"] for r in families["rows"][:3]}}))
"""


def strip_configs(workspace: Path) -> None:
    """Rewrite the configs of ``STRIPPED`` so that they no longer read those fields."""
    for source, fields in STRIPPED.items():
        path = workspace / "sources" / f"{source}.yaml"
        config = yaml.safe_load(path.read_text("utf-8"))
        for group in config["people"]:
            for field in fields:
                group["fields"].pop(field, None)
        path.write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")


def wholefamily(*args: str) -> None:
    subprocess.run([WHOLEFAMILY, *args], check=True, stdout=subprocess.DEVNULL)


def bench_size(residents: int, folder: Path, style: int, seed: int) -> dict[str, object]:
    workspace = folder / "county"
    wholefamily(
        "generate",
        "--residents",
        str(residents),
        "--seed",
        str(seed),
        "--style",
        str(style),
        "--out",
        str(workspace),
    )
    if style == 1:
        strip_configs(workspace)
    wholefamily("ingest", "--workspace", str(workspace))
    started = time.perf_counter()
    wholefamily("link", "--workspace", str(workspace))
    seconds = time.perf_counter() - started
    evaluated = subprocess.run(
        [sys.executable, "-c", _EVALUATE, str(workspace)], check=True, capture_output=True, text=True
    )
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores)",
        "residents": residents,
        "style": style,
        "seed": seed,
        "stripped": {k: list(v) for k, v in STRIPPED.items()} if style == 1 else {},
        **json.loads(evaluated.stdout.strip().splitlines()[-1]),
        "link_seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, nargs="+", default=[20_000])
    parser.add_argument("--style", type=int, choices=[1, 2], default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="folder for the workspaces (kept afterwards)")
    options = parser.parse_args()
    RESULTS.parent.mkdir(exist_ok=True)
    for residents in options.residents:
        folder = (
            (options.keep / str(residents)) if options.keep else Path(tempfile.mkdtemp(prefix="wf-sparse-"))
        )
        shutil.rmtree(folder, ignore_errors=True)
        try:
            row = bench_size(residents, folder, options.style, options.seed)
        finally:
            if options.keep is None:
                shutil.rmtree(folder, ignore_errors=True)
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
        print(json.dumps(row, indent=2))


if __name__ == "__main__":
    main()
