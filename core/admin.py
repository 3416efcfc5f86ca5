"""Admin building blocks shared by the apps; nothing is registered here."""

from django.conf import settings
from django.contrib import messages
from django.utils.text import smart_split
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SOURCE_NOTES_FIELDSET = (
    _("Source notes (what the source only implies)"),
    {"classes": ("collapse",), "fields": ("source_note", "inferred_fields")},
)


class ParentPermissionInlineMixin:
    """An inline that is part of its parent (a speaker of an event, a mention in an article).

    Whoever may edit the parent may edit these rows, as for an auto-created many-to-many table; the
    humas roles grant no separate permissions on the through model.
    """

    def _parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def _may_edit_parent(self, request, obj):
        parent_admin = self._parent_admin()
        if obj is None:
            return parent_admin.has_add_permission(request)
        return parent_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit_parent(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._parent_admin().has_view_permission(request, obj) or self._may_edit_parent(request, obj)


class BoundedSearchMixin:
    """The admin's search reads the first ``ADMIN_SEARCH_MAX_WORDS`` words of the query (within
    ``ADMIN_SEARCH_MAX_CHARACTERS``) and says so when it cut the rest.

    Each word is a condition on every search field: a query of a thousand words makes a statement no database
    should plan (SQLite refuses it: "Expression tree is too large"), and no one searches with more than a few.
    """

    def get_search_results(self, request, queryset, search_term):
        bounded = bounded_search_term(search_term)
        if bounded != search_term.strip() and not getattr(request, "_newsroom_search_cut", False):
            request._newsroom_search_cut = True
            match = getattr(request, "resolver_match", None)
            if match is None or match.url_name != "autocomplete":
                messages.warning(
                    request,
                    gettext(
                        "The search used only its first %(words)s words (at most %(characters)s characters): "
                        "search with fewer, more telling words."
                    )
                    % {"words": settings.ADMIN_SEARCH_MAX_WORDS, "characters": settings.ADMIN_SEARCH_MAX_CHARACTERS},
                )
        return super().get_search_results(request, queryset, bounded)


def bounded_search_term(search_term: str) -> str:
    """The first ``ADMIN_SEARCH_MAX_WORDS`` words of ``search_term`` (a quoted phrase counts as one word),
    within ``ADMIN_SEARCH_MAX_CHARACTERS``."""
    words = list(smart_split(search_term[: settings.ADMIN_SEARCH_MAX_CHARACTERS]))
    return " ".join(words[: settings.ADMIN_SEARCH_MAX_WORDS])


class ReadOnlyAdminMixin:
    """A record nobody edits in the admin (the audit log, the table of old addresses): it is only read."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
