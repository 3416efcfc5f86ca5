"""'Baca juga': the articles shown under an article, chosen in one query.

Order: the editor's pinned articles (published ones only, in the order they were pinned), then articles
of the same event, then those sharing the most of the article's cities and tags, newest first. Every
candidate comes from ``Article.objects.published()``.
"""

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import Article, TaggedArticle

RELATED_LIMIT = 5


def related_articles(article, limit: int = RELATED_LIMIT) -> list:
    """Up to ``limit`` published articles related to ``article`` (uses its prefetched cities and tags)."""
    pinned_through = Article.pinned_related.through
    city_ids = sorted({article.city_id, *(city.pk for city in article.cities.all())})
    tag_ids = sorted(tag.pk for tag in article.tags.all())

    pinned_ids = pinned_through.objects.filter(from_article_id=article.pk).values("to_article_id")
    pin_order = pinned_through.objects.filter(from_article_id=article.pk, to_article_id=OuterRef("pk")).values("pk")[:1]
    same_city = Q(city_id__in=city_ids) | Q(
        pk__in=Article.cities.through.objects.filter(city_id__in=city_ids).values("article_id")
    )
    candidates = Q(pk__in=pinned_ids) | same_city
    event_match = Value(0, output_field=IntegerField())
    if article.event_id:
        candidates |= Q(event_id=article.event_id)
        event_match = Case(When(event_id=article.event_id, then=1), default=0, output_field=IntegerField())
    shared_tags = Value(0, output_field=IntegerField())
    if tag_ids:
        tagged = TaggedArticle.objects.filter(tag_id__in=tag_ids)
        candidates |= Q(pk__in=tagged.values("content_object_id"))
        shared_tags = Coalesce(
            Subquery(
                tagged.filter(content_object_id=OuterRef("pk"))
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
        .filter(candidates)
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
