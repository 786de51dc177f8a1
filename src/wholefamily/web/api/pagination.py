"""Pages of results: ``?limit=`` (default ``PAGE_SIZE``, at most 200) and ``?offset=``. Either, when sent,
must be a whole number (limit from 1, offset from 0): anything else answers 400, as the schema says, instead of
quietly falling back to the first page."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request


class Pages(LimitOffsetPagination):
    max_limit = 200

    def get_limit(self, request: Request) -> int | None:
        if self.limit_query_param not in request.query_params:
            return self.default_limit
        return min(_whole_number(request, self.limit_query_param, lowest=1), self.max_limit)

    def get_offset(self, request: Request) -> int:
        if self.offset_query_param not in request.query_params:
            return 0
        return _whole_number(request, self.offset_query_param, lowest=0)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        lowest = {self.limit_query_param: 1, self.offset_query_param: 0}
        for parameter in parameters:
            parameter["schema"]["minimum"] = lowest[parameter["name"]]
        return parameters


def _whole_number(request: Request, name: str, *, lowest: int) -> int:
    text = request.query_params[name]
    if not (text.isascii() and text.isdigit()) or int(text) < lowest:
        raise ValidationError({name: [f"Enter a whole number from {lowest}."]})
    return int(text)
