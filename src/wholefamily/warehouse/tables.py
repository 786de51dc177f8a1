"""Every table of the warehouse, as data: its name, the step that writes it, its columns and key.

The warehouse tables are the interface between the steps, so they are declared once, here. Each step
stages its output and publishes it through ``warehouse.publish``, which checks the staged columns against
this registry before anything is swapped in; a test parses every step's SQL and checks each column it
names against the registry (``tests/warehouse/test_table_registry.py``), so a renamed column fails a
test, not a council's monthly run.

How a table changes with each run of its step:

* ``replaced``: rebuilt whole by every run (what the latest run says);
* ``appended``: every run adds its rows, keyed by ``run_id``, and older runs stay readable;
* ``kept``: a register carried forward by every run (ids once given are never forgotten).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from wholefamily.vocabulary import FieldType, load_vocabulary
from wholefamily.warehouse.sql import quote_ident

Step = Literal["ingest", "link", "families", "identify", "outcomes", "claims", "retention", "pipeline"]
Kind = Literal["replaced", "appended", "kept"]

SQL_TYPES: dict[FieldType, str] = {
    "int": "BIGINT",
    "decimal": "DECIMAL(14,2)",
    "date": "DATE",
    "bool": "BOOLEAN",
    "code": "VARCHAR",
    "text": "VARCHAR",
}


@dataclass(frozen=True)
class Table:
    """One warehouse table. ``columns`` maps each column to its DuckDB type (with constraints, if any);
    ``open_prefix`` names the prefix of further columns a run may add (one per model comparison)."""

    name: str
    step: Step
    kind: Kind
    key: tuple[str, ...]
    columns: Mapping[str, str]
    description: str
    open_prefix: str | None = field(default=None)

    def base_type(self, column: str) -> str:
        """The column's type without its constraints (``VARCHAR NOT NULL`` → ``VARCHAR``)."""
        return _base_type(self.columns[column])

    def ddl(self, name: str | None = None, *, temp: bool = False, if_not_exists: bool = False) -> str:
        """CREATE TABLE for this table (or a staging table ``name`` of the same shape)."""
        return create_table_sql(name or self.name, self.columns, temp=temp, if_not_exists=if_not_exists)


def _base_type(sql_type: str) -> str:
    for constraint in (" NOT NULL", " PRIMARY KEY"):
        sql_type = sql_type.replace(constraint, "")
    return sql_type.strip()


def create_table_sql(
    name: str, columns: Mapping[str, str], *, temp: bool = False, if_not_exists: bool = False
) -> str:
    """CREATE TABLE in the warehouse (``main``), or a TEMP table for staging."""
    body = ", ".join(f"{quote_ident(c)} {t}" for c, t in columns.items())
    head = "CREATE TEMP TABLE" if temp else "CREATE TABLE"
    target = quote_ident(name) if temp else f"main.{quote_ident(name)}"
    return f"{head} {'IF NOT EXISTS ' if if_not_exists else ''}{target} ({body})"


