"""The settings every service shares, built from the environment.

A service's ``config/settings.py`` calls :func:`base_settings` and adds its
own apps, URLs and knobs::

    globals().update(base_settings(service="auth", base_dir=BASE_DIR, database_name="authservice"))
    INSTALLED_APPS += ["users", "rbac"]
"""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from tts_common.env import env_bool, env_int, env_list, env_secret, env_str, is_production
from tts_common.keys import ensure_dev_key_pair
from tts_common.metrics.multiprocess import configure_process, metrics_root

TOKEN_ISSUER = "tts-auth"
# One entry of TTS_PUBLIC_HOSTS: "*", a host name ("tts.example.org"), a domain and its subdomains (".example.org"),
# an IPv4 address or a bracketed IPv6 one. The same forms mean the same thing to Django's ALLOWED_HOSTS, Channels'
# OriginValidator, Vite's allowedHosts and nginx's server_name, which all read this one list.
PUBLIC_HOST_PATTERN = re.compile(r"\*|\.?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\]")
DEVELOPMENT_ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
DEFAULT_PORTS = {"workflow": 8002, "auth": 8003, "ticket_mock": 8004, "messaging": 8005, "notification": 8006}


def repository_var_dir(base_dir: Path) -> Path:
    """``var/`` at the repository root, or ``TTS_VAR_DIR``."""
    configured = env_str("TTS_VAR_DIR")
    var_dir = Path(configured) if configured else base_dir.resolve().parents[1] / "var"
    var_dir.mkdir(parents=True, exist_ok=True)
    return var_dir


def postgres_url_for(server_url: str, database_name: str) -> str:
    """``postgresql://u@h:5432[/anything]`` with its path replaced by ``database_name``."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database_name, parts.query, ""))


def database_url(database_name: str, var_dir: Path) -> str:
    # A suffix keeps a second copy of the suite (the end-to-end tests) apart.
    database_name += env_str("TTS_DATABASE_SUFFIX", "") or ""
    explicit = env_str("DATABASE_URL")
    if explicit:
        return explicit
    server = env_str("TTS_POSTGRES_URL")
    if server:
        return postgres_url_for(server, database_name)
    return f"sqlite:///{var_dir / (database_name + '.sqlite3')}"


def database_settings(database_name: str, var_dir: Path) -> dict[str, Any]:
    """Django's ``DATABASES["default"]``: SQLite under ``var_dir``, or PostgreSQL.

    On PostgreSQL a process holds at most one connection per thread, reused for
    60 s and checked before reuse (``CONN_HEALTH_CHECKS``): right for the
    single-threaded workers, beat and relays. Web servers set
    ``TTS_DB_POOL_MAX_SIZE`` (tts_common.gunicorn does)
    and get a bounded pool instead (:func:`database_pool_options`).
    """
    config = dj_database_url.parse(database_url(database_name, var_dir), conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"].endswith("sqlite3"):
        # Web process and worker share the file: wait for the lock instead of failing.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
        config["TEST"] = {"NAME": ":memory:"}
    else:
        # TTS_TEST_DB_SUFFIX keeps concurrent test runs (make test sets it per run) off each other's databases.
        config.setdefault("TEST", {})["NAME"] = f"test_{config['NAME']}{env_str('TTS_TEST_DB_SUFFIX', '') or ''}"
        pool_max_size = env_int("TTS_DB_POOL_MAX_SIZE", 0)
        if pool_max_size > 0:
            config["CONN_MAX_AGE"] = 0  # the pool keeps connections open; Django refuses both at once
            config.setdefault("OPTIONS", {})["pool"] = database_pool_options(pool_max_size)
    return config


def instrumented(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` on django-prometheus's wrapper of its backend: queries, errors and connections counted."""
    engine = config["ENGINE"]
    if engine.startswith("django.db.backends."):
        config["ENGINE"] = "django_prometheus.db.backends." + engine.rsplit(".", 1)[-1]
    return config


def database_pool_options(max_size: int) -> dict[str, Any]:
    """psycopg's pool for a process that serves requests on several threads (Django's ``OPTIONS["pool"]``).

    The process never holds more than ``max_size`` connections; a request that
    finds them all busy waits up to ``TTS_DB_POOL_TIMEOUT`` seconds (10), then
    fails. None is kept open when idle: the pool closes one unused connection every
    ``TTS_DB_POOL_MAX_IDLE`` seconds (5), so a full pool of 4 drains within ~25 s.
    """
    return {
        "min_size": 0,
        "max_size": max_size,
        "max_idle": env_int("TTS_DB_POOL_MAX_IDLE", 5),
        "timeout": env_int("TTS_DB_POOL_TIMEOUT", 10),
    }


