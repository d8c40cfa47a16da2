import pytest
from django.core.management import CommandError, call_command

from meedoen.accounts.models import User
from meedoen.accounts.permissions import Role


@pytest.mark.django_db
def test_first_administrator_is_created_from_the_command_line(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-and-unusual-passphrase")
    call_command("create_administrator", "beheer", "--password-from-env", "ADMIN_PASSWORD")
    user = User.objects.get(username="beheer")
    assert user.check_password("a-long-and-unusual-passphrase")
    assert user.role_assignments.get().role == Role.ADMINISTRATOR
    assert not user.totpdevice_set.exists()  # linked at the first login


@pytest.mark.django_db
def test_weak_password_is_refused(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("create_administrator", "beheer", "--password-from-env", "ADMIN_PASSWORD")
    assert not User.objects.exists()
