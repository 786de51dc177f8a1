"""The one error type of person linkage: a message for the data manager, shown without a traceback."""


class LinkageError(Exception):
    """A link run (or a review, explanation or evaluation) that cannot proceed as asked."""
