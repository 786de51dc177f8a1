"""Evidence: whether the programme works (``evaluate impact``), measured against comparable families."""
