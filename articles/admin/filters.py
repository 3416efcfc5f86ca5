"""Filters of the article list that cost the same however long the archive grows.

Django's related-only filters list every city, event, tag and author that any visible article ever had: a
distinct over the whole archive of the user's cities on every page, and a sidebar of thousands of tags after
a few years. These offer what the desk is working on instead: the most used among the articles of the last
``RECENT_DAYS`` (and the drafts), plus the choice in force. Any other tag, event or author is one search away
(the list's search looks in tags too), and their URLs (``?tags__id__exact=…``) are Django's own, so links
from the desk and bookmarks keep working.
"""

import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City
from cities.scoping import city_ids_for

from ..models import ArticleStatus, TaggedArticle, held_q
from .display import user_label

RECENT_DAYS = 90
CHOICES = 15


def recent_articles(request, model_admin):
    """The user's articles published in the last ``RECENT_DAYS`` (or due), and those still in the works.

    Both halves are ranges of the (city, status, publication time) index, so this is as quick for a city
    with ten years of news as for one with a month.
    """
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    in_the_works = [ArticleStatus.DRAFT, ArticleStatus.REVIEW]
    return model_admin.get_queryset(request).filter(
        Q(status=ArticleStatus.PUBLISHED, published_at__gte=since) | Q(status__in=in_the_works)
    )


class RecentChoicesFilter(admin.SimpleListFilter):
    """The ``CHOICES`` values most used by recent articles, with their names, in one query."""

    #: The fields of ``rows(recent)`` that name a choice, after its id (``value``).
    name_fields = ()

    def rows(self, recent):
        """``recent``'s related rows, each with ``value``: the id to offer."""
        raise NotImplementedError

    def label(self, *names) -> str:
        return names[0]

    def lookups(self, request, model_admin):
        value = self.value()
        rows = self.rows(recent_articles(request, model_admin)).order_by()
        ranked = rows.values_list("value", *self.name_fields).annotate(uses=Count("value")).order_by("-uses", "value")
        # Rows without one (no event, no author) count nothing and are left out.
        choices = {row[0]: self.label(*row[1:-1]) for row in ranked.filter(uses__gt=0)[:CHOICES]}
        if value and value.isdigit() and int(value) not in choices:
            # The choice in force stays visible, though not among the recent ones.
            chosen = self.rows(model_admin.get_queryset(request)).filter(value=int(value))
            choices.update({row[0]: self.label(*row[1:]) for row in chosen.values_list("value", *self.name_fields)[:1]})
        return sorted(choices.items(), key=lambda choice: choice[1].lower())

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(**{self.parameter_name: int(value)})


class EventFilter(RecentChoicesFilter):
    title = _("event")
    parameter_name = "event__id__exact"
    name_fields = ("event__name",)

    def rows(self, recent):
        return recent.annotate(value=F("event_id"))


class TagFilter(RecentChoicesFilter):
    title = _("tags")
    parameter_name = "tags__id__exact"
    name_fields = ("tag__name",)

    def rows(self, recent):
        return TaggedArticle.objects.filter(content_object__in=recent.values("pk")).annotate(value=F("tag_id"))


class AuthorFilter(RecentChoicesFilter):
    title = _("author")
    parameter_name = "author__id__exact"
    name_fields = ("author__username", "author__first_name", "author__last_name")

    def label(self, username, first_name, last_name) -> str:
        # Named as everywhere else in the admin, from the fields the ranking query read.
        return user_label(get_user_model()(username=username, first_name=first_name, last_name=last_name))

    def rows(self, recent):
        return recent.annotate(value=F("author_id"))


class HeldFilter(admin.SimpleListFilter):
    """Articles the spam check holds, waiting for a redaktur (``?held=yes``: the desk links here)."""

    title = _("spam hold")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return [("yes", _("On hold")), ("no", _("Not on hold"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.held()
        if self.value() == "no":
            return queryset.exclude(held_q())
        return queryset


class CityFilter(admin.SimpleListFilter):
    """The desk cities the user works in (every city for a superuser without a membership)."""

    title = _("desk city")
    parameter_name = "city__id__exact"

    def lookups(self, request, model_admin):
        cities = City.objects.order_by("name")
        own = city_ids_for(request)
        if len(own) == 1 or not (own or request.user.is_superuser):
            return []  # nothing to choose
        if own:
            cities = cities.filter(pk__in=own)
        return [(city.pk, city.name) for city in cities.only("pk", "name")]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(city_id=int(value)) if value.isdigit() else queryset.none()
