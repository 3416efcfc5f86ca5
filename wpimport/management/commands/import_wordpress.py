from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cities.models import City
from core.events import record_event
from images.storage import sweep_rolled_back

from ...importer import ItemError, WordPressImport
from ...wxr import ExportError


class DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


class Command(BaseCommand):
    help = (
        "Import a city's WordPress archive from a WXR export (Tools → Export in WordPress): posts become the city's "
        "articles, their old addresses redirect (301) to them. Running it again with the same file changes "
        "nothing; a changed post updates its article. One transaction: an error leaves the database as it was."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file (.xml) exported from WordPress.")
        parser.add_argument("--city", required=True, help="The city's slug, e.g. serang.")
        parser.add_argument("--uploads", help="The old site's wp-content/uploads folder, for the featured images.")
        parser.add_argument("--dry-run", action="store_true", help="Read and check everything, save nothing.")
        parser.add_argument("--progress-every", type=int, default=100, help="A progress line every N items.")

    def handle(self, *args, export, city, uploads, dry_run, progress_every, **options):
        try:
            city_obj = City.objects.get(slug=city)
        except City.DoesNotExist:
            raise CommandError(f"Kota dengan slug '{city}' tidak ditemukan.") from None
        if not Path(export).is_file():
            raise CommandError(f"Berkas ekspor '{export}' tidak ditemukan.")
        if uploads and not Path(uploads).is_dir():
            raise CommandError(f"Folder uploads '{uploads}' tidak ditemukan.")
        importer = WordPressImport(
            export, city_obj, uploads=uploads, write=self.stdout.write, progress_every=max(progress_every, 1)
        )
        try:
            importer.scan()
            with transaction.atomic():
                summary = importer.run()
                if dry_run:
                    raise DryRun
        except DryRun:
            summary = importer.summary
        except (ExportError, ItemError) as error:
            record_event("wordpress_import_failed", city=city_obj.slug, file=Path(export).name, reason=str(error))
            raise CommandError(f"{error} Tidak ada yang disimpan.") from None
        finally:
            # Images stored by a run that rolled back are removed now (there is no request to end).
            sweep_rolled_back()
        record_event(
            "wordpress_import",
            city=city_obj.slug,
            file=Path(export).name,
            dry_run=dry_run,
            imported=len(summary.imported),
            updated=len(summary.updated),
            unchanged=summary.unchanged,
            skipped=sum(summary.skipped.values()),
            held=len(summary.held),
        )
        self.report(summary, city_obj, dry_run)

    def report(self, summary, city, dry_run: bool) -> None:
        write = self.stdout.write
        write(f"Impor WordPress untuk {city.name}: {summary.items} item dibaca.")
        write(f"  diimpor: {len(summary.imported)}")
        write(f"  diperbarui: {len(summary.updated)}")
        write(f"  tidak berubah: {summary.unchanged}")
        write(f"  dilewati: {sum(summary.skipped.values())}")
        for reason, count in sorted(summary.skipped.items()):
            write(f"    {count} × {reason}")
        if summary.held:
            write(f"  ditahan pemeriksaan spam ({len(summary.held)}), perlu diperiksa redaktur:")
            for name in summary.held:
                write(f"    {name}")
        if summary.notes:
            write("Catatan:")
            for note in summary.notes:
                write(f"  {note}")
        if dry_run:
            write(self.style.WARNING("Uji coba (--dry-run): tidak ada yang disimpan."))
        else:
            write(self.style.SUCCESS("Selesai."))
