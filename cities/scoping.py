"""City scoping for the admin: which cities a staff user works in, and a ModelAdmin limited to them.

Staff of one city never see another city's rows: a row of another city answers exactly like a missing one.
Every admin with a city (memberships, the audit log, staff accounts) asks here; articles add their own rule
(``Article.objects.visible_to`` / ``editable_by``) on top.
"""

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

    def autocomplete_city_ids(self, request, field_name):
        """Asked by the city admin's autocomplete, so the scoped field offers only the user's cities."""
        return self.scoped_city_ids(request) if field_name == self.city_field else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        city_ids = self.scoped_city_ids(request)
        if city_ids and len(city_ids) == 1 and self.city_field not in initial:
            initial[self.city_field] = next(iter(city_ids))
        return initial
