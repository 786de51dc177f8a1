"""The casework record: families and their members, needs with evidence, the timeline, the lead practitioner,
the team around the family and consent to share.

Rows published from the warehouse carry ``source = "pipeline"`` and the warehouse id; rows recorded by people
carry ``source = "casework"``. Publishing only ever touches pipeline rows (see ``publish.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from wholefamily.web.accounts.models import Agency, Team

#: Headlines whose details only roles that need them may read (see ``access.py``).
SENSITIVE_HEADLINES = frozenset({"domestic_abuse"})


class Source(models.TextChoices):
    PIPELINE = "pipeline", "Partner data (pipeline)"
    CASEWORK = "casework", "Recorded in casework"


#: Who can refer a family: a partner agency, the family itself, or someone else.
REFERRER_AGENCIES = [*Agency.choices, ("family", "The family (self-referral)"), ("other", "Other")]


class Family(models.Model):
    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified from partner data"
        REFERRED = "referred", "Referred: waiting for triage"
        ACCEPTED = "accepted", "Accepted: waiting for allocation"
        OPEN = "open", "Open: allocated"
        STEPPED_UP = "stepped_up", "Stepped up to children's social care"
        CLOSED = "closed", "Closed"

    warehouse_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IDENTIFIED, db_index=True)
    address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    eligible = models.BooleanField(default=False)
    priority = models.PositiveIntegerField(null=True, blank=True)
    priority_reason = models.CharField(max_length=300, blank=True)
    flags: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    identify_run = models.CharField(
        max_length=40, blank=True, help_text="The identify run that published it."
    )
    link_run = models.CharField(max_length=40, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="families")
    lead_practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_families",
    )
    referral_reason = models.TextField(blank=True)
    referrer_agency = models.CharField(max_length=20, choices=REFERRER_AGENCIES, blank=True)
    referrer_name = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    pseudonymised_on = models.DateField(
        null=True,
        blank=True,
        help_text="Retention or erasure left only a tombstone (dates, codes); publish never fills it again.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "id"]
        verbose_name_plural = "families"
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["lead_practitioner", "status"]),
        ]

    @property
    def reference(self) -> str:
        return f"WF{self.pk:06d}"

    @property
    def is_allocated(self) -> bool:
        return self.lead_practitioner_id is not None

    def __str__(self) -> str:
        return self.reference


class Person(models.Model):
    warehouse_id = models.CharField(max_length=40, unique=True, null=True, blank=True)
    origin = models.CharField(max_length=10, choices=Source.choices)
    first_name = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100, blank=True, db_index=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    sex = models.CharField(max_length=20, blank=True)
    ethnicity = models.CharField(max_length=60, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, db_index=True)
    address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    pseudonymised_on = models.DateField(
        null=True,
        blank=True,
        help_text="Retention or erasure removed their details; publish never fills them again.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["surname", "first_name"]
        indexes = [models.Index(fields=["surname", "first_name"])]

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.surname) if p) or "(name not known)"

    def age_on(self, day: dt.date) -> int | None:
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    """A person in a family, with their role and the dates they belonged."""

    class Role(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        PARTNER = "partner", "Partner"
        CHILD = "child", "Child"
        OTHER_ADULT = "other_adult", "Other adult in the household"
        NON_RESIDENT_PARENT = "non_resident_parent", "Parent living elsewhere"
        OTHER = "other", "Other"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=24, choices=Role.choices)
    resident = models.BooleanField(default=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    evidence: models.JSONField[Any] = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["family", "role", "person__date_of_birth"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "person"], condition=Q(end_date__isnull=True), name="one_open_membership"
            )
        ]


class Need(models.Model):
    """A need under a headline of the outcome framework, for the family, with the people it concerns."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="needs")
    headline = models.CharField(max_length=40)
    headline_label = models.CharField(max_length=120)
    descriptor_id = models.CharField(max_length=60)
    descriptor_label = models.CharField(max_length=300)
    counted = models.BooleanField(default=True, help_text="Counts towards the family's eligibility.")
    people = models.ManyToManyField(Person, blank=True, related_name="needs")
    source = models.CharField(max_length=10, choices=Source.choices)
    framework = models.CharField(max_length=20, blank=True)
    identify_run = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["headline", "descriptor_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "descriptor_id"], condition=Q(source="pipeline"), name="one_pipeline_need"
            )
        ]

    @property
    def sensitive(self) -> bool:
        return self.headline in SENSITIVE_HEADLINES