def jwt_keys(var_dir: Path, *, signs_tokens: bool) -> tuple[str | None, str]:
    """(private PEM or None, public PEM) from the files the environment names."""
    private_file = env_str("JWT_PRIVATE_KEY_FILE")
    public_file = env_str("JWT_PUBLIC_KEY_FILE")
    if not is_production() and not (public_file and (private_file or not signs_tokens)):
        generated_private, generated_public = ensure_dev_key_pair(var_dir / "keys")
        private_file = private_file or str(generated_private)
        public_file = public_file or str(generated_public)
    if not public_file or (signs_tokens and not private_file):
        raise ImproperlyConfigured("JWT_PUBLIC_KEY_FILE (and JWT_PRIVATE_KEY_FILE for auth) must be set in production")
    public_pem = Path(public_file).read_text()
    private_pem = Path(private_file).read_text() if signs_tokens and private_file else None
    return private_pem, public_pem


def simple_jwt_settings(private_pem: str | None, public_pem: str) -> dict[str, Any]:
    return {
        "ALGORITHM": "RS256",
        "SIGNING_KEY": private_pem,
        "VERIFYING_KEY": public_pem,
        "ISSUER": TOKEN_ISSUER,
        "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
        "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
        "ROTATE_REFRESH_TOKENS": True,
        "BLACKLIST_AFTER_ROTATION": True,
        "UPDATE_LAST_LOGIN": True,
        "USER_ID_FIELD": "id",
        "USER_ID_CLAIM": "user_id",
        "TOKEN_USER_CLASS": "tts_common.auth.ClaimsUser",
        "AUTH_HEADER_TYPES": ("Bearer",),
    }


def cache_settings(service: str, var_dir: Path | None = None) -> dict[str, Any]:
    """``default`` (per process without Redis) and ``revocation``: the deny list (tts_common.revocation),
    which every process of the service must see: Redis when ``REDIS_URL`` is set, else files under ``var_dir``.
    Copies of the suite sharing one Redis (``TTS_DATABASE_SUFFIX``, as the end-to-end tests run) keep apart.
    """
    redis_url = env_str("REDIS_URL")
    if redis_url:
        redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
        deny_list_prefix = f"{service}{env_str('TTS_DATABASE_SUFFIX', '') or ''}.revocation"
        return {"default": {**redis, "KEY_PREFIX": service}, "revocation": {**redis, "KEY_PREFIX": deny_list_prefix}}
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": service}}
    if var_dir is not None:
        folder = str(Path(var_dir) / "revocation" / service)
        caches["revocation"] = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": folder}
    return caches


def logging_settings(service: str) -> dict[str, Any]:
    level = env_str("LOG_LEVEL", "INFO")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "tts_common.logging.ContextFilter", "service": service}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(service)s %(request_id)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["context"]}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }


def public_hosts() -> list[str]:
    """The host names and addresses people open the console at: ``TTS_PUBLIC_HOSTS``, comma-separated.

    Returns a list such as ``["tts.example.org", "10.0.0.5"]``; ``["*"]`` (any host) when unset in
    development, because a team opens `make run` from the LAN by whatever name or address the machine has.
    Raises ImproperlyConfigured when unset with DJANGO_ENV=production, or naming an entry that is not a host
    (a scheme, a port or a path: ``http://tts.example.org:1000`` is written ``tts.example.org``).
    """
    hosts = env_list("TTS_PUBLIC_HOSTS", [])
    for host in hosts:
        if not PUBLIC_HOST_PATTERN.fullmatch(host):
            raise ImproperlyConfigured(
                f"TTS_PUBLIC_HOSTS: {host!r} is not a host name, .domain, IP address or '*' (no scheme, port or path)"
            )
    if hosts:
        return hosts
    if is_production():
        raise ImproperlyConfigured(
            "TTS_PUBLIC_HOSTS must be set when DJANGO_ENV=production: the host names the console is opened at, comma-separated"
        )
    return ["*"]


def allowed_hosts() -> list[str]:
    """Django's ALLOWED_HOSTS: ``DJANGO_ALLOWED_HOSTS`` (the names other services and the console's proxy use)
    followed by :func:`public_hosts` (the names browsers use), without repeats."""
    own = env_list("DJANGO_ALLOWED_HOSTS", DEVELOPMENT_ALLOWED_HOSTS)
    return list(dict.fromkeys([*own, *public_hosts()]))


def service_urls() -> dict[str, str]:
    return {
        "AUTH_URL": env_str("AUTH_URL", "http://localhost:8003"),
        "WORKFLOW_URL": env_str("WORKFLOW_URL", "http://localhost:8002"),
        "MESSAGING_URL": env_str("MESSAGING_URL", "http://localhost:8005"),
        "NOTIFICATION_URL": env_str("NOTIFICATION_URL", "http://localhost:8006"),
        "TICKET_MOCK_URL": env_str("TICKET_MOCK_URL", "http://localhost:8004"),
    }


