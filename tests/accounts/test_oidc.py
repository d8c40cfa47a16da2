import pytest

from meedoen.accounts.models import User
from meedoen.accounts.oidc import DigiDOIDCBackend
from meedoen.accounts.pseudonym import bsn_pseudonym


@pytest.fixture
def backend(settings):
    settings.DIGID_OIDC_ENABLED = True
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://broker.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://broker.example/userinfo"
    settings.OIDC_RP_CLIENT_ID = "meedoen"
    settings.OIDC_RP_CLIENT_SECRET = "secret"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://broker.example/jwks"
    return DigiDOIDCBackend()


@pytest.mark.django_db
def test_broker_claims_create_a_pseudonymous_resident(backend, deventer_postcodes):
    claims = {"sub": "abc", "bsn": "999990007"}
    assert backend.verify_claims(claims)
    user = backend.create_user(claims)
    assert user.bsn_pseudonym == bsn_pseudonym("999990007")
    assert user.district.name == "Binnenstad"
    assert list(backend.filter_users_by_claims(claims)) == [user]


@pytest.mark.django_db
def test_claims_without_a_valid_bsn_are_refused(backend):
    assert not backend.verify_claims({"sub": "abc"})
    assert not backend.verify_claims({"sub": "abc", "bsn": "123456789"})
    assert not backend.filter_users_by_claims({"bsn": "nope"}).exists()
    assert not User.objects.exists()
