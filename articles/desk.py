"""The humas desk: the lists on the admin's home page, for the user's cities: the articles the spam check holds
(only when there are some), then the four lists of the daily work."""

from django.contrib.admin.exceptions import NotRegistered
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from cities.localtime import format_local

from .models import Article, held_q, scheduled_q
from .spam import describe

DESK_ROWS = 8


def humas_desk(request, site) -> dict | None:
    """The lists of the desk for the user's cities, in a fixed number of queries (one more when some are held).

    ``None`` when the user may not see articles at all.
    """
    try:
        article_admin = site.get_model_admin(Article)
    except NotRegistered:
        return None
    if not article_admin.has_view_permission(request):
        return None

    user = request.user
    articles = Article.objects.visible_to(user).select_related("city", "author").order_by()
    counts = articles.aggregate(
        drafts=Count("pk", filter=Q(status=Article.Status.DRAFT, author=user)),
        returned=Count("pk", filter=Q(status=Article.Status.DRAFT, author=user) & ~Q(review_note="")),
        review=Count("pk", filter=Q(status=Article.Status.REVIEW)),
        scheduled=Count("pk", filter=scheduled_q()),
        held=Count("pk", filter=held_q()),
    )
    desk = {
        # Waiting for a redaktur to check the spam signals; the longest held first.
        "held": list(articles.held().order_by("held_at")[:DESK_ROWS]) if counts["held"] else [],
        # Returned drafts (with the editor's note) first: they are waiting for the writer.
        "my_drafts": list(
            articles.filter(status=Article.Status.DRAFT, author=user).order_by(
                ExpressionWrapper(Q(review_note=""), output_field=BooleanField()), "-updated_at"
            )[:DESK_ROWS]
        ),
        # Longest waiting first.
        "awaiting_review": list(articles.filter(status=Article.Status.REVIEW).order_by("updated_at")[:DESK_ROWS]),
        "scheduled": list(articles.scheduled().order_by("published_at")[:DESK_ROWS]),
        "recently_published": list(articles.published().order_by("-published_at")[:DESK_ROWS]),
        "counts": counts,
        "rows": DESK_ROWS,
        "may_add": article_admin.has_add_permission(request),
    }
    for article in desk["held"]:
        article.desk_time = format_local(article.held_at, article.city)
        article.desk_note = describe(article.hold_reasons)
    for article in desk["scheduled"]:
        article.desk_time = format_local(article.published_at, article.city)
    for article in desk["recently_published"]:
        article.desk_time = format_local(article.published_at, article.city, time=article.published_time_known)
    return desk
