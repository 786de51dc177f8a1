"""How much memory DuckDB may use, and where it spills the rest: one workspace setting for every step.

A county's warehouse outgrows a modest server's memory long before its disk. DuckDB spills joins, sorts
and aggregates to a temporary directory once it reaches its memory limit, so a step that would fail
("Out of Memory Error") finishes more slowly instead. Every connection wholefamily opens (the warehouse,
and the in-memory databases Splink scores in) takes the same two settings:

- ``duckdb_memory_limit`` in ``wholefamily-workspace.yaml`` (or ``$WHOLEFAMILY_MEMORY_LIMIT``, which wins):
  a size (``8GB``, ``512MiB``) or a share of the machine's memory (``25%``, the default);
- the spill directory, ``DIR/tmp/duckdb`` inside the workspace (the warehouse's own disk).

The limit bounds DuckDB's own memory; Python's tables (Arrow, NumPy) come on top of it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from wholefamily.warehouse.sql import sql_literal
from wholefamily.workspace import MARKER, WorkspaceError

SETTING = "duckdb_memory_limit"
ENV_VAR = "WHOLEFAMILY_MEMORY_LIMIT"
DEFAULT = "25%"
#: Below this DuckDB cannot run the pipeline's queries at all.
SMALLEST = 64 * 2**20

_UNITS = {"": 1, "B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}
_UNITS |= {"KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$")
_SHARE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


@dataclass(frozen=True)
class MemorySettings:
    limit_bytes: int
    spill_directory: Path

    def apply(self, con: duckdb.DuckDBPyConnection) -> None:
        self.spill_directory.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET memory_limit = '{self.limit_bytes // 2**20}MiB'")
        directory = str(self.spill_directory)
        # DuckDB refuses to switch its spill directory once used, even to the same one: set it once
        if con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0] != directory:
            con.execute(f"SET temp_directory = {sql_literal(directory)}")

    def share(self, fraction: float) -> MemorySettings:
        """These settings with ``fraction`` of the limit: for one of several databases a step keeps open at once."""
        return dataclasses.replace(self, limit_bytes=max(SMALLEST, int(self.limit_bytes * fraction)))

    @contextmanager
    def work_directory(self) -> Iterator[Path]:
        """A temporary folder on the workspace's disk, beside the spill directory, removed afterwards."""
        self.spill_directory.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.spill_directory.parent) as folder:
            yield Path(folder)


def machine_memory() -> int:
    """Physical memory in bytes (what a share is of)."""
    return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))


def parse_limit(text: str, where: str) -> int:
    """Bytes for ``text`` (a size or a share of the machine's memory); ``where`` names it in an error."""
    share, size = _SHARE.match(text), _SIZE.match(text)
    if share:
        fraction = float(share.group(1)) / 100
        if not 0 < fraction <= 1:
            raise WorkspaceError(
                f"{where}: {text!r} is not a share between 1% and 100% of the machine's memory"
            )
        limit = int(machine_memory() * fraction)
    elif size and size.group(2).upper() in _UNITS:
        limit = int(float(size.group(1)) * _UNITS[size.group(2).upper()])
    else:
        raise WorkspaceError(
            f"{where}: {text!r} is not a size such as 8GB or 512MiB, nor a share such as 60%"
        )
    if limit < SMALLEST:
        raise WorkspaceError(f"{where}: {text!r} is below the {SMALLEST // 2**20} MiB DuckDB needs")
    return limit


def memory_settings(root: Path) -> MemorySettings:
    """The settings of the workspace at ``root``."""
    marker = root / MARKER
    if os.environ.get(ENV_VAR):
        text, where = os.environ[ENV_VAR], f"${ENV_VAR}"
    else:
        text, where = _from_marker(marker), f"{marker}: {SETTING}"
    return MemorySettings(parse_limit(text, where), root / "tmp" / "duckdb")


def _from_marker(marker: Path) -> str:
    try:
        content = yaml.safe_load(marker.read_text("utf-8")) if marker.is_file() else None
    except yaml.YAMLError as exc:
        raise WorkspaceError(f"{marker}: not valid YAML ({exc})") from exc
    value = content.get(SETTING, DEFAULT) if isinstance(content, dict) else DEFAULT
    if not isinstance(value, str | int):
        raise WorkspaceError(f"{marker}: {SETTING} must be a size such as 8GB or a share such as 60%")
    return str(value)