# --- ingest ---------------------------------------------------------------------------------------------
#: The canonical person columns of a mention, with their SQL types.
PERSON_COLUMNS: dict[str, str] = {
    "role": "VARCHAR",
    "title": "VARCHAR",
    "first_name": "VARCHAR",
    "middle_names": "VARCHAR",
    "surname": "VARCHAR",
    "name_raw": "VARCHAR",
    "dob": "DATE",
    "age": "INTEGER",
    "sex": "VARCHAR",
    "ethnicity": "VARCHAR",
    "address": "VARCHAR",
    "postcode": "VARCHAR",
    "nhs_number": "VARCHAR",
    "upn": "VARCHAR",
    "ni_number": "VARCHAR",
    "local_id": "VARCHAR",
    # identifiers of named types that mean the same in every source (a council's person id, a national
    # number): "type:value" strings, sorted by type; NULL when the person has none
    "other_ids": "VARCHAR[]",
}
MENTION_KEYS: dict[str, str] = {
    "mention_key": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "record_key": "VARCHAR NOT NULL",
    "people_group": "VARCHAR NOT NULL",
    "person_index": "INTEGER NOT NULL",
    "delivery_date": "DATE NOT NULL",
    "file": "VARCHAR NOT NULL",
    "sheet": "VARCHAR",
    "row_number": "BIGINT NOT NULL",
    "run_id": "VARCHAR NOT NULL",
}
EVENT_KEYS: dict[str, str] = {
    "event_key": "VARCHAR NOT NULL",
    "mention_key": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "record_key": "VARCHAR NOT NULL",
    "kind": "VARCHAR NOT NULL",
    "event_date": "DATE NOT NULL",
    "end_date": "DATE",
    "delivery_date": "DATE NOT NULL",
    "run_id": "VARCHAR NOT NULL",
}
_ROW_PLACE = {
    "run_id": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "file": "VARCHAR NOT NULL",
    "sheet": "VARCHAR",
    "row_number": "BIGINT NOT NULL",
    "delivery_date": "DATE NOT NULL",
}
QUARANTINE: dict[str, str] = {
    **_ROW_PLACE,
    "people_group": "VARCHAR",
    "person_index": "INTEGER",
    "field": "VARCHAR NOT NULL",
    "reason": "VARCHAR NOT NULL",
    "raw_value": "VARCHAR",
    "raw": "VARCHAR NOT NULL",
}
DUPLICATE_ROWS: dict[str, str] = {
    **_ROW_PLACE,
    "first_file": "VARCHAR NOT NULL",
    "first_sheet": "VARCHAR",
    "first_row": "BIGINT NOT NULL",
}
FIELD_WARNINGS: dict[str, str] = {
    **_ROW_PLACE,
    "mention_key": "VARCHAR",
    "field": "VARCHAR NOT NULL",
    "reason": "VARCHAR NOT NULL",
    "raw_value": "VARCHAR",
}
RUNS: dict[str, str] = {
    "run_id": "VARCHAR PRIMARY KEY",
    "started_at": "TIMESTAMP NOT NULL",
    "finished_at": "TIMESTAMP NOT NULL",
    "status": "VARCHAR NOT NULL",
    "as_of": "DATE",
    "sources": "VARCHAR[] NOT NULL",
    "wholefamily_version": "VARCHAR NOT NULL",
    "duckdb_version": "VARCHAR NOT NULL",
    "pyarrow_version": "VARCHAR NOT NULL",
    "vocabulary_version": "INTEGER NOT NULL",
}
RUN_SOURCES: dict[str, str] = {
    "run_id": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "config_file": "VARCHAR NOT NULL",
    "config_sha256": "VARCHAR NOT NULL",
    "config_text": "VARCHAR NOT NULL",
    "rows_read": "BIGINT NOT NULL",
    "rows_accepted": "BIGINT NOT NULL",
    "rows_quarantined": "BIGINT NOT NULL",
    "rows_duplicates_dropped": "BIGINT NOT NULL",
    "mentions_read": "BIGINT NOT NULL",
    "mentions_accepted": "BIGINT NOT NULL",
    "mentions_quarantined": "BIGINT NOT NULL",
    "events": "BIGINT NOT NULL",
    "warnings": "BIGINT NOT NULL",
    "rows_refused": "BIGINT NOT NULL",
    "reconciliation": "VARCHAR NOT NULL",
}
RUN_FILES: dict[str, str] = {
    "run_id": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "file": "VARCHAR NOT NULL",
    "sha256": "VARCHAR NOT NULL",
    "delivery_date": "DATE NOT NULL",
    "rows": "BIGINT NOT NULL",
}


def event_columns() -> dict[str, str]:
    """The event keys, then one typed column per value field of the event vocabulary."""
    values = {name: SQL_TYPES[ftype] for name, ftype in load_vocabulary().value_columns().items()}
    clash = set(values) & set(EVENT_KEYS)
    if clash:
        raise ValueError(f"event vocabulary fields {sorted(clash)} clash with event table columns")
    return {**EVENT_KEYS, **values}


