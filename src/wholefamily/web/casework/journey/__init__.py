"""The family's journey from referral to closure. ``transitions.py`` says when each step may happen and
``recording.py`` writes the audit entry and timeline event every step makes; the journey's four parts build on
them, each a folder of services with its ``pages.py``, ``forms.py`` and ``urls.py``: ``front_door/``,
``assessment/``, ``work/`` (which reuses the assessment's wellbeing tool at reviews) and ``closure/``."""
