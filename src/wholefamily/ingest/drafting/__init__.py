"""Drafting a source config from a partner file: ``wholefamily sources draft``.

The steps, one module each: sniff the file's layout (``sample``: ``delimited``, ``workbook``, ``jsondoc``),
profile each column's values in DuckDB with ingest's own checks (``profile``, ``dates``), guess each
column's person field from its header and values (``headers``, ``fields``, ``codes``, ``cells``), form the
people groups (``groups``) and the record key (``keys``), name the source (``naming``) and write the
commented YAML (``render``). ``wholefamily.ingest.draft`` runs them in order.

No value from the file goes into the draft except short code lists (``codes.short_codes``).
"""
