"""The Jinja2 environment for pages: GOV.UK Frontend macros (govuk-frontend-jinja) and Django helpers."""

from __future__ import annotations

from typing import Any

import jinja2
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from wholefamily.web.directory.suggestions import for_request as directory_suggestions
from wholefamily.web.forms import error_summary, field_params
from wholefamily.web.navigation import navigation


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def page_context(request: HttpRequest) -> dict[str, Any]:
    """What the GOV.UK template needs on every page: the CSP nonce for its inline script, and the assets."""
    return {"cspNonce": str(getattr(request, "csp_nonce", "")), "assetPath": "/assets"}


def environment(**options: Any) -> jinja2.Environment:
    # GOV.UK macros test optional parameters with `if params.x.y`, so undefined values must chain quietly.
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("autoescape", True)
    base_loader = options.pop("loader")
    env = jinja2.Environment(
        loader=ChoiceLoader(
            [
                base_loader,
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
            ]
        ),
        **options,
    )
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "field_params": field_params,
            "error_summary": error_summary,
            "navigation": navigation,
            "directory_suggestions": directory_suggestions,
        }
    )
    return env
