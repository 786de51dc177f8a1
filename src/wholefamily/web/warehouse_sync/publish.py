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
- Need outcomes (``NeedOutcome``, per need and horizon after closure) follow the latest outcomes run when it
  read the identify run published, for every family in scope (nobody records them by hand); otherwise they
  are left as they were and the extract says why (``Extract.outcomes.skipped``).
- Feed health (``PartnerFeed``, one row per partner source) follows the warehouse whole.
- Claim candidates (``ClaimCandidate``, per family and period, with the reasons a family is not claimable)
  follow the latest claims run for its period, for every family in scope; other periods are left as they
  were, and with no claims run nothing changes (``Extract.claims.skipped`` says why). Sign-offs and audit
  samples are people's work and never touched.
- A family or person that retention or erasure pseudonymised (``pseudonymised_on``) is a tombstone: the
  warehouse's records of them are left out of the extract and their rows are never touched again, so
  nothing removed comes back with the next publish.
- Families and people recorded by hand come back through linkage as the ``casework_referrals`` source
  (``wholefamily export-casework``): a new warehouse person or family that carries the casework id of a
  casework record with no warehouse id is matched to it (it gets the warehouse id) instead of being created
  again. What people typed stays: a matched person is never updated, a matched family gets only the
  pipeline's fields (eligibility, priority, flags), and its casework memberships are never ended.

