"""wholefamily: whole-family data and casework for the Supporting Families programme."""

__version__ = "0.1.0"
