"""Restriction of processing (UK GDPR article 18): a person's data held but not used until lifted.

A restriction is a data manager's decision kept in the decisions file, like a link or family correction,
so rebuilding the warehouse never loses it. It names the person's records (their mention keys), not only
the person id of the day, so it follows them when a later linkage run gives them another id or joins
their records to others: every person holding one of the restricted records is restricted. ``identify``
leaves them out of needs and eligibility (so out of claims and of the casework site's new families);
outcomes, the evaluation study, the risk model, the pseudonymised extracts and publish to the casework
site leave them out too (a casework family loses them as a member, or its keyworker is asked to end their
membership).
"""

from __future__ import annotations

import duckdb

from wholefamily.decisions import DecisionStore, Restriction
from wholefamily.governance.errors import GovernanceError
from wholefamily.warehouse.connection import published_tables


def mention_keys_of(con: duckdb.DuckDBPyConnection, person_id: str) -> list[str]:
    """The records linkage gave the person, in the warehouse now."""
    if "person_mentions" not in published_tables(con):
        raise GovernanceError("the warehouse has no linked people: run `wholefamily link` first")
    keys = [
        str(k)
        for (k,) in con.execute(
            "SELECT mention_key FROM main.person_mentions WHERE person_id = ? ORDER BY mention_key",
            [person_id],
        ).fetchall()
    ]
    if not keys:
        raise GovernanceError(f"no person {person_id} in the warehouse (see `wholefamily explain`)")
    return keys


def restrict_person(
    con: duckdb.DuckDBPyConnection, store: DecisionStore, person_id: str, *, by: str, reason: str
) -> Restriction:
    return store.restrict(person_id, mention_keys_of(con, person_id), by=by, reason=reason)


def restricted_person_ids(con: duckdb.DuckDBPyConnection, store: DecisionStore) -> set[str]:
    """Every person id, in the warehouse now, holding a record of an active restriction."""
    if not store.path.is_file():
        return set()
    keys = sorted({k for r in store.active_restrictions() for k in r.mention_keys})
    if not keys or "person_mentions" not in published_tables(con):
        return set()
    return {
        str(p)
        for (p,) in con.execute(
            "SELECT DISTINCT person_id FROM main.person_mentions WHERE list_contains($keys, mention_key)",
            {"keys": keys},
        ).fetchall()
    }