def _ingest_tables() -> list[Table]:
    return [
        Table(
            "mentions",
            "ingest",
            "replaced",
            ("mention_key", "delivery_date"),
            {**MENTION_KEYS, **PERSON_COLUMNS},
            "Each person named in each accepted partner row, normalised; one row per delivery that holds it. "
            "other_ids lists the person's identifiers of named types (the same type means the same identifier "
            "in every source) as 'type:value' strings sorted by type, NULL when none: block on "
            "unnest(other_ids) = unnest(other_ids), split a type off at the first ':'.",
        ),
        Table(
            "events",
            "ingest",
            "replaced",
            ("event_key", "delivery_date"),
            event_columns(),
            "Canonical events (a school term's attendance, a police incident...) each tied to a mention.",
        ),
        Table(
            "quarantine",
            "ingest",
            "replaced",
            ("source", "file", "sheet", "row_number", "people_group", "person_index", "field"),
            QUARANTINE,
            "Rows (or people in them) that were not accepted, with file, row, field and reason.",
        ),
        Table(
            "duplicate_rows",
            "ingest",
            "replaced",
            ("source", "file", "sheet", "row_number"),
            DUPLICATE_ROWS,
            "Rows dropped as exact duplicates (every column the same as an earlier row of the same delivery), "
            "with the row each repeats; counted in run_sources.rows_duplicates_dropped.",
        ),
        Table(
            "field_warnings",
            "ingest",
            "replaced",
            ("source", "file", "sheet", "row_number", "mention_key", "field"),
            FIELD_WARNINGS,
            "Optional fields blanked on accepted rows, with the reason.",
        ),
        Table("runs", "ingest", "appended", ("run_id",), RUNS, "One row per published ingest run."),
        Table(
            "run_sources",
            "ingest",
            "appended",
            ("run_id", "source"),
            RUN_SOURCES,
            "Each source an ingest run read: its config as used and its reconciliation counts "
            "(rows read = accepted + quarantined + exact duplicates dropped; people read = accepted + "
            "quarantined), with the two equations written out in reconciliation; rows_refused counts the rows "
            "of deliveries refused whole because the source's sharing agreement had ended.",
        ),
        Table(
            "run_files",
            "ingest",
            "appended",
            ("run_id", "source", "file"),
            RUN_FILES,
            "Each file an ingest run read, with its checksum and delivery date.",
        ),
    ]


