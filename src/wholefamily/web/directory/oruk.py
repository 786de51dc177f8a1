"""The directory in the Open Referral UK data standard (ORUK 3.0, the UK profile of HSDS 3.0): a paginated list of
services, each with its organisation, contact, schedule, service areas, location and needs, validated against
``data/oruk-service-list.schema.json`` both ways.

Ids: a service keeps its ORUK id (``Service.oruk_id``); the ids of its parts are derived from it, and a term's
or an organisation's from its text, so the same directory always exports the same file. Import creates or updates
services by id (all or nothing); services absent from the file are left as they are.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from django.db import transaction
from jsonschema import Draft202012Validator, FormatChecker

from wholefamily.web.accounts import audit
from wholefamily.web.accounts.models import AuditEntry
from wholefamily.web.directory import areas, needs
from wholefamily.web.directory.forms import ServiceForm
from wholefamily.web.directory.models import Service

LINK_TYPE = "need"
_COUNTRY = "GB"


class OrukError(Exception):
    """A file the directory cannot take: every problem, each naming the record and the field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@cache
def _validator() -> Draft202012Validator:
    text = resources.files("wholefamily.web.directory").joinpath("data/oruk-service-list.schema.json")
    return Draft202012Validator(json.loads(text.read_text("utf-8")), format_checker=FormatChecker())


def schema_problems(document: Any) -> list[str]:
    """What in ``document`` breaks the schema, each as "service 2 (id …, name …): field: message"."""
    problems = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        path = list(error.absolute_path)
        where = "the file"
        if len(path) >= 2 and path[0] == "contents" and isinstance(path[1], int):
            where = _record(document["contents"][path[1]], path[1])
            path = path[2:]
        field_name = ".".join(str(p) for p in path) or "(the record)"
        problems.append(f"{where}: {field_name}: {error.message}")
    return problems


def _record(item: Any, index: int) -> str:
    if not isinstance(item, dict):
        return f"service {index + 1}"
    return f"service {index + 1} (id {item.get('id', '?')}, name {item.get('name', '?')!r})"


# --- Export ---------------------------------------------------------------------------------------------------


def _part(service: Service, name: str) -> str:
    return str(uuid.uuid5(service.oruk_id, name))


def _organisation(name: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid5(needs.NAMESPACE, f"organisation:{name}")), "name": name, "description": name}


def service_record(service: Service) -> dict[str, Any]:
    sid = str(service.oruk_id)
    labels = needs.labels()
    organisation = _organisation(service.organisation)
    record: dict[str, Any] = {
        "id": sid,
        "organization_id": organisation["id"],
        "name": service.name,
        "description": service.description,
        "status": "active" if service.active else "inactive",
        "last_modified": service.updated_at.isoformat().replace("+00:00", "Z"),
        "organization": organisation,
    }
    if service.website:
        record["url"] = service.website
    if service.email:
        record["email"] = service.email
    if service.min_age is not None:
        record["minimum_age"] = service.min_age
    if service.max_age is not None:
        record["maximum_age"] = service.max_age
    if service.contact_name or service.contact_title:
        record["contacts"] = [
            {
                "id": _part(service, "contact"),
                "service_id": sid,
                "name": service.contact_name,
                "title": service.contact_title,
            }
        ]
    if service.opening_times:
        record["schedules"] = [
            {"id": _part(service, "schedule"), "service_id": sid, "description": service.opening_times}
        ]
    record["service_areas"] = [
        {"id": _part(service, f"area:{d}"), "service_id": sid, "name": d, "extent_type": "postcode_district"}
        for d in service.districts
    ]
    if service.address or service.postcode:
        location_id = _part(service, "location")
        address = {
            "id": _part(service, "address"),
            "location_id": location_id,
            "address_1": service.address,
            "city": service.town,
            "state_province": "",
            "postal_code": service.postcode,
            "country": _COUNTRY,
            "address_type": "physical",
        }
        record["service_at_locations"] = [
            {
                "id": _part(service, "service_at_location"),
                "service_id": sid,
                "location_id": location_id,
                "location": {"id": location_id, "location_type": "physical", "addresses": [address]},
            }
        ]
    record["attributes"] = [
        {
            "id": _part(service, f"need:{headline}"),
            "link_id": sid,
            "link_type": LINK_TYPE,
            "taxonomy_term_id": needs.term_id(headline),
            "taxonomy_term": {
                "id": needs.term_id(headline),
                "name": labels.get(headline, headline),
                "description": needs.TAXONOMY_DESCRIPTION,
                "taxonomy": needs.TAXONOMY,
                "term": headline,
            },
        }
        for headline in service.headlines
    ]
    extension = {
        "kind": service.kind,
        "eligibility": service.eligibility,
        "phone": service.phone,
        "referral": service.referral,
        "referral_how": service.referral_how,
    }
    record["wholefamily"] = extension
    return record


def export(services: Iterable[Service]) -> dict[str, Any]:
    """One page holding every service, checked against the schema (a failure here is a bug)."""
    contents = [service_record(s) for s in services]
    document = {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }
    problems = schema_problems(document)
    if problems:
        raise OrukError(problems)
    return document


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# --- Import ---------------------------------------------------------------------------------------------------

