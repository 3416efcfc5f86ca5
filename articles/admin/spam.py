"""What the spam check reads: the gambling vocabulary staff extend, and the domains the site already links to.

Both lists are the whole site's, not a city's. The roles decide who reads and adds terms (``staff.roles``);
the known domains are for superusers, as their first articles may be any city's.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cities.localtime import format_local

from ..models import OutboundDomain, SpamTerm


@admin.register(SpamTerm)
class SpamTermAdmin(admin.ModelAdmin):
    list_display = ("term", "is_active", "note", "created_local")
    list_filter = ("is_active",)
    search_fields = ("term", "note")
    fields = ("term", "is_active", "note", "created_local", "created_by")
    readonly_fields = ("created_local", "created_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            # A term in force changes for every city: only a superuser rewrites one.
            return (*self.readonly_fields, "term")
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        # Who added a term is a staff account of some city: superusers only.
        fields = super().get_fields(request, obj)
        return fields if request.user.is_superuser else [f for f in fields if f != "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("added at"), ordering="created_at")
    def created_local(self, obj):
        return format_local(obj.created_at, None) if obj and obj.created_at else self.get_empty_value_display()


@admin.register(OutboundDomain)
class OutboundDomainAdmin(admin.ModelAdmin):
    """The hosts that published articles link to: a link there is not new. Delete one a released article
    brought in by mistake, and links there are held again."""

    list_display = ("domain", "first_seen_local", "first_article_link")
    list_select_related = ("first_article",)
    search_fields = ("domain",)
    fields = ("domain", "first_seen_local", "first_article_link")
    readonly_fields = ("first_seen_local", "first_article_link")
    date_hierarchy = "first_seen"

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "domain") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        obj.domain = obj.domain.strip().lower().removeprefix("www.")
        super().save_model(request, obj, form, change)

    @admin.display(description=_("first seen"), ordering="first_seen")
    def first_seen_local(self, obj):
        return format_local(obj.first_seen, None) if obj and obj.first_seen else self.get_empty_value_display()

    @admin.display(description=_("first article"))
    def first_article_link(self, obj):
        if obj is None or obj.first_article_id is None:
            return self.get_empty_value_display()
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.first_article_id])
        return format_html('<a href="{}">{}</a>', url, obj.first_article)
