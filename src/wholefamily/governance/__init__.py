"""Information governance: the sharing agreements register, subject access packs and retention rules.

It sits between ingest and the warehouse: ingest checks each delivery against the agreements, and the
subject access and retention commands read and change the warehouse through its own helpers.
"""
