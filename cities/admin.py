"""Admin for the reference data humas staff pick from: cities, officials and their positions, events.

Everyone with staff access reads all of it; a city admin (admin kota) changes only what belongs to their own
cities, each model's ``editable_by(user)``: their city's record, the positions in it and the officials holding
or having held one, the events it hosts. National bodies (APEKSI, a ministry, a province) belong to no city:
only superusers change them. Staff accounts and memberships are administered in the ``staff`` app.
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import SOURCE_NOTES_FIELDSET, ParentPermissionInlineMixin
from images.admin import SaveFailureAdminMixin, image_preview

from .forms import CityAdminForm, EventAdminForm, OfficialAdminForm, PositionAdminForm
from .models import City, Event, EventSpeaker, Official, Position
from .scoping import AutocompleteChoicesMixin, OwnedFieldsMixin, OwnedRowsAdminMixin

# --- City --------------------------------------------------------------------------------------------------


@admin.register(City)
class CityAdmin(SaveFailureAdminMixin, AutocompleteChoicesMixin, OwnedRowsAdminMixin, admin.ModelAdmin):
    """A city admin changes only their own city's record (``City.objects.editable_by``); other cities stay
    readable. An autocomplete for a city-scoped field (an article's desk city, a position's city) offers only
    what that field accepts (``AutocompleteChoicesMixin``)."""

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


# --- Officials and positions --------------------------------------------------------------------------------


class PositionInline(OwnedFieldsMixin, admin.TabularInline):
    """The positions of an official. On an official the user may change, only the positions they may change
    (``OfficialAdmin.get_formset_kwargs``); the others are listed above the inline, read-only."""

    model = Position
    form = PositionAdminForm
    fields = ("title", "city", "organisation", "tenure", "starts_on", "ends_on")
    autocomplete_fields = ("city",)
    owned_fields = ("city",)
    extra = 0
    show_change_link = True

    def _may_change_official(self, request, obj) -> bool:
        official_admin = self.admin_site.get_model_admin(Official)
        if obj is None or obj.pk is None:
            return official_admin.has_add_permission(request)
        return official_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_change_official(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_change_official(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_change_official(request, obj)

    def get_min_num(self, request, obj=None, **kwargs):
        # A city user's new official needs a position in their city, or it would belong to the superusers.
        return 1 if obj is None and not request.user.is_superuser else super().get_min_num(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, validate_min=True, **kwargs)


@admin.register(Official)
class OfficialAdmin(SaveFailureAdminMixin, AutocompleteChoicesMixin, OwnedRowsAdminMixin, admin.ModelAdmin):
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

    def _positions_of_others(self, request, obj) -> list[Position]:
        """The positions of ``obj`` the user may not change, when they may change ``obj`` itself."""
        if obj is None or obj.pk is None or request.user.is_superuser or not self.has_change_permission(request, obj):
            return []
        if not hasattr(obj, "_positions_of_others"):
            editable = Position.objects.editable_by(request.user).values("pk")
            obj._positions_of_others = list(obj.positions.exclude(pk__in=editable).select_related("city"))
        return obj._positions_of_others

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, PositionInline) and self._positions_of_others(request, obj):
            # Another city's position (or a national body's) is not in the formset, so it cannot be changed here.
            kwargs["queryset"] = kwargs["queryset"].filter(pk__in=Position.objects.editable_by(request.user))
        return kwargs

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._positions_of_others(request, obj):
            other = {
                "fields": ("other_positions",),
                "description": _("In another city or a national body: its admin kota or a superuser changes them."),
            }
            fieldsets = [*fieldsets, (_("Other positions"), other)]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "other_positions")

    @admin.display(description=_("positions you may not change"))
    def other_positions(self, obj):
        return "; ".join(position.display_title for position in getattr(obj, "_positions_of_others", ()))

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
class PositionAdmin(AutocompleteChoicesMixin, OwnedRowsAdminMixin, admin.ModelAdmin):
    """Mostly edited inline on the official; registered for the autocomplete in mentions and speakers.

    A city user records positions in their own cities, of officials they may change: linking a person of another
    city or of a national body to their city is a superuser's."""

    form = PositionAdminForm
    owned_fields = ("official", "city")
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
class EventAdmin(AutocompleteChoicesMixin, OwnedRowsAdminMixin, admin.ModelAdmin):
    """An event belongs to its host city. Participating cities and the parent event are what the host's record
    says about them: they change only this row."""

    form = EventAdminForm
    owned_fields = ("host_city",)
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
