import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads (photos, receipts) go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
