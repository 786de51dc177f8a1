"""Visits offline: a keyworker keeps a family for offline use, and what they record offline is sent when the
connection returns without duplicates and without silently overwriting a change made on the server
(docs/casework.md, "Working offline")."""
