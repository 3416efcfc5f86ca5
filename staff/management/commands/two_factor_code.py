from django.core.management.base import BaseCommand, CommandError

from staff.two_factor import code_now


class Command(BaseCommand):
    help = (
        "Print the current two-step code of an otpauth:// URI printed by create_staff, as an authenticator app "
        "would show it: for demos and scripted checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("uri")

    def handle(self, *args, uri, **options):
        try:
            self.stdout.write(code_now(uri))
        except (KeyError, ValueError) as error:
            raise CommandError(f"Bukan URI otpauth:// yang sah: {error}") from None
