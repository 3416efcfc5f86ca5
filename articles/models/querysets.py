"""What is visible, to whom: the one definition of *published*, of what staff see and of what they may change."""

import calendar
import datetime
import zoneinfo

from django.db import connection, models
from django.db.models import Max, Min, Q
from django.utils import timezone

from cities.localtime import on_local_days_q
from cities.models import EDITOR_ROLES, Membership, Role, TimeZone

from .states import ArticleStatus


def published_q() -> Q:
    """The one definition of *published*: status Published, a publication time already past, and not on hold.

    Computed at query time, so a scheduled article appears at its minute without a cron job. An article the
    spam check holds is not public, whatever its status, until a redaktur releases it.
    """
    return Q(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now(), held_at__isnull=True)


def scheduled_q() -> Q:
    """Published with a publication time still to come, and not on hold: it will appear at that time."""
    return Q(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now(), held_at__isnull=True)


def held_q() -> Q:
    """On hold after the spam check, until a redaktur releases it."""
    return Q(held_at__isnull=False)


def editable_q(user, *, city_field: str = "city_id") -> Q:
    """The one rule for changing an article, for an active staff user who is not a superuser.

    Redaktur and admin kota: every article of their cities. Penulis: their own drafts in their cities.
    ``city_field`` names the desk city to judge by: another name (an alias) asks "could they change it if it
    were in that city?" without writing anything (``Article.is_editable_by``).
    """
    return Q(**{f"{city_field}__in": Membership.objects.cities_of(user, EDITOR_ROLES)}) | Q(
        **{f"{city_field}__in": Membership.objects.cities_of(user, [Role.PENULIS])},
        author_id=user.pk,
        status=ArticleStatus.DRAFT,
    )


#: The zone an article's dates are read in: its desk city's.
LOCAL_ZONE = "city__time_zone"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def scheduled(self):
        return self.filter(scheduled_q())

    def held(self):
        return self.filter(held_q())

    def published_on_local_days(self, first: datetime.date | None, last: datetime.date | None):
        """Articles whose publication falls on the days ``first`` to ``last`` (inclusive; ``None``: open), each
        day read in the article's desk-city zone: the day its page shows, its archive and search file it under."""
        after = last + datetime.timedelta(days=1) if last is not None else None
        return self.filter(on_local_days_q(first, after, field="published_at", zone_field=LOCAL_ZONE))

    def has_local_days(self, periods: list[tuple[datetime.date, datetime.date]]) -> list[bool]:
        """For each (first, last) range of local days: is any of these articles published in it?

        One query of ``EXISTS`` probes, each a ``LIMIT 1`` read off the index, so the archive's navigation costs
        the same at any size (grouping the articles by year would count them all). ``SELECT EXISTS(…), …``
        has no ORM spelling, so the probes are the querysets' own SQL.
        """
        if not periods:
            return []
        probes, params = [], []
        for first, last in periods:
            probe = self.published_on_local_days(first, last).order_by().values("pk")[:1]
            sql, probe_params = probe.query.sql_with_params()
            probes.append(f"EXISTS({sql})")
            params.extend(probe_params)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(probes), params)
            return [bool(found) for found in cursor.fetchone()]

    def local_years(self) -> list[int]:
        """The local years these articles were published in, newest first (a probe per year of their span)."""
        span = self.order_by().aggregate(first=Min("published_at"), last=Max("published_at"))
        if span["first"] is None:
            return []
        # The years those instants fall in, in any of the zones.
        zones = [zoneinfo.ZoneInfo(zone) for zone in TimeZone.values]
        newest = max(span["last"].astimezone(zone).year for zone in zones)
        oldest = min(span["first"].astimezone(zone).year for zone in zones)
        years = list(range(newest, oldest - 1, -1))
        found = self.has_local_days([(datetime.date(year, 1, 1), datetime.date(year, 12, 31)) for year in years])
        return [year for year, has_articles in zip(years, found, strict=True) if has_articles]

    def local_months(self, year: int) -> list[datetime.date]:
        """The first days of the local months of ``year`` these articles were published in, in calendar order."""
        months = [datetime.date(year, month, 1) for month in range(1, 13)]
        periods = [(first, first.replace(day=calendar.monthrange(year, first.month)[1])) for first in months]
        return [first for first, found in zip(months, self.has_local_days(periods), strict=True) if found]

    def for_listing(self):
        """What a card in a list needs, in a fixed number of queries (not the body: cards never show it)."""
        return (
            self.select_related("city", "dateline_city", "event")
            .prefetch_related("tags")
            .defer("body", "search_vector", "source_note")
        )

    def for_city(self, city):
        """Articles of a city: written by its desk or concerning it, each once."""
        concerning = self.model.cities.through.objects.filter(city=city).values("article")
        return self.filter(Q(city=city) | Q(pk__in=concerning))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def visible_to(self, user):
        """What a staff user may see in the admin: every article of their cities."""
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(city__in=Membership.objects.cities_of(user))

    def editable_by(self, user):
        """What ``user`` may change: ``editable_q``, the one rule (superusers: everything)."""
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(editable_q(user))

    def free_slug(self, slug: str, *, exclude_pk=None) -> str:
        """``slug`` when no other article has it, else the first free variant: ``slug-2``, ``slug-3``, …

        Whoever has the slug (an article the user cannot see included) answers the same way.
        """
        max_length = self.model._meta.get_field("slug").max_length

        def variant(number: int) -> str:
            suffix = f"-{number}"
            return slug if number == 1 else f"{slug[: max_length - len(suffix)].rstrip('-')}{suffix}"

        first = 1
        while True:
            candidates = [variant(number) for number in range(first, first + 50)]
            rows = self.model._base_manager.filter(slug__in=candidates).exclude(pk=exclude_pk)
            taken = set(rows.values_list("slug", flat=True))
            free = next((candidate for candidate in candidates if candidate not in taken), None)
            if free is not None:
                return free
            first += 50

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
