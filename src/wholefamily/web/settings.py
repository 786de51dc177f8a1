"""Django settings for the casework application. Everything that varies comes from ``config.py``."""

from __future__ import annotations

from pathlib import Path

from csp.constants import NONCE, NONE, SELF

from wholefamily.web import config

_env = config.environment()

DATABASES = {"default": config.database()}
SECRET_KEY = config.secret_key(DATABASES["default"])
DEBUG = _env.debug
ALLOWED_HOSTS = _env.allowed_hosts
ASSETS = config.assets_dir()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "axes",
    "simple_history",
    "wholefamily.web.accounts",
    "wholefamily.web.casework",
    "wholefamily.web.api",
    "wholefamily.web.indicators",
    "wholefamily.web.maturity",
    "wholefamily.web.value_for_money",
    "wholefamily.web.evidence_pages",
    "wholefamily.web.insight",
    "wholefamily.web.directory",
    "wholefamily.web.exports",
    "django_tasks",
    "django_tasks_db",
    "wholefamily.web.workforce",
    "wholefamily.web.governance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "wholefamily.web.urls"
WSGI_APPLICATION = "wholefamily.web.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "casework:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Mail (reminders of the work due, ``wholefamily remind``).
_mail = config.mail()
EMAIL_BACKEND = _mail.backend
EMAIL_HOST = _mail.host
EMAIL_PORT = _mail.port
EMAIL_HOST_USER = _mail.user
EMAIL_HOST_PASSWORD = _mail.password
EMAIL_USE_TLS = _mail.use_tls
DEFAULT_FROM_EMAIL = _mail.sender

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [str(Path(__file__).parent / "jinja2")],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "wholefamily.web.jinja.environment",
            "context_processors": ["wholefamily.web.jinja.page_context"],
        },
    },
    {
        # Django's own templates: the admin (with our overrides in web/templates) and the REST framework's.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [str(Path(__file__).parent / "templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

# Passwords: Argon2 first; lock-out after five failures for 15 minutes (django-axes).
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Lock the account, not the address: a council's offices share one address behind NAT, so locking by address
# would lock out a whole office after one person's mistakes.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Sessions end after 30 minutes without a request, and when the browser closes.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env.secure
SECURE_SSL_REDIRECT = _env.secure
SECURE_HSTS_SECONDS = 31_536_000 if _env.secure else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# GOV.UK Frontend's precompiled CSS asks for /assets/fonts and /assets/images, so static files live at /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = (
    config.static_root()
)  # only for `collectstatic` in production; pages are served from the finders
STATICFILES_DIRS = [
    ("", str(ASSETS / "govuk-frontend" / "dist" / "govuk" / "assets")),
    ("", str(ASSETS / "@ministryofjustice" / "frontend" / "moj" / "assets")),
    ("govuk", str(ASSETS / "govuk-frontend" / "dist" / "govuk")),
    ("moj", str(ASSETS / "@ministryofjustice" / "frontend" / "moj")),
    ("wholefamily", str(Path(__file__).parent / "static")),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The API (wholefamily.web.api): JSON only; a token first so an unauthenticated call gets 401 with
# WWW-Authenticate; the signed-in browser's session works too (with CSRF on changes).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wholefamily.web.api.tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": "wholefamily.web.api.metadata.Metadata",
    "DEFAULT_PAGINATION_CLASS": "wholefamily.web.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Tokens are stored as SHA-512 digests (django-rest-knox) and last one working day (``api/tokens.py``).
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token"}
SPECTACULAR_SETTINGS = {
    "TITLE": "wholefamily casework API",
    "DESCRIPTION": "Families and people in the casework record, with the same access rules as the web pages. "
    "Get a token from /api/token/ and send it as `Authorization: Token <token>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # A PATCH states the fields it needs as required, as the views do (no partial updates).
    "COMPONENT_SPLIT_PATCH": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wholefamily.web.api.schema_hooks.text_rules",
    ],
    "SCHEMA_PATH_PREFIX": "/api/",
    "ENUM_NAME_OVERRIDES": {
        "RecordSourceEnum": "wholefamily.web.casework.models.Source",
        "ReferralOriginEnum": "wholefamily.web.casework.models.Referral.Origin",
        "FamilyStatusEnum": "wholefamily.web.casework.models.Family.Status",
        "PlanGoalStatusEnum": "wholefamily.web.casework.models.PlanGoal.Status",
        "PlanActionProgressEnum": "wholefamily.web.casework.models.PlanAction.Progress",
        "InterventionReferralStatusEnum": "wholefamily.web.casework.models.InterventionReferral.Status",
        "CaseNoteKindEnum": "wholefamily.web.casework.models.CaseNote.Kind",
    },
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "WARNING"}},
}

#: Evidence packs (``claims/<period>/<family>.html``) the claims pages serve, in the workspace.
CLAIMS_FOLDER = config.home() / "claims"
#: The population indicators (``<date>/<table>.csv``) the indicator pages serve, as ``insight indicators``
#: writes them into the workspace.
INDICATORS_FOLDER = config.home() / "reports" / "insight"
#: Documents attached to families and people, in the workspace: never under the static files, served only
#: through the casework pages (``casework/record/documents.py``).
DOCUMENTS_FOLDER = config.home() / "documents"
#: The workspace's information governance files (``wholefamily governance``): the sharing agreements register,
#: the council's legal bases, and the subject access packs the coordinator's pages serve.
GOVERNANCE_FOLDER = config.home() / "governance"
DOCUMENT_MAX_BYTES = config.document_max_bytes()
#: The workspace whose warehouse the pipeline lists (quarantine, review queue) are exported from.
WORKSPACE = config.home()
#: Exports of lists (``exports/``), in the workspace: never under the static files, served only to the user
#: who asked (``exports/pages.py``).
EXPORTS_FOLDER = config.home() / "exports"
#: Background jobs (exports) are queued in the site's own database; ``wholefamily-web db_worker`` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: The auditor's sample: its size and seed unless the auditor chooses others.
CLAIMS_SAMPLE_SIZE = 10
CLAIMS_SAMPLE_SEED = 2027

#: The council's unit-cost table for value for money; the shipped default when the file does not exist.
VALUE_FOR_MONEY_TABLE = config.home() / "value-for-money.yaml"

#: The workspace whose ``reports/`` the evidence pages read and whose ``risk-model.yaml`` switches the risk model on.
EVIDENCE_WORKSPACE = config.home()