# --- link -----------------------------------------------------------------------------------------------
def _link_tables() -> list[Table]:
    return [
        Table(
            "person_mentions",
            "link",
            "replaced",
            ("mention_key",),
            {"mention_key": "VARCHAR", "person_id": "VARCHAR", "run_id": "VARCHAR"},
            "Which person each mention belongs to.",
        ),
        Table(
            "persons",
            "link",
            "replaced",
            ("person_id",),
            {
                "person_id": "VARCHAR",
                "first_name": "VARCHAR",
                "surname": "VARCHAR",
                "dob": "DATE",
                "sex": "VARCHAR",
                "postcode": "VARCHAR",
                "n_mentions": "BIGINT",
                "sources": "VARCHAR[]",
            },
            "One row per person: the most common values of their mentions.",
        ),
        Table(
            "link_pairs",
            "link",
            "replaced",
            ("mention_key_l", "mention_key_r"),
            {
                "mention_key_l": "VARCHAR",
                "mention_key_r": "VARCHAR",
                "match_weight": "DOUBLE",
                "match_probability": "DOUBLE",
                "run_id": "VARCHAR",
            },
            "Scored pairs of mentions at or above the pair floor, with each comparison's weight: every pair "
            "between two people, and the strongest pairs that join each person (one fewer than its mentions, "
            "fewer when a decision joins it).",
            open_prefix="mw_",
        ),
        Table(
            "review_pairs",
            "link",
            "replaced",
            ("mention_key_a", "mention_key_b"),
            {
                "mention_key_a": "VARCHAR",
                "mention_key_b": "VARCHAR",
                "match_weight": "DOUBLE",
                "match_probability": "DOUBLE",
                "person_id_a": "VARCHAR",
                "person_id_b": "VARCHAR",
                "run_id": "VARCHAR",
            },
            "Pairs in the uncertain band, one per couple of people, for clerical review.",
        ),
        Table(
            "person_registry",
            "link",
            "kept",
            ("person_id",),
            {
                "person_id": "VARCHAR PRIMARY KEY",
                "registered_seq": "BIGINT NOT NULL",
                "registered_run": "VARCHAR NOT NULL",
                "status": "VARCHAR NOT NULL",  # active | merged | retired
                "merged_into": "VARCHAR",
                "last_run": "VARCHAR NOT NULL",
            },
            "Every person id ever given, and what became of it.",
        ),
        Table(
            "person_aliases",
            "link",
            "appended",
            ("alias_id", "run_id"),
            {"alias_id": "VARCHAR NOT NULL", "person_id": "VARCHAR NOT NULL", "run_id": "VARCHAR NOT NULL"},
            "Person ids merged into another, and the run that merged them.",
        ),
        Table(
            "link_runs",
            "link",
            "appended",
            ("run_id",),
            {
                "run_id": "VARCHAR PRIMARY KEY",
                "started_at": "TIMESTAMP NOT NULL",
                "seconds": "DOUBLE NOT NULL",
                "as_of": "DATE",
                "engine": "VARCHAR NOT NULL",
                "match_threshold": "DOUBLE NOT NULL",
                "pair_floor": "DOUBLE NOT NULL",
                "review_band": "DOUBLE[] NOT NULL",
                "blocking": "JSON NOT NULL",
                "model": "JSON NOT NULL",
                "counts": "JSON NOT NULL",
            },
            "One row per link run: thresholds, blocking rules with their counts, the trained model.",
        ),
    ]


# --- families -------------------------------------------------------------------------------------------
def _family_tables() -> list[Table]:
    return [
        Table(
            "families",
            "families",
            "replaced",
            ("family_id",),
            {
                "family_id": "VARCHAR",
                "as_of": "DATE",
                "address": "VARCHAR",
                "postcode": "VARCHAR",
                "n_members": "INTEGER",
                "n_resident": "INTEGER",
                "n_children": "INTEGER",
                "has_dependent_child": "BOOLEAN",
                "expectant": "BOOLEAN",
                "flags": "VARCHAR[]",
                "run_id": "VARCHAR",
            },
            "One row per family unit on the build's reference date.",
        ),
        Table(
            "family_members",
            "families",
            "replaced",
            ("family_id", "person_id", "start_date"),
            {
                "family_id": "VARCHAR",
                "person_id": "VARCHAR",
                "role": "VARCHAR",
                "resident": "BOOLEAN",
                "start_date": "DATE",
                "end_date": "DATE",
                "evidence": "VARCHAR[]",
                "run_id": "VARCHAR",
            },
            "Who belongs to which family, from when to when, in which role, on what evidence.",
        ),
        Table(
            "family_flags",
            "families",
            "replaced",
            ("family_id", "flag", "detail"),
            {"family_id": "VARCHAR", "flag": "VARCHAR", "detail": "VARCHAR"},
            "Things a data manager may want to check about a family (an address conflict, a lone child).",
        ),
        Table(
            "family_registry",
            "families",
            "kept",
            ("family_id",),
            {
                "family_id": "VARCHAR PRIMARY KEY",
                "created_run_id": "VARCHAR NOT NULL",
                "created_as_of": "DATE NOT NULL",
                "last_run_id": "VARCHAR NOT NULL",
                "last_as_of": "DATE NOT NULL",
                "status": "VARCHAR NOT NULL",
                "merged_into": "VARCHAR",
            },
            "Every family id ever given, and what became of it.",
        ),
        Table(
            "family_aliases",
            "families",
            "kept",
            ("alias_id", "run_id"),
            {
                "alias_id": "VARCHAR NOT NULL",
                "family_id": "VARCHAR NOT NULL",
                "run_id": "VARCHAR NOT NULL",
                "as_of": "DATE NOT NULL",
                "reason": "VARCHAR NOT NULL",
            },
            "Family ids merged into another, with the run and the reason.",
        ),
    ]


