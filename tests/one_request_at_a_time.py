"""Middleware of the tests only: the site answers one request at a time.

The browser tests' live server shares the SQLite test database's one connection among its request threads.
Two requests at once (a page, and a request its script sends as it loads) interleave their savepoints on
that connection, and the error that follows breaks the transaction of every later test on the worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_ONE_AT_A_TIME = threading.Lock()


class OneRequestAtATime:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with _ONE_AT_A_TIME:
            return self.get_response(request)
