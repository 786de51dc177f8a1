"""Outcome frameworks as data, local outcome plans, the rule compiler and ``identify``."""