# --- identify -------------------------------------------------------------------------------------------
def _identify_tables() -> list[Table]:
    return [
        Table(
            "identify_runs",
            "identify",
            "appended",
            ("run_id",),
            {
                "run_id": "VARCHAR PRIMARY KEY",
                "framework": "VARCHAR NOT NULL",
                "framework_title": "VARCHAR",
                "as_of": "DATE NOT NULL",
                "plan_file": "VARCHAR",
                "plan_sha256": "VARCHAR",
                "previous_run_id": "VARCHAR",
                "started_at": "TIMESTAMP",
                "finished_at": "TIMESTAMP",
                "rule_events": "BIGINT",
                "families_with_needs": "BIGINT",
                "eligible": "BIGINT",
                "rules_json": "VARCHAR",
                "wholefamily_version": "VARCHAR",
                "engine": "VARCHAR",  # where the rules ran: duckdb or spark
            },
            "One row per identify run: the framework, the local plan and the rules as used.",
        ),
        Table(
            "family_needs",
            "identify",
            "appended",
            ("run_id", "family_id", "descriptor_id"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "headline": "VARCHAR",
                "headline_label": "VARCHAR",
                "descriptor_id": "VARCHAR",
                "descriptor_label": "VARCHAR",
                "is_default": "BOOLEAN",
                "counted": "BOOLEAN",
                "persons": "VARCHAR[]",
                "events": "BIGINT",
                "note": "VARCHAR",
            },
            "Each need found in each family, with the people who have it.",
        ),
        Table(
            "need_evidence",
            "identify",
            "appended",
            ("run_id", "family_id", "descriptor_id", "person_id", "event_key"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "descriptor_id": "VARCHAR",
                "person_id": "VARCHAR",
                "family_role": "VARCHAR",
                "counted": "BOOLEAN",
                "event_key": "VARCHAR",
                "source": "VARCHAR",
                "record_key": "VARCHAR",
                "kind": "VARCHAR",
                "event_date": "DATE",
                "end_date": "DATE",
                "delivery_date": "DATE",
                "evidence_values": "VARCHAR",
            },
            "The partner records that prove each need.",
        ),
        Table(
            "family_eligibility",
            "identify",
            "appended",
            ("run_id", "family_id"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "eligible": "BOOLEAN",
                "n_needs": "BIGINT",
                "n_headlines": "BIGINT",
                "headlines": "VARCHAR[]",
                "dependent_children": "VARCHAR[]",
                "expectant_parents": "VARCHAR[]",
                "n_serious": "BIGINT",
                "priority": "BIGINT",
                "priority_reason": "VARCHAR",
            },
            "Whether each family meets the framework, with its priority order and the reason.",
        ),
        Table(
            "identify_changes",
            "identify",
            "appended",
            ("run_id", "family_id", "change", "descriptor_id"),
            {
                "run_id": "VARCHAR",
                "previous_run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "change": "VARCHAR",
                "descriptor_id": "VARCHAR",
                "headline": "VARCHAR",
            },
            "What changed since the previous run of the same framework.",
        ),
    ]


