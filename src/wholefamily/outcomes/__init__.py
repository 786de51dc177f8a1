"""Outcomes after closure: each need of each family worked with, met or not, with its evidence."""
