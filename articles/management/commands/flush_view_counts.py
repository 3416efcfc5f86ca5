"""Move the read counts kept in the cache into DailyViews and Article.view_count.

Run it from cron (e.g. every five minutes) when the cache is Redis; requests also flush by themselves
after a batch of views or a few minutes (articles/counters.py).
"""

from django.core.management.base import BaseCommand

from articles.counters import flush_view_counts


class Command(BaseCommand):
    help = "Write the view counts kept in the cache to the database (DailyViews, Article.view_count)."

    def handle(self, *args, **options):
        moved = flush_view_counts()
        if options["verbosity"] > 0:
            self.stdout.write(f"{moved} view(s) flushed.")
