"""Admin for the reference data humas staff pick from: cities, officials and their positions, events.

Everyone with staff access reads all of it; a city admin (admin kota) changes only their own city's
record. Staff accounts and memberships are administered in the ``staff`` app.
"""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import SOURCE_NOTES_FIELDSET, ParentPermissionInlineMixin
from images.admin import image_preview

from .forms import CityAdminForm, EventAdminForm, OfficialAdminForm, PositionAdminForm
from .models import City, Event, EventSpeaker, Official, Position, Role
from .scoping import city_ids_for

# --- City --------------------------------------------------------------------------------------------------


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    form = CityAdminForm
    list_display = ("short_name", "logo_thumbnail", "name", "province", "time_zone", "apeksi_commissariat")
    list_filter = ("time_zone", "province", "apeksi_commissariat")
    search_fields = ("short_name", "name", "slug", "province")
    prepopulated_fields = {"slug": ("short_name",)}
    readonly_fields = ("logo_preview",)
    fieldsets = (
        (_("Name"), {"fields": ("name", "short_name", "slug", "province")}),
        (
            _("Time zone and administration"),
            {"fields": ("time_zone", "kecamatan_count", "kelurahan_count", "apeksi_commissariat")},
        ),
        (_("Logo"), {"fields": ("logo", "logo_preview")}),
        (_("Profile"), {"fields": ("profile",)}),
        SOURCE_NOTES_FIELDSET,
    )

    @admin.display(description=_("logo"))
    def logo_thumbnail(self, obj):
        return image_preview(obj.logo, obj.name, height=32, link=False) if obj.logo else ""

    @admin.display(description=_("current logo"))
    def logo_preview(self, obj):
        return image_preview(obj.logo, obj.name if obj else "")

    def has_change_permission(self, request, obj=None):
        # A city admin changes only their own city's record; other cities stay readable.
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return obj.pk in city_ids_for(request, roles=[Role.ADMIN])

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return self._limit_autocomplete(request, queryset), may_have_duplicates

    def _limit_autocomplete(self, request, queryset):
        """In an autocomplete for a city-scoped field (an article's desk city), offer only the user's cities.

        The source admin declares the scope through ``autocomplete_city_ids(request, field_name)``;
        ``None`` means no limit.
        """
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "autocomplete":
            return queryset
        try:
            source_model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        except (KeyError, LookupError):
            return queryset
        try:
            source_admin = self.admin_site.get_model_admin(source_model)
        except NotRegistered:
            return queryset
        limit = getattr(source_admin, "autocomplete_city_ids", None)
        if limit is None:
            return queryset
        city_ids = limit(request, request.GET.get("field_name", ""))
        return queryset if city_ids is None else queryset.filter(pk__in=city_ids)


# --- Officials and positions --------------------------------------------------------------------------------


class PositionInline(admin.TabularInline):
    model = Position
    form = PositionAdminForm
    fields = ("title", "city", "organisation", "tenure", "starts_on", "ends_on")
    autocomplete_fields = ("city",)
    extra = 0
    show_change_link = True


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    form = OfficialAdminForm
    inlines = (PositionInline,)
    list_display = ("name", "photo_thumbnail", "honorific_prefix", "honorific_suffix", "current_positions")
    list_filter = (("positions__city", admin.RelatedOnlyFieldListFilter), "positions__tenure")
    search_fields = ("name", "slug", "positions__title", "positions__organisation", "positions__city__short_name")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("photo_preview",)
    fieldsets = (
        (_("Name"), {"fields": ("honorific_prefix", "name", "honorific_suffix", "slug")}),
        (_("Photo"), {"fields": ("photo", "photo_preview", "photo_alt")}),
        SOURCE_NOTES_FIELDSET,
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions__city")

    @admin.display(description=_("photo"))
    def photo_thumbnail(self, obj):
        return image_preview(obj.photo, obj.photo_alt, height=32, link=False) if obj.photo else ""

    @admin.display(description=_("current photo"))
    def photo_preview(self, obj):
        return image_preview(obj.photo, obj.photo_alt if obj else "")

    @admin.display(description=_("positions held today"))
    def current_positions(self, obj):
        today = timezone.localdate()
        return "; ".join(p.display_title for p in obj.positions.all() if p.is_held_on(today))


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    """Mostly edited inline on the official; registered for the autocomplete in mentions and speakers."""

    form = PositionAdminForm
    list_display = ("official", "title", "city", "organisation", "tenure", "starts_on", "ends_on")
    list_filter = ("tenure", ("city", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("official", "city")
    search_fields = ("official__name", "title", "organisation", "city__short_name", "city__name")
    autocomplete_fields = ("official", "city")
    fieldsets = (
        (None, {"fields": ("official", "title", "city", "organisation", "tenure")}),
        (_("Period"), {"fields": ("starts_on", "ends_on")}),
        SOURCE_NOTES_FIELDSET,
    )

    def get_queryset(self, request):
        # __str__ needs the official and the city: one query for an autocomplete page, not one per row.
        return super().get_queryset(request).select_related("official", "city")


# --- Events ------------------------------------------------------------------------------------------------


class EventSpeakerInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = EventSpeaker
    fields = ("official", "position", "order")
    autocomplete_fields = ("official", "position")
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    inlines = (EventSpeakerInline,)
    list_display = ("name", "kind", "edition", "host_city", "starts_on", "ends_on", "venue")
    list_filter = ("kind", ("host_city", admin.RelatedOnlyFieldListFilter), "starts_on")
    list_select_related = ("host_city",)
    search_fields = ("name", "slug", "edition", "venue", "theme", "organiser", "host_city__short_name")
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("host_city", "cities", "parent")
    fieldsets = (
        (_("Event"), {"fields": ("name", "slug", "kind", "edition", "organiser", "parent")}),
        (_("Place and time"), {"fields": ("host_city", "venue", "starts_on", "ends_on", "date_note")}),
        (_("Participating cities"), {"fields": ("cities",)}),
        (_("Theme and description"), {"fields": ("theme", "description")}),
        SOURCE_NOTES_FIELDSET,
    )
