"""The family's journey: referral and triage, assessment with the wellbeing tool, the family plan, team around
the family meetings, reviews, interventions, case notes, step-up and step-down, and closure.

Every row belongs to one family and is recorded by a person. Which changes are allowed when (closing needs a
plan, a closed case takes no reviews) is decided in ``journey/transitions.py``, not here.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from wholefamily.web.accounts.models import Agency, User
from wholefamily.web.casework.models.record import REFERRER_AGENCIES, Family, Need, Person

_USER = settings.AUTH_USER_MODEL


class _Recorded(models.Model):
    """Who recorded a row and when."""

    recorded_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Referral(_Recorded):
    """One referral of a family (a re-referral is a new row), with the front door's triage decision."""

    class Route(models.TextChoices):
        EARLY_HELP = "early_help", "Early help: whole-family support"
        SOCIAL_CARE = "social_care", "Children's social care front door"
        UNIVERSAL = "universal", "Universal services or signposting"

    class Origin(models.TextChoices):
        PIPELINE = "pipeline", "Identified from partner data"
        AGENCY = "agency", "Referred by an agency"
        FAMILY = "family", "The family asked for help"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="referrals")
    received_on = models.DateField()
    origin = models.CharField(max_length=10, choices=Origin.choices)
    referrer_agency = models.CharField(max_length=20, choices=REFERRER_AGENCIES, blank=True)
    referrer_name = models.CharField(max_length=120, blank=True)
    reason = models.TextField()
    consent_to_contact = models.BooleanField(
        null=True, help_text="Has the family agreed to be contacted? Unknown until asked."
    )
    level_of_need = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    route = models.CharField(max_length=12, choices=Route.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    triaged_by = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    triaged_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]

    @property
    def triaged(self) -> bool:
        return self.triaged_at is not None


class Assessment(_Recorded):
    """The whole-family assessment: every member considered, needs confirmed, added or ruled out."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="assessments")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    family_view = models.TextField(
        blank=True, help_text="What the family say about their situation, in their words."
    )
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]


class MemberConsidered(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="members_considered")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "person"], name="one_note_per_member")]


class AssessedNeed(models.Model):
    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        ADDED = "added", "Added by the assessment"
        RULED_OUT = "ruled_out", "Ruled out"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="needs")
    headline = models.CharField(max_length=40)
    need = models.ForeignKey(
        Need,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The pipeline's need.",
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["headline"]


class WellbeingArea(models.TextChoices):
    """The ten areas of the family wellbeing tool (our own wording), each scored 1 (very hard) to 10 (going well)."""

    PHYSICAL_HEALTH = "physical_health", "Physical health"
    EMOTIONAL_WELLBEING = "emotional_wellbeing", "Emotional wellbeing"
    KEEPING_SAFE = "keeping_safe", "Keeping safe"
    RELATIONSHIPS = "relationships", "Family relationships"
    PARENTING = "parenting", "Parenting and boundaries"
    LEARNING = "learning", "Children's learning"
    WORK_AND_MONEY = "work_and_money", "Work and money"
    HOME = "home", "Home and housing"
    DRUGS_AND_ALCOHOL = "drugs_and_alcohol", "Drugs and alcohol"
    COMMUNITY = "community", "Friends and community"


class WellbeingScore(_Recorded):
    """One area's score on one date, at an assessment or a review."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="wellbeing_scores")
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    review = models.ForeignKey(
        "Review", null=True, blank=True, on_delete=models.CASCADE, related_name="scores"
    )
    scored_on = models.DateField()
    area = models.CharField(max_length=24, choices=WellbeingArea.choices)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])

    class Meta:
        ordering = ["scored_on", "area"]
        constraints = [
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=10), name="score_1_to_10"),
        ]


class PlanGoal(_Recorded):
    """A goal of the family plan, under a headline (and the need it answers, where there is one)."""

    class Status(models.TextChoices):
        OPEN = "open", "Working on it"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "No longer needed"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="plan_goals")
    headline = models.CharField(max_length=40)
    need = models.ForeignKey(Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="goals")
    goal = models.TextField(help_text="What will be different, in the family's words where possible.")
    family_words = models.TextField(blank=True, help_text="What the family want, in their own words.")
    child_view = models.TextField(blank=True, help_text="What the child or young person says about it.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["headline", "id"]


class PlanAction(_Recorded):
    class Progress(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        STUCK = "stuck", "Stuck"

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=120, help_text="Who will do it: a family member or a practitioner.")
    owner_user = models.ForeignKey(_USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    progress = models.CharField(max_length=12, choices=Progress.choices, default=Progress.NOT_STARTED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]


class PlanActionNote(_Recorded):
    """A note on an action's progress, by whoever updated it (its owner in the team around the family, often)."""

    action = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="notes")
    progress = models.CharField(max_length=12, choices=PlanAction.Progress.choices)
    note = models.TextField()

    class Meta:
        ordering = ["recorded_at", "id"]


class TafMeeting(_Recorded):
    """A team around the family meeting."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    attendees = models.ManyToManyField(User, blank=True, related_name="+")
    family_attendees = models.ManyToManyField(Person, blank=True, related_name="+")
    other_attendees = models.CharField(max_length=300, blank=True)
    decisions = models.TextField()
    next_meeting_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]


class Review(_Recorded):
    """A review of progress, due at least every six weeks while the case is open."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    progress = models.TextField()
    next_review_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]


