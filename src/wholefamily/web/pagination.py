"""Pages of 50 rows with the parameters of the GOV.UK pagination component."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 50
T = TypeVar("T")


@dataclass
class Paged(Generic[T]):
    page: Page[T]
    #: ``govukPagination`` parameters, or None when everything fits on one page.
    pagination: dict[str, Any] | None

    @property
    def items(self) -> list[T]:
        return list(self.page.object_list)

    @property
    def total(self) -> int:
        return self.page.paginator.count


def _href(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()


def paginate(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[Any],
    *,
    param: str = "page",
    per_page: int = PER_PAGE,
) -> Paged[Any]:
    """The page of ``rows`` the query parameter ``param`` asks for (the first or last page when it is not a
    page number); other query parameters are kept in the links."""
    paginator: Paginator[Any] = Paginator(rows, per_page)
    page = paginator.get_page(request.GET.get(param))
    if paginator.num_pages <= 1:
        return Paged(page, None)
    items: list[dict[str, Any]] = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if isinstance(number, int):
            items.append(
                {"number": number, "href": _href(request, param, number), "current": number == page.number}
            )
        else:
            items.append({"ellipsis": True})
    params: dict[str, Any] = {"items": items}
    if page.has_previous():
        params["previous"] = {"href": _href(request, param, page.previous_page_number())}
    if page.has_next():
        params["next"] = {"href": _href(request, param, page.next_page_number())}
    return Paged(page, params)
