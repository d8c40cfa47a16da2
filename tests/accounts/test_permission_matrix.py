"""Every view × every role: allowed, forbidden (403) or sent to the login page."""

import importlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meedoen.budgets.models import GroupMembership, ResidentGroup
from tests.conftest import login_staff
from tests.factories import ResidentFactory, StaffFactory, district
from tests.permission_cases import CASES as FOUNDATION_CASES
from tests.permission_cases import PUBLIC, ROLES, Context

# Views that are not ours to test: Django's admin (it has its own permission model, which
# our MeedoenAdminSite narrows to administrators; tested separately) and the language switch.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_NAMES = {"set_language"}


def all_cases():
    cases = dict(FOUNDATION_CASES)
    for module in sorted(Path(__file__).resolve().parents[1].glob("*/permission_cases.py")):
        cases.update(importlib.import_module(f"tests.{module.parent.name}.permission_cases").CASES)
    return cases


def url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in EXCLUDED_NAMESPACES:
                continue
            yield from url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in EXCLUDED_NAMES:
            yield f"{namespace}{entry.name}", entry.callback


def test_every_url_has_a_case_and_every_view_declares_its_access():
    cases = all_cases()
    missing, undeclared = [], []
    for name, callback in url_names():
        if name not in cases:
            missing.append(name)
        if not hasattr(callback, "permission_action"):
            undeclared.append(name)
    assert not missing, f"URLs without a permission case: {sorted(set(missing))}"
    assert not undeclared, f"views without @requires or @public: {sorted(set(undeclared))}"


def make_user(role):
    if role == "anonymous":
        return None
    if role == "resident":
        return ResidentFactory()
    if role == "group_member":
        return ResidentFactory()
    if role == "wijkmanager_other":
        return StaffFactory(role="wijkmanager", role__districts=["01"])
    if role in {"wijkmanager", "wijkopbouwwerker", "wijkwethouder"}:
        return StaffFactory(role=role, role__districts=["06"])
    return StaffFactory(role=role)


def build_context():
    home = district("06")
    group = ResidentGroup.objects.create(
        district=home, name="Buurtgroep Keizerslanden", status=ResidentGroup.Status.CONFIRMED
    )
    member = ResidentFactory()
    GroupMembership.objects.create(group=group, user=member, accepted=True)
    return Context(district=home, resident=ResidentFactory(), group_member=member, group=group)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_exactly_the_pages_it_may_open(client, role):
    cases = all_cases()
    ctx = build_context()
    user = {"resident": ctx.resident, "group_member": ctx.group_member}.get(role) or make_user(role)
    if user is not None:
        if user.is_resident:
            client.force_login(user)
        else:
            login_staff(client, user)
    wrong = []
    login_path = reverse("accounts:login")
    for name, _callback in url_names():
        case = cases[name]
        url = reverse(name, kwargs=case.kwargs(ctx))
        response = getattr(client, case.method)(url)
        status = response.status_code
        to_login = status == 302 and urlparse(response["Location"]).path == login_path
        if case.allowed == PUBLIC or role in case.allowed:
            if status == 403 or to_login:
                wrong.append(f"{name}: {role} should be allowed, got {status}")
        elif role == "anonymous":
            if not to_login:
                wrong.append(f"{name}: anonymous should go to login, got {status}")
        elif status != 403:
            wrong.append(f"{name}: {role} should get 403, got {status}")
        if user is not None and not client.session.get("_auth_user_id"):
            # A view such as logout ended the session; sign in again for the next URL.
            client.force_login(user) if user.is_resident else login_staff(client, user)
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_staff_without_second_factor_has_no_staff_rights(client):
    staff = StaffFactory(role="administrator")
    client.force_login(staff)  # password only, TOTP step not passed
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get("/django-admin/").status_code == 302
