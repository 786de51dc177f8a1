"""The family record: its sections as a role may read them, people, the lists of families, search, the audit
log, the team around the family and consent."""
