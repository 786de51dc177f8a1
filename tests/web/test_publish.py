"""``wholefamily publish`` on a real small authority: generate -> ingest -> link -> identify, then publish into
casework, again, and after the warehouse changed (an edited copy)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from django.db import connection
from django.test.utils import CaptureQueriesContext
from journey_builders import closed

from wholefamily.cli import main
from wholefamily.decisions import DecisionStore
from wholefamily.governance.restrictions import restrict_person
from wholefamily.publish import titles
from wholefamily.publish.display import display_case
from wholefamily.publish.extract import PublishError, read_extract
from wholefamily.publish.records import Extract
from wholefamily.web.accounts.models import AuditEntry, Role, Team, User
from wholefamily.web.casework import models
from wholefamily.web.casework.models import (
    Consent,
    Evidence,
    Family,
    Membership,
    Need,
    Person,
    PublishRun,
    Source,
    Suggestion,
    TeamMember,
    TimelineEvent,
)
from wholefamily.web.governance.tombstones import make_tombstones
from wholefamily.web.warehouse_sync.claims_export import export_claims
from wholefamily.web.warehouse_sync.publish import publish_extract
from wholefamily.workspace import MARKER, Workspace

pytestmark = pytest.mark.slow  # all but one test read an authority taken through the whole pipeline

AS_OF = "2026-10-31"


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A small synthetic authority (two monthly deliveries) taken through the whole pipeline once."""
    out = tmp_path_factory.mktemp("publish") / "ws"
    _invoke("generate", "--residents", "2000", "--seed", "3", "--deliveries", "2", "--out", str(out))
    _invoke("ingest", "--workspace", str(out))
    _invoke("link", "--workspace", str(out))
    _invoke("identify", "--workspace", str(out), "--as-of", AS_OF)
    return Workspace(out)


