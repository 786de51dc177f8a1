"""Pages of results: ``?limit=`` (default ``PAGE_SIZE``, at most 200) and ``?offset=``."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination


class Pages(LimitOffsetPagination):
    max_limit = 200
