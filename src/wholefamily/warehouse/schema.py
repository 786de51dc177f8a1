"""The warehouse tables ingest publishes, as DDL.

Canonical tables (rebuilt by every run from all deliveries up to its as-of date): ``mentions``,
``events`` (one typed column per vocabulary value field), ``quarantine`` and ``field_warnings``. The run
register (``runs``, ``run_sources``, ``run_files``) only grows.
"""

from __future__ import annotations

from wholefamily.ingest.normalise import quote_ident
from wholefamily.ingest.vocabulary import FieldType, Vocabulary

SQL_TYPES: dict[FieldType, str] = {
    "int": "BIGINT",
    "decimal": "DECIMAL(14,2)",
    "date": "DATE",
    "bool": "BOOLEAN",
    "code": "VARCHAR",
    "text": "VARCHAR",
}
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
QUARANTINE: dict[str, str] = {
    "run_id": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "file": "VARCHAR NOT NULL",
    "sheet": "VARCHAR",
    "row_number": "BIGINT NOT NULL",
    "delivery_date": "DATE NOT NULL",
    "people_group": "VARCHAR",
    "person_index": "INTEGER",
    "field": "VARCHAR NOT NULL",
    "reason": "VARCHAR NOT NULL",
    "raw_value": "VARCHAR",
    "raw": "VARCHAR NOT NULL",
}
FIELD_WARNINGS: dict[str, str] = {
    "run_id": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "file": "VARCHAR NOT NULL",
    "sheet": "VARCHAR",
    "row_number": "BIGINT NOT NULL",
    "delivery_date": "DATE NOT NULL",
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
    "mentions_read": "BIGINT NOT NULL",
    "mentions_accepted": "BIGINT NOT NULL",
    "mentions_quarantined": "BIGINT NOT NULL",
    "events": "BIGINT NOT NULL",
    "warnings": "BIGINT NOT NULL",
}
RUN_FILES: dict[str, str] = {
    "run_id": "VARCHAR NOT NULL",
    "source": "VARCHAR NOT NULL",
    "file": "VARCHAR NOT NULL",
    "sha256": "VARCHAR NOT NULL",
    "delivery_date": "DATE NOT NULL",
    "rows": "BIGINT NOT NULL",
}
REGISTER_TABLES = {"runs": RUNS, "run_sources": RUN_SOURCES, "run_files": RUN_FILES}


def mention_columns() -> dict[str, str]:
    return {**MENTION_KEYS, **PERSON_COLUMNS}


def event_columns(vocab: Vocabulary) -> dict[str, str]:
    values = {name: SQL_TYPES[ftype] for name, ftype in vocab.value_columns().items()}
    clash = set(values) & set(EVENT_KEYS)
    if clash:
        raise ValueError(f"event vocabulary fields {sorted(clash)} clash with event table columns")
    return {**EVENT_KEYS, **values}


def canonical_tables(vocab: Vocabulary) -> dict[str, dict[str, str]]:
    """The tables a run rebuilds, in publishing order."""
    return {
        "mentions": mention_columns(),
        "events": event_columns(vocab),
        "quarantine": QUARANTINE,
        "field_warnings": FIELD_WARNINGS,
    }


def create_table_sql(
    name: str, columns: dict[str, str], *, temp: bool = False, if_not_exists: bool = False
) -> str:
    body = ", ".join(f"{quote_ident(c)} {t}" for c, t in columns.items())
    head = "CREATE TEMP TABLE" if temp else "CREATE TABLE"
    return f"{head} {'IF NOT EXISTS ' if if_not_exists else ''}{quote_ident(name)} ({body})"
