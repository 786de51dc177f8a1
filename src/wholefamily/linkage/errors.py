"""The one error type of person linkage: a message for the data manager, shown without a traceback."""

from wholefamily.errors import WholefamilyError


class LinkageError(WholefamilyError):
    """A link run (or a review, explanation or evaluation) that cannot proceed as asked."""
