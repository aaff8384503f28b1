from pathlib import Path

from tts_common.env import env_int, env_str
from tts_common.settings import base_settings

BASE_DIR = Path(__file__).resolve().parent.parent

globals().update(base_settings(service="auth", base_dir=BASE_DIR, database_name="authservice", signs_tokens=True, title="TTS auth API"))

INSTALLED_APPS += [  # noqa: F821
    "rest_framework_simplejwt.token_blacklist",
    "axes",
    "tts_common.outbox",
    "users",
    "authn",
    "rbac",
]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]  # noqa: F821
DATABASES["default"]["ATOMIC_REQUESTS"] = True  # noqa: F821

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute force: an account is locked for one client address after
# AXES_FAILURE_LIMIT failures, so an attacker elsewhere cannot lock its owner
# out; each address is also rate-limited across all accounts (login throttle).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "authn.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "tts_common.client_ip.client_address"  # X-Forwarded-For only from TTS_TRUSTED_PROXIES

# Access tokens are checked against the user's row as well: auth is where a revocation is made (authn.authentication).
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = ["authn.authentication.CurrentUserJWTAuthentication"]  # noqa: F821
# Every body auth takes is a JSON object (it takes no files): a form body is a 415. DRF reads a form loosely
# (a body that is not a form parses as an empty one, a blank optional field as absent), so a PATCH of garbage was a 200.
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = ["tts_common.parsers.JSONParser"]  # noqa: F821
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F821
    "login": env_str("LOGIN_RATE", "30/min"),
    "password_reset": env_str("PASSWORD_RESET_RATE", "5/min"),
}

# A rotated refresh token that comes back later than this is reuse (its family is revoked);
# sooner, it is a sibling tab that lost the race to rotate (refused, nothing revoked).
REFRESH_REUSE_GRACE_SECONDS = env_int("REFRESH_REUSE_GRACE_SECONDS", 10)

FRONTEND_URL = env_str("FRONTEND_URL", "http://localhost:1000")
OTP_LIFETIME_SECONDS = 600
OTP_MAX_ATTEMPTS = 5

LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F821  (its start-up banner is noise)
