"""Settings that come from the environment, validated once, with clear messages.

``WHOLEFAMILY_DATABASE_URL``  ``postgresql://user:password@host:port/name`` or ``sqlite:///path``; by
                             default ``casework.sqlite3`` in the workspace (``WHOLEFAMILY_HOME``) or the
                             current folder.
``WHOLEFAMILY_SECRET_KEY``    Django's secret key. Without it, a key is generated on first use into
                             ``.secrets/secret-key`` beside the database (never committed).
``WHOLEFAMILY_DEBUG``         ``1`` for development pages with tracebacks; never in production.
``WHOLEFAMILY_ALLOWED_HOSTS`` comma-separated host names the site answers to (default: localhost).
``WHOLEFAMILY_SECURE``        ``1`` behind HTTPS: secure cookies, HSTS and an HTTPS redirect.
``WHOLEFAMILY_STATIC_ROOT`` where ``manage collectstatic`` puts files for a production web server.
``WHOLEFAMILY_ASSETS``        the folder holding ``govuk-frontend`` and ``@ministryofjustice/frontend``
                             (default: the checkout's ``node_modules``, installed by the set-up).
``WHOLEFAMILY_DOCUMENT_MAX_MB`` the largest document a user may upload, in megabytes (default 10, at most 100).
``WHOLEFAMILY_EMAIL_*``       mail for reminders: ``_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD``, ``_USE_TLS``,
                             ``_FROM`` and ``_BACKEND`` (see ``mail``).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from wholefamily.errors import WholefamilyError


class ConfigError(WholefamilyError):
    """A setting from the environment is missing or malformed."""


def _flag(name: str) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ConfigError(f"{name}={value!r}: use 1 or 0")


def home() -> Path:
    """The workspace the web application belongs to: ``WHOLEFAMILY_HOME`` or the current folder."""
    return Path(os.environ.get("WHOLEFAMILY_HOME") or Path.cwd()).resolve()


def database(url: str | None = None) -> dict[str, Any]:
    """A Django ``DATABASES['default']`` entry from a database URL."""
    url = url if url is not None else os.environ.get("WHOLEFAMILY_DATABASE_URL", "")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(home() / "casework.sqlite3")}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if parts.netloc or not path or path == "/":
            raise ConfigError(
                f"WHOLEFAMILY_DATABASE_URL={url!r}: write sqlite:///relative/path or sqlite:////abs/path"
            )
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path[1:]}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name or not parts.hostname:
            raise ConfigError(
                f"WHOLEFAMILY_DATABASE_URL: a PostgreSQL URL needs a host and a database name: {url!r}"
            )
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname,
            "PORT": str(parts.port or 5432),
            "CONN_MAX_AGE": 60,
        }
    raise ConfigError(
        f"WHOLEFAMILY_DATABASE_URL: unsupported scheme {parts.scheme!r} (use postgresql or sqlite)"
    )


def secret_key(database_settings: dict[str, Any]) -> str:
    """The secret key from the environment, else one generated once into an untracked file."""
    key = os.environ.get("WHOLEFAMILY_SECRET_KEY", "")
    if key:
        if len(key) < 32:
            raise ConfigError("WHOLEFAMILY_SECRET_KEY must be at least 32 characters")
        return key
    base = (
        Path(database_settings["NAME"]).parent if database_settings["ENGINE"].endswith("sqlite3") else home()
    )
    path = base / ".secrets" / "secret-key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(0o700)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def assets_dir() -> Path:
    configured = os.environ.get("WHOLEFAMILY_ASSETS")
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parents[3] / "node_modules"


def static_root() -> str | None:
    return os.environ.get("WHOLEFAMILY_STATIC_ROOT") or None


@dataclass(frozen=True)
class Environment:
    debug: bool
    secure: bool
    allowed_hosts: list[str]


def environment() -> Environment:
    hosts = [h.strip() for h in os.environ.get("WHOLEFAMILY_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")]
    return Environment(
        debug=_flag("WHOLEFAMILY_DEBUG"),
        secure=_flag("WHOLEFAMILY_SECURE"),
        allowed_hosts=[h for h in hosts if h],
    )


@dataclass(frozen=True)
class Mail:
    """Django's mail settings (reminders by email): an SMTP server, or another of Django's mail backends."""

    backend: str
    host: str
    port: int
    user: str
    password: str
    use_tls: bool
    sender: str


def mail() -> Mail:
    """From ``WHOLEFAMILY_EMAIL_HOST`` (default localhost), ``_PORT`` (25), ``_USER``, ``_PASSWORD``,
    ``_USE_TLS``, ``_FROM`` (the sender) and ``_BACKEND`` (Django's SMTP backend unless it names another)."""
    port = os.environ.get("WHOLEFAMILY_EMAIL_PORT", "25")
    if not port.isdigit():
        raise WholefamilyError(f"WHOLEFAMILY_EMAIL_PORT must be a port number, not {port!r}")
    return Mail(
        backend=os.environ.get("WHOLEFAMILY_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        host=os.environ.get("WHOLEFAMILY_EMAIL_HOST", "localhost"),
        port=int(port),
        user=os.environ.get("WHOLEFAMILY_EMAIL_USER", ""),
        password=os.environ.get("WHOLEFAMILY_EMAIL_PASSWORD", ""),
        use_tls=_flag("WHOLEFAMILY_EMAIL_USE_TLS"),
        sender=os.environ.get("WHOLEFAMILY_EMAIL_FROM", "casework@localhost"),
    )


#: Documents larger than this are refused whatever the setting says.
DOCUMENT_MAX_MB_LIMIT = 100


def document_max_bytes() -> int:
    """The largest document a user may upload: ``WHOLEFAMILY_DOCUMENT_MAX_MB`` megabytes (default 10)."""
    text = os.environ.get("WHOLEFAMILY_DOCUMENT_MAX_MB", "10").strip()
    if not text.isdigit() or not 1 <= int(text) <= DOCUMENT_MAX_MB_LIMIT:
        raise ConfigError(
            f"WHOLEFAMILY_DOCUMENT_MAX_MB={text!r}: use a whole number of megabytes from 1 to {DOCUMENT_MAX_MB_LIMIT}"
        )
    return int(text) * 1024 * 1024
