"""The API's views: families and people through the access rules of the pages, tokens, and the docs page.

Every family and person comes from ``access.families_for`` / ``access.people_for``: one the caller may not
open answers 404, exactly like one that does not exist, and is audited as "denied". Every read and change
writes one audit entry (channel "api").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from axes.helpers import get_cool_off
from django.contrib.auth.decorators import login_not_required
from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.exceptions import AuthenticationFailed, NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry, User
from wholefamily.web.api import docs, tokens
from wholefamily.web.api.errors import errors
from wholefamily.web.api.family_gate import open_family, path_id, record_id
from wholefamily.web.api.serializers import (
    FamilyDetailSerializer,
    FamilyFilterSerializer,
    FamilySummarySerializer,
    PersonDetailSerializer,
    PersonFilterSerializer,
    PersonSummarySerializer,
    ReferralSerializer,
    SignInSerializer,
    TokenSerializer,
)
from wholefamily.web.casework import access
from wholefamily.web.casework.models import Family, Membership, Person
from wholefamily.web.casework.postcodes import normalise_postcode
from wholefamily.web.casework.record.family_record import load_record

_ID = path_id()
_M = TypeVar("_M", bound=Model)


def _user(request: Request) -> User:
    """The signed-in user (every view here but the token request needs one)."""
    return cast(User, request.user)


def _one(queryset: QuerySet[_M], pk: int | None) -> _M | None:
    return None if pk is None else queryset.filter(pk=pk).first()


def _postcode_filter(field: str, text: str) -> Q:
    postcode = normalise_postcode(text)
    if postcode is not None:
        return Q(**{field: postcode})
    return Q(**{f"{field}__istartswith": text.strip()})


def _filters(
    serializer_class: type[FamilyFilterSerializer | PersonFilterSerializer], request: Request
) -> FamilyFilterSerializer | PersonFilterSerializer:
    # A plain dict, not the QueryDict: DRF reads a missing boolean in form-style data as false.
    filters = serializer_class(data=request.query_params.dict())
    filters.is_valid(raise_exception=True)
    return filters


def _reference(text: str) -> int | None:
    """The family id in a reference as users type it: "WF000123", "wf123" or "123"."""
    text = text.strip().upper().removeprefix("WF")
    return record_id(text)


class FamilyViewSet(viewsets.GenericViewSet[Family]):
    def get_queryset(self) -> QuerySet[Family]:
        return access.families_for(_user(self.request)).select_related("team", "lead_practitioner")

    @extend_schema(
        summary="List the families you may open",
        parameters=[FamilyFilterSerializer],
        responses={200: FamilySummarySerializer, **errors(400, 401)},
    )
    def list(self, request: Request) -> Response:
        filters = _filters(FamilyFilterSerializer, request)
        wanted = filters.validated_data
        families = self.get_queryset()
        if "status" in wanted:
            families = families.filter(status=wanted["status"])
        if "eligible" in wanted:
            families = families.filter(eligible=wanted["eligible"])
        if "postcode" in wanted:
            families = families.filter(_postcode_filter("postcode", wanted["postcode"]))
        if "q" in wanted:
            reference = _reference(wanted["q"])
            families = families.filter(pk=reference) if reference is not None else families.none()
        page = self.paginate_queryset(families)
        audit.record(
            request.user,
            AuditEntry.Action.SEARCH,
            request=request,
            summary="Listed families",
            detail={"filters": dict(filters.data), "count": getattr(self.paginator, "count", None)},
        )
        return self.get_paginated_response(FamilySummarySerializer(page, many=True).data)

    @extend_schema(
        summary="A family's record, the sections your role may read",
        parameters=[_ID],
        responses={200: FamilyDetailSerializer, **errors(401, 404)},
    )
    def retrieve(self, request: Request, id: str) -> Response:
        family = open_family(request, id, journey=False)
        audit.record(request.user, AuditEntry.Action.VIEW, request=request, obj=family, family_id=family.pk)
        return Response(self._detail(family))

    @extend_schema(
        summary="Record a referral made by hand",
        request=ReferralSerializer,
        responses={201: FamilyDetailSerializer, **errors(400, 401, 403)},
    )
    def create(self, request: Request) -> Response:
        if not access.may_create_family(_user(request)):
            audit.record(
                request.user, AuditEntry.Action.DENIED, request=request, summary="Referral refused: role"
            )
            raise PermissionDenied("Your role may not record referrals.")
        referral = ReferralSerializer(data=request.data, context=self.get_serializer_context())
        referral.is_valid(raise_exception=True)
        family = referral.save()  # audited as the page's referrals are, with channel "api"
        location = reverse("api:family-detail", args=[family.pk])
        return Response(self._detail(family), status=status.HTTP_201_CREATED, headers={"Location": location})

    def _detail(self, family: Family) -> dict[str, Any]:
        record = load_record(family, _user(self.request))
        context = {**self.get_serializer_context(), "sections": record.sections}
        return FamilyDetailSerializer(context=context).to_representation(record)


class PersonViewSet(viewsets.GenericViewSet[Person]):
    def get_queryset(self) -> QuerySet[Person]:
        return access.people_for(_user(self.request)).order_by("surname", "first_name", "id")

    @extend_schema(
        summary="Search people in the families you may open",
        parameters=[PersonFilterSerializer],
        responses={200: PersonSummarySerializer, **errors(400, 401)},
    )
    def list(self, request: Request) -> Response:
        filters = _filters(PersonFilterSerializer, request)
        wanted = filters.validated_data
        people = self.get_queryset()
        for word in wanted.get("name", "").split()[:5]:
            people = people.filter(Q(first_name__icontains=word) | Q(surname__icontains=word))
        if "date_of_birth" in wanted:
            people = people.filter(date_of_birth=wanted["date_of_birth"])
        if "postcode" in wanted:
            people = people.filter(_postcode_filter("postcode", wanted["postcode"]))
        page = self.paginate_queryset(people)
        audit.record(
            request.user,
            AuditEntry.Action.SEARCH,
            request=request,
            summary="Searched people",
            detail={"filters": dict(filters.data), "count": getattr(self.paginator, "count", None)},
        )
        return self.get_paginated_response(PersonSummarySerializer(page, many=True).data)

    @extend_schema(
        summary="A person, with their memberships of families you may open",
        parameters=[_ID],
        responses={200: PersonDetailSerializer, **errors(401, 404)},
    )
    def retrieve(self, request: Request, id: str) -> Response:
        pk = record_id(id)
        visible = Membership.objects.filter(family__in=access.families_for(_user(request)))
        people = self.get_queryset().prefetch_related(
            Prefetch(
                "memberships",
                queryset=visible.select_related("family").order_by("family_id", "id"),
                to_attr="visible_memberships",
            )
        )
        person = _one(people, pk)
        if person is None:
            audit.record(
                request.user,
                AuditEntry.Action.DENIED,
                request=request,
                summary="Person not found or not one this user may open",
                detail={"person_id": pk},
            )
            raise NotFound()
        families = sorted({m.family_id for m in person.visible_memberships})  # type: ignore[attr-defined]
        audit.record(
            request.user, AuditEntry.Action.VIEW, request=request, obj=person, detail={"families": families}
        )
        return Response(PersonDetailSerializer(person).data)


class TokenView(APIView):
    """Ask for a token with a username and password (POST), or give up all yours (DELETE)."""

    def perform_authentication(self, request: Request) -> None:
        # Asking for a token needs only the password: a stale token sent along must not get in the way.
        if request.method != "POST":
            super().perform_authentication(request)

    def get_permissions(self) -> Sequence[Any]:
        return [] if self.request.method == "POST" else super().get_permissions()

    @extend_schema(
        summary="Get a token",
        description=f"Send a username and password; use the token as `Authorization: Token <token>` until it "
        f"expires ({tokens.LIFETIME.seconds // 3600} hours after it was issued). Each request gives a new "
        "token, shown this once: only a digest of it is kept. Five wrong passwords lock the account for a "
        "while, as on the sign-in page. A username and password that do not sign in answer 401; a body "
        "without them, 400.",
        request=SignInSerializer,
        responses={200: TokenSerializer, **errors(400, 401, 429)},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        sign_in = SignInSerializer(data=request.data, context={"request": request})
        if not sign_in.is_valid():
            if getattr(request, "axes_locked_out", False):
                cool_off = get_cool_off(request)
                return Response(
                    {"detail": "Too many failed sign-ins: this account is locked. Try again later."},
                    status=status.HTTP_429_TOO_MANY_REQUESTS,
                    headers={"Retry-After": str(int(cool_off.total_seconds()))} if cool_off else None,
                )
            if any(error.code == "authorization" for error in sign_in.errors.get("non_field_errors", [])):
                raise AuthenticationFailed("Unable to sign in with that username and password.")
            raise ValidationError(sign_in.errors)
        user = sign_in.validated_data["user"]
        token, key = tokens.issue(user)
        audit.record(user, AuditEntry.Action.LOGIN, request=request, obj=user, summary="API token issued")
        return Response(TokenSerializer({"token": key, "expires": tokens.expires(token)}).data)

    @extend_schema(
        summary="Give up your token",
        description="Every token of yours stops working at once (signing out of the site does the same); "
        "ask for a new one to carry on.",
        responses={204: None, **errors(401, 403)},
    )
    def delete(self, request: Request) -> Response:
        tokens.revoke(_user(request))
        audit.record(request.user, AuditEntry.Action.LOGOUT, request=request, summary="API token revoked")
        return Response(status=status.HTTP_204_NO_CONTENT)


@login_not_required
def docs_page(request: HttpRequest) -> HttpResponse:
    """A GOV.UK page describing the API, built from its schema (no personal data, so no sign-in needed)."""
    return render(request, "api/docs.html", {"title": "API", "endpoints": docs.endpoints()})
