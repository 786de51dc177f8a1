"""A partner's column names never clash with wholefamily's own, whatever they are called."""

from __future__ import annotations

import datetime as dt

from workspace_builder import Ws

#: Names wholefamily uses for its own columns while reading: an event value, step columns, table columns.
CLASHING = """\
    source: dwp
    title: DWP
    agency: dwp
    files: extracts/*/dwp.csv
    format: {type: csv}
    people:
      - name: claimant
        fields:
          first_name: {column: t_0}
          surname: {column: file}
          local_id: {column: person_index}
          role: {column: emit}
          address: {column: record_key}
          postcode: {column: problems}
    events:
      - kind: benefit_spell
        date: {column: start, date_formats: [iso]}
        when_present: present
        values:
          benefit: {column: BENEFIT, map: {UC: universal_credit}}
          out_of_work: {column: sheet}
    """


def test_partner_columns_named_like_ours_are_read_as_theirs(ws: Ws) -> None:
    ws.config("dwp", CLASHING)
    ws.file(
        "extracts/2024-01-31/dwp.csv",
        "t_0,file,person_index,emit,record_key,problems,start,present,BENEFIT,sheet\n"
        "Ann,Lee,P1,claimant,1 High St,LS1 4AP,2024-01-01,Y,UC,yes\n"
        "Bob,Ray,P2,claimant,2 High St,LS1 4AP,2024-01-02,Y,UC,perhaps\n"
        "Cy,Day,P3,claimant,3 High St,LS1 4AP,not a date,Y,UC,no\n",
    )
    ws.ingest()
    assert ws.query(
        "select first_name, surname, local_id, role, address, postcode, benefit, out_of_work, event_date "
        "from mentions join events using (mention_key) order by 1"
    ) == [
        (
            "ANN",
            "LEE",
            "P1",
            "claimant",
            "1 HIGH STREET",
            "LS1 4AP",
            "universal_credit",
            True,
            dt.date(2024, 1, 1),
        ),
    ]
    assert ws.query("select row_number, field, raw from quarantine order by 1") == [
        (
            3,
            "benefit_spell.out_of_work",
            '{"t_0":"Bob","file":"Ray","person_index":"P2","emit":"claimant","record_key":"2 High St",'
            '"problems":"LS1 4AP","start":"2024-01-02","present":"Y","BENEFIT":"UC","sheet":"perhaps"}',
        ),
        (
            4,
            "benefit_spell.event_date",
            '{"t_0":"Cy","file":"Day","person_index":"P3","emit":"claimant","record_key":"3 High St",'
            '"problems":"LS1 4AP","start":"not a date","present":"Y","BENEFIT":"UC","sheet":"no"}',
        ),
    ]


def test_a_column_named_like_wholefamilys_internal_columns_stops_the_run(ws: Ws) -> None:
    ws.config("dwp", CLASHING)
    ws.file("extracts/2024-01-31/dwp.csv", "t_0,file,__wf_rid\nAnn,Lee,1\n")
    result = ws.ingest(ok=False)
    assert result.exit_code == 2
    assert "column '__wf_rid': names starting '__wf_' are wholefamily's own" in result.output
