"""The WSGI application, for ``wholefamily serve`` and any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wholefamily.web.settings")
application = get_wsgi_application()
