"""Revisions in the article admin: history, one revision against the current article, two compared, restore;
the conflict report of a refused save; recovery of deleted articles; deletion that keeps a revision.

Restore, recovery and deletion are steps of ``articles.workflow``, which records them.
"""

from django.contrib import messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError
from reversion.models import Version

from cities.localtime import format_local
from cities.models import City

from .. import revisions, workflow
from ..models import Article
from .display import Row, user_label


class ConflictReport:
    """What changed between the version a refused form was loaded with and the article as it is now.

    Evaluated lazily, while the template renders.
    """

    def __init__(self, article_id, conflict, form):
        self.article_id = article_id
        self.conflict = conflict
        self.form = form

    @cached_property
    def _compared(self):
        article = Article.objects.select_related("city").get(pk=self.article_id)
        newer = []
        for version in revisions.versions_of(article):
            stored = version.field_dict.get("version")
            if stored == self.conflict.loaded:
                return article, version, revisions.compare_with_current(version, article), newer
            newer.append(version)
            if stored is not None and stored < self.conflict.loaded:
                break
        return article, None, None, newer

    @property
    def changes(self):
        """Field changes between the loaded and the current version; ``None`` when that version is not stored."""
        return self._compared[2]

    @property
    def current(self):
        """The article as the report read it: what the refused form is merged against."""
        return self._compared[0]

    @property
    def loaded_version(self):
        """The stored revision the refused form was loaded with; ``None`` when it is not stored."""
        return self._compared[1]

    @property
    def saved_by(self) -> list[Row]:
        """Who saved in between, from the revisions newer than the loaded one."""
        article, _version, _changes, newer = self._compared
        return [
            Row(when=format_local(v.revision.date_created, article.city), who=user_label(v.revision.user))
            for v in newer
            if (v.field_dict.get("version") or 0) > self.conflict.loaded
        ]

    @property
    def differing_fields(self) -> list[str]:
        """Without a stored loaded version: the fields where the refused form differs from the saved article."""
        fields = self.form.fields
        return [str(fields[name].label) for name in self.form.changed_data if name in fields and name != "version"]


