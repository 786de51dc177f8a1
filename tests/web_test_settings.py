"""Django settings for the tests: SQLite in a temporary folder, or the PostgreSQL server named by
``WHOLEFAMILY_TEST_DATABASE_URL`` (the Makefile runs the web tests a second time that way)."""

import os
import tempfile

os.environ.setdefault("WHOLEFAMILY_SECRET_KEY", "tests-only-secret-key-" + "x" * 40)
os.environ.setdefault("WHOLEFAMILY_HOME", tempfile.mkdtemp(prefix="wholefamily-web-tests-"))

from wholefamily.web import config
from wholefamily.web.settings import *  # noqa: F403

DATABASES = {
    "default": config.database(
        os.environ.get("WHOLEFAMILY_TEST_DATABASE_URL")
        or f"sqlite:///{os.environ['WHOLEFAMILY_HOME']}/casework.sqlite3"
    )
}
# Hashing passwords with Argon2 for every test user is slow and proves nothing here; one test checks Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The live server's request threads share one SQLite connection: they take turns (one_request_at_a_time).
MIDDLEWARE = ["one_request_at_a_time.OneRequestAtATime", *MIDDLEWARE]  # noqa: F405
