"""Production settings: `manage.py check --deploy` is clean, DEBUG is off by default."""

import json
import os
import subprocess
import sys


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEEDOEN_", "DJANGO_ALLOW"))}
    env.update(
        {
            "MEEDOEN_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-value-123",
            "MEEDOEN_BSN_PSEUDONYM_KEY": "production-pseudonym-key",
            "MEEDOEN_ALLOWED_HOSTS": "meedoen.deventer.nl",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MEEDOEN_STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "meedoen", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEEDOEN_")}
    result = subprocess.run(
        [sys.executable, "-m", "meedoen", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "MEEDOEN_SECRET_KEY must be set" in result.stderr


def test_static_files_get_hashed_names_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEEDOEN_")}
    env.update(
        {
            "MEEDOEN_SECRET_KEY": "production-secret-key-for-collectstatic-test-0123456789",
            "MEEDOEN_BSN_PSEUDONYM_KEY": "production-pseudonym-key",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "MEEDOEN_STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "meedoen", "collectstatic", "--noinput", "-v0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["meedoen/site.css"]
    assert hashed != "meedoen/site.css" and hashed.startswith("meedoen/site.")
    assert (tmp_path / "static" / (hashed + ".gz")).exists()
