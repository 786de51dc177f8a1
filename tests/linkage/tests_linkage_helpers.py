"""Helpers shared by the linkage tests."""

from __future__ import annotations

from click.testing import CliRunner, Result

from wholefamily.cli import main
from wholefamily.cli.linkage import evaluate, explain, link, review

for _command in (link, review, explain, evaluate):
    if _command.name not in main.commands:
        main.add_command(_command)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def invoke_ok(*args: str) -> Result:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    return result
