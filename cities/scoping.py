"""City scoping for the admin: which cities a staff user works in, and ModelAdmins limited to them.

Staff of one city never see another city's rows: a row of another city answers exactly like a missing one.
Every admin with a city (memberships, the audit log, staff accounts) asks here; articles add their own rule
(``Article.objects.visible_to`` / ``editable_by``) on top.

Reference data (cities, officials, positions, events) is public, so every staff member reads every row; a row
changes only where its model's ``editable_by(user)`` has it (``OwnedRowsAdminMixin``).
"""

from django.apps import apps
from django.contrib.admin.exceptions import NotRegistered

from .models import City, Membership, Role


def memberships_of(request) -> list[tuple[int, str, str]]:
    """``(city id, role, city slug)`` of each of ``request.user``'s memberships: one query per request, shared by
    the session rules (``staff.sessions``) and every admin page that asks with several role sets."""
    if "_newsroom_memberships" not in request.__dict__:
        request._newsroom_memberships = list(
            Membership.objects.filter(user_id=request.user.pk).order_by().values_list("city_id", "role", "city__slug")
        )
    return request._newsroom_memberships


def city_ids_for(request, roles=None) -> set[int]:
    """The ids of the cities ``request.user`` belongs to (with one of ``roles``)."""
    return {city_id for city_id, role, _slug in memberships_of(request) if not roles or role in roles}


def is_city_admin(request) -> bool:
    """Whether the user is admin kota of at least one city (a superuser without a membership is not)."""
    return bool(city_ids_for(request, roles=[Role.ADMIN]))


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

    def autocomplete_choices(self, request, field_name, queryset):
        """Asked by the city admin's autocomplete (``AutocompleteChoicesMixin``): the scoped field offers only the
        user's cities."""
        city_ids = self.scoped_city_ids(request) if field_name == self.city_field else None
        return queryset if city_ids is None else queryset.filter(pk__in=city_ids)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        city_ids = self.scoped_city_ids(request)
        if city_ids and len(city_ids) == 1 and self.city_field not in initial:
            initial[self.city_field] = next(iter(city_ids))
        return initial


def autocomplete_source(admin_site, request):
    """For an admin autocomplete request: the admin of the form asking and the field it asks for; else
    ``(None, "")``."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None, ""
    try:
        source_model = apps.get_model(request.GET["app_label"], request.GET["model_name"])
        return admin_site.get_model_admin(source_model), request.GET.get("field_name", "")
    except (KeyError, LookupError, NotRegistered):
        return None, ""


class AutocompleteChoicesMixin:
    """For an admin that autocompletes a field of another admin's form (a city, an official, an event): it
    offers only what that field accepts, as the form's admin says through ``autocomplete_choices(request,
    field_name, queryset)``. The form refuses anything else anyway; this keeps it from being offered."""

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        source_admin, field_name = autocomplete_source(self.admin_site, request)
        limit = getattr(source_admin, "autocomplete_choices", None)
        if limit is not None:
            queryset = limit(request, field_name, queryset)
        return queryset, may_have_duplicates


class OwnedFieldsMixin:
    """For a ModelAdmin or an inline: ``owned_fields`` name the foreign keys that make a row the user's, which a new
    or changed row may point only at rows the user may change themselves (their model's ``editable_by``): the city
    a position is in and its official, an event's host city. For a city user an owned city is required, as a row
    of no city belongs to the superusers."""

    owned_fields: tuple[str, ...] = ()

    def owned_choices(self, request, model):
        """What an owned field may point at; ``None`` for a superuser (anything)."""
        return None if request.user.is_superuser else model._default_manager.editable_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.owned_fields:
            choices = self.owned_choices(request, db_field.related_model)
            if choices is not None:
                kwargs["queryset"] = choices
                if db_field.related_model is City:
                    kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def autocomplete_choices(self, request, field_name, queryset):
        """Asked by the autocomplete of an owned field (``AutocompleteChoicesMixin``)."""
        if field_name not in self.owned_fields:
            return queryset
        choices = self.owned_choices(request, queryset.model)
        return queryset if choices is None else queryset.filter(pk__in=choices.values("pk"))

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name in self.owned_fields:
            if name in initial or self.model._meta.get_field(name).related_model is not City:
                continue
            choices = self.owned_choices(request, City)
            city_ids = list(choices.values_list("pk", flat=True)[:2]) if choices is not None else []
            if len(city_ids) == 1:
                initial[name] = city_ids[0]  # the only choice is pre-selected
        return initial


class EditableRowsMixin:
    """A ModelAdmin whose rows are changed and deleted only where ``editable_rows(request)`` has them; the others
    open read-only. Articles, tags and the reference data each name their own rule."""

    def editable_rows(self, request):
        """The rows the user may change and delete: ``Model.objects.editable_by(user)`` unless said otherwise."""
        return self.model._default_manager.editable_by(request.user)

    def is_editable(self, request, obj) -> bool:
        """``obj`` is among ``editable_rows``; asked once per request and row (inlines ask often)."""
        cache = request.__dict__.setdefault("_newsroom_editable_rows", {})
        key = (self.opts.label, obj.pk)
        if key not in cache:
            cache[key] = self.editable_rows(request).filter(pk=obj.pk).exists()
        return cache[key]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.pk is None or self.is_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.pk is None or self.is_editable(request, obj)


class OwnedRowsAdminMixin(EditableRowsMixin, OwnedFieldsMixin):
    """An admin of reference data: every staff member reads every row; a row is changed or deleted only where
    ``Model.objects.editable_by(user)`` has it. Another city's row opens read-only, and changing or deleting it is
    refused (403) through the change and delete views, the bulk deletion and the inlines alike (they ask the
    parent's ``has_change_permission``)."""