Each table is a ``Table`` declaration (its rows, the extract's records and its rules) that
``table_sync.sync`` compares, writes and counts. Everything runs in one transaction with bulk queries over
maps read up front, so the number of queries does not grow with the number of families (inserts go in
batches). Publishing the same identify run again changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from wholefamily.publish.records import (
    Extract,
    FamilyRecord,
    MemberRecord,
    NeedRecord,
    leave_out,
)
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.casework.models import (
    ClaimCandidate,
    Evidence,
    Family,
    Membership,
    Need,
    NeedOutcome,
    PartnerFeed,
    Person,
    PublishRun,
    Source,
    Suggestion,
    TimelineEvent,
)
from wholefamily.web.warehouse_sync.table_sync import (
    Counts,
    K,
    M,
    R,
    Suggests,
    Synced,
    Table,
    chunks,
    differs,
    sync,
)

PIPELINE = Source.PIPELINE
T = TypeVar("T")


class _OfNeed(Protocol):
    """A warehouse record about one of a family's needs (evidence, an outcome)."""

    @property
    def family_id(self) -> str: ...
    @property
    def descriptor_id(self) -> str: ...


_R = TypeVar("_R", bound=_OfNeed)

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
_FEED_FIELDS = (
    "title",
    "agency",
    "owner_role",
    "expected_every_days",
    "last_delivery",
    "rows",
    "previous_delivery",
    "previous_rows",
    "fields_gone_empty",
)
_OUTCOME_FIELDS = ("status", "reason", "records", "window_end", "outcomes_run")
_CLAIM_FIELDS = ("status", "needs", "headlines", "reasons", "claims_run")

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
    "need_outcomes_created",
    "need_outcomes_updated",
    "need_outcomes_removed",
    "feeds_updated",
    "claims_created",
    "claims_updated",
    "claims_removed",
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


def _edited_by_people(model: type[models.Model]) -> set[int]:
    """Ids of rows someone changed through the application (a history row names the user)."""
    history = model.history  # type: ignore[attr-defined]
    return set(history.filter(history_user__isnull=False).values_list("id", flat=True).distinct())


class _Publisher:
    """The tables in the order they depend on each other, each declared as a ``Table`` for ``sync``."""

    def __init__(self, extract: Extract) -> None:
        self.x = leave_out(
            extract,
            families={
                str(f)
                for f in Family.objects.exclude(pseudonymised_on=None).values_list("warehouse_id", flat=True)
            },
            people={
                str(p)
                for p in Person.objects.exclude(pseudonymised_on=None).values_list("warehouse_id", flat=True)
            },
        )
        self.changes = _Changes()
        self.reason = f"publish of identify run {extract.identify_run}"
        self.families: dict[str, Family] = {}
        self.by_pk: dict[int, Family] = {}
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
        self._need_outcomes(needs)
        self._feeds()
        self._claims()
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
            counts={
                **counts,
                "scope": self.x.scope,
                "as_of": self.x.as_of.isoformat(),
                "outcomes_run": self.x.outcomes.run_id,
                "claims_run": self.x.claims.run_id,
            },
        )
        return PublishResult(run, counts)

    def _sync(self, table: Table[K, R, M]) -> Synced[K, M]:
        return sync(table, self.changes.add, self.reason)

    def _by_family(self, items: Iterable[T], key: Callable[[T], tuple[int, Any]]) -> dict[tuple[int, Any], T]:
        """``items`` by their key (a family id first), in the order of the extract's families; items of other
        families are left out."""
        grouped: defaultdict[int, dict[tuple[int, Any], T]] = defaultdict(dict)
        for item in items:
            item_key = key(item)
            grouped[item_key[0]][item_key] = item
        scope = [self.families[record.warehouse_id].pk for record in self.x.families]
        return {item_key: item for pk in scope for item_key, item in grouped[pk].items()}

    def _family_by_key(self, key: tuple[int, Any]) -> Family:
        return self.by_pk[key[0]]

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
        known = {
            str(f.warehouse_id): f
            for f in Family.objects.filter(warehouse_id__isnull=False, pseudonymised_on=None)
        }
        rekeyed = self._follow_merges(known) | self._match_casework_families(known)
        standing = {s.warehouse_id: s for s in self.x.standing}
        now = timezone.now()

        def stamped(family: Family, changed: bool) -> bool:
            if changed:
                family.identify_run, family.link_run, family.updated_at = (
                    self.x.identify_run,
                    self.x.link_run,
                    now,
                )
            return changed

        def update(family: Family, record: FamilyRecord) -> bool:
            owned = _FAMILY_FIELDS if family.origin == PIPELINE else _CASEWORK_FAMILY_FIELDS
            return stamped(family, differs(family, _owned(record, owned)) or record.warehouse_id in rekeyed)

        def out_of_scope(family: Family) -> bool:
            """Where the identify run left a family that is no longer in the scope published."""
            s = standing.get(str(family.warehouse_id))
            values = (
                {"eligible": s.eligible, "priority": s.priority, "priority_reason": s.priority_reason}
                if s
                else {
                    "eligible": False,
                    "priority": None,
                    "priority_reason": f"no need found by identify run {self.x.identify_run}",
                }
            )
            return stamped(family, differs(family, values))

        fields = [*_FAMILY_FIELDS, "warehouse_id", "identify_run", "link_run", "updated_at"]
        synced = self._sync(
            Table(
                model=Family,
                counts=Counts("families_created", "family_details_updated", "families_out_of_scope_updated"),
                records=[(record.warehouse_id, record) for record in self.x.families],
                rows=known,
                fields=fields,
                values=lambda record: _owned(record, _FAMILY_FIELDS),
                new=lambda warehouse_id, record: {
                    "warehouse_id": warehouse_id,
                    "origin": PIPELINE,
                    "identify_run": self.x.identify_run,
                    "link_run": self.x.link_run,
                },
                update=update,
                family_of=lambda family: family.pk,
                goes=lambda family: True,
                retire=out_of_scope,
                retire_fields=fields,
                history=True,
            )
        )
        self.created_families = {family.pk for family in synced.created}
        self.families = {str(f.warehouse_id): f for f in [*known.values(), *synced.created]}
        self.by_pk = {f.pk: f for f in self.families.values()}

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
            for f in Family.objects.filter(
                pk__in=wanted, origin=Source.CASEWORK, warehouse_id__isnull=True, pseudonymised_on=None
            )
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
        bulk_update_with_history(matched, Person, ["warehouse_id"], default_change_reason=self.reason)
        synced = self._sync(
            Table(
                model=Person,
                counts=Counts("people_created", "people_updated"),
                records=[(record.warehouse_id, record) for record in self.x.people],
                rows=known,
                fields=_PERSON_FIELDS,
                values=lambda record: _owned(record, _PERSON_FIELDS),
                new=lambda warehouse_id, record: {"warehouse_id": warehouse_id, "origin": PIPELINE},
                family_of=lambda person: family_of[str(person.warehouse_id)],
                may_update=lambda person: person.origin == PIPELINE and person.pk not in edited,
                history=True,
            )
        )
        self.people = {str(p.warehouse_id): p for p in [*known.values(), *synced.created]}

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
            pseudonymised_on=None,
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
        """Members who left an unallocated family are ended (never deleted); an allocated family's arrivals
        and departures are suggested. Memberships recorded or edited in casework are never touched."""
        wanted = self._by_family(
            self.x.members, lambda m: (self.families[m.family_id].pk, self.people[m.person_id].pk)
        )
        current = self._by_family(
            Membership.objects.filter(
                family__warehouse_id__isnull=False, family__pseudonymised_on=None, end_date__isnull=True
            ),
            lambda row: (row.family_id, row.person_id),
        )
        edited = _edited_by_people(Membership)
        people = {p.pk: p for p in self.people.values()}

        def pipeline(membership: Membership) -> bool:
            return membership.source == PIPELINE and membership.pk not in edited

        def end(membership: Membership) -> bool:
            start = membership.start_date
            membership.end_date = max(start, self.x.as_of) if start else self.x.as_of
            return True

        self._sync(
            Table(
                model=Membership,
                counts=Counts("memberships_created", "memberships_updated", "memberships_ended"),
                records=wanted.items(),
                rows=current,
                fields=_MEMBER_FIELDS,
                values=lambda m: _owned(m, _MEMBER_FIELDS),
                new=lambda key, m: {
                    "family": self.by_pk[key[0]],
                    "person": people[key[1]],
                    "source": PIPELINE,
                },
                family_of=lambda membership: membership.family_id,
                may_update=pipeline,
                goes=pipeline,
                retire=end,
                retire_fields=["end_date"],
                suggests=Suggests(
                    self._family_by_key,
                    lambda family, key, m: self._suggest_member(family, people[key[1]], m),
                    lambda family, key, row: self._suggest_left(family, people.get(key[1]), row),
                ),
                history=True,
            )
        )

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
        """Create, update and remove pipeline needs (and the people they name) of unallocated families, and
        suggest an allocated family's; return the needs casework now holds for the extract."""
        framework, run = self.x.framework, self.x.identify_run
        wanted = self._by_family(self.x.needs, lambda n: (self.families[n.family_id].pk, n.descriptor_id))
        existing = self._by_family(
            Need.objects.filter(
                source=PIPELINE, family__warehouse_id__isnull=False, family__pseudonymised_on=None
            ),
            lambda row: (row.family_id, row.descriptor_id),
        )
        through = Need.people.through
        linked: defaultdict[int, set[int]] = defaultdict(set)
        for need_id, person_id in through.objects.filter(need__source=PIPELINE).values_list(
            "need_id", "person_id"
        ):
            linked[need_id].add(person_id)
        relinked: dict[int, set[int]] = {}

        def people(n: NeedRecord) -> set[int]:
            return {self.people[p].pk for p in n.people if p in self.people}

        def update(need: Need, n: NeedRecord) -> bool:
            fields_changed = differs(need, _need_values(n, framework))
            named = people(n)
            if named != linked[need.pk]:
                relinked[need.pk] = named
            if fields_changed or need.pk in relinked:
                need.identify_run = run
                return True
            return False

        def suggest_new(family: Family, key: tuple[int, str], n: NeedRecord) -> None:
            payload = {**_need_values(n, framework), "descriptor_id": key[1], "people": sorted(people(n))}
            self._suggest(
                family,
                Suggestion.Kind.NEW_NEED,
                key[1],
                f"A new need in partner data: {n.headline_label}",
                payload,
            )

        def suggest_gone(family: Family, key: tuple[int, str], need: Need) -> None:
            self._suggest(
                family,
                Suggestion.Kind.NEED_GONE,
                key[1],
                f"A need no longer shown in partner data: {need.headline_label}",
                {"need": need.pk, "descriptor_id": key[1], "headline": need.headline},
            )

        synced = self._sync(
            Table(
                model=Need,
                counts=Counts("needs_created", "needs_updated", "needs_removed"),
                records=wanted.items(),
                rows=existing,
                fields=[*_NEED_FIELDS, "identify_run"],
                values=lambda n: _need_values(n, framework),
                new=lambda key, n: {
                    "family": self.by_pk[key[0]],
                    "descriptor_id": key[1],
                    "source": PIPELINE,
                    "identify_run": run,
                },
                update=update,
                family_of=lambda need: need.family_id,
                goes=lambda need: need.framework == framework,
                suggests=Suggests(self._family_by_key, suggest_new, suggest_gone),
            )
        )
        for ids in chunks(sorted(relinked)):
            through.objects.filter(need_id__in=ids).delete()
        new_links = [(need.pk, people(wanted[need.family_id, need.descriptor_id])) for need in synced.created]
        links = new_links + list(relinked.items())
        through.objects.bulk_create(
            [
                through(need_id=need_id, person_id=person_id)
                for need_id, named in links
                for person_id in sorted(named)
            ]
        )
        return synced.kept

    def _evidence(self, needs: dict[tuple[int, str], Need]) -> None:
        """Evidence follows its need: added and updated for every family, removed only from unallocated ones."""
        need_by_pk = {need.pk: need for need in needs.values()}
        family_of_need = _family_of_need(needs)
        allocated = {f.pk for f in self.families.values() if f.is_allocated}
        unallocated = {pk for pk, family_pk in family_of_need.items() if family_pk not in allocated}
        records = self._by_need(needs, self.x.evidence, lambda record: record.event_key)
        self._sync(
            Table(
                model=Evidence,
                counts=Counts("evidence_created", "evidence_updated", "evidence_removed"),
                records=records,
                rows={
                    (e.need_id, e.event_key): e
                    for e in Evidence.objects.filter(
                        need__source=PIPELINE,
                        need__family__warehouse_id__isnull=False,
                        need__family__pseudonymised_on=None,
                    )
                },
                fields=_EVIDENCE_FIELDS,
                values=lambda record: _owned(
                    record, _EVIDENCE_FIELDS, person_id=self._person_pk(record.person_id)
                ),
                new=lambda key, record: {"need": need_by_pk[key[0]], "event_key": key[1]},
                family_of=lambda evidence: family_of_need[evidence.need_id],
                goes=lambda evidence: evidence.need_id in unallocated,
            )
        )

    def _by_need(
        self, needs: dict[tuple[int, str], Need], records: Iterable[_R], second: Callable[[_R], object]
    ) -> list[tuple[tuple[int, object], _R]]:
        """Each record of a published need, keyed by the need's pk and ``second`` (records of needs not
        published are left out)."""
        keyed = []
        for record in records:
            need = needs.get((self.families[record.family_id].pk, record.descriptor_id))
            if need is not None:
                keyed.append(((need.pk, second(record)), record))
        return keyed

    def _need_outcomes(self, needs: dict[tuple[int, str], Need]) -> None:
        """Each need's outcome per horizon, as the outcomes run judged it (skipped when it has none)."""
        run = self.x.outcomes.run_id
        if run is None:
            return
        family_of_need = _family_of_need(needs)
        records = self._by_need(needs, self.x.outcomes.needs, lambda record: record.horizon_days)
        self._sync(
            Table(
                model=NeedOutcome,
                counts=Counts("need_outcomes_created", "need_outcomes_updated", "need_outcomes_removed"),
                records=records,
                rows={
                    (o.need_id, o.horizon_days): o
                    for o in NeedOutcome.objects.filter(
                        need__source=PIPELINE,
                        need__family__warehouse_id__isnull=False,
                        need__family__pseudonymised_on=None,
                    )
                },
                fields=_OUTCOME_FIELDS,
                values=lambda record: _owned(record, _OUTCOME_FIELDS, outcomes_run=run),
                new=lambda key, record: {"need_id": key[0], "horizon_days": key[1]},
                family_of=lambda outcome: family_of_need[outcome.need_id],
                goes=lambda outcome: outcome.need_id in family_of_need,
            )
        )

    # claims ---------------------------------------------------------------------------------------------

    def _claims(self) -> None:
        """The latest claims run's candidates for its period, with their reasons (skipped when none)."""
        claims = self.x.claims
        if claims.run_id is None:
            return
        run = claims.run_id
        in_scope = {self.families[record.warehouse_id].pk for record in self.x.families}
        self._sync(
            Table(
                model=ClaimCandidate,
                counts=Counts("claims_created", "claims_updated", "claims_removed"),
                records=[(self.families[c.family_id].pk, c) for c in claims.candidates],
                rows={
                    c.family_id: c
                    for c in ClaimCandidate.objects.filter(
                        period=claims.period, family__pseudonymised_on=None
                    )
                },
                fields=_CLAIM_FIELDS,
                values=lambda record: _owned(
                    record,
                    _CLAIM_FIELDS,
                    reasons=[
                        {"rule_id": r.rule_id, "headline": r.headline, "reason": r.reason}
                        for r in record.reasons
                    ],
                    claims_run=run,
                ),
                new=lambda family_pk, record: {"family_id": family_pk, "period": claims.period},
                family_of=lambda candidate: candidate.family_id,
                goes=lambda candidate: candidate.family_id in in_scope,
            )
        )

    # feed health ----------------------------------------------------------------------------------------

    def _feeds(self) -> None:
        """One row per partner source, as feed health read it; sources no longer delivered go."""
        rows = {feed.source: feed for feed in PartnerFeed.objects.all()}
        new, changed = [], []
        for health in self.x.feeds:
            values = _owned(health, _FEED_FIELDS, fields_gone_empty=list(health.fields_gone_empty))
            row = rows.pop(health.source, None)
            if row is None:
                new.append(PartnerFeed(source=health.source, **values))
            elif differs(row, values):
                changed.append(row)
        PartnerFeed.objects.bulk_create(new)
        PartnerFeed.objects.bulk_update(changed, list(_FEED_FIELDS))
        PartnerFeed.objects.filter(pk__in=[row.pk for row in rows.values()]).delete()
        self.changes.counts["feeds_updated"] += len(new) + len(changed) + len(rows)

    # timeline -------------------------------------------------------------------------------------------

    def _timeline(self) -> None:
        """Partner events are added and follow the warehouse; events recorded in casework are never touched."""
        self._sync(
            Table(
                model=TimelineEvent,
                counts=Counts("timeline_created", "timeline_updated"),
                records=[((self.families[r.family_id].pk, r.event_key), r) for r in self.x.timeline],
                rows={
                    (t.family_id, t.event_key): t
                    for t in TimelineEvent.objects.filter(
                        event_key__isnull=False,
                        family__warehouse_id__isnull=False,
                        family__pseudonymised_on=None,
                    )
                },
                fields=_TIMELINE_FIELDS,
                values=lambda record: _owned(
                    record, _TIMELINE_FIELDS, person_id=self._person_pk(record.person_id)
                ),
                new=lambda key, record: {"family": self.by_pk[key[0]], "event_key": key[1]},
                family_of=lambda event: event.family_id,
                may_update=lambda event: event.recorded_by_id is None and event.source != Source.CASEWORK,
            )
        )

    def _person_pk(self, warehouse_id: str) -> int | None:
        person = self.people.get(warehouse_id)
        return person.pk if person else None

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


def _owned(record: Any, fields: Sequence[str], **given: Any) -> dict[str, Any]:
    """The values publish owns of a row, from the record's attributes of the same names (or ``given``)."""
    return {name: given[name] if name in given else getattr(record, name) for name in fields}


def _need_values(record: NeedRecord, framework: str) -> dict[str, Any]:
    return _owned(record, _NEED_FIELDS, framework=framework)


def _family_of_need(needs: dict[tuple[int, str], Need]) -> dict[int, int]:
    """Each published need's pk -> its family's pk."""
    return {need.pk: family_pk for (family_pk, _), need in needs.items()}
