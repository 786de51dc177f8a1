"""The family's own voice: the wellbeing areas as the family rate them (beside the keyworker's scores), and
the family's feedback when the work closes, entered from paper or given through a one-time link."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from wholefamily.web.casework.models.journey import Closure, WellbeingArea, _Recorded
from wholefamily.web.casework.models.record import Family, Person

_USER = settings.AUTH_USER_MODEL


class FamilyRating(_Recorded):
    """One wellbeing area as the family rate it themselves, on one date: by one member, or the family together."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="own_ratings")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member who rated; empty when the family rated together.",
    )
    rated_on = models.DateField()
    area = models.CharField(max_length=24, choices=WellbeingArea.choices)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(10)])

    class Meta:
        ordering = ["rated_on", "area"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=10), name="own_rating_1_to_10"
            ),
        ]


class FeedbackAnswer(models.TextChoices):
    """The one scale every closure feedback question is answered on."""

    A_LOT = "a_lot", "Yes, a lot"
    A_LITTLE = "a_little", "Yes, a little"
    NO = "no", "No"
    NOT_SURE = "not_sure", "Not sure"


class FeedbackLink(models.Model):
    """A one-time link the family answer the closure questions on, without an account. The link carries a signed
    token naming this row; it works until ``expires_at`` and only once (``used_at``)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="feedback_links")
    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="feedback_links")
    created_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def usable(self) -> bool:
        return self.used_at is None and timezone.now() < self.expires_at


class ClosureFeedback(_Recorded):
    """The family's answers at closure. ``recorded_by`` is the keyworker who entered a paper form; empty when the
    family answered through a link."""

    class Channel(models.TextChoices):
        PAPER = "paper", "On paper, entered by a practitioner"
        LINK = "link", "Through the family's link"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="closure_feedback")
    closure = models.ForeignKey(Closure, on_delete=models.CASCADE, related_name="feedback")
    channel = models.CharField(max_length=6, choices=Channel.choices)
    link = models.OneToOneField(
        FeedbackLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    answered_on = models.DateField()
    helped = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    listened = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    plan_was_ours = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    coping_better = models.CharField(max_length=10, choices=FeedbackAnswer.choices)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["-answered_on", "-id"]
