"""Write one publish extract into the casework database, without ever overwriting people's work.

Rows are matched on warehouse ids: families and people on ``warehouse_id``, pipeline needs on
(family, descriptor), evidence on (need, event key), timeline events on (family, event key). Only rows that
came from the pipeline are changed; what people record (the team around the family, consent, needs,
memberships and timeline entries recorded in casework, allocation, status and referral reason) is never
touched, and neither is a person or membership someone has edited (their history names a user).

- A family nobody is allocated to follows the warehouse: members who left are ended (``end_date``, never
  deleted), needs that are gone are removed, evidence follows its need.
- An allocated family's membership and need changes become pending ``Suggestion`` rows for the keyworker
  instead (one per change: not again while one waits or after the keyworker dismissed it); new evidence of
  its needs and its partner timeline events are still added.
- A family that drops out of scope stays, with ``eligible`` as the identify run left it.
- Families and people recorded by hand come back through linkage as the ``casework_referrals`` source
  (``wholefamily export-casework``): a new warehouse person or family that carries the casework id of a
  casework record with no warehouse id is matched to it (it gets the warehouse id) instead of being created
  again. What people typed stays: a matched person is never updated, a matched family gets only the
  pipeline's fields (eligibility, priority, flags), and its casework memberships are never ended.

Everything runs in one transaction with bulk queries over maps read up front, so the number of queries
does not grow with the number of families (inserts go in batches). Publishing the same identify run again changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from wholefamily.publish.records import (
    EvidenceRecord,
    Extract,
    MemberRecord,
    NeedRecord,
    PersonRecord,
    TimelineRecord,
)
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import (
    Evidence,
    Family,
    Membership,
    Need,
    Person,
    PublishRun,
    Source,
    Suggestion,
    TimelineEvent,
)

PIPELINE = Source.PIPELINE

_FAMILY_FIELDS = ("address", "postcode", "eligible", "priority", "priority_reason", "flags")
#: What publish sets on a family recorded in casework: the address is the one the keyworker recorded.
_CASEWORK_FAMILY_FIELDS = ("eligible", "priority", "priority_reason", "flags")
_PERSON_FIELDS = (
    "first_name",
    "surname",
    "date_of_birth",
    "sex",
    "ethnicity",
    "nhs_number",
    "address",
    "postcode",
)
_MEMBER_FIELDS = ("role", "resident", "start_date", "evidence")
_NEED_FIELDS = ("headline", "headline_label", "descriptor_label", "counted", "note", "framework")
_EVIDENCE_FIELDS = (
    "person_id",
    "source",
    "record_key",
    "kind",
    "event_date",
    "end_date",
    "delivery_date",
    "values",
)
_TIMELINE_FIELDS = ("person_id", "date", "kind", "title", "detail", "source", "sensitive")

#: The order of the counts in the summary and in ``PublishRun.counts``.
COUNT_NAMES = (
    "families_created",
    "families_updated",
    "families_unchanged",
    "families_out_of_scope_updated",
    "families_matched_to_casework",
    "people_created",
    "people_matched_to_casework",
    "people_updated",
    "memberships_created",
    "memberships_updated",
    "memberships_ended",
    "needs_created",
    "needs_updated",
    "needs_removed",
    "evidence_created",
    "evidence_updated",
    "evidence_removed",
    "timeline_created",
    "timeline_updated",
    "suggestions_created",
)


@dataclass
class PublishResult:
    run: PublishRun
    counts: dict[str, int]

    @property
    def changed(self) -> bool:
        return any(n for name, n in self.counts.items() if name != "families_unchanged")


@dataclass
class _Changes:
    """What changed, in all and per family (for the audit entries)."""

    counts: Counter[str] = field(default_factory=Counter)
    per_family: defaultdict[int, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, name: str, family_id: int, n: int = 1) -> None:
        self.counts[name] += n
        self.per_family[family_id][name] += n


def publish_extract(extract: Extract) -> PublishResult:
    """Copy ``extract`` into casework in one transaction; one ``PublishRun`` records what changed."""
    with transaction.atomic():
        return _Publisher(extract).run()


def _differs(obj: models.Model, values: dict[str, Any]) -> bool:
    """Set ``values`` on ``obj``; True when any was different."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _chunks(items: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _edited_by_people(model: type[models.Model]) -> set[int]:
    """Ids of rows someone changed through the application (a history row names the user)."""
    history = model.history  # type: ignore[attr-defined]
    return set(history.filter(history_user__isnull=False).values_list("id", flat=True).distinct())


