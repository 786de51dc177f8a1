"""Erasure of a family's casework record (UK GDPR article 17), where the law allows it.

The right to erasure applies to data held on consent once consent is withdrawn; it does not apply to data
processed for a public task the council must carry out (article 17(3)(b)). So the site erases a family's
casework record only when the legal basis in use for casework is consent, the family consented to take part
and every such consent has been withdrawn, and the case is closed. Partner data in the warehouse rests on
identification's basis (public task by default) and is not erased here; its processing can be restricted.

Erasure leaves the same tombstone as retention (``tombstones.py``) so that the closures and claims it is
counted in stay true, keeps its warehouse ids so that no later publish brings the family back into casework,
and is audited with the reason and the counts (never the values).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.http import HttpRequest

from wholefamily.governance.legal_basis import BasesInUse
from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.casework.models import Consent, Family
from wholefamily.web.governance.tombstones import delete_files, make_tombstones


def why_not_erasable(family: Family, bases: BasesInUse) -> str | None:
    """Why the law (as the legal basis in use says) or the case does not allow erasure; None when it does."""
    casework = next(use for use in bases.bases.uses if use.purpose == "casework")
    if family.pseudonymised_on is not None:
        return (
            f"The family's record was already reduced to a tombstone on {family.pseudonymised_on:%d %B %Y}."
        )
    if casework.basis != "consent":
        return (
            f"Casework rests on {casework.basis.replace('_', ' ')}, not consent: the right to erasure does not "
            "apply. Restrict processing instead if the request contests the data."
        )
    take_part = family.consents.filter(purpose=Consent.Purpose.TAKE_PART)
    if not take_part.exists():
        return "No consent to take part is recorded for this family, so none has been withdrawn."
    if take_part.filter(withdrawn_on=None).exists():
        return "The family's consent to take part has not been withdrawn."
    if family.status != Family.Status.CLOSED:
        return "Close the case first (the family declined support), then erase its record."
    return None


def erase_family(request: HttpRequest, user: User, family: Family, reason: str) -> Counter[str]:
    """Reduce the family's record to its tombstone, audited; returns what went, by kind of record."""
    with transaction.atomic():
        counts, files = make_tombstones([family.pk], dt.date.today(), keep_apart=True)
        audit.record(
            user,
            AuditEntry.Action.DELETE,
            request=request,
            family_id=family.pk,
            summary=f"Erased the casework record of family {family.reference} (consent withdrawn); a tombstone "
            "is kept",
            detail={"reason": reason, "removed": dict(sorted(counts.items()))},
        )
    delete_files(files)
    return counts
