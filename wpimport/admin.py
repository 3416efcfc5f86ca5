"""The old WordPress addresses and the articles they lead to: a read-only list, for the staff of each city."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cities.localtime import format_local
from cities.scoping import CityScopedAdminMixin, city_ids_for
from core.admin import BoundedSearchMixin, ReadOnlyAdminMixin

from .models import WordPressPost


@admin.register(WordPressPost)
class WordPressPostAdmin(ReadOnlyAdminMixin, BoundedSearchMixin, CityScopedAdminMixin, admin.ModelAdmin):
    """Written by ``manage.py import_wordpress`` only; staff read the rows of their cities (superusers: all)."""

    list_display = ("old_link", "article_link", "city", "wp_post_id", "imported_local")
    list_select_related = ("city", "article")
    list_filter = (("city", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("old_link", "article__headline")
    fields = ("old_link", "old_host", "article_link", "city", "wp_post_id", "imported_local")
    readonly_fields = fields

    def _reads_the_table(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or bool(city_ids_for(request)))

    def has_module_permission(self, request):
        return self._reads_the_table(request)

    def has_view_permission(self, request, obj=None):
        # The roles grant no permission on the table: every member of a city reads its rows (get_queryset).
        return self._reads_the_table(request)

    @admin.display(description=_("article"), ordering="article__headline")
    def article_link(self, obj):
        if obj.article_id is None:
            return "—"
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article.headline)

    @admin.display(description=_("imported at (city's zone)"), ordering="imported_at")
    def imported_local(self, obj):
        return format_local(obj.imported_at, obj.city)
