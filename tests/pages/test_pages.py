import pytest


@pytest.mark.django_db
def test_home_lists_deventer_districts_and_villages(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ["Binnenstad", "Keizerslanden", "Colmschate-Zuid", "Bathmen", "Diepenveen"]:
        assert name in body
    assert 'lang="nl"' in body


@pytest.mark.django_db
def test_health_reports_database(client):
    response = client.get("/health")
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_every_page_forbids_third_party_requests(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in policy.split("img-src")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/toegankelijkheid", "/toegankelijkheid/", "/privacy/"])
def test_statements_are_public(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "WCAG" in response.content.decode() or "BSN" in response.content.decode()


@pytest.mark.django_db
def test_english_is_available(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.content.decode()