class _Publisher:
    def __init__(self, extract: Extract) -> None:
        self.x = extract
        self.changes = _Changes()
        self.reason = f"publish of identify run {extract.identify_run}"
        self.families: dict[str, Family] = {}
        self.people: dict[str, Person] = {}
        self.created_families: set[int] = set()
        # a change already waiting, or one the keyworker dismissed, is not suggested again
        self.suggested = set(
            Suggestion.objects.exclude(status=Suggestion.Status.ACCEPTED).values_list(
                "family_id", "kind", "key"
            )
        )
        self.suggestions: list[Suggestion] = []

    def run(self) -> PublishResult:
        self._families()
        self._people()
        self._memberships()
        needs = self._needs()
        self._evidence(needs)
        self._timeline()
        Suggestion.objects.bulk_create(self.suggestions)
        in_scope = {self.families[f.warehouse_id].pk for f in self.x.families}
        changed = {pk for pk, c in self.changes.per_family.items() if sum(c.values())}
        self.changes.counts["families_updated"] = len(in_scope & changed - self.created_families)
        self.changes.counts["families_unchanged"] = len(in_scope - changed - self.created_families)
        self._audit(changed | self.created_families)
        counts = {name: int(self.changes.counts[name]) for name in COUNT_NAMES}
        run = PublishRun.objects.create(
            identify_run=self.x.identify_run,
            link_run=self.x.link_run,
            framework=self.x.framework,
            counts={**counts, "scope": self.x.scope, "as_of": self.x.as_of.isoformat()},
        )
        return PublishResult(run, counts)

    def _suggest(self, family: Family, kind: str, key: str, summary: str, payload: dict[str, Any]) -> None:
        if (family.pk, kind, key[:120]) in self.suggested:
            return
        self.suggested.add((family.pk, kind, key[:120]))
        self.suggestions.append(
            Suggestion(
                family=family,
                kind=kind,
                key=key[:120],
                summary=summary[:300],
                payload=payload,
                identify_run=self.x.identify_run,
            )
        )
        self.changes.add("suggestions_created", family.pk)

    # families -------------------------------------------------------------------------------------------

    def _families(self) -> None:
        known = {str(f.warehouse_id): f for f in Family.objects.filter(warehouse_id__isnull=False)}
        rekeyed = self._follow_merges(known) | self._match_casework_families(known)
        new, changed, left = [], [], []
        for record in self.x.families:
            family = known.get(record.warehouse_id)
            owned = _FAMILY_FIELDS if family is None or family.origin == PIPELINE else _CASEWORK_FAMILY_FIELDS
            values = {name: getattr(record, name) for name in owned}
            if family is None:
                new.append(
                    Family(
                        warehouse_id=record.warehouse_id,
                        origin=PIPELINE,
                        identify_run=self.x.identify_run,
                        link_run=self.x.link_run,
                        **values,
                    )
                )
            elif _differs(family, values) or record.warehouse_id in rekeyed:
                changed.append(family)
        in_scope = {f.warehouse_id for f in self.x.families}
        standing = {s.warehouse_id: s for s in self.x.standing}
        for warehouse_id, family in known.items():
            if warehouse_id in in_scope:
                continue
            s = standing.get(warehouse_id)
            values = (
                {"eligible": s.eligible, "priority": s.priority, "priority_reason": s.priority_reason}
                if s
                else {
                    "eligible": False,
                    "priority": None,
                    "priority_reason": f"no need found by identify run {self.x.identify_run}",
                }
            )
            if _differs(family, values):
                left.append(family)
        now = timezone.now()
        for family in changed + left:
            family.identify_run, family.link_run, family.updated_at = (
                self.x.identify_run,
                self.x.link_run,
                now,
            )
        fields = [*_FAMILY_FIELDS, "warehouse_id", "identify_run", "link_run", "updated_at"]
        bulk_update_with_history(changed + left, Family, fields, default_change_reason=self.reason)
        created = bulk_create_with_history(new, Family, default_change_reason=self.reason)
        for family in created:
            self.created_families.add(family.pk)
            self.changes.add("families_created", family.pk)
        for family in changed:
            self.changes.add("family_details_updated", family.pk)
        for family in left:
            self.changes.add("families_out_of_scope_updated", family.pk)
        self.families = {str(f.warehouse_id): f for f in [*known.values(), *created]}

    def _follow_merges(self, known: dict[str, Family]) -> set[str]:
        """A family merged into another by family formation keeps its casework record, under the new id."""
        rekeyed = set()
        for record in self.x.families:
            old_id = next((a for a in record.aliases if a in known), None)
            if record.warehouse_id in known or old_id is None:
                continue
            family = known.pop(old_id)
            family.warehouse_id = record.warehouse_id
            known[record.warehouse_id] = family
            rekeyed.add(record.warehouse_id)
        return rekeyed

    def _match_casework_families(self, known: dict[str, Family]) -> set[str]:
        """New warehouse families that are a family recorded in casework (its reference is the record key of
        their members' casework records) take that family, which has no warehouse id yet. When two claim
        one casework family, the one with most members naming it gets it (then the lower warehouse id)."""
        claims = sorted(
            (
                (-members, record.warehouse_id, reference)
                for record in self.x.families
                if record.warehouse_id not in known
                for reference, members in record.casework_families.items()
            )
        )
        wanted = {pk for _, _, reference in claims if (pk := _family_pk(reference)) is not None}
        free = {
            f.reference: f
            for f in Family.objects.filter(pk__in=wanted, origin=Source.CASEWORK, warehouse_id__isnull=True)
        }
        matched = set()
        for _, warehouse_id, reference in claims:
            if warehouse_id in matched or reference not in free:
                continue
            family = free.pop(reference)
            family.warehouse_id = warehouse_id
            known[warehouse_id] = family
            matched.add(warehouse_id)
            self.changes.add("families_matched_to_casework", family.pk)
        return matched

    # people and memberships -----------------------------------------------------------------------------

    def _people(self) -> None:
        known = {str(p.warehouse_id): p for p in Person.objects.filter(warehouse_id__isnull=False)}
        edited = _edited_by_people(Person)
        family_of = {m.person_id: self.families[m.family_id].pk for m in self.x.members}
        matched = self._match_casework_people(known)
        for casework_person in matched:
            self.changes.add("people_matched_to_casework", family_of[str(casework_person.warehouse_id)])
        new, changed = [], []
        for record in self.x.people:
            values = _person_values(record)
            person = known.get(record.warehouse_id)
            if person is None:
                new.append(Person(warehouse_id=record.warehouse_id, origin=PIPELINE, **values))
            elif person.origin == PIPELINE and person.pk not in edited and _differs(person, values):
                changed.append(person)
                self.changes.add("people_updated", family_of[record.warehouse_id])
        bulk_update_with_history(changed, Person, list(_PERSON_FIELDS), default_change_reason=self.reason)
        bulk_update_with_history(matched, Person, ["warehouse_id"], default_change_reason=self.reason)
        created = bulk_create_with_history(new, Person, default_change_reason=self.reason)
        for person in created:
            self.changes.add("people_created", family_of[str(person.warehouse_id)])
        self.people = {str(p.warehouse_id): p for p in [*known.values(), *created]}

    def _match_casework_people(self, known: dict[str, Person]) -> list[Person]:
        """New warehouse people who are a person recorded in casework (their casework records carry its id)
        take that person, who has no warehouse id yet; only the warehouse id is set. A casework person
        claimed by two goes to the first (lower warehouse id); of two casework people, one warehouse person
        takes the earlier recorded."""
        claims = {
            record.warehouse_id: sorted(int(i) for i in record.casework_ids if i.isdigit())
            for record in self.x.people
            if record.warehouse_id not in known and record.casework_ids
        }
        free = Person.objects.filter(
            pk__in={pk for pks in claims.values() for pk in pks},
            origin=Source.CASEWORK,
            warehouse_id__isnull=True,
        ).in_bulk()
        matched = []
        for warehouse_id, pks in claims.items():
            pk = next((pk for pk in pks if pk in free), None)
            if pk is None:
                continue
            person = free.pop(pk)
            person.warehouse_id = warehouse_id
            known[warehouse_id] = person
            matched.append(person)
        return matched

    def _memberships(self) -> None:
        wanted: defaultdict[int, dict[int, MemberRecord]] = defaultdict(dict)
        for m in self.x.members:
            wanted[self.families[m.family_id].pk][self.people[m.person_id].pk] = m
        current: defaultdict[int, dict[int, Membership]] = defaultdict(dict)
        for row in Membership.objects.filter(family__warehouse_id__isnull=False, end_date__isnull=True):
            current[row.family_id][row.person_id] = row
        edited = _edited_by_people(Membership)
        people = {p.pk: p for p in self.people.values()}
        new: list[Membership] = []
        changed: list[Membership] = []
        ended: list[Membership] = []
        for record in self.x.families:
            family = self.families[record.warehouse_id]
            want, have = wanted[family.pk], current[family.pk]
            for person_pk, m in want.items():
                membership = have.get(person_pk)
                values = {
                    "role": m.role,
                    "resident": m.resident,
                    "start_date": m.start_date,
                    "evidence": m.evidence,
                }
                if membership is None and family.is_allocated:
                    self._suggest_member(family, people[person_pk], m)
                elif membership is None:
                    new.append(Membership(family=family, person=people[person_pk], source=PIPELINE, **values))
                    self.changes.add("memberships_created", family.pk)
                elif (
                    membership.source == PIPELINE
                    and membership.pk not in edited
                    and not family.is_allocated
                    and _differs(membership, values)
                ):
                    changed.append(membership)
                    self.changes.add("memberships_updated", family.pk)
            for person_pk, membership in have.items():
                if person_pk in want or membership.source != PIPELINE or membership.pk in edited:
                    continue
                if family.is_allocated:
                    self._suggest_left(family, people.get(person_pk), membership)
                else:
                    start = membership.start_date
                    membership.end_date = max(start, self.x.as_of) if start else self.x.as_of
                    ended.append(membership)
                    self.changes.add("memberships_ended", family.pk)
        bulk_update_with_history(ended, Membership, ["end_date"], default_change_reason=self.reason)
        bulk_update_with_history(changed, Membership, list(_MEMBER_FIELDS), default_change_reason=self.reason)
        bulk_create_with_history(new, Membership, default_change_reason=self.reason)

    def _suggest_member(self, family: Family, person: Person, m: MemberRecord) -> None:
        role = Membership.Role(m.role).label
        self._suggest(
            family,
            Suggestion.Kind.NEW_MEMBER,
            m.person_id,
            f"{person.full_name} ({role.lower()}) is in this household in partner data",
            {
                "person": person.pk,
                "person_id": m.person_id,
                "role": m.role,
                "resident": m.resident,
                "start_date": m.start_date.isoformat() if m.start_date else None,
                "evidence": m.evidence,
            },
        )

    def _suggest_left(self, family: Family, person: Person | None, membership: Membership) -> None:
        name = person.full_name if person else "A member"
        self._suggest(
            family,
            Suggestion.Kind.MEMBER_LEFT,
            str(person.warehouse_id if person and person.warehouse_id else membership.person_id),
            f"{name} is no longer in this household in partner data",
            {"membership": membership.pk, "person": membership.person_id, "role": membership.role},
        )

    # needs and evidence ---------------------------------------------------------------------------------

    def _needs(self) -> dict[tuple[int, str], Need]:
        """Create, update and remove pipeline needs; return the needs casework now holds for the extract."""
        existing: defaultdict[int, dict[str, Need]] = defaultdict(dict)
        for row in Need.objects.filter(source=PIPELINE, family__warehouse_id__isnull=False):
            existing[row.family_id][row.descriptor_id] = row
        through = Need.people.through
        people_of: defaultdict[int, set[int]] = defaultdict(set)
        for need_id, person_id in through.objects.filter(need__source=PIPELINE).values_list(
            "need_id", "person_id"
        ):
            people_of[need_id].add(person_id)
        wanted: defaultdict[int, dict[str, NeedRecord]] = defaultdict(dict)
        for n in self.x.needs:
            wanted[self.families[n.family_id].pk][n.descriptor_id] = n
        new: list[tuple[Need, set[int]]] = []
        changed: list[Need] = []
        repeople: dict[int, set[int]] = {}
        gone: list[Need] = []
        kept: dict[tuple[int, str], Need] = {}
        for record in self.x.families:
            family = self.families[record.warehouse_id]
            for descriptor_id, n in wanted[family.pk].items():
                need = existing[family.pk].get(descriptor_id)
                people = {self.people[p].pk for p in n.people if p in self.people}
                if need is None and family.is_allocated:
                    self._suggest(
                        family,
                        Suggestion.Kind.NEW_NEED,
                        descriptor_id,
                        f"A new need in partner data: {n.headline_label}",
                        {
                            **_need_values(n, self.x.framework),
                            "descriptor_id": descriptor_id,
                            "people": sorted(people),
                        },
                    )
                elif need is None:
                    need = Need(
                        family=family,
                        descriptor_id=descriptor_id,
                        source=PIPELINE,
                        identify_run=self.x.identify_run,
                        **_need_values(n, self.x.framework),
                    )
                    new.append((need, people))
                    self.changes.add("needs_created", family.pk)
                elif not family.is_allocated:
                    fields_changed = _differs(need, _need_values(n, self.x.framework))
                    if people != people_of[need.pk]:
                        repeople[need.pk] = people
                    if fields_changed or need.pk in repeople:
                        need.identify_run = self.x.identify_run
                        changed.append(need)
                        self.changes.add("needs_updated", family.pk)
                if need is not None:
                    kept[(family.pk, descriptor_id)] = need
            for descriptor_id, need in existing[family.pk].items():
                if need.framework != self.x.framework or descriptor_id in wanted[family.pk]:
                    continue
                if family.is_allocated:
                    self._suggest(
                        family,
                        Suggestion.Kind.NEED_GONE,
                        descriptor_id,
                        f"A need no longer shown in partner data: {need.headline_label}",
                        {"need": need.pk, "descriptor_id": descriptor_id, "headline": need.headline},
                    )
                else:
                    gone.append(need)
                    self.changes.add("needs_removed", family.pk)
        Need.objects.bulk_update(changed, [*_NEED_FIELDS, "identify_run"])
        Need.objects.bulk_create([need for need, _ in new])
        for ids in _chunks(sorted(repeople)):
            through.objects.filter(need_id__in=ids).delete()
        for ids in _chunks([need.pk for need in gone]):
            Need.objects.filter(pk__in=ids).delete()
        links = [(need.pk, people) for need, people in new] + list(repeople.items())
        through.objects.bulk_create(
            [
                through(need_id=need_id, person_id=person_id)
                for need_id, people in links
                for person_id in sorted(people)
            ]
        )
        return kept

    def _evidence(self, needs: dict[tuple[int, str], Need]) -> None:
        existing = {
            (e.need_id, e.event_key): e
            for e in Evidence.objects.filter(need__source=PIPELINE, need__family__warehouse_id__isnull=False)
        }
        new, changed, seen = [], [], set()
        for record in self.x.evidence:
            family = self.families[record.family_id]
            need = needs.get((family.pk, record.descriptor_id))
            if need is None:
                continue
            values = self._evidence_values(record)
            evidence = existing.get((need.pk, record.event_key))
            seen.add((need.pk, record.event_key))
            if evidence is None:
                new.append(Evidence(need=need, event_key=record.event_key, **values))
                self.changes.add("evidence_created", family.pk)
            elif _differs(evidence, values):
                changed.append(evidence)
                self.changes.add("evidence_updated", family.pk)
        allocated = {f.pk for f in self.families.values() if f.is_allocated}
        unallocated = {
            need.pk: family_pk for (family_pk, _), need in needs.items() if family_pk not in allocated
        }
        gone = [e for key, e in existing.items() if e.need_id in unallocated and key not in seen]
        for e in gone:
            self.changes.add("evidence_removed", unallocated[e.need_id])
        Evidence.objects.bulk_update(changed, list(_EVIDENCE_FIELDS))
        Evidence.objects.bulk_create(new)
        for ids in _chunks([e.pk for e in gone]):
            Evidence.objects.filter(pk__in=ids).delete()

    def _evidence_values(self, record: EvidenceRecord) -> dict[str, Any]:
        person = self.people.get(record.person_id)
        return {
            "person_id": person.pk if person else None,
            "source": record.source,
            "record_key": record.record_key,
            "kind": record.kind,
            "event_date": record.event_date,
            "end_date": record.end_date,
            "delivery_date": record.delivery_date,
            "values": record.values,
        }

    # timeline -------------------------------------------------------------------------------------------

    def _timeline(self) -> None:
        existing = {
            (t.family_id, t.event_key): t
            for t in TimelineEvent.objects.filter(event_key__isnull=False, family__warehouse_id__isnull=False)
        }
        new, changed = [], []
        for record in self.x.timeline:
            family = self.families[record.family_id]
            values = self._timeline_values(record)
            event = existing.get((family.pk, record.event_key))
            if event is None:
                new.append(TimelineEvent(family=family, event_key=record.event_key, **values))
                self.changes.add("timeline_created", family.pk)
            elif event.recorded_by_id is None and event.source != Source.CASEWORK and _differs(event, values):
                changed.append(event)
                self.changes.add("timeline_updated", family.pk)
        TimelineEvent.objects.bulk_update(changed, list(_TIMELINE_FIELDS))
        TimelineEvent.objects.bulk_create(new)

    def _timeline_values(self, record: TimelineRecord) -> dict[str, Any]:
        person = self.people.get(record.person_id)
        return {
            "person_id": person.pk if person else None,
            "date": record.date,
            "kind": record.kind,
            "title": record.title,
            "detail": record.detail,
            "source": record.source,
            "sensitive": record.sensitive,
        }

    # audit ----------------------------------------------------------------------------------------------

    def _audit(self, family_pks: set[int]) -> None:
        x = self.x
        entries = []
        for pk in sorted(family_pks):
            done = self.changes.per_family[pk]
            what = ", ".join(
                f"{n} {name.replace('_', ' ')}"
                for name, n in sorted(done.items())
                if n and name != "families_created"
            )
            entries.append(
                AuditEntry(
                    action=AuditEntry.Action.CREATE
                    if pk in self.created_families
                    else AuditEntry.Action.CHANGE,
                    object_type="family",
                    object_id=str(pk),
                    family_id=pk,
                    summary=f"Published from identify run {x.identify_run} ({x.framework}, as of {x.as_of}): {what or 'no change'}"[
                        :300
                    ],
                    detail={"identify_run": x.identify_run, "link_run": x.link_run, **done},
                    channel="cli",
                )
            )
        AuditEntry.objects.bulk_create(entries)


def _family_pk(reference: str) -> int | None:
    """The id in a family reference (``WF000123``); the caller checks it against ``Family.reference``."""
    digits = reference[2:]
    return int(digits) if digits.isdigit() else None


def _person_values(record: PersonRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in _PERSON_FIELDS}


def _need_values(record: NeedRecord, framework: str) -> dict[str, Any]:
    return {
        "headline": record.headline,
        "headline_label": record.headline_label,
        "descriptor_label": record.descriptor_label,
        "counted": record.counted,
        "note": record.note,
        "framework": framework,
    }
