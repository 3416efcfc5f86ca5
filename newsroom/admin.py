"""The admin site of the humas offices: its home page is the desk, and "view on site" obeys each admin's scope."""

from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.models import Article, scheduled_q

DESK_ROWS = 8


def humas_desk(request, site) -> dict | None:
    """The four lists of the desk for the user's cities, in a fixed number of queries.

    ``None`` when the user may not see articles at all.
    """
    article_admin = site._registry.get(Article)
    if article_admin is None or not article_admin.has_view_permission(request):
        return None
    from articles.admin import zoned  # late: articles.admin registers its admins on this very site

    user = request.user
    articles = Article.objects.visible_to(user).select_related("city", "author").order_by()
    counts = articles.aggregate(
        drafts=Count("pk", filter=Q(status=Article.Status.DRAFT, author=user)),
        returned=Count("pk", filter=Q(status=Article.Status.DRAFT, author=user) & ~Q(review_note="")),
        review=Count("pk", filter=Q(status=Article.Status.REVIEW)),
        scheduled=Count("pk", filter=scheduled_q()),
    )
    desk = {
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
    for article in desk["scheduled"]:
        article.desk_time = zoned(article.published_at, article.city)
    for article in desk["recently_published"]:
        article.desk_time = zoned(article.published_at, article.city, time=article.published_time_known)
    return desk


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom: humas desk")
    site_title = _("Newsroom")
    index_title = _("Humas desk")

    def index(self, request, extra_context=None):
        context = {"desk": humas_desk(request, self), **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        urls = super().get_urls()
        # Django's "view on site" redirect would resolve any object of any city; ours asks the model's admin first.
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<int:content_type_id>/<path:object_id>/",
                    self.admin_view(self.scoped_view_on_site),
                    name="view_on_site",
                )
        return urls

    def scoped_view_on_site(self, request, content_type_id, object_id):
        """Redirect to an object's page only when the user may see it in its admin; otherwise a 404."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            obj = None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
