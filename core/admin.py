"""Admin building blocks shared by the apps; nothing is registered here."""

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
