"""Pytest plugin (loaded with ``-p meedoen.testing_env``) that sets the test environment.

It runs before pytest-django reads the settings, so the suite exercises the production
settings (DEBUG off) with only what tests need switched: throwaway keys, the mock DigiD and
plain HTTP for the live server. DATABASE_URL is left alone: `make test` runs the suite once
on SQLite and once on a throwaway PostgreSQL cluster.
"""

import os

TEST_ENVIRONMENT = {
    "MEEDOEN_SECRET_KEY": "test-secret-key-not-for-production",
    "MEEDOEN_BSN_PSEUDONYM_KEY": "test-pseudonym-key",
    "MEEDOEN_MOCK_DIGID": "1",
    "MEEDOEN_STATIC_MANIFEST": "0",
    "MEEDOEN_SSL_REDIRECT": "0",
    "MEEDOEN_SECURE_COOKIES": "0",
    "MEEDOEN_LOG_LEVEL": "WARNING",
    "MEEDOEN_MEDIA_ROOT": os.path.join(os.environ.get("TMPDIR", "/tmp"), "meedoen-test-media"),
}
for key, value in TEST_ENVIRONMENT.items():
    os.environ.setdefault(key, value)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meedoen.settings")

# Playwright's sync API runs an event loop in the test thread; Django's guard against ORM calls
# from async code would otherwise refuse the test's own database set-up.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