#: Our form's fields -> where they come from in ORUK, to name the field of a problem.
_ORUK_FIELD = {
    "name": "name",
    "organisation": "organization.name",
    "description": "description",
    "active": "status",
    "min_age": "minimum_age",
    "max_age": "maximum_age",
    "headlines": "attributes",
    "districts": "service_areas",
    "address": "service_at_locations.location.addresses.address_1",
    "town": "service_at_locations.location.addresses.city",
    "postcode": "service_at_locations.location.addresses.postal_code",
    "contact_name": "contacts.name",
    "contact_title": "contacts.title",
    "email": "email",
    "website": "url",
    "opening_times": "schedules.description",
}


@dataclass
class Imported:
    created: int = 0
    updated: int = 0
    notes: list[str] = field(default_factory=list)


def _first(items: Any) -> dict[str, Any]:
    return items[0] if isinstance(items, list) and items else {}


def _fields(item: dict[str, Any], where: str, notes: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The form data for one ORUK service, and the problems only ORUK's shape can have."""
    problems: list[str] = []
    headlines: list[str] = []
    known = needs.labels()
    for n, attribute in enumerate(item.get("attributes") or []):
        term = attribute.get("taxonomy_term") or {}
        if term.get("taxonomy") != needs.TAXONOMY:
            continue
        if term.get("term") not in known:
            problems.append(
                f"{where}: attributes.{n}.taxonomy_term.term: {term.get('term')!r} is not a headline of the "
                f"framework ({', '.join(known)})"
            )
        else:
            headlines.append(term["term"])
    districts = []
    for n, area in enumerate(item.get("service_areas") or []):
        found = areas.district(area.get("name", ""))
        if found is None:
            notes.append(
                f"{where}: service_areas.{n}.name: {area.get('name')!r} is not a postcode district; left out"
            )
        else:
            districts.append(found)
    address = _first(_first(item.get("service_at_locations")).get("location", {}).get("addresses"))
    extension = item.get("wholefamily") or {}
    data = {
        "kind": extension.get("kind", Service.Kind.SERVICE),
        "name": item["name"],
        "organisation": (item.get("organization") or {}).get("name", ""),
        "description": item.get("description", ""),
        "active": "on" if item["status"] == "active" else "",
        "min_age": item.get("minimum_age", ""),
        "max_age": item.get("maximum_age", ""),
        "eligibility": extension.get("eligibility", ""),
        "headlines": sorted(set(headlines), key=list(known).index),
        "districts": " ".join(districts),
        "address": address.get("address_1", ""),
        "town": address.get("city", ""),
        "postcode": address.get("postal_code", ""),
        "contact_name": _first(item.get("contacts")).get("name", ""),
        "contact_title": _first(item.get("contacts")).get("title", ""),
        "phone": extension.get("phone", ""),
        "email": item.get("email", ""),
        "website": item.get("url", ""),
        "opening_times": _first(item.get("schedules")).get("description", ""),
        "referral": extension.get("referral", Service.Referral.EITHER),
        "referral_how": extension.get("referral_how", ""),
    }
    for key in ("min_age", "max_age"):
        if isinstance(data[key], float) and data[key].is_integer():
            data[key] = int(data[key])
    return data, problems


def load(document: Any, *, user: Any = None, channel: str = "cli") -> Imported:
    """Create or update the services of ``document`` (all or none), each change in the audit trail;
    ``OrukError`` lists every problem."""
    problems = schema_problems(document)
    if problems:
        raise OrukError(problems)
    result = Imported()
    forms: list[tuple[ServiceForm, dict[str, Any] | None]] = []
    seen: set[str] = set()
    for index, item in enumerate(document["contents"]):
        where = _record(item, index)
        if item["id"] in seen:
            problems.append(f"{where}: id: the same id as an earlier service")
            continue
        seen.add(item["id"])
        data, shape_problems = _fields(item, where, result.notes)
        problems += shape_problems
        existing = Service.objects.filter(oruk_id=item["id"]).first()
        form = ServiceForm(data, instance=existing or Service(oruk_id=uuid.UUID(item["id"])))
        if not form.is_valid():
            for name, messages in form.errors.items():
                for message in messages:
                    problems.append(f"{where}: {_ORUK_FIELD.get(name, 'wholefamily.' + name)}: {message}")
        forms.append((form, existing.values() if existing else None))
    if problems:
        raise OrukError(problems)
    with transaction.atomic():
        for form, before in forms:
            existed = before is not None
            service = form.save(commit=False)
            service.updated_by = user
            service.save()
            audit.record(
                user,
                AuditEntry.Action.CHANGE if existed else AuditEntry.Action.CREATE,
                obj=service,
                summary=f"Directory import: {service.name}",
                detail={"oruk_id": str(service.oruk_id), "fields": service.changed(before or {})},
                channel=channel,
            )
            if existed:
                result.updated += 1
            else:
                result.created += 1
    return result


def loads(text: str, *, user: Any = None, channel: str = "cli") -> Imported:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise OrukError([f"the file: not JSON: {error}"]) from None
    return load(document, user=user, channel=channel)
