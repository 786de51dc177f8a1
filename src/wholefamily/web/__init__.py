"""The casework web application (Django), in layers: ``api/`` (the REST API), ``warehouse_sync/`` (publish
from the warehouse, export back to it) and ``demo_users.py`` build on ``casework/`` (the family record, the
journey and the access rules), which builds on ``accounts/`` (users, roles, teams and the audit trail).
pyproject.toml's import-linter contracts keep that order.

The web application never opens the warehouse: ``wholefamily publish`` copies what casework shows into the
casework database. Start it with ``wholefamily serve``; ``wholefamily.web.setup.django_setup`` configures Django for
the command line.
"""