class InterventionReferral(_Recorded):
    """A referral of the family (or one member) to an intervention in the catalogue (``data/interventions.yaml``)."""

    class Status(models.TextChoices):
        REFERRED = "referred", "Referred"
        STARTED = "started", "Started"
        COMPLETED = "completed", "Completed"
        LEFT_EARLY = "left_early", "Left early"
        DECLINED = "declined", "Declined"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="intervention_referrals")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    intervention_id = models.CharField(max_length=80)
    referred_on = models.DateField()
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    sessions_offered = models.PositiveSmallIntegerField(null=True, blank=True)
    sessions_attended = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REFERRED)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sessions_attended__isnull=True)
                | models.Q(sessions_offered__isnull=True)
                | models.Q(sessions_attended__lte=models.F("sessions_offered")),
                name="attended_within_offered",
            )
        ]


class CaseNote(_Recorded):
    """A contact with the family or about it (home visit, phone, virtual, meeting) or a note."""

    class Kind(models.TextChoices):
        HOME_VISIT = "home_visit", "Home visit"
        PHONE = "phone", "Phone call"
        VIRTUAL = "virtual", "Video call"
        MEETING = "meeting", "Meeting"
        NOTE = "note", "Case note"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="case_notes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    happened_on = models.DateField()
    people = models.ManyToManyField(Person, blank=True, related_name="+")
    note = models.TextField()
    sensitive = models.BooleanField(
        default=False, help_text="Only roles that see sensitive details may read it."
    )
    agency = models.CharField(max_length=20, choices=Agency.choices, blank=True)

    class Meta:
        ordering = ["-happened_on", "-id"]


class CaseNoteAmendment(_Recorded):
    """A correction of a case note by its author or the manager of the family's team. Notes are never deleted:
    the text the amendment replaced is kept here, and shown with the note ("Amended on ... by ...; original: ...")."""

    case_note = models.ForeignKey(CaseNote, on_delete=models.CASCADE, related_name="amendments")
    original = models.TextField(help_text="The note's text before this amendment.")

    class Meta:
        ordering = ["recorded_at", "id"]


class StepChange(_Recorded):
    """A step up to children's social care, or a step down from it to early help."""

    class Direction(models.TextChoices):
        UP = "up", "Step up to children's social care"
        DOWN = "down", "Step down to early help"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="step_changes")
    direction = models.CharField(max_length=4, choices=Direction.choices)
    decided_on = models.DateField()
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]


class Closure(_Recorded):
    """The end of a piece of work. Closure starts the six-month sustainment clock used by claims."""

    class Reason(models.TextChoices):
        OUTCOMES_MET = "outcomes_met", "Outcomes met"
        DECLINED = "declined", "The family declined support"
        DISENGAGED = "disengaged", "The family stopped engaging"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        STEPPED_UP = "stepped_up", "Stepped up to children's social care"
        SIGNPOSTED = "signposted", "Signposted to universal services at triage"
        OTHER = "other", "Another reason"

    SUSTAINMENT_DAYS = 183

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="closures")
    closed_on = models.DateField()
    reason = models.CharField(max_length=14, choices=Reason.choices)
    note = models.TextField(blank=True)
    reopened_on = models.DateField(null=True, blank=True, help_text="Set when the family is referred again.")
    not_achieved = models.JSONField(
        default=list,
        blank=True,
        help_text="Closed as outcomes met: the needs whose goal was not achieved at closure.",
    )
    not_achieved_reason = models.TextField(
        blank=True, help_text="Why the case closed as outcomes met with those needs' goals not achieved."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-closed_on", "-id"]

    @property
    def sustained_until(self) -> dt.date:
        return self.closed_on + dt.timedelta(days=self.SUSTAINMENT_DAYS)
