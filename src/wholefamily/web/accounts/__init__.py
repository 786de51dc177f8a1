"""Users, roles, teams and the audit trail."""