class Evidence(models.Model):
    """One partner record that proves a need."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="evidence")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=60)
    record_key = models.CharField(max_length=120)
    kind = models.CharField(max_length=60)
    event_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    delivery_date = models.DateField(null=True, blank=True)
    values = models.CharField(max_length=500, blank=True)
    event_key = models.CharField(max_length=200)

    class Meta:
        ordering = ["-event_date"]
        constraints = [models.UniqueConstraint(fields=["need", "event_key"], name="one_evidence_row")]


class NeedOutcome(models.Model):
    """A pipeline need's outcome at one horizon after the case closed (days: 183, 365, 730), as the latest
    outcomes run judged it; ``wholefamily publish`` keeps these in step with the warehouse."""

    class Status(models.TextChoices):
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"
        RELAPSED = "relapsed", "Relapsed"
        NOT_YET_MEASURABLE = "not_yet_measurable", "Not yet measurable"

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="outcomes")
    horizon_days = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.CharField(
        max_length=300, blank=True, help_text="Why it is not yet measurable, and so on."
    )
    records = models.PositiveIntegerField(default=0, help_text="Partner records read after closure.")
    window_end = models.DateField(null=True, blank=True)
    outcomes_run = models.CharField(max_length=40)

    class Meta:
        ordering = ["need", "horizon_days"]
        constraints = [
            models.UniqueConstraint(fields=["need", "horizon_days"], name="one_outcome_per_horizon")
        ]


class TimelineEvent(models.Model):
    """Something that happened to the family or a member: partner records and casework alike."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="timeline")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField(db_index=True)
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    detail = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=60, help_text="Partner source id, or casework.")
    sensitive = models.BooleanField(default=False)
    event_key = models.CharField(max_length=200, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [models.UniqueConstraint(fields=["family", "event_key"], name="one_timeline_row")]


class TeamMember(models.Model):
    """A practitioner in the team around the family (TAF)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="team_members")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_around_families"
    )
    agency = models.CharField(max_length=20, choices=Agency.choices, blank=True)
    role_in_team = models.CharField(max_length=120, blank=True)
    start_date = models.DateField(default=dt.date.today)
    end_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "practitioner"],
                condition=Q(end_date__isnull=True),
                name="one_open_taf_seat",
            )
        ]


class Consent(models.Model):
    """Consent given for one purpose (and, to share, one agency), with how and when; withdrawable."""

    class Purpose(models.TextChoices):
        TAKE_PART = "take_part", "To take part in whole-family support"
        ASSESS_CHILDREN = "assess_children", "To assess the children"
        SHARE = "share", "To share information with an agency"
        CONTACT = "contact", "To be contacted"

    class How(models.TextChoices):
        WRITTEN = "written", "In writing"
        VERBAL = "verbal", "Verbally"
        DIGITAL = "digital", "Digitally (form or email)"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="consents")
    given_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    agency = models.CharField(max_length=20, choices=Agency.choices, blank=True)
    given_on = models.DateField()
    how = models.CharField(max_length=10, choices=How.choices)
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="share") | ~Q(agency=""), name="share_consent_names_agency"
            )
        ]

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None


class Suggestion(models.Model):
    """A pipeline change to an allocated family, waiting for the keyworker (never applied by publish)."""

    class Kind(models.TextChoices):
        NEW_MEMBER = "new_member", "Someone new in the household"
        MEMBER_LEFT = "member_left", "Someone has left the household"
        NEW_NEED = "new_need", "A new need in partner data"
        NEED_GONE = "need_gone", "A need no longer shown in partner data"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=120, help_text="What it is about (person or descriptor id).")
    summary = models.CharField(max_length=300)
    payload: models.JSONField[Any] = models.JSONField(default=dict)
    identify_run = models.CharField(max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "kind", "key"], condition=Q(status="pending"), name="one_pending_suggestion"
            )
        ]


class PartnerFeed(models.Model):
    """One partner source's feed health as ``wholefamily publish`` last copied it from the warehouse
    (``ingest/feed_health.py``): its last delivery and when the next is expected."""

    source = models.CharField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    agency = models.CharField(max_length=60, blank=True)
    owner_role = models.CharField(max_length=60)
    expected_every_days = models.PositiveSmallIntegerField()
    last_delivery = models.DateField()
    rows = models.BigIntegerField()
    previous_delivery = models.DateField(null=True, blank=True)
    previous_rows = models.BigIntegerField(null=True, blank=True)
    fields_gone_empty: models.JSONField[Any] = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["title", "source"]

    @property
    def due_on(self) -> dt.date:
        return self.last_delivery + dt.timedelta(days=self.expected_every_days)

    @property
    def rows_change(self) -> int | None:
        return None if self.previous_rows is None else self.rows - self.previous_rows


class PublishRun(models.Model):
    """One ``wholefamily publish``: which warehouse runs it copied and what it changed."""

    identify_run = models.CharField(max_length=40)
    link_run = models.CharField(max_length=40)
    framework = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    counts: models.JSONField[Any] = models.JSONField(default=dict)

    class Meta:
        ordering = ["-started_at"]
