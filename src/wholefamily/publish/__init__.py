"""Publish: read what casework shows about identified families out of the warehouse.

This is the pipeline half of ``wholefamily publish`` (plain Python and DuckDB, no Django): ``extract.py``
reads one identify run and the families behind it into the plain records of ``records.py``; ``titles.py``
words partner events for the timeline. The casework half (``wholefamily.web.warehouse_sync.publish``) writes
those records into the casework database.
"""
