"""Record the hosts that published articles link to, so the spam check does not take links there for new ones.

The table fills itself as articles are published; the migration that created it read the archive once. Run
this after loading articles without ``save()`` (a SQL import, ``loaddata`` of another site's dump).
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, OutboundDomain
from articles.models.screening import learn_outbound_domains


class Command(BaseCommand):
    help = "Record the link hosts of every published article not on hold as known outbound domains."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count the new domains, record nothing.")

    def handle(self, *args, **options):
        with transaction.atomic():
            added = learn_outbound_domains(Article, OutboundDomain)
            if options["dry_run"]:
                transaction.set_rollback(True)
        if options["verbosity"] > 0:
            verb = "would be recorded" if options["dry_run"] else "recorded"
            self.stdout.write(f"{added} new outbound domain(s) {verb}.")
