"""factory-boy factories shared by the Django tests."""

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts.models import RoleAssignment, User
from meedoen.accounts.pseudonym import bsn_pseudonym
from meedoen.districts.models import District


def district(number: str) -> District:
    """Deventer's districts come with the migrations; tests pick one by its number."""
    return District.objects.get(number=number)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    kind = User.Kind.RESIDENT
    username = factory.Sequence(lambda n: f"inwoner-{n}")
    bsn_pseudonym = factory.Sequence(lambda n: bsn_pseudonym(f"{999900000 + n}"))
    district = factory.LazyFunction(lambda: district("06"))
    postcode = "7417AB"
    birth_year = 1980


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    kind = User.Kind.STAFF
    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Medewerker {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def role(self, create, role, **kwargs):
        if role:
            assignment = RoleAssignment.objects.create(user=self, role=role)
            numbers = kwargs.get("districts", [])
            if numbers:
                assignment.districts.set(District.objects.filter(number__in=numbers))

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        self.save()  # keeps the password hash set by set_password above
        TOTPDevice.objects.create(user=self, name="test", confirmed=True)
