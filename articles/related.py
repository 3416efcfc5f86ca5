""" "Baca juga": the articles shown under an article.

Order: the editor's pinned articles (published ones only, in the order they were pinned), then articles
of the same event, then those sharing the most of the article's cities and tags, newest first. Every
candidate comes from ``Article.objects.published()``.

Only a bounded set of candidates is scored: the newest few of the same event, of the same desk cities and of
each tag, each read off an index. Scoring every article that shares a city or a tag would cost more with
every article published (a city of a large archive has tens of thousands); the newest candidates are also
the ones a reader wants next.
"""

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import Article, TaggedArticle

RELATED_LIMIT = 5
#: Candidates taken from each source (the event, the desk cities, the tags).
CANDIDATES_PER_SOURCE = 30


def _newest_ids(articles, exclude_pk) -> list[int]:
    return list(articles.exclude(pk=exclude_pk).newest_first().values_list("pk", flat=True)[:CANDIDATES_PER_SOURCE])


def candidate_ids(article, city_ids, tag_ids) -> set[int]:
    """The newest published articles of the same event, desk cities and tags (a few per source)."""
    published = Article.objects.published()
    candidates = set(_newest_ids(published.filter(city_id__in=city_ids), article.pk))
    if article.event_id:
        candidates.update(_newest_ids(published.filter(event_id=article.event_id), article.pk))
    if tag_ids:
        tagged = TaggedArticle.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        candidates.update(_newest_ids(published.filter(pk__in=tagged), article.pk))
    return candidates


def related_articles(article, limit: int = RELATED_LIMIT) -> list:
    """Up to ``limit`` published articles related to ``article`` (uses its prefetched cities and tags)."""
    pinned_through = Article.pinned_related.through
    city_ids = sorted({article.city_id, *(city.pk for city in article.cities.all())})
    tag_ids = sorted(tag.pk for tag in article.tags.all())

    pinned_ids = set(pinned_through.objects.filter(from_article_id=article.pk).values_list("to_article_id", flat=True))
    pin_order = pinned_through.objects.filter(from_article_id=article.pk, to_article_id=OuterRef("pk")).values("pk")[:1]
    # Correlated, so only the candidates are looked up (never every article of the cities).
    same_city = Q(city_id__in=city_ids) | Exists(
        Article.cities.through.objects.filter(article_id=OuterRef("pk"), city_id__in=city_ids)
    )
    event_match = Value(0, output_field=IntegerField())
    if article.event_id:
        event_match = Case(When(event_id=article.event_id, then=1), default=0, output_field=IntegerField())
    shared_tags = Value(0, output_field=IntegerField())
    if tag_ids:
        shared_tags = Coalesce(
            Subquery(
                TaggedArticle.objects.filter(tag_id__in=tag_ids, content_object_id=OuterRef("pk"))
                .order_by()
                .values("content_object_id")
                .annotate(shared=Count("pk"))
                .values("shared")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
    return list(
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(pk__in=pinned_ids | candidate_ids(article, city_ids, tag_ids))
        .annotate(
            pin_order=Subquery(pin_order, output_field=IntegerField()),
            event_match=event_match,
            city_match=Case(When(same_city, then=1), default=0, output_field=IntegerField()),
            shared_tags=shared_tags,
        )
        .annotate(closeness=F("city_match") + F("shared_tags"))
        .select_related("city", "event")
        .order_by(F("pin_order").asc(nulls_last=True), "-event_match", "-closeness", "-published_at", "-pk")[:limit]
    )
