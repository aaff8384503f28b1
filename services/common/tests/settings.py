"""Settings for tts_common's own tests: a throwaway Django project."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("TTS_VAR_DIR", tempfile.mkdtemp(prefix="tts-common-tests-"))

from tts_common.settings import base_settings

BASE_DIR = Path(__file__).resolve().parent
globals().update(base_settings(service="common", base_dir=BASE_DIR, database_name="ttscommon", signs_tokens=True))
INSTALLED_APPS += ["tts_common.outbox", "tests"]  # noqa: F821
ROOT_URLCONF = "tests.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