class HistoryAdminMixin:
    """History, one revision, comparison and restore; recovery of deleted articles; deletion that keeps both."""

    def history_urls(self, prefix: str) -> list:
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{prefix}_compare",
            )
        ]

    def _visible_or_missing(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return None, self.missing_object(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article, None

    def history_view(self, request, object_id, extra_context=None):
        """The stored revisions of an article (who, when, comment), to open, compare and restore."""
        article, missing = self._visible_or_missing(request, object_id)
        if missing:
            return missing
        versions = list(revisions.versions_of(article)[:200])
        rows = [
            Row(
                pk=version.pk,
                when=format_local(version.revision.date_created, article.city),
                who=user_label(version.revision.user),
                what=version.revision.get_comment(),
                url=self.admin_url("revision", article.pk, version.pk),
            )
            for version in versions
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revisions: %s") % article,
            "subtitle": None,
            "object": article,
            "opts": self.opts,
            "rows": rows,
            "compare_url": self.admin_url("compare", article.pk),
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def _version_of(self, article, version_id):
        return revisions.versions_of(article).filter(pk=version_id).first()

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One revision compared with the article as it is now; POST restores it."""
        article, missing = self._visible_or_missing(request, object_id)
        if missing:
            return missing
        version = self._version_of(article, version_id)
        if version is None:
            raise Http404
        if request.method == "POST":
            return self._restore(request, article, version)
        changes = revisions.compare_with_current(version, article)
        return self._render_compare(
            request,
            article,
            title=_("Revision of %(time)s compared with the current article")
            % {"time": format_local(version.revision.date_created, article.city)},
            old=version,
            new=None,
            changes=changes,
            restore_version=version if self.is_editable(request, article) else None,
            extra_context=extra_context,
        )

    def compare_view(self, request, object_id):
        """Two revisions of one article side by side, older first."""
        article, missing = self._visible_or_missing(request, object_id)
        if missing:
            return missing
        ids = [request.GET.get("old"), request.GET.get("new")]
        if not all(value and value.isdigit() for value in ids):
            raise Http404
        found = {v.pk: v for v in revisions.versions_of(article).filter(pk__in=ids)}
        if len(found) != len(set(ids)) or len(found) < 2:
            raise Http404
        old, new = sorted(found.values(), key=lambda v: (v.revision.date_created, v.pk))
        return self._render_compare(
            request,
            article,
            title=_("Changes between two revisions"),
            old=old,
            new=new,
            changes=revisions.compare(old, new),
            restore_version=old if self.is_editable(request, article) else None,
        )

    def _render_compare(self, request, article, *, title, old, new, changes, restore_version, extra_context=None):
        def describe(version):
            if version is None:
                return Row(when=_("now"), what=_("current article"))
            return Row(
                when=format_local(version.revision.date_created, article.city),
                who=user_label(version.revision.user),
                what=version.revision.get_comment(),
            )

        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(article),
            "object": article,
            "opts": self.opts,
            "old": describe(old),
            "new": describe(new),
            "changes": changes,
            "restore_url": (self.admin_url("revision", article.pk, restore_version.pk) if restore_version else ""),
            "restore_when": describe(restore_version).when if restore_version else "",
            "history_url": self.admin_url("history", article.pk),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def _restore(self, request, article, version):
        try:
            workflow.restore(version, by=request.user)
        except PermissionDenied:
            messages.error(request, gettext("You are not allowed to do this."))
        except (RevertError, IntegrityError) as error:
            messages.error(request, _("This revision could not be restored: %(error)s") % {"error": error})
        else:
            self.message_user(
                request,
                _("Restored the revision of %(time)s; the restore is a new revision.")
                % {"time": format_local(version.revision.date_created, article.city)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self.admin_url("change", article.pk))

    def has_recover_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def recoverable_versions(self, request):
        """The last stored version of each deleted article whose desk city is one of the user's editor cities."""
        city_ids = self.editor_city_ids(request)
        deleted = Version.objects.get_deleted(Article).select_related("revision__user").order_by("-pk")
        return [v for v in deleted if city_ids is None or v.field_dict.get("city_id") in city_ids]

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        cities = City.objects.in_bulk()
        rows = []
        for version in self.recoverable_versions(request):
            city = cities.get(version.field_dict.get("city_id"))
            rows.append(
                Row(
                    pk=version.pk,
                    when=format_local(version.revision.date_created, city),
                    who=user_label(version.revision.user),
                    what=version.object_repr,
                    note=city.short_name if city else "",
                    url=self.admin_url("recover", version.pk),
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recover deleted articles"),
            "opts": self.opts,
            "rows": rows,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/recover_list.html", context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = next((v for v in self.recoverable_versions(request) if v.pk == int(version_id)), None)
        if version is None:
            raise Http404
        if request.method == "POST":
            return self._recover(request, version)
        city = City.objects.filter(pk=version.field_dict.get("city_id")).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recover “%(headline)s”") % {"headline": version.object_repr},
            "opts": self.opts,
            "deleted": Row(
                when=format_local(version.revision.date_created, city),
                who=user_label(version.revision.user),
                what=version.revision.get_comment(),
            ),
            "fields": [
                (revisions.field_label(name), value)
                for name, value in revisions.readable_fields(version).items()
                if value
            ],
            "recover_url": self.admin_url("recover", version.pk),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/recover_form.html", context)

    def _recover(self, request, version):
        try:
            article = workflow.recover(version, by=request.user)
        except PermissionDenied:
            messages.error(request, gettext("You are not allowed to do this."))
            return HttpResponseRedirect(self.admin_url("recoverlist"))
        except (RevertError, IntegrityError, ValidationError) as error:
            messages.error(request, _("This article could not be recovered: %(error)s") % {"error": error})
            return HttpResponseRedirect(self.admin_url("recoverlist"))
        if article.status == version.field_dict.get("status"):
            message = _("“%(headline)s” was recovered with the status it had.")
        else:
            message = _("“%(headline)s” was recovered as a draft: your role cannot publish it.")
        self.message_user(request, message % {"headline": article.headline}, messages.SUCCESS)
        return HttpResponseRedirect(self.admin_url("change", article.pk))

    # --- deletion keeps a revision (to recover from) and an audit entry ------------------------------------

    def delete_model(self, request, obj):
        workflow.delete(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for article in queryset:
                workflow.delete(article, by=request.user)

    def delete_selected_articles(self, request, queryset):
        """Django's "delete selected", refused as a whole when any selected article is not the user's to delete."""
        refused = list(queryset.exclude(pk__in=self.editable_only(request, queryset).values("pk"))[:100])
        if refused:
            reason = gettext("You are not allowed to do this.")
            self.report_refused(request, [(article, reason) for article in refused])
            self.message_user(request, gettext("Nothing was deleted."), messages.ERROR)
            return None
        return django_delete_selected(self, request, queryset)
