"""The casework web application (Django): accounts and access, the family record, the API.

The web application never opens the warehouse: ``wholefamily publish`` copies what casework shows into the
casework database. Start it with ``wholefamily serve``; ``wholefamily.web.django_setup`` configures Django for
the command line.
"""
