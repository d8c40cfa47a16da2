"""Voting codes: the upload, the letters, hashing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meedoen.audit.models import AuditEvent
from meedoen.voting import services
from meedoen.voting.codes import ALPHABET, code_hash, new_code, normalise, parse_recipients
from meedoen.voting.models import VotingCode, VotingCodeBatch
from tests.voting.support import make_round

pytestmark = pytest.mark.django_db


def test_codes_are_twelve_unambiguous_characters_and_only_their_hash_is_stored():
    code = new_code()
    assert len(code) == 14 and code.count("-") == 2
    assert set(normalise(code)) <= set(ALPHABET)
    assert code_hash(code) == code_hash(code.lower().replace("-", " "))
    budget_round, _ = make_round()
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n")
    _batch, [(_r, plain)] = services.create_voting_codes(budget_round, upload, None)
    stored = VotingCode.objects.get()
    assert normalise(plain) not in str(vars(stored)) and stored.code_hash == code_hash(plain)


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(staff_client):
    client = staff_client("administrator")
    budget_round, _ = make_round()
    csv = "bsn;naam\n999990093;Ivo\n12345;Fout\n999990093;Dubbel\n\n999990019;Bram;extra\n"
    response = client.post(
        reverse("voting:codes", args=[budget_round.slug]),
        {"file": SimpleUploadedFile("lijst.csv", csv.encode())},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Regel 3: &#x27;12345&#x27; is geen geldig BSN" in text
    assert "Regel 4: staat al op regel 2" in text
    assert "Regel 6: 3 kolommen, verwacht 2" in text
    assert not VotingCode.objects.exists() and not VotingCodeBatch.objects.exists()


def test_wrong_columns_name_the_columns_to_use():
    upload = parse_recipients("naam,adres\nPiet,Brink 1\n")
    assert upload.errors and "Regel 1" in upload.errors[0] and "'bsn'" in upload.errors[0]


def test_upload_returns_the_letters_once_as_pdf_and_is_audited(staff_client):
    client = staff_client("administrator")
    budget_round, _ = make_round()
    csv = "postcode,huisnummer,straat\n7417 AB,3,Keizerslanden\n7417 AB,5,Keizerslanden\n"
    response = client.post(
        reverse("voting:codes", args=[budget_round.slug]),
        {"file": SimpleUploadedFile("adressen.csv", csv.encode())},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response.content.count(b"/Type /Page\n") == 2
    assert VotingCode.objects.filter(round=budget_round).count() == 2
    assert AuditEvent.objects.filter(action="voting.codes_created").exists()


def test_withdrawing_a_batch_voids_only_unused_codes(staff_client):
    client = staff_client("administrator")
    budget_round, plans = make_round()
    upload = parse_recipients("postcode;huisnummer\n7417 AB;3\n7417 AB;5\n")
    batch, issued = services.create_voting_codes(budget_round, upload, None)
    used = services.code_for(budget_round, issued[0][1])
    services.cast_ballot(budget_round, services_voter(used), [plans[0].pk])
    client.post(reverse("voting:void_batch", args=[budget_round.slug, batch.pk]))
    assert services.code_for(budget_round, issued[1][1]) is None  # void
    assert VotingCode.objects.get(pk=used.pk).void is False


def services_voter(code):
    from meedoen.voting.eligibility import Voter

    return Voter(code.voter_key, code.pk)