def _query(workspace: Workspace, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(workspace.warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()


def _copy(workspace: Workspace, to: Path) -> Workspace:
    """Just what publish reads: the marker and the warehouse."""
    to.mkdir(parents=True)
    shutil.copy(workspace.marker, to / MARKER)
    shutil.copy(workspace.warehouse, to / "warehouse.duckdb")
    return Workspace(to)


@dataclass(frozen=True)
class Edited:
    """A copy of the authority where the warehouse changed after the first publish: family ``a`` lost member
    ``gone`` and need ``need_gone``, gained need ``need_new`` and person ``moved`` from family ``c``."""

    workspace: Workspace
    a: str
    c: str
    gone: str
    moved: str
    need_gone: str
    need_new: str


@pytest.fixture(scope="session")
def edited(authority: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Edited:
    x = read_extract(authority, "sf-2022")
    members = Counter(m.family_id for m in x.members)
    needs = Counter(n.family_id for n in x.needs)
    a = next(
        f.warehouse_id for f in x.families if members[f.warehouse_id] >= 3 and needs[f.warehouse_id] >= 2
    )
    c = next(f.warehouse_id for f in x.families if f.warehouse_id != a and members[f.warehouse_id] >= 2)
    gone = next(m.person_id for m in x.members if m.family_id == a and m.role != "child")
    moved = next(m.person_id for m in x.members if m.family_id == c)
    need_gone, kept = [n.descriptor_id for n in x.needs if n.family_id == a][:2]
    workspace = _copy(authority, tmp_path_factory.mktemp("edited") / "ws")
    with duckdb.connect(str(workspace.warehouse)) as con:
        params = {"run": x.identify_run, "a": a}
        con.execute("DELETE FROM family_members WHERE person_id = ? AND end_date IS NULL", [gone])
        con.execute(
            "UPDATE family_members SET family_id = $a WHERE person_id = $p AND end_date IS NULL",
            {"a": a, "p": moved},
        )
        for table in ("family_needs", "need_evidence"):
            con.execute(
                f"DELETE FROM {table} WHERE run_id = $run AND family_id = $a AND descriptor_id = $d",
                {**params, "d": need_gone},
            )
        con.execute(
            """INSERT INTO family_needs SELECT run_id, family_id, 'housing', 'Secure housing', 'test_new_need',
               'A need the test added', false, true, persons, 1, NULL
               FROM family_needs WHERE run_id = $run AND family_id = $a AND descriptor_id = $d""",
            {**params, "d": kept},
        )
    return Edited(workspace, a, c, gone, moved, need_gone, "test_new_need")


@pytest.fixture(scope="session")
def extract(authority: Workspace) -> Extract:
    return read_extract(authority, "sf-2022")


@pytest.fixture
def keyworker(db: None) -> User:
    team = Team.objects.create(name="Publish team")
    return User.objects.create_user("kw_publish", role=Role.KEYWORKER, team=team)


def _open_members(family: Family) -> set[str]:
    return {
        str(m.person.warehouse_id)
        for m in family.memberships.filter(end_date__isnull=True, source=Source.PIPELINE).select_related(
            "person"
        )
    }


def _pipeline_needs(family: Family) -> set[str]:
    return set(family.needs.filter(source=Source.PIPELINE).values_list("descriptor_id", flat=True))


def _mode_values(values: list[Any]) -> set[Any]:
    counts = Counter(v for v in values if v not in (None, ""))
    top = max(counts.values(), default=0)
    return {v for v, n in counts.items() if n == top}


# first publish ----------------------------------------------------------------------------------------------


def test_first_publish_copies_the_families_in_scope(db: None, authority: Workspace, extract: Extract) -> None:
    result = publish_extract(extract)
    run = extract.identify_run
    eligible = dict(
        _query(
            authority,
            "SELECT family_id, priority FROM family_eligibility WHERE run_id = ? AND eligible",
            [run],
        )
    )
    assert eligible, "the small authority has eligible families"
    families = {f.warehouse_id: f for f in Family.objects.all()}
    assert set(families) == set(eligible)
    assert all(
        f.eligible and f.priority == eligible[w] and f.origin == Source.PIPELINE for w, f in families.items()
    )
    assert result.counts["families_created"] == len(eligible)

    members = _query(
        authority,
        """SELECT family_id, person_id FROM family_members
           WHERE start_date <= ?::DATE AND (end_date IS NULL OR end_date > ?::DATE)""",
        [AS_OF, AS_OF],
    )
    for warehouse_id, family in families.items():
        assert _open_members(family) == {p for f, p in members if f == warehouse_id}
    needs = _query(authority, "SELECT family_id, descriptor_id FROM family_needs WHERE run_id = ?", [run])
    assert {(n.family.warehouse_id, n.descriptor_id) for n in Need.objects.select_related("family")} == {
        (f, d) for f, d in needs if f in eligible
    }
    (evidence,) = _query(
        authority,
        """SELECT count(DISTINCT (family_id, descriptor_id, event_key)) FROM need_evidence
           WHERE run_id = ? AND family_id IN (SELECT family_id FROM family_eligibility WHERE run_id = ? AND eligible)""",
        [run, run],
    )[0]
    assert Evidence.objects.count() == evidence == result.counts["evidence_created"]
    assert TimelineEvent.objects.count() == result.counts["timeline_created"] > 0
    assert PublishRun.objects.get().identify_run == run
    assert AuditEntry.objects.filter(channel="cli", action="create").count() == len(eligible)
    assert Family.history.count() == len(eligible)  # type: ignore[attr-defined]


def test_a_person_is_described_by_their_mentions(db: None, authority: Workspace, extract: Extract) -> None:
    publish_extract(extract)
    family = max(Family.objects.all(), key=lambda f: f.memberships.count())
    for membership in family.memberships.select_related("person"):
        person = membership.person
        mentions = _query(
            authority,
            """SELECT m.first_name, m.surname, m.dob, m.nhs_number, m.ethnicity FROM mentions m
               JOIN person_mentions pm USING (mention_key) WHERE pm.person_id = ? AND m.delivery_date <= ?::DATE
               QUALIFY row_number() OVER (PARTITION BY m.mention_key ORDER BY m.delivery_date DESC) = 1""",
            [person.warehouse_id, AS_OF],
        )
        columns = list(zip(*mentions, strict=True))
        # Names are shown as people write them ("Emily"), from the partners' capitals ("EMILY").
        assert person.first_name in {display_case(v) for v in _mode_values(list(columns[0]))}
        assert person.surname in {display_case(v) for v in _mode_values(list(columns[1]))}
        assert person.date_of_birth in (_mode_values(list(columns[2])) or {None})
        assert (person.nhs_number or None) in (_mode_values(list(columns[3])) or {None})
        assert (person.ethnicity or None) in (_mode_values(list(columns[4])) or {None})


def test_timeline_events_are_the_members_partner_events_of_three_years(db: None, extract: Extract) -> None:
    publish_extract(extract)
    since = dt.date(2023, 10, 31)
    for event in TimelineEvent.objects.select_related("family", "person"):
        assert event.person is not None
        assert event.person.memberships.filter(family=event.family).exists()
        assert event.date <= dt.date(2026, 10, 31) and event.title and event.recorded_by is None
        assert event.date > since or event.kind in {
            "benefit_spell",
            "care_status",
            "service_contact",
            "school_attendance",
        }


def test_domestic_abuse_events_are_sensitive(db: None, authority: Workspace) -> None:
    publish_extract(read_extract(authority, "sf-2022", "with-needs"))
    abuse = TimelineEvent.objects.filter(title__startswith="Police incident (domestic abuse)")
    assert abuse.exists()
    assert not abuse.filter(sensitive=False).exists()
    other = TimelineEvent.objects.filter(kind="police_incident").exclude(title__contains="domestic abuse")
    assert other.exists() and not other.filter(sensitive=True).exists()
    evidence_keys = set(
        Evidence.objects.filter(need__headline="domestic_abuse").values_list("event_key", flat=True)
    )
    assert evidence_keys
    assert not TimelineEvent.objects.filter(event_key__in=evidence_keys, sensitive=False).exists()
    assert not TimelineEvent.objects.filter(kind="school_attendance", sensitive=True).exists()


def test_the_pipeline_copy_of_the_sensitive_headlines_matches_casework() -> None:
    assert titles.SENSITIVE_HEADLINES == models.SENSITIVE_HEADLINES


def test_publish_stays_a_fixed_number_of_queries(db: None, authority: Workspace) -> None:
    extract = read_extract(authority, "sf-2022", "with-needs")
    with CaptureQueriesContext(connection) as first:
        publish_extract(extract)
    with CaptureQueriesContext(connection) as again:
        publish_extract(extract)
    rows = len(extract.families) + len(extract.people) + len(extract.timeline)
    assert rows > 800
    assert len(first) < 80 and len(again) < 30, (len(first), len(again))


# publishing again -------------------------------------------------------------------------------------------


def _history_rows() -> tuple[int, ...]:
    return tuple(m.history.count() for m in (Family, Person, Membership))  # type: ignore[attr-defined]


def test_publishing_the_same_run_again_changes_nothing(db: None, extract: Extract) -> None:
    publish_extract(extract)
    before = (
        _history_rows(),
        AuditEntry.objects.count(),
        TimelineEvent.objects.count(),
        Evidence.objects.count(),
    )
    again = publish_extract(extract)
    assert not again.changed
    assert again.counts["families_unchanged"] == len(extract.families)
    assert all(n == 0 for name, n in again.counts.items() if name != "families_unchanged"), again.counts
    assert (
        _history_rows(),
        AuditEntry.objects.count(),
        TimelineEvent.objects.count(),
        Evidence.objects.count(),
    ) == before
    assert PublishRun.objects.count() == 2


def test_what_someone_corrected_is_not_overwritten(db: None, extract: Extract, keyworker: User) -> None:
    publish_extract(extract)
    corrected, drifted = Person.objects.filter(origin=Source.PIPELINE)[:2]
    corrected.first_name, corrected._history_user = "Corrected", keyworker  # type: ignore[attr-defined]
    corrected.save()
    drifted.first_name = "Drifted"  # changed without a user: not someone's work
    drifted.save()
    membership = Membership.objects.filter(role=Membership.Role.CHILD).first()
    assert membership is not None
    membership.role, membership._history_user = Membership.Role.OTHER, keyworker  # type: ignore[attr-defined]
    membership.save()
    result = publish_extract(extract)
    corrected.refresh_from_db(), drifted.refresh_from_db(), membership.refresh_from_db()
    assert corrected.first_name == "Corrected" and drifted.first_name != "Drifted"
    assert membership.role == Membership.Role.OTHER
    assert result.counts["people_updated"] == 1 and result.counts["memberships_updated"] == 0


def _keyworker_records(family: Family, keyworker: User) -> dict[str, Any]:
    """A keyworker's work on a published family: team, consent, a casework need, member and timeline entry."""
    parent = family.memberships.first()
    assert parent is not None
    friend = Person.objects.create(origin=Source.CASEWORK, first_name="Aunt", surname="Casework")
    return {
        "team_member": TeamMember.objects.create(
            family=family, practitioner=keyworker, role_in_team="Keyworker"
        ),
        "consent": Consent.objects.create(
            family=family,
            given_by=parent.person,
            purpose=Consent.Purpose.TAKE_PART,
            given_on=dt.date(2026, 11, 2),
            how=Consent.How.WRITTEN,
            recorded_by=keyworker,
        ),
        "need": Need.objects.create(
            family=family,
            headline="health",
            headline_label="Improved mental and physical health",
            descriptor_id="casework_need",
            descriptor_label="Told to the keyworker",
            source=Source.CASEWORK,
        ),
        "member": Membership.objects.create(
            family=family, person=friend, role=Membership.Role.OTHER, source=Source.CASEWORK
        ),
        "event": TimelineEvent.objects.create(
            family=family,
            date=dt.date(2026, 11, 3),
            kind="visit",
            title="Home visit",
            source=Source.CASEWORK,
            recorded_by=keyworker,
        ),
    }


def _unchanged(records: dict[str, Any]) -> None:
    for obj in records.values():
        fresh = type(obj).objects.get(pk=obj.pk)
        assert [getattr(fresh, f.attname) for f in obj._meta.concrete_fields] == [
            getattr(obj, f.attname) for f in obj._meta.concrete_fields
        ]


def test_keyworkers_records_survive_a_publish(
    db: None, extract: Extract, edited: Edited, keyworker: User
) -> None:
    publish_extract(extract)
    a, c = Family.objects.get(warehouse_id=edited.a), Family.objects.get(warehouse_id=edited.c)
    Family.objects.filter(pk=a.pk).update(referral_reason="Asked for help", status=Family.Status.REFERRED)
    records = _keyworker_records(a, keyworker)
    publish_extract(extract)
    _unchanged(records)

    result = publish_extract(read_extract(edited.workspace, "sf-2022"))  # a is not allocated: it follows
    _unchanged(records)
    a.refresh_from_db()
    assert (a.referral_reason, a.status, a.lead_practitioner) == (
        "Asked for help",
        Family.Status.REFERRED,
        None,
    )
    before = {m.person_id for m in extract.members if m.family_id == edited.a}
    assert _open_members(a) == before - {edited.gone} | {edited.moved}
    assert edited.moved not in _open_members(c)
    ended = Membership.objects.get(family=a, person__warehouse_id=edited.gone)
    assert ended.end_date == dt.date(2026, 10, 31)
    assert _pipeline_needs(a) == {n.descriptor_id for n in extract.needs if n.family_id == edited.a} - {
        edited.need_gone
    } | {edited.need_new}
    assert a.needs.filter(source=Source.CASEWORK, descriptor_id="casework_need").exists()
    assert result.counts["memberships_ended"] == 2 and result.counts["needs_removed"] == 1
    assert not Suggestion.objects.exists()
    assert AuditEntry.objects.filter(
        family_id=a.pk, action="change", summary__contains=extract.identify_run
    ).exists()


def test_an_allocated_family_gets_suggestions_not_changes(
    db: None, extract: Extract, edited: Edited, keyworker: User
) -> None:
    publish_extract(extract)
    a = Family.objects.get(warehouse_id=edited.a)
    Family.objects.filter(pk=a.pk).update(
        lead_practitioner=keyworker, team=keyworker.team, status=Family.Status.OPEN
    )
    records = _keyworker_records(a, keyworker)
    members, needs = _open_members(a), _pipeline_needs(a)
    # evidence and partner events casework does not hold yet are still added to an allocated family
    Evidence.objects.filter(need__family=a).exclude(need__descriptor_id=edited.need_gone).first().delete()  # type: ignore[union-attr]
    TimelineEvent.objects.filter(family=a, event_key__isnull=False).exclude(
        person__warehouse_id=edited.gone
    ).first().delete()  # type: ignore[union-attr]

    result = publish_extract(read_extract(edited.workspace, "sf-2022"))
    _unchanged(records)
    assert _open_members(a) == members and _pipeline_needs(a) == needs
    suggestions = {
        (s.kind, s.key) for s in Suggestion.objects.filter(family=a, status=Suggestion.Status.PENDING)
    }
    assert suggestions == {
        (Suggestion.Kind.MEMBER_LEFT, edited.gone),
        (Suggestion.Kind.NEW_MEMBER, edited.moved),
        (Suggestion.Kind.NEED_GONE, edited.need_gone),
        (Suggestion.Kind.NEW_NEED, edited.need_new),
    }
    new_member = Suggestion.objects.get(family=a, kind=Suggestion.Kind.NEW_MEMBER)
    assert new_member.payload["person"] == Person.objects.get(warehouse_id=edited.moved).pk
    assert result.counts["suggestions_created"] == 4
    assert result.counts["evidence_created"] >= 1 and result.counts["timeline_created"] >= 1
    assert edited.moved not in _open_members(Family.objects.get(warehouse_id=edited.c))  # c is not allocated

    Suggestion.objects.filter(family=a, kind=Suggestion.Kind.MEMBER_LEFT).update(
        status=Suggestion.Status.DISMISSED
    )
    again = publish_extract(read_extract(edited.workspace, "sf-2022"))
    assert not again.changed  # neither the waiting suggestions nor the dismissed one come again
    assert Suggestion.objects.filter(family=a).count() == 4


def test_a_family_out_of_scope_stays_not_eligible(db: None, authority: Workspace, extract: Extract) -> None:
    publish_extract(read_extract(authority, "sf-2022", "with-needs"))
    total = Family.objects.count()
    result = publish_extract(extract)
    assert Family.objects.count() == total
    assert result.counts["families_out_of_scope_updated"] == 0  # they were published as not eligible already
    assert Family.objects.filter(eligible=True).count() == len(extract.families)
    stray = Family.objects.create(
        warehouse_id="F-NOT-IN-WAREHOUSE", origin=Source.PIPELINE, eligible=True, priority=1
    )
    result = publish_extract(extract)
    stray.refresh_from_db()
    assert (
        result.counts["families_out_of_scope_updated"] == 1 and not stray.eligible and stray.priority is None
    )


# errors and the command line --------------------------------------------------------------------------------


def test_no_warehouse_or_no_identify_run_is_a_clear_error(tmp_path: Path, authority: Workspace) -> None:
    empty = Workspace(tmp_path / "empty")
    empty.create("no warehouse")
    with pytest.raises(PublishError, match="run `wholefamily ingest`"):
        read_extract(empty, "sf-2022")
    with pytest.raises(
        PublishError, match=r"no identify run of tf-2015: run `wholefamily identify --framework tf-2015"
    ):
        read_extract(authority, "tf-2015")
    stale = _copy(authority, tmp_path / "stale")
    with duckdb.connect(str(stale.warehouse)) as con:
        con.execute("UPDATE families SET run_id = 'ZZZZZZZZZZZZZZZZZZZZZZZZZZ'")
    with pytest.raises(PublishError, match="families rebuilt after identify run"):
        read_extract(stale, "sf-2022")
    result = CliRunner().invoke(main, ["publish", "--workspace", str(empty.root)])
    assert (
        result.exit_code == 2 and "publish failed" in result.output and "wholefamily ingest" in result.output
    )


def test_the_command_publishes_and_prints_a_summary(
    db: None, authority: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WHOLEFAMILY_HOME", str(authority.root))  # django_setup sets it; put it back after
    first = _invoke("publish", "--workspace", str(authority.root), "--scope", "eligible")
    assert "families created" in first and Family.objects.exists()
    again = _invoke("publish", "--workspace", str(authority.root))
    assert "Nothing changed" in again
    assert PublishRun.objects.count() == 2
    assert "Need outcomes not published: no outcomes run in the warehouse" in again


# need outcomes ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def with_outcomes(authority: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the authority where three eligible families were worked with and closed on 1 March 2026, and
    an outcomes run judged them as of the identify date (six months measurable, 12 and 24 not yet)."""
    x = read_extract(authority, "sf-2022")
    workspace = _copy(authority, tmp_path_factory.mktemp("outcomes") / "ws")
    workspace.milestones.parent.mkdir(parents=True)
    rows = [
        f"{f.warehouse_id},2025-09-01,2025-09-15,2025-10-01,2026-03-01,outcomes_met" for f in x.families[:3]
    ]
    header = "family_id,worked_with_start,assessment_date,plan_date,closure_date,closure_reason"
    workspace.milestones.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    _invoke("outcomes", "--workspace", str(workspace.root), "--as-of", AS_OF)
    return workspace


def test_publish_copies_each_needs_outcome_per_horizon(db: None, with_outcomes: Workspace) -> None:
    x = read_extract(with_outcomes, "sf-2022")
    assert x.outcomes.run_id is not None and x.outcomes.skipped == ""
    first = publish_extract(x)
    outcomes = models.NeedOutcome.objects.select_related("need")
    assert first.counts["need_outcomes_created"] == outcomes.count() == len(x.outcomes.needs) > 0
    assert {o.horizon_days for o in outcomes} == {183, 365, 730}
    assert {o.outcomes_run for o in outcomes} == {x.outcomes.run_id}
    # 12 and 24 months after closure are still to come: not yet measurable (and why), unless already broken
    later = [o for o in outcomes if o.horizon_days > 183]
    assert later and all(o.status != "met" for o in later)
    waiting = [o for o in later if o.status == "not_yet_measurable"]
    assert waiting and all(o.reason for o in waiting)
    judged = {(o.need.family.warehouse_id, o.need.descriptor_id) for o in outcomes}
    assert judged == {(n.family_id, n.descriptor_id) for n in x.outcomes.needs}
    again = publish_extract(x)
    assert not again.changed and again.run.counts["outcomes_run"] == x.outcomes.run_id


def test_outcomes_of_another_identify_run_are_not_published(
    db: None, with_outcomes: Workspace, tmp_path: Path
) -> None:
    workspace = _copy(with_outcomes, tmp_path / "ws")
    with duckdb.connect(str(workspace.warehouse)) as con:
        con.execute("UPDATE outcome_runs SET identify_run_id = 'an-older-run'")
    x = read_extract(workspace, "sf-2022")
    assert x.outcomes.run_id is None and x.outcomes.needs == []
    assert "read identify run an-older-run, not " in x.outcomes.skipped
    assert publish_extract(x).counts["need_outcomes_created"] == 0
    assert not models.NeedOutcome.objects.exists()


def test_publish_copies_every_partner_feeds_health(db: None, extract: Extract) -> None:
    assert len(extract.feeds) > 5
    first = publish_extract(extract)
    assert first.counts["feeds_updated"] == len(extract.feeds)
    feeds = {f.source: f for f in models.PartnerFeed.objects.all()}
    assert set(feeds) == {h.source for h in extract.feeds}
    for health in extract.feeds:
        feed = feeds[health.source]
        assert (feed.last_delivery, feed.rows, feed.due_on) == (
            health.last_delivery,
            health.rows,
            health.due_on,
        )
        assert feed.previous_rows == health.previous_rows and feed.expected_every_days == 31
    assert publish_extract(extract).counts["feeds_updated"] == 0


# claims ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def with_claims(with_outcomes: Workspace, tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A copy of the authority with outcomes where a claims build judged 2026Q3."""
    workspace = _copy(with_outcomes, tmp_path_factory.mktemp("claims") / "ws")
    _invoke("claims", "build", "--workspace", str(workspace.root), "--period", "2026Q3")
    return workspace


def test_publish_copies_the_latest_claims_runs_candidates_and_reasons(
    db: None, with_claims: Workspace
) -> None:
    x = read_extract(with_claims, "sf-2022")
    assert x.claims.run_id is not None and x.claims.period == "2026Q3" and x.claims.candidates
    first = publish_extract(x)
    claims = models.ClaimCandidate.objects.select_related("family")
    assert first.counts["claims_created"] == claims.count() == len(x.claims.candidates)
    assert {c.family.warehouse_id: c.status for c in claims} == {
        c.family_id: c.status for c in x.claims.candidates
    }
    for candidate in claims:
        assert candidate.period == "2026Q3" and candidate.claims_run == x.claims.run_id
        assert bool(candidate.reasons) == (candidate.status == "not_claimable")
    assert first.run.counts["claims_run"] == x.claims.run_id
    assert not publish_extract(x).changed


def test_publish_without_a_claims_run_says_so(db: None, extract: Extract) -> None:
    assert extract.claims.run_id is None and "no claims run" in extract.claims.skipped
    assert publish_extract(extract).counts["claims_created"] == 0
    assert not models.ClaimCandidate.objects.exists()


def test_a_claim_signed_off_in_the_site_is_submitted_at_the_next_build(
    db: None, with_claims: Workspace, tmp_path: Path
) -> None:
    workspace = _copy(with_claims, tmp_path / "ws")
    publish_extract(read_extract(workspace, "sf-2022"))
    candidate = models.ClaimCandidate.objects.select_related("family").order_by("status").first()
    assert candidate is not None
    coordinator = User.objects.create_user("coordinator_loop", role=Role.COORDINATOR)
    models.ClaimSignOff.objects.create(
        family=candidate.family,
        period=candidate.period,
        signed_off_by=coordinator,
        override=candidate.status == "not_claimable",
        reason="test override" if candidate.status == "not_claimable" else "",
    )
    assert export_claims(workspace).claims == 1
    _invoke("claims", "build", "--workspace", str(workspace.root), "--period", candidate.period)
    publish_extract(read_extract(workspace, "sf-2022"))
    candidate.refresh_from_db()
    assert candidate.status == "submitted"


def test_tombstones_stay_tombstones_through_a_publish(db: None, extract: Extract, keyworker: User) -> None:
    """A family retention pseudonymised is published again as a new family if the warehouse still finds it,
    its tombstone untouched; a family erased stays out of casework; the counts of both stay."""
    publish_extract(extract)
    retained, erased = Family.objects.filter(memberships__isnull=False).distinct().order_by("pk")[:2]
    ids = {"retained": str(retained.warehouse_id), "erased": str(erased.warehouse_id)}
    erased_people = list(erased.memberships.values_list("person_id", flat=True))
    for family in (retained, erased):
        closed(family, keyworker, days_ago=3000)
    needs = {f.pk: f.needs.count() for f in (retained, erased)}
    families = Family.objects.count()
    make_tombstones([retained.pk], dt.date.today(), keep_apart=False)
    make_tombstones([erased.pk], dt.date.today(), keep_apart=True)

    publish_extract(extract)
    assert Family.objects.count() == families + 1  # the retained family, found again, is a new record
    again = Family.objects.get(warehouse_id=ids["retained"])
    assert again.pk != retained.pk and again.status == Family.Status.IDENTIFIED and again.address
    for family in (retained, erased):
        family.refresh_from_db()
        assert family.pseudonymised_on == dt.date.today() and family.address == ""
        assert family.status == Family.Status.CLOSED and family.needs.count() == needs[family.pk]
    assert retained.warehouse_id is None and erased.warehouse_id == ids["erased"]
    assert set(Person.objects.filter(pk__in=erased_people).values_list("first_name", flat=True)) == {""}
    assert not Membership.objects.filter(family=erased, end_date__isnull=False).exists()


def test_a_restricted_person_is_left_out_of_the_extract(authority: Workspace, tmp_path: Path) -> None:
    copy = _copy(authority, tmp_path / "copy")
    whole = read_extract(copy, "sf-2022")
    person = whole.members[0].person_id
    with duckdb.connect(str(copy.warehouse), read_only=True) as con:
        restrict_person(con, DecisionStore(copy.decisions), person, by="dpo", reason="accuracy contested")
    restricted = read_extract(copy, "sf-2022")
    assert person not in {p.warehouse_id for p in restricted.people}
    assert person not in {m.person_id for m in restricted.members}
    assert len(restricted.people) == len(whole.people) - 1
