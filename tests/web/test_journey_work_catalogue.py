"""The intervention catalogue shipped in the package: every entry valid, labels no stronger than the review's
words, and the catalogue pages showing the original wording, source and date."""

from __future__ import annotations

from django.test import Client
from web_world import World

from wholefamily.web.casework.journey.work import catalogue


def test_every_entry_is_on_framework_headlines_with_known_levels() -> None:
    items = catalogue.catalogue()
    assert len(items) == len({i.id for i in items}) > 50
    headlines = set(catalogue.headline_labels())
    for item in items:
        assert set(item.headlines) <= headlines, item.id
        assert set(item.evidence.levels) <= {"4+", "4", "3+", "3", "2+", "2", "NL2"}, item.id
        assert bool(item.evidence.rating) == bool(item.evidence.source and item.evidence.date), item.id
        if not item.evidence.rating:
            assert item.evidence.label == "Not rated"


def test_suggestions_rank_more_matches_then_stronger_evidence() -> None:
    found = catalogue.suggestions({"family_relationships", "substance_use"})
    assert all(match.intervention.referable for match in found)
    matches = [len(match.matched) for match in found]
    assert matches == sorted(matches, reverse=True)
    both = [m for m in found if len(m.matched) == 2]
    strengths = [m.intervention.evidence.strength for m in both]
    assert strengths == sorted(strengths, reverse=True)
    assert catalogue.suggestions(set()) == []


def test_catalogue_pages(world: World, client: Client) -> None:
    client.force_login(world.users["school"])
    page = client.get("/interventions/").content.decode()
    assert "Family Foundations" in page and "EIF level 4" in page and "Not rated" in page
    assert "What the evidence labels mean" in page
    page = client.get("/interventions/?headline=housing").content.decode()
    assert "Child First" in page and "Family Foundations" not in page
    page = client.get("/interventions/restorative-practices/").content.decode()
    assert "No EIF level" in page and "strong (level 3+) in criminal justice" in page
    assert "May 2023" in page and "Way of working" in page
    page = client.get("/interventions/box-up-crime/").content.decode()
    assert "Not rated" in page and "says nothing either way" in page
    assert client.get("/interventions/no-such-thing/").status_code == 404