# --- outcomes -------------------------------------------------------------------------------------------
def _outcome_tables() -> list[Table]:
    return [
        Table(
            "outcome_runs",
            "outcomes",
            "appended",
            ("run_id",),
            {
                "run_id": "VARCHAR PRIMARY KEY",
                "framework": "VARCHAR NOT NULL",
                "as_of": "DATE NOT NULL",
                "identify_run_id": "VARCHAR NOT NULL",
                "plan_file": "VARCHAR",
                "plan_sha256": "VARCHAR",
                "milestones_file": "VARCHAR NOT NULL",
                "milestones_sha256": "VARCHAR NOT NULL",
                "sustain_days": "INTEGER NOT NULL",
                "families_worked_with": "BIGINT",
                "families_closed": "BIGINT",
                "needs": "BIGINT",
                "measures_json": "VARCHAR",
                "started_at": "TIMESTAMP",
                "finished_at": "TIMESTAMP",
                "wholefamily_version": "VARCHAR",
            },
            "One row per outcomes run: the identify run and casework milestones it read, the measures as used.",
        ),
        Table(
            "outcome_families",
            "outcomes",
            "appended",
            ("run_id", "family_id"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "worked_with_start": "DATE",
                "assessment_date": "DATE",
                "plan_date": "DATE",
                "closure_date": "DATE",
                "closure_reason": "VARCHAR",
                "closed": "BOOLEAN",  # closed by the run's as-of date
                "needs": "BIGINT",  # needs of the identify run judged (0: it found none)
                "lead_practitioner": "VARCHAR",  # as the site names them; NULL: none recorded
            },
            "Each family of the casework milestones file, as the run read it, with how many needs it judged.",
        ),
        Table(
            "need_outcomes",
            "outcomes",
            "appended",
            ("run_id", "family_id", "descriptor_id", "horizon_days"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "headline": "VARCHAR",
                "descriptor_id": "VARCHAR",
                "measure_id": "VARCHAR",
                "measure_label": "VARCHAR",
                "is_default": "BOOLEAN",
                "counted": "BOOLEAN",
                "worked_with_start": "DATE",
                "closure_date": "DATE",
                "closure_reason": "VARCHAR",
                # the claim's horizon (--sustain-days) is marked; 365 and 730 days are tracked beside it
                "horizon_days": "INTEGER",
                "is_sustain_horizon": "BOOLEAN",
                "window_end": "DATE",
                "status": "VARCHAR",  # met, not_met, relapsed, not_yet_measurable
                "reason": "VARCHAR",
                "first_break_date": "DATE",
                "first_break_day": "INTEGER",
                "records": "BIGINT",
                "breaks": "BIGINT",
            },
            "Each identified need of each family worked with: met, not met, relapsed or not yet measurable, "
            "at the sustain horizon and at 12 and 24 months after closure.",
        ),
        Table(
            "outcome_evidence",
            "outcomes",
            "appended",
            ("run_id", "family_id", "descriptor_id", "person_id", "event_key"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "descriptor_id": "VARCHAR",
                "person_id": "VARCHAR",
                "event_key": "VARCHAR",
                "source": "VARCHAR",
                "record_key": "VARCHAR",
                "kind": "VARCHAR",
                "event_date": "DATE",
                "end_date": "DATE",
                "delivery_date": "DATE",
                "day_after_closure": "INTEGER",  # of the event, or 1 for a spell open at closure
                "breaks": "BOOLEAN",
                "evidence_values": "VARCHAR",
            },
            "The partner records read after each closure (up to 24 months), marked where they break the outcome.",
        ),
    ]


