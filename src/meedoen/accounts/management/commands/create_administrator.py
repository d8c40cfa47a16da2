import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from meedoen.accounts.models import RoleAssignment, User
from meedoen.audit.services import record


class Command(BaseCommand):
    help = (
        "Creates a functioneel beheerder (administrator). At the first login they link an "
        "authenticator app (TOTP); there is no way in without it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Read the password from this environment variable instead of prompting.",
        )

    def handle(self, *args, username, email, password_from_env, **options):
        import os

        if User.objects.filter(username=username).exists():
            raise CommandError(f"User {username!r} already exists.")
        if password_from_env:
            password = os.environ.get(password_from_env, "")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        user = User(username=username, email=email, kind=User.Kind.STAFF, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        with transaction.atomic():
            user.set_password(password)
            user.is_superuser = True
            user.save()
            RoleAssignment.objects.create(user=user, role=RoleAssignment.Role.ADMINISTRATOR)
            record(None, "accounts.administrator_created", user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator {username} created. Log in at /inloggen/medewerker/ and link an "
                "authenticator app."
            )
        )
