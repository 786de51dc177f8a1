"""Casework: families, people and the record of work with them (the Django app ``casework``; its models are
in ``models/``).

One convention everywhere: in each concern's folder, ``pages.py`` holds the views (the pages), ``forms.py``
the forms and ``urls.py`` the routes; every other module is a service: the rules and the writes, shared by the
pages and the API, which never read a request nor make a response (they take the request only to hand it to
the audit trail). The API (``web/api``) imports services only.

- ``record/``: the family record as a role may read it (with its journey section, the task list), people,
  the lists of families, search, the audit log, the team around the family and consent.
- ``journey/``: the family's journey from referral to closure. ``transitions.py`` says when each step may
  happen; ``front_door/`` (referral, triage, allocation, caseloads, the dashboard), ``assessment/``
  (assessment, wellbeing, the family plan), ``work/`` (meetings, reviews, interventions, contacts and notes)
  and ``closure/`` (step-up, step-down, closure, re-referral) are its parts.
- Shared by both: ``access.py`` (who may see and change which families), ``family_gate.py`` (the one way a
  page opens a family), ``needs.py`` (the family's needs by headline), ``timeline.py`` and ``postcodes.py``.
"""
