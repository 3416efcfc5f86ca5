"""The one rule at every door of the article admin: what a user sees and what they may change."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cities.models import EDITOR_ROLES
from cities.scoping import CityScopedAdminMixin, EditableRowsMixin, city_ids_for

from ..models import Article


class ArticleScopeMixin(EditableRowsMixin, CityScopedAdminMixin):
    """The one rule at every door of the article admin.

    What a user may see is ``Article.objects.visible_to(user)``; what they may change is ``editable_by(user)``.
    The changelist (with its filters, search, ordering and actions), the change, delete and history views,
    autocomplete, and every workflow, revision and preview view below look articles up through
    ``get_queryset``/``get_object``, so another city's article answers exactly like a missing one. A visible
    article the user may not change opens read-only (``has_change_permission`` is false for it).

    The desk city of a new or moved article is one of the user's own cities (``CityScopedAdminMixin``).
    """

    def get_queryset(self, request):
        # Not CityScopedAdminMixin's city filter: articles have their own rule.
        return super(CityScopedAdminMixin, self).get_queryset(request).visible_to(request.user)

    def editable_only(self, request, queryset):
        return queryset.filter(pk__in=Article.objects.editable_by(request.user).values("pk"))

    def missing_object(self, request, object_id):
        """Django's own answer for an object that does not exist: a redirect to the index with its warning."""
        message = _("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?") % {
            "name": self.opts.verbose_name,
            "key": unquote(object_id),
        }
        self.message_user(request, message, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:index", current_app=self.admin_site.name))

    def editor_city_ids(self, request) -> set[int] | None:
        """Cities where the user is redaktur or admin kota; ``None`` for a superuser. Only for what to offer."""
        return None if request.user.is_superuser else city_ids_for(request, roles=EDITOR_ROLES)
