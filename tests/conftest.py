import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from tests.factories import ResidentFactory, StaffFactory


@pytest.fixture
def client():
    """The Django test client on an allowed host (production settings are used in tests)."""
    return Client(HTTP_HOST="localhost")


def login_staff(client, user):
    """Signs a staff member in with the second factor passed, as after the TOTP step."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get().persistent_id
    session.save()
    return user


@pytest.fixture
def resident(db):
    return ResidentFactory()


@pytest.fixture
def resident_client(client, resident):
    client.force_login(resident)
    return client


@pytest.fixture
def make_staff(db):
    def make(role, districts=()):
        return StaffFactory(role=role, role__districts=list(districts))

    return make


@pytest.fixture
def staff_client(client, make_staff):
    """staff_client(role, districts) -> a client signed in as a new staff member."""

    def make(role, districts=()):
        user = make_staff(role, districts)
        login_staff(client, user)
        client.user = user
        return client

    return make


@pytest.fixture(scope="session")
def browser():
    from tests.browser_support import launch_browser

    playwright, chromium = launch_browser()
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, live_server, request):
    """A Chromium page on the live server; every page it loads is checked with axe-core."""
    from tests.browser_support import assert_clean, open_page

    context, browser_page, audit = open_page(browser, live_server.url)
    browser_page.audit = audit
    yield browser_page
    audit.check(browser_page)  # the page the test ended on
    context.close()
    if not hasattr(request.node, "rep_call") or request.node.rep_call.passed:
        assert_clean(audit)
        assert audit.checked_urls, "the browser test visited no page"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(items):
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
            # Browser tests share one Chromium per worker; keep them on one xdist worker group.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture
def deventer_postcodes(db):
    """The demo postcode table, so a resident's postcode resolves to a district."""
    from meedoen.districts.models import Municipality
    from meedoen.districts.services import import_demo_postcodes

    import_demo_postcodes(Municipality.objects.get(cbs_code="GM0150"))


@pytest.fixture(autouse=True)
def _deventer_after_flush(request):
    """Transactional tests empty every table afterwards, the migrations' Deventer data too;
    put it back for tests that run on a real transaction (live server, race tests)."""
    names = request.fixturenames
    if "transactional_db" in names or "live_server" in names:
        request.getfixturevalue("transactional_db")
        from meedoen.districts.services import load_deventer

        load_deventer()
