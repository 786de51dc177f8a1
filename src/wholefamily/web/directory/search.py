"""Which services a list shows or a family is offered: by need, area and words."""

from __future__ import annotations

from collections.abc import Iterable

from wholefamily.web.directory.models import Service


def matching(
    services: Iterable[Service], *, need: str = "", district: str = "", text: str = ""
) -> list[Service]:
    words = text.casefold().split()

    def keep(service: Service) -> bool:
        if need and need not in service.headlines:
            return False
        if district and not service.serves(district):
            return False
        haystack = f"{service.name} {service.organisation} {service.description}".casefold()
        return all(word in haystack for word in words)

    return [service for service in services if keep(service)]
