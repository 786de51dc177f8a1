"""Casework pages (being built)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/home.html", {"title": "Families"})


search = family_create = home


def family_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return home(request)


allocate = team_member_add = consent_add = family_audit = person_detail = family_detail


def team_member_end(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    return home(request)


def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    return home(request)
