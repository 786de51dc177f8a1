"""The pages of visits offline: keeping a family for offline use (a button on the family page), the offline
page (the user's copies and, with JavaScript, what waits to be sent and the conflicts to resolve), and the
service worker, served from the site's root so that it may answer for every page.

The service worker caches only the site's shell (the offline page, scripts, styles, fonts): never a page of a
family. The families' copies live in the browser's IndexedDB, encrypted (``static/offline/store.mjs``)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from wholefamily.web.casework import access
from wholefamily.web.casework.family_gate import acting_user, open_family
from wholefamily.web.casework.offline import copies

_STATIC = Path(__file__).parents[2] / "static"
#: The shell the service worker caches on install: the offline page and what every page loads.
_SHELL_ASSETS = (
    "govuk/govuk-frontend.min.css",
    "moj/moj-frontend.min.css",
    "wholefamily/site.css",
    "govuk/govuk-frontend.min.js",
    "moj/moj-frontend.min.js",
    "wholefamily/init.mjs",
    "wholefamily/offline/offline.mjs",
    "wholefamily/offline/store.mjs",
    "wholefamily/offline/render.mjs",
    "wholefamily/offline/outbox.mjs",
)


@require_POST
def keep_offline(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep the family for offline use (or renew its copy); the family page then stores the copy."""
    user, family = open_family(request, pk, change=(access.may_keep_offline, "keep an offline copy of"))
    copy = copies.take(request, user, family)
    messages.success(request, f"Family {family.reference} is kept for offline use until {copy.until_words()}")
    return redirect("casework:family_detail", family.pk)


@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """The user's offline copies; the service worker shows this page, filled from the copies, when offline."""
    user = acting_user(request)
    return render(
        request,
        "casework/offline.html",
        {"title": "Offline copies", "copies": copies.live_copies(user), "lifetime": copies.LIFETIME},
    )


@cache
def _worker_script() -> str:
    """The service worker, with the shell's URLs and a version that changes whenever one of our files does."""
    source = (_STATIC / "offline" / "worker.js").read_text("utf-8")
    ours = sorted((_STATIC).rglob("*.*"))
    version = hashlib.sha256(b"".join(path.read_bytes() for path in ours)).hexdigest()[:16]
    shell = [reverse("casework:offline"), *(static(asset) for asset in _SHELL_ASSETS)]
    head = f"const VERSION = {version!r};\nconst SHELL = {shell!r};\n"
    return head.replace("'", '"') + source


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script, at the root so its scope is the whole site (it holds no personal data)."""
    response = HttpResponse(_worker_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response
