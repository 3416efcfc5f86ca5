"""The audit log: who did what to which article, read-only, for city admins (their cities) and superusers."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cities.localtime import format_local
from cities.models import Role
from cities.scoping import CityScopedAdminMixin, is_city_admin
from core.admin import BoundedSearchMixin, ReadOnlyAdminMixin

from ..models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, BoundedSearchMixin, CityScopedAdminMixin, admin.ModelAdmin):
    """Who did what to which article: read-only, for city admins (their cities) and superusers."""

    city_scope_roles = (Role.ADMIN,)
    list_display = ("at_local", "action", "article_link", "city", "user", "client_ip", "note")
    list_select_related = ("city", "user", "article")
    list_filter = (
        "action",
        ("city", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
        "at",
    )
    search_fields = ("headline", "note", "user__username", "client_ip")
    date_hierarchy = "at"
    fields = ("at_local", "action", "article_link", "headline", "city", "user", "client_ip", "note")
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # The link from an article's audit trail filters by that article.
        return lookup == "article__id__exact" or super().lookup_allowed(lookup, value, request)

    def _reads_the_log(self, request) -> bool:
        return request.user.is_superuser or is_city_admin(request)

    def has_module_permission(self, request):
        return self._reads_the_log(request)

    def has_view_permission(self, request, obj=None):
        # The roles grant no permission on the log: city admins read it, in their cities (get_queryset).
        return request.user.is_active and request.user.is_staff and self._reads_the_log(request)

    @admin.display(description=_("time (city's zone)"), ordering="at")
    def at_local(self, obj):
        return format_local(obj.at, obj.city)

    @admin.display(description=_("article"), ordering="headline")
    def article_link(self, obj):
        if obj.article_id is None:
            return obj.headline
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.headline)
