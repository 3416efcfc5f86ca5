"""The admin humas staff work in every day: articles, and the staff memberships that scope them by city.

The city rule lives in one place, ``CityScopedAdminMixin``: a superuser sees every row; any other staff
user sees, opens and saves only rows whose city is one of their own (``cities.Membership``). A row of
another city is treated exactly like a row that does not exist.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cities.admin import SOURCE_NOTES_FIELDSET, ParentPermissionInlineMixin, city_ids_for, image_preview
from cities.models import City, Membership, Role

from .forms import ArticleAdminForm
from .models import Article, Mention
from .roles import sync_role_groups

EDITOR_ROLES = (Role.REDAKTUR, Role.ADMIN)


class CityScopedAdminMixin:
    """Limits a ModelAdmin to the cities of the user's memberships.

    ``city_field`` names the foreign key to ``City`` that scopes a row; ``city_scope_roles`` limits the
    memberships that count (``None``: any role).
    """

    city_field = "city"
    city_scope_roles: tuple[str, ...] | None = None

    def scoped_city_ids(self, request) -> set[int] | None:
        """The cities this user may work in here; ``None`` for a superuser (no limit)."""
        if request.user.is_superuser:
            return None
        return city_ids_for(request, roles=self.city_scope_roles)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        city_ids = self.scoped_city_ids(request)
        if city_ids is None:
            return queryset
        return queryset.filter(**{f"{self.city_field}__in": city_ids})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.city_field:
            city_ids = self.scoped_city_ids(request)
            if city_ids is not None:
                kwargs["queryset"] = City.objects.filter(pk__in=city_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def autocomplete_city_ids(self, request, field_name):
        """Asked by the city admin's autocomplete, so the scoped field offers only the user's cities."""
        return self.scoped_city_ids(request) if field_name == self.city_field else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        city_ids = self.scoped_city_ids(request)
        if city_ids and len(city_ids) == 1 and self.city_field not in initial:
            initial[self.city_field] = next(iter(city_ids))
        return initial


# --- Articles ----------------------------------------------------------------------------------------------


class MentionInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = Mention
    fields = ("official", "position", "order")
    autocomplete_fields = ("official", "position")
    extra = 0
    verbose_name = _("official mentioned")
    verbose_name_plural = _("officials mentioned")


STATUS_BADGE_STYLE = {
    "draft": "background:#e2e3e5;color:#383d41",
    "review": "background:#cfe2ff;color:#084298",
    "scheduled": "background:#fff3cd;color:#664d03",
    "published": "background:#d1e7dd;color:#0f5132",
    "unpublished": "background:#f8d7da;color:#842029",
    "archived": "background:#e2e3e5;color:#6c757d",
}


@admin.register(Article)
class ArticleAdmin(CityScopedAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = (MentionInline,)
    list_display = (
        "headline",
        "status_badge",
        "desk_city",
        "cities_list",
        "event",
        "published_local",
        "author",
        "tag_list",
    )
    list_select_related = ("city", "event", "author")
    list_filter = (
        "status",
        ("city", admin.RelatedOnlyFieldListFilter),
        ("event", admin.RelatedOnlyFieldListFilter),
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
        "published_at",
    )
    search_fields = (
        "headline",
        "subtitle",
        "lead",
        "slug",
        "dateline",
        "byline",
        "source_line",
        "city__short_name",
        "tags__name",
    )
    date_hierarchy = "published_at"
    # Drafts (no publication time) first, then the newest, on SQLite and PostgreSQL alike.
    ordering = (F("published_at").desc(nulls_first=True), "-pk")
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("city", "dateline_city", "cities", "event")
    readonly_fields = ("hero_preview", "author", "published_local", "created_at", "updated_at", "view_count")
    fieldsets = (
        (_("Headline and text"), {"fields": ("headline", "subtitle", "slug", "lead", "body")}),
        (_("Place and dateline"), {"fields": ("dateline_city", "dateline")}),
        (_("Hero image"), {"fields": ("hero_image", "hero_preview", "hero_alt", "hero_caption", "hero_credit")}),
        (
            _("Relations: cities, event, officials, tags"),
            {
                "fields": ("city", "cities", "event", "tags"),
                "description": _("The officials mentioned are listed below the form."),
            },
        ),
        (_("Source"), {"fields": ("source_line", "byline", "author")}),
        (
            _("Status and publication"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "published_local",
                    "published_time_known",
                    "created_at",
                    "updated_at",
                    "view_count",
                )
            },
        ),
        SOURCE_NOTES_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags", "cities")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if initial.get("city") and "cities" not in initial:
            initial["cities"] = [initial["city"]]  # the desk city is usually a city concerned too
        return initial

    # --- who may publish -------------------------------------------------------------------------------

    def publish_city_ids(self, request) -> set[int] | None:
        """Cities where this user is an editor or city admin; ``None`` for a superuser."""
        if request.user.is_superuser:
            return None
        return city_ids_for(request, roles=EDITOR_ROLES)

    def may_publish(self, request, obj=None) -> bool:
        city_ids = self.publish_city_ids(request)
        if city_ids is None:
            return True
        return obj.city_id in city_ids if obj is not None else bool(city_ids)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.may_publish(request, obj):
            readonly += ["status", "published_at"]
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.publish_city_ids = self.publish_city_ids(request)
        return form

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    # --- columns and read-only fields ------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        if obj.status == Article.Status.PUBLISHED and obj.published_at and obj.published_at > timezone.now():
            key, label = "scheduled", _("scheduled")
        else:
            key, label = obj.status, obj.get_status_display()
        return format_html(
            '<span class="newsroom-status newsroom-status-{}" style="{};padding:2px 8px;border-radius:10px;'
            'font-size:0.85em;white-space:nowrap">{}</span>',
            key,
            STATUS_BADGE_STYLE.get(key, ""),
            label,
        )

    @admin.display(description=_("desk city"), ordering="city__short_name")
    def desk_city(self, obj):
        return obj.city.short_name

    @admin.display(description=_("cities concerned"))
    def cities_list(self, obj):
        return ", ".join(city.short_name for city in obj.cities.all())

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description=_("published (desk city time)"), ordering="published_at")
    def published_local(self, obj):
        local = obj.local_published_at if obj and obj.city_id else None
        if local is None:
            return self.get_empty_value_display()
        day = formats.date_format(local, "DATE_FORMAT")
        if not obj.published_time_known:
            return day
        return f"{day} {formats.time_format(local, 'H:i')} {obj.city.zone_abbreviation}"

    @admin.display(description=_("current hero image"))
    def hero_preview(self, obj):
        return image_preview(obj.hero_image if obj else None, obj.hero_alt if obj else "")

    def view_on_site(self, obj):
        # Drafts and scheduled articles answer 404 on the site: no link to them.
        return obj.get_absolute_url() if obj.is_published else None


# --- Staff memberships ------------------------------------------------------------------------------------


def sync_user_role_groups(user) -> None:
    """Put ``user`` in exactly the role groups of their memberships; other groups are left alone."""
    groups = sync_role_groups()
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    user.groups.remove(*(group for role, group in groups.items() if role not in held))
    user.groups.add(*(group for role, group in groups.items() if role in held))


@admin.register(Membership)
class MembershipAdmin(CityScopedAdminMixin, admin.ModelAdmin):
    """A city admin manages the staff roles of their own city; a superuser those of every city."""

    city_scope_roles = (Role.ADMIN,)
    list_display = ("user", "city", "role")
    list_filter = ("role", ("city", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "city")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "city__short_name")
    autocomplete_fields = ("city",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            users = get_user_model()._default_manager.order_by("username")
            if not request.user.is_superuser:
                users = users.filter(is_staff=True, is_active=True, is_superuser=False)
            kwargs["queryset"] = users
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        previous_user_id = form.initial.get("user") if change else None
        super().save_model(request, obj, form, change)
        sync_user_role_groups(obj.user)
        if previous_user_id and previous_user_id != obj.user_id:
            sync_user_role_groups(get_user_model()._default_manager.get(pk=previous_user_id))

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        sync_user_role_groups(user)

    def delete_queryset(self, request, queryset):
        users = list(get_user_model()._default_manager.filter(memberships__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for user in users:
            sync_user_role_groups(user)
