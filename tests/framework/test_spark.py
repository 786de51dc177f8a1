"""The same compiled rules give the same matches on Spark (two worker processes) as on DuckDB.

Skipped only when pyspark is not installed, and never under CI=true (the `spark` extra is installed there).
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from rule_builders import AS_OF, Tiny, ago, born

from wholefamily.framework.compiler import condition_sql, descriptor_sql, rule_columns
from wholefamily.framework.evaluate import prepare
from wholefamily.framework.model import load_framework

if os.environ.get("CI") != "true":
    pytest.importorskip("pyspark")

#: the shared Spark session (two worker processes)
pytest_plugins = ["spark_fixture"]

pytestmark = pytest.mark.spark

SPARK_TYPES = {
    "VARCHAR": "string",
    "BIGINT": "bigint",
    "INTEGER": "int",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "DECIMAL(14,2)": "decimal(14,2)",
}


def test_rules_match_on_duckdb_and_spark(tiny: Tiny, spark: Any) -> None:
    kid, mum = tiny.person("kid", "F", "child", born(12)), tiny.person("mum", "F", "parent", born(40))
    for start, end in ((300, 200), (190, 100), (90, 10)):
        tiny.event(
            kid,
            "school_attendance",
            ago(start),
            ago(end),
            term="t",
            sessions_possible=100,
            sessions_missed=25,
            sessions_unauthorised=5,
        )
    for days in (200, 100, 50):
        tiny.event(kid, "school_suspension", ago(days), exclusion_type="suspension", days=1.5)
    tiny.event(kid, "police_incident", ago(20), incident_type="missing_person", incident_role="missing")
    tiny.event(kid, "police_incident", ago(21), incident_type="missing_person", incident_role="missing")
    tiny.event(mum, "benefit_spell", ago(400), None, benefit="universal_credit", out_of_work=True)
    tiny.event(mum, "rent_arrears", ago(30), amount_gbp=1250.5, tenure="council")
    tiny.event(mum, "police_incident", ago(30), incident_type="domestic_abuse", incident_role="victim")
    tiny.event(
        mum, "health_visiting_review", ago(60), review_type="antenatal", expected_delivery_date=ago(-40)
    )
    con = tiny.build()
    prepare(con, AS_OF)
    columns = list(rule_columns())
    rows = con.execute(f"SELECT {', '.join(columns)} FROM rule_events").fetchall()
    schema = ", ".join(f"{c} {SPARK_TYPES[t.replace(' NOT NULL', '')]}" for c, t in rule_columns().items())
    spark.createDataFrame(rows, schema).createOrReplaceTempView("rule_events")

    descriptors = load_framework("sf-2022").descriptors + load_framework("tf-2015").descriptors
    # one query per engine (Spark answers each query slowly): every rule's matches, tagged by its id
    duck = {
        tuple(r) for r in con.execute(" UNION ALL ".join(descriptor_sql(d) for d in descriptors)).fetchall()
    }
    on_spark = {
        tuple(r)
        for r in spark.sql(" UNION ALL ".join(descriptor_sql(d, "spark") for d in descriptors)).collect()
    }
    assert duck == on_spark
    assert len(duck) >= 15
    cond = load_framework("sf-2022").eligibility.expectant_parent
    assert cond is not None
    duck_people = {r[0] for r in con.execute(condition_sql(cond)).fetchall()}
    assert duck_people == {"mum"} == {r[0] for r in spark.sql(condition_sql(cond, "spark")).collect()}
    found = {r[0] for r in duck}
    assert {
        "persistent_absence",
        "suspensions",
        "missing_child",
        "out_of_work_benefits",
        "domestic_abuse",
        "rent_arrears",
    } <= found
