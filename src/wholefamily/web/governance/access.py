"""Who may use the governance pages. The legal basis page is for every member of staff."""

from __future__ import annotations

from wholefamily.web.accounts.models import Role, User

REVIEWS_AGREEMENTS = frozenset({Role.COORDINATOR, Role.DATA_MANAGER})
ANSWERS_SUBJECT_ACCESS = frozenset({Role.COORDINATOR})


def may_review_agreements(user: User) -> bool:
    return user.is_active and user.role in REVIEWS_AGREEMENTS


def may_answer_subject_access(user: User) -> bool:
    return user.is_active and user.role in ANSWERS_SUBJECT_ACCESS