def base_settings(*, service: str, base_dir: Path, database_name: str, signs_tokens: bool = False, title: str = "") -> dict[str, Any]:
    var_dir = repository_var_dir(base_dir)
    configure_process(var_dir, base_dir)  # before prometheus_client loads (django_prometheus, tts_common.metrics)
    private_pem, public_pem = jwt_keys(var_dir, signs_tokens=signs_tokens)
    debug = env_bool("DJANGO_DEBUG", default=not is_production())
    settings: dict[str, Any] = {
        "SERVICE_NAME": service,
        "VAR_DIR": var_dir,
        "SECRET_KEY": env_secret("DJANGO_SECRET_KEY", f"insecure-development-key-{service}"),
        "DEBUG": debug,
        # With DEBUG on, Django's debug page becomes JSON (tts_common.errors): no client ever sees it.
        "DEFAULT_EXCEPTION_REPORTER": "tts_common.debug_page.DebugPageReporter",
        # Also messaging's WebSocket Origin check (config/asgi.py, Channels' AllowedHostsOriginValidator).
        "ALLOWED_HOSTS": allowed_hosts(),
        "INSTALLED_APPS": [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "corsheaders",
            "rest_framework",
            "django_filters",
            "drf_spectacular",
            "tts_common",
            "tts_common.deadletter",
            "django_prometheus",
            "tts_common.metrics",
        ],
        "MIDDLEWARE": [
            # Requests by view, method and status, with latency (django-prometheus; its After middleware is last).
            "django_prometheus.middleware.PrometheusBeforeMiddleware",
            # Outermost: a 500 is JSON with the request id, never Django's debug page.
            "tts_common.errors.ServerErrorMiddleware",
            "django.middleware.security.SecurityMiddleware",
            "whitenoise.middleware.WhiteNoiseMiddleware",  # admin and Swagger UI files, from STATIC_ROOT (collectstatic)
            "corsheaders.middleware.CorsMiddleware",
            "tts_common.logging.RequestIdMiddleware",
            "tts_common.middleware.UnstorableInputMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "django_prometheus.middleware.PrometheusAfterMiddleware",
        ],
        "ROOT_URLCONF": "config.urls",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        "WSGI_APPLICATION": "config.wsgi.application",
        "DATABASES": {"default": instrumented(database_settings(database_name, var_dir))},
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "CACHES": cache_settings(service, var_dir),
        "LANGUAGE_CODE": "en-us",
        "TIME_ZONE": "UTC",
        "USE_I18N": True,
        "USE_TZ": True,
        "STATIC_URL": "static/",
        "STATIC_ROOT": var_dir / "static" / service,
        "MEDIA_URL": "media/",
        "MEDIA_ROOT": Path(env_str("MEDIA_ROOT", str(var_dir / "media" / service))),
        # Proxies whose X-Forwarded-For is believed (tts_common.client_ip). Loopback only by default:
        # make run's console proxy (vite preview) is on this machine; a client elsewhere cannot connect from loopback.
        "TTS_TRUSTED_PROXIES": env_list("TTS_TRUSTED_PROXIES", ["127.0.0.1/32", "::1/128"]),
        "CORS_ALLOWED_ORIGINS": env_list(
            "CORS_ALLOWED_ORIGINS",
            ["http://localhost:1000", "http://127.0.0.1:1000", "http://localhost:5173", "http://127.0.0.1:5173"],
        ),
        "REST_FRAMEWORK": {
            "DEFAULT_AUTHENTICATION_CLASSES": ["tts_common.auth.ClaimsJWTAuthentication"],
            "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
            "DEFAULT_PAGINATION_CLASS": "tts_common.pagination.StandardPagination",
            "PAGE_SIZE": 25,
            "DEFAULT_FILTER_BACKENDS": [
                "tts_common.filters.FilterBackend",
                "tts_common.filters.OrderingFilter",
            ],
            "DEFAULT_SCHEMA_CLASS": "tts_common.schema.AutoSchema",  # the bearer scheme and the problem responses
            "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
            "DEFAULT_THROTTLE_RATES": {},
            # Bodies the database cannot store (NUL, lone surrogates, deep JSON) are refused here, for every view.
            "DEFAULT_PARSER_CLASSES": [
                "tts_common.parsers.JSONParser",
                "tts_common.parsers.FormParser",
                "tts_common.parsers.MultiPartParser",
            ],
            "EXCEPTION_HANDLER": "tts_common.errors.exception_handler",
        },
        "SPECTACULAR_SETTINGS": {
            "TITLE": title or f"TTS {service} API",
            "VERSION": "1.0.0",
            "SERVE_INCLUDE_SCHEMA": False,
            "COMPONENT_SPLIT_REQUEST": True,
            "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
        },
        "SIMPLE_JWT": simple_jwt_settings(private_pem, public_pem),
        "LOGGING": logging_settings(service),
        "EMAIL_BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        # /metrics (tts_common.metrics): every role's files under METRICS_DIR; who may read it without a token.
        "METRICS_DIR": metrics_root(var_dir, base_dir),
        "METRICS_ALLOWED_NETWORKS": env_list("METRICS_ALLOWED_NETWORKS", []),
        "TTS_METRICS_COLLECTORS": [],
        **service_urls(),
    }
    if is_production():
        settings.update(SECURE_CONTENT_TYPE_NOSNIFF=True, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True)
    return settings
