import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from meedoen.districts.models import District, Municipality, PostcodeArea
from meedoen.districts.services import (
    PostcodeImportError,
    import_postcode_table,
    parse_postcode_table,
)
from tests.conftest import login_staff
from tests.factories import StaffFactory


@pytest.fixture
def deventer(db):
    return Municipality.objects.get(cbs_code="GM0150")


@pytest.mark.django_db
def test_deventer_districts_and_villages_ship_with_their_source():
    assert District.objects.city_districts().count() == 10
    assert set(District.objects.villages().values_list("name", flat=True)) == {
        "Diepenveen",
        "Schalkhaar",
        "Okkenbroek",
        "Lettele",
        "Bathmen",
    }
    bathmen = District.objects.get(name="Bathmen")
    assert bathmen.cbs_code == "WK015015"
    assert bathmen.group.name == "Deventer Buiten"
    assert {k.name for k in bathmen.kernen.all()} == {"Loo", "Dortherhoek", "Zuidloo"}
    for name in ["De Hoven", "Okkenbroek"]:
        unverified = District.objects.get(name=name)
        assert not unverified.verified and "niet geverifieerd" in unverified.source
    assert all(d.source for d in District.objects.all())


@pytest.mark.django_db
def test_ranges_and_single_postcodes_resolve_to_a_district(deventer):
    import_postcode_table("postcode_from,postcode_to,district\n7411AA,7411ZZ,01\n", deventer)
    assert PostcodeArea.objects.district_for("7411 ab").name == "Binnenstad"
    assert PostcodeArea.objects.district_for("7412AA") is None
    import_postcode_table("postcode,district\n7435 GH,Bathmen\n", deventer)
    assert PostcodeArea.objects.district_for("7435GH").name == "Bathmen"
    assert PostcodeArea.objects.district_for("7411AB") is None  # the table was replaced


@pytest.mark.django_db
def test_bad_file_names_every_line_and_imports_nothing(deventer):
    import_postcode_table("postcode,district\n7411AB,01\n", deventer)
    text = (
        "postcode_from,postcode_to,district\n"
        "7411AA,7411ZZ,01\n"
        "7411KA,7412AA,04\n"
        "74AB,7413ZZ,02\n"
        "7415AA,7415ZZ,99\n"
        "7416ZZ,7416AA,05\n"
        "7417AA,7417ZZ\n"
    )
    with pytest.raises(PostcodeImportError) as error:
        import_postcode_table(text, deventer)
    lines = [p.line for p in error.value.problems]
    assert lines == [3, 4, 5, 6, 7]
    messages = " ".join(str(p) for p in error.value.problems)
    assert "overlapt met regel 2" in messages
    assert "'74AB' is geen postcode" in messages
    assert "wijk '99' bestaat niet" in messages
    assert "verwacht 3 kolommen" in messages
    assert PostcodeArea.objects.count() == 1  # the old table is untouched


@pytest.mark.django_db
def test_wrong_header_is_explained(deventer):
    with pytest.raises(PostcodeImportError, match="kopregel"):
        parse_postcode_table("pc;wijk\n7411AA;01\n", deventer)


@pytest.mark.django_db
@given(st.text(max_size=200))
def test_parser_never_crashes_on_arbitrary_text(text):
    deventer = Municipality.objects.get(cbs_code="GM0150")
    try:
        parse_postcode_table(text, deventer)
    except PostcodeImportError as error:
        assert all(problem.line >= 1 for problem in error.problems)


@pytest.mark.django_db
def test_administrator_imports_a_table_in_the_admin(client, deventer):
    admin = StaffFactory(role="administrator", is_staff=True, is_superuser=True)
    login_staff(client, admin)
    url = reverse("admin:districts_postcodearea_import")
    upload = SimpleUploadedFile("p.csv", b"postcode,district\n7411AB,01\n7411AB,02\n")
    response = client.post(url, {"municipality": deventer.pk, "file": upload})
    assert "Regel 3" in response.content.decode()
    assert not PostcodeArea.objects.exists()
    upload = SimpleUploadedFile("p.csv", b"postcode,district\n7411AB,01\n")
    response = client.post(url, {"municipality": deventer.pk, "file": upload})
    assert response.status_code == 302
    assert PostcodeArea.objects.count() == 1


@pytest.mark.django_db
def test_district_page_shows_villages_kernen(client):
    body = client.get(reverse("districts:detail", args=["bathmen"])).content.decode()
    assert "Dortherhoek" in body and "Deventer Buiten" in body
    body = client.get(reverse("districts:list")).content.decode()
    assert "Rande" in body and "Oude Molen" in body
