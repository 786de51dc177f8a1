"""A new month of data does not give people new ids; explanations show why mentions were joined."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from tests_linkage_helpers import invoke_ok, prior_weight

from wholefamily.linkage.errors import LinkageError
from wholefamily.linkage.explain import explain_person
from wholefamily.linkage.model import ModelParameters
from wholefamily.linkage.run import run_link
from wholefamily.workspace import Workspace

pytestmark = pytest.mark.slow


def test_people_keep_their_ids_when_the_next_delivery_arrives(
    template: Path, tmp_path: Path, trained: ModelParameters
) -> None:
    authority = Workspace(Path(shutil.copytree(template, tmp_path / "authority")))  # it ingests a delivery
    run_link(authority, params=trained)
    with duckdb.connect(str(authority.warehouse)) as con:
        con.execute("CREATE TABLE first_run AS FROM person_mentions")
    invoke_ok("ingest", "--workspace", str(authority.root))

    result = run_link(authority, params=trained)

    with duckdb.connect(str(authority.warehouse), read_only=True) as con:
        kept, changed = con.execute(
            "SELECT count(*) FILTER (f.person_id = n.person_id), count(*) FILTER (f.person_id <> n.person_id) "
            "FROM first_run f JOIN person_mentions n USING (mention_key)"
        ).fetchall()[0]
        new_mentions = con.execute(
            "SELECT count(*) FROM person_mentions ANTI JOIN first_run USING (mention_key)"
        ).fetchall()[0][0]
        # every person of the new run that holds a first-run mention kept a first-run id, unless it is the
        # smaller part of a split
        fresh_ids_for_old_people = con.execute(
            "SELECT count(DISTINCT n.person_id) FROM person_mentions n JOIN first_run f USING (mention_key) "
            "WHERE n.person_id NOT IN (SELECT person_id FROM first_run)"
        ).fetchall()[0][0]
    assert new_mentions > 0, "the second delivery brings new mentions"
    assert kept > 0
    assert changed <= 0.001 * kept
    assert fresh_ids_for_old_people <= result.new_ids
    # a new month can split a doubtful cluster: the smaller part then needs an id, but only rarely
    assert fresh_ids_for_old_people <= 0.005 * result.persons


def test_explanation_lists_mentions_and_per_field_weights(
    authority: Workspace, trained: ModelParameters
) -> None:
    run_link(authority, params=trained)
    with duckdb.connect(str(authority.warehouse), read_only=True) as con:
        person = con.execute(
            "SELECT person_id FROM persons WHERE n_mentions >= 3 AND len(sources) >= 2 "
            "ORDER BY person_id LIMIT 1"
        ).fetchall()[0][0]
        keys = {
            r[0]
            for r in con.execute(
                "SELECT mention_key FROM person_mentions WHERE person_id = ?", [person]
            ).fetchall()
        }

    found = explain_person(authority, person)

    assert {m["mention_key"] for m in found.mentions} == keys
    assert found.pairs, "a person of several mentions was joined by scored pairs"
    # the pairs that join the person: a tree over its mentions, one pair fewer than the mentions
    assert len(found.pairs) == len(keys) - 1
    ends = [{p["mention_key_l"], p["mention_key_r"]} for p in found.pairs]
    joined = set(ends[0])
    for _ in ends:
        joined |= {key for pair in ends if joined & pair for key in pair}
    assert joined == keys
    for pair in found.pairs:
        assert {pair["mention_key_l"], pair["mention_key_r"]} <= keys
        assert {"mw_first_name", "mw_surname", "mw_dob", "mw_postcode"} <= set(pair)
        assert pair["match_weight"] == pytest.approx(
            sum(v for k, v in pair.items() if k.startswith("mw_")) + prior_weight(trained), abs=1e-6
        )


def test_explaining_an_unknown_person_is_a_clear_error(
    authority: Workspace, trained: ModelParameters
) -> None:
    run_link(authority, params=trained)  # the module's workspace may not be linked yet when run alone
    with pytest.raises(LinkageError, match="no person 'PNOSUCHPERSON'"):
        explain_person(authority, "PNOSUCHPERSON")
