"""The early help system and data maturity self-assessment: an editable, versioned template of areas,
statements and levels, scored by the coordinator each quarter, charted over time and exported."""
