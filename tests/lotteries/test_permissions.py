"""The permission matrix, for the lottery URLs only (the project-wide one covers every app)."""

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from tests.accounts.test_permission_matrix import build_context, make_user, url_names
from tests.conftest import login_staff
from tests.lotteries.permission_cases import CASES
from tests.permission_cases import PUBLIC, ROLES


def lottery_urls():
    return [(name, cb) for name, cb in url_names() if name.startswith("lotteries:")]


def test_every_lottery_url_has_a_case_and_declares_its_access():
    urls = lottery_urls()
    assert urls
    assert {name for name, _cb in urls} == set(CASES)
    assert all(hasattr(cb, "permission_action") for _name, cb in urls)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_role_gets_exactly_the_lottery_pages_it_may_open(client, role):
    ctx = build_context()
    user = {"resident": ctx.resident, "group_member": ctx.group_member}.get(role) or make_user(role)
    if user is not None:
        client.force_login(user) if user.is_resident else login_staff(client, user)
    wrong = []
    for name, _callback in lottery_urls():
        case = CASES[name]
        response = getattr(client, case.method)(reverse(name, kwargs=case.kwargs(ctx)))
        status = response.status_code
        to_login = status == 302 and urlparse(response["Location"]).path == reverse(
            "accounts:login"
        )
        if case.allowed == PUBLIC or role in case.allowed:
            if status == 403 or to_login:
                wrong.append(f"{name}: {role} should be allowed, got {status}")
        elif role == "anonymous":
            if not to_login:
                wrong.append(f"{name}: anonymous should go to login, got {status}")
        elif status != 403:
            wrong.append(f"{name}: {role} should get 403, got {status}")
    assert not wrong, "\n".join(wrong)
