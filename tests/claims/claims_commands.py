"""The command line, as the tests run it."""

from __future__ import annotations

from click.testing import CliRunner

from wholefamily.cli import main

GENERATE = ["generate", "--residents", "1500", "--seed", "3", "--deliveries", "12", "--closures", "0.6"]


def invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output