# --- claims ---------------------------------------------------------------------------------------------
def _claim_tables() -> list[Table]:
    return [
        Table(
            "claim_runs",
            "claims",
            "appended",
            ("run_id",),
            {
                "run_id": "VARCHAR PRIMARY KEY",
                "period": "VARCHAR NOT NULL",  # 2027Q1
                "period_start": "DATE NOT NULL",
                "period_end": "DATE NOT NULL",
                "as_of": "DATE NOT NULL",
                "outcome_run_id": "VARCHAR NOT NULL",
                "identify_run_id": "VARCHAR NOT NULL",
                "framework": "VARCHAR NOT NULL",
                "rules_files": "VARCHAR[]",
                "rules_sha256": "VARCHAR",
                "rules_json": "VARCHAR",
                "earned_autonomy": "BOOLEAN",
                "register_file": "VARCHAR",
                "register_sha256": "VARCHAR",  # NULL: no claims register yet
                "families_worked_with": "BIGINT",
                "claimable": "BIGINT",
                "submitted": "BIGINT",
                "started_at": "TIMESTAMP",
                "finished_at": "TIMESTAMP",
                "wholefamily_version": "VARCHAR",
            },
            "One row per claims build: the period, the outcomes run and claim rules read, the claims register.",
        ),
        Table(
            "claim_candidates",
            "claims",
            "appended",
            ("run_id", "family_id"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                # claimable, submitted (signed off for this period), not_claimable
                "status": "VARCHAR",
                "needs": "BIGINT",  # counted needs identified
                "headlines": "BIGINT",
                "closure_date": "DATE",
                "sustain_end": "DATE",  # closure + the outcomes run's sustain days
                "reasons": "BIGINT",
                "signed_off_by": "VARCHAR",  # of a submitted claim, from the claims register
                "signed_off_on": "DATE",
                # of a submitted claim signed off by a local discretionary override (the rules found the
                # family not claimable), from the claims register; NULL otherwise
                "override_reason": "VARCHAR",
            },
            "Each family worked with, for the period: claimable, submitted or not claimable (see claim_reasons).",
        ),
        Table(
            "claim_reasons",
            "claims",
            "appended",
            ("run_id", "family_id", "rule_id", "descriptor_id"),
            {
                "run_id": "VARCHAR",
                "family_id": "VARCHAR",
                "rule_id": "VARCHAR",
                "descriptor_id": "VARCHAR",  # the need, for outcomes_met; '' for a family's rule
                "headline": "VARCHAR",
                "reason": "VARCHAR",
            },
            "Why a family cannot be claimed yet: each rule it fails, and for outcomes each need.",
        ),
    ]


# --- every step -----------------------------------------------------------------------------------------
STEP_RUNS: dict[str, str] = {
    "run_id": "VARCHAR PRIMARY KEY",
    "step": "VARCHAR NOT NULL",
    "started_at": "TIMESTAMP NOT NULL",
    "finished_at": "TIMESTAMP NOT NULL",
    "as_of": "DATE",
    "inputs": "VARCHAR[] NOT NULL",
    "wholefamily_version": "VARCHAR NOT NULL",
}


def _retention_tables() -> list[Table]:
    return [
        Table(
            "retention_log",
            "retention",
            "appended",
            ("run_id", "target", "source", "delivery_date"),
            {
                "run_id": "VARCHAR NOT NULL",
                "applied_at": "TIMESTAMP NOT NULL",
                "as_of": "DATE NOT NULL",
                "records": "VARCHAR NOT NULL",
                "target": "VARCHAR NOT NULL",
                "source": "VARCHAR",
                "delivery_date": "DATE",
                "rows": "BIGINT NOT NULL",
                "rule": "VARCHAR NOT NULL",
            },
            "What each retention run removed: per table, source and delivery the rows deleted (a count, never "
            "the values), and each delivered file, report folder or return deleted, with the rule applied; "
            "so counts stay true after the rows have gone.",
        )
    ]


def _lineage_tables() -> list[Table]:
    return [
        Table(
            "step_runs",
            "pipeline",
            "appended",
            ("run_id",),
            STEP_RUNS,
            "Every published run of every step, with the runs whose tables it read (its lineage).",
        )
    ]


@cache
def warehouse_tables() -> dict[str, Table]:
    """Every table of the warehouse by name, in the order the steps run."""
    tables = [
        *_ingest_tables(),
        *_link_tables(),
        *_family_tables(),
        *_identify_tables(),
        *_outcome_tables(),
        *_claim_tables(),
        *_retention_tables(),
        *_lineage_tables(),
    ]
    return {t.name: t for t in tables}


def table(name: str) -> Table:
    """The declared table ``name``; a ``KeyError`` names a table nobody declared."""
    try:
        return warehouse_tables()[name]
    except KeyError:
        raise KeyError(f"{name!r} is not a warehouse table (see wholefamily.warehouse.tables)") from None


def tables_of(step: Step) -> dict[str, Table]:
    return {n: t for n, t in warehouse_tables().items() if t.step == step}
