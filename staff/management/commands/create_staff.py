import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cities.models import City, Membership, Role
from staff import two_factor as two_factor_module
from staff.roles import sync_user_role_groups


@transaction.atomic
def create_staff(username: str, *, city: City, role: str, password: str, email: str = ""):
    """Create (or update) a staff account with ``role`` in ``city``; returns the user."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    user.is_staff = True
    if email:
        user.email = email
    user.set_password(password)
    user.save()
    Membership.objects.update_or_create(user=user, city=city, defaults={"role": role})
    sync_user_role_groups(user)
    return user, created


class Command(BaseCommand):
    help = (
        "Create a staff account for a city and role. The password is read from standard input "
        "when it is not a terminal, and prompted for otherwise. Where a second factor is required (redaktur, "
        "admin kota), or with --two-factor, a new authenticator secret is printed once as an otpauth:// URI."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--city", required=True, help="The city's slug, e.g. serang.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--two-factor",
            action="store_true",
            help="Give the account an authenticator secret even where its role does not require one.",
        )

    def handle(self, *args, username, city, role, email, two_factor: bool, **options):
        try:
            city_obj = City.objects.get(slug=city)
        except City.DoesNotExist:
            raise CommandError(f"Kota dengan slug '{city}' tidak ditemukan.") from None
        password = self.read_password()
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user, created = create_staff(username, city=city_obj, role=role, password=password, email=email)
        verb = "dibuat" if created else "diperbarui"
        self.stdout.write(self.style.SUCCESS(f"Akun {user.username} ({role}, {city_obj.name}) {verb}."))
        if two_factor or two_factor_module.required_for(user):
            # The only copy of the secret: for an authenticator app (scan it as a QR code) or a script.
            self.stdout.write("Verifikasi dua langkah (simpan sekali, tidak ditampilkan lagi):")
            self.stdout.write(two_factor_module.enrol_for_script(user))

    def read_password(self) -> str:
        if sys.stdin.isatty():
            password = getpass.getpass("Kata sandi: ")
            if password != getpass.getpass("Ulangi kata sandi: "):
                raise CommandError("Kedua kata sandi tidak sama.")
        else:
            password = sys.stdin.readline().rstrip("\n")
        if not password:
            raise CommandError("Kata sandi kosong.")
        return password
