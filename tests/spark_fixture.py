"""The Spark session for every Spark test: two worker processes on this machine (Spark's ``local-cluster``
master), so that what runs is shipped to executors as on a real cluster, not only run in the driver. A test
module asks for it with ``pytest_plugins = ["spark_fixture"]``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

#: two workers of one core and 1 GB each
TEST_MASTER = "local-cluster[2,1,1024]"


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from wholefamily.warehouse.spark import spark_session

    session = spark_session(TEST_MASTER)
    yield session
    session.stop()
