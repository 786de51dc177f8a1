"""Insight: dashboards for the coordinator, team managers and the data manager, drawn from the casework
database the user may read. Each chart is SVG drawn on the server (``charts.py``), with the same figures
as a table, as a CSV download and in a sentence (``figures.py``)."""
