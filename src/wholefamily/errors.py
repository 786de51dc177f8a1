"""The one error type every step raises for a problem the user can act on.

Commands show its message in one line and exit with status 2 (``wholefamily.command_line``); anything
else is a bug and keeps its traceback. Each step names its own subclass so a caller can tell them apart.
"""

from __future__ import annotations


class WholefamilyError(Exception):
    """A problem with the input, the workspace or the order of steps; the message says what to do."""
