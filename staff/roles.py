"""The humas roles as Django groups: the permissions each carries, kept in step on every migrate.

A role is a Django group; which cities a user may touch comes from ``cities.Membership``.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from cities.models import Membership, Role

#: What a city admin may give; the superuser appoints city admins.
CITY_ADMIN_GRANTS = (Role.PENULIS, Role.REDAKTUR)

GROUP_NAMES = {
    Role.PENULIS: "Penulis",
    Role.REDAKTUR: "Redaktur",
    Role.ADMIN: "Admin kota",
}

_READ_REFERENCE = ["cities.view_city", "cities.view_official", "cities.view_position", "cities.view_event"]
# Tags are made by typing them on an article; the tag admin's own "add" is a superuser's. Renaming a tag
# (redaktur, admin kota) is limited to tags no other city uses (``Article.tags.editable_by``).
_WRITE_ARTICLES = [
    "articles.view_article",
    "articles.add_article",
    "articles.change_article",
    "taggit.view_tag",
]

ROLE_PERMISSIONS = {
    Role.PENULIS: [*_READ_REFERENCE, *_WRITE_ARTICLES],
    Role.REDAKTUR: [*_READ_REFERENCE, *_WRITE_ARTICLES, "articles.delete_article", "taggit.change_tag"],
    Role.ADMIN: [
        *_READ_REFERENCE,
        *_WRITE_ARTICLES,
        "articles.delete_article",
        "taggit.change_tag",
        # Only their own city's rows: each model's ``editable_by`` (cities/models.py).
        "cities.change_city",
        "cities.add_official",
        "cities.change_official",
        "cities.add_position",
        "cities.change_position",
        "cities.delete_position",
        "cities.add_event",
        "cities.change_event",
        "articles.view_auditentry",
        # The spam vocabulary applies to every city: a city admin adds terms, a superuser changes or removes them.
        "articles.view_spamterm",
        "articles.add_spamterm",
        "cities.view_membership",
        "cities.add_membership",
        "cities.change_membership",
        "cities.delete_membership",
    ],
}


def _permissions(names):
    wanted = [name.split(".", 1) for name in names]
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in wanted}, codename__in={code for _, code in wanted}
    ).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in found}
    return [by_name[name] for name in names if name in by_name]


@transaction.atomic
def sync_role_groups() -> dict[str, Group]:
    """Create or update one group per role with exactly its permissions. Idempotent."""
    groups = {}
    for role, group_name in GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.set(_permissions(ROLE_PERMISSIONS[role]))
        groups[role] = group
    return groups


def sync_user_role_groups(user) -> None:
    """Put ``user`` in exactly the role groups of their memberships; other groups are left alone.

    A demoted redaktur loses the Redaktur permissions.
    """
    groups = sync_role_groups()
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    user.groups.remove(*(group for role, group in groups.items() if role not in held))
    user.groups.add(*(group for role, group in groups.items() if role in held))


def sync_after_migrate(sender, **kwargs):
    sync_role_groups()
