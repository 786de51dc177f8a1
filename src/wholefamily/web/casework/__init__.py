"""Families, people and the record of work with them."""
