"""Early help history from a case system's Standard Safeguarding Dataset extract shows on the family record:
generate --ssd -> ingest -> link -> identify -> publish, then the family page's timeline, with its access rules."""

from __future__ import annotations

import csv
import html

import pytest
from click.testing import CliRunner
from django.test import Client

from wholefamily.cli import main
from wholefamily.publish.extract import read_extract
from wholefamily.web.accounts.models import Role, Team, User
from wholefamily.web.casework.models import Family, TimelineEvent
from wholefamily.web.warehouse_sync.publish import publish_extract
from wholefamily.workspace import Workspace

pytestmark = pytest.mark.slow  # an authority taken through the whole pipeline

AS_OF = "2026-10-31"


def _invoke(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def authority(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    out = tmp_path_factory.mktemp("ssd-history") / "ws"
    _invoke("generate", "--residents", "2000", "--seed", "3", "--deliveries", "2", "--ssd", "--out", str(out))
    _invoke("ingest", "--workspace", str(out))
    _invoke("link", "--workspace", str(out))
    _invoke("identify", "--workspace", str(out), "--as-of", AS_OF)
    return Workspace(out)


def test_past_early_help_episodes_are_history_on_the_family_page(
    db: None, authority: Workspace, client: Client
) -> None:
    publish_extract(read_extract(authority, "sf-2022", "with-needs"))
    event = (
        TimelineEvent.objects.filter(kind="early_help_episode").order_by("-date", "pk").first()
    )  # on page 1
    assert event is not None, "no published family has early help history"
    with (authority.extracts / AS_OF / "ssd_early_help_episodes.csv").open(encoding="utf-8", newline="") as f:
        episode = next(
            r for r in csv.DictReader(f) if f"Partner record {r['earl_episode_id']}." in event.detail
        )
    assert event.title == (
        f"Early help episode: {episode['earl_episode_reason']}; ended: {episode['earl_episode_end_reason']} "
        "(Liquidlogic)"
        if episode["earl_episode_end_reason"]
        else f"Early help episode: {episode['earl_episode_reason']} (Liquidlogic)"
    )
    assert event.source == "ssd_early_help_episodes"
    family: Family = event.family
    north, south = Team.objects.create(name="North"), Team.objects.create(name="South")
    keyworker = User.objects.create_user("kw_history", role=Role.KEYWORKER, team=north)
    family.team, family.lead_practitioner = north, keyworker
    family.save()
    client.force_login(keyworker)
    page = client.get(f"/families/{family.pk}/").content.decode()
    timeline = html.unescape(page[page.index('id="timeline"') :])
    assert event.title in timeline
    assert event.detail.split(".")[0] in timeline  # from the start to the end of the episode
    assert "from partner data: Early help history (Liquidlogic, SSD)" in timeline
    client.force_login(User.objects.create_user("kw_elsewhere", role=Role.KEYWORKER, team=south))
    assert client.get(f"/families/{family.pk}/").status_code in (403, 404)
