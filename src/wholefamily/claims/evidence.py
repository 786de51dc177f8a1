"""The evidence folder of a period, ``claims/<period>/``: each claimable or submitted family's pack in
three files, and ``manifest.json`` with each pack's claims build and file hashes.

A rebuild rewrites the packs of families still claimable and removes the others'; a submitted claim's
pack is frozen as the coordinator reviewed it (kept with its hashes and its own claims build, never
rewritten or removed, a withdrawal included, so the audit trail keeps what was signed off).
``verify`` assembles every pack again from the warehouse and reports each difference: the JSON field by
field, the HTML and PDF byte for byte, and any file whose hash is not the manifest's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from wholefamily.claims.pack import assemble
from wholefamily.claims.period import Period
from wholefamily.claims.render import RENDER
from wholefamily.claims.runs import latest_claim_run
from wholefamily.warehouse.connection import open_warehouse
from wholefamily.workspace import Workspace

MANIFEST = "manifest.json"
SUFFIXES = ("json", "html", "pdf")


@dataclass
class PackSummary:
    written: list[str] = field(default_factory=list)
    frozen: list[str] = field(default_factory=list)  # kept as they were
    removed: list[str] = field(default_factory=list)  # no longer claimable


def write_packs(
    con: duckdb.DuckDBPyConnection, workspace: Workspace, period: Period, claim_run: str
) -> PackSummary:
    """Write the pack of each claimable or submitted family of the build; keep the frozen ones; remove
    packs of families no longer claimable (unless frozen). A submitted claim's pack is frozen as the
    coordinator reviewed it, when its files are still the ones written."""
    folder = workspace.claims / period.name
    folder.mkdir(parents=True, exist_ok=True)
    manifest = _manifest(folder)
    wanted = dict(
        con.execute(
            "SELECT family_id, status FROM main.claim_candidates WHERE run_id = ? AND status <> 'not_claimable'",
            [claim_run],
        ).fetchall()
    )
    summary = PackSummary()
    for family_id, status in sorted(wanted.items()):
        entry = manifest.get(family_id)
        if entry is not None and (
            entry["frozen"] or (status == "submitted" and not _changed(folder, family_id, entry))
        ):
            entry["frozen"] = True
            summary.frozen.append(family_id)
            continue
        pack = assemble(con, claim_run, family_id)
        files = {s: RENDER[s](pack) for s in SUFFIXES}
        for suffix, content in files.items():
            (folder / f"{family_id}.{suffix}").write_bytes(content)
        manifest[family_id] = {
            "claim_run_id": claim_run,
            "status": status,
            "frozen": status == "submitted",
            "sha256": {s: hashlib.sha256(c).hexdigest() for s, c in files.items()},
        }
        summary.written.append(family_id)
    for family_id in sorted(set(manifest) - set(wanted)):
        if not manifest[family_id]["frozen"]:
            for suffix in SUFFIXES:
                (folder / f"{family_id}.{suffix}").unlink(missing_ok=True)
            del manifest[family_id]
            summary.removed.append(family_id)
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", "utf-8")
    return summary


def verify(workspace: Workspace, period: Period) -> tuple[int, list[str]]:
    """How many packs were checked, and every difference between the packs on disk and the same packs
    assembled again from the warehouse (and their recorded hashes); none when every pack re-derives."""
    with open_warehouse(workspace.warehouse, read_only=True) as con:
        latest_claim_run(con, period)  # refuses a period never built
        folder = workspace.claims / period.name
        manifest = _manifest(folder)
        return len(manifest), [
            p for f, e in sorted(manifest.items()) for p in _verify(con, folder, period, f, e)
        ]


def _verify(
    con: duckdb.DuckDBPyConnection, folder: Path, period: Period, family_id: str, entry: dict[str, Any]
) -> list[str]:
    where = f"{period.name}/{family_id}"
    problems = [f"{where}.{s}: {p}" for s, p in _changed(folder, family_id, entry).items()]
    path = folder / f"{family_id}.json"
    if not path.is_file():
        return problems
    pack = assemble(con, entry["claim_run_id"], family_id)
    try:
        written = json.loads(path.read_text("utf-8"))
    except ValueError:
        return [*problems, f"{where}.json: not JSON"]
    problems += [f"{where}.json: {d}" for d in _differences(written, pack, "")]
    for suffix in ("html", "pdf"):  # the renderings, byte for byte
        rendered = folder / f"{family_id}.{suffix}"
        if rendered.is_file() and rendered.read_bytes() != RENDER[suffix](pack):
            problems.append(f"{where}.{suffix}: differs from the pack assembled from the warehouse")
    return problems


def pack_hashes(workspace: Workspace, period: Period) -> dict[str, str]:
    """The JSON hash of each pack of the period, by family (what a claim cites)."""
    return {f: e["sha256"]["json"] for f, e in _manifest(workspace.claims / period.name).items()}


def _manifest(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    manifest: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))
    return manifest


def _changed(folder: Path, family_id: str, entry: dict[str, Any]) -> dict[str, str]:
    """The files of a pack missing or not matching their recorded hash."""
    out = {}
    for suffix, digest in entry["sha256"].items():
        path = folder / f"{family_id}.{suffix}"
        if not path.is_file():
            out[suffix] = "missing"
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            out[suffix] = "changed since it was written (its hash differs from the manifest)"
    return out


def _differences(written: Any, derived: Any, path: str) -> list[str]:
    if isinstance(written, dict) and isinstance(derived, dict):
        return [
            d
            for k in sorted(set(written) | set(derived))
            for d in _differences(written.get(k), derived.get(k), f"{path}.{k}" if path else k)
        ]
    if isinstance(written, list) and isinstance(derived, list) and len(written) == len(derived):
        return [
            d
            for i, (a, b) in enumerate(zip(written, derived, strict=True))
            for d in _differences(a, b, f"{path}[{i}]")
        ]
    if written != derived:
        return [f"{path}: the file says {written!r}, the warehouse {derived!r}"]
    return []
