"""The API's error answers: the ones every endpoint documents in the schema (``errors(400, 401, ...)``), and
the 409 of a step the family's status does not allow (``conflict``), with the rule's message."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

from wholefamily.web.api.serializers import ErrorSerializer
from wholefamily.web.casework.journey.transitions import TransitionError

_FIELD_ERRORS = OpenApiResponse(
    {"type": "object", "additionalProperties": {}, "example": {"field_name": ["What is wrong with it."]}},
    description="Invalid input: each field named, with its messages.",
)
_RESPONSES: dict[int, OpenApiResponse] = {
    400: _FIELD_ERRORS,
    401: OpenApiResponse(ErrorSerializer, description="No token or session, or the token has expired."),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this."),
    404: OpenApiResponse(ErrorSerializer, description="No such record, or not one you may open."),
    409: OpenApiResponse(ErrorSerializer, description="The family's status does not allow this step now."),
    429: OpenApiResponse(ErrorSerializer, description="Too many failed sign-ins: the account is locked."),
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    """The documented answers of ``codes``, for ``extend_schema(responses=...)``."""
    return {code: _RESPONSES[code] for code in codes}


def conflict(refused: TransitionError) -> Response:
    """409: the family's status does not allow the step; the detail is the rule's message."""
    return Response({"detail": str(refused)}, status=status.HTTP_409_CONFLICT)
