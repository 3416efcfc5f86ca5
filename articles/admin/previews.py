"""Preview links in the article admin: the panel that lists them, and the views that issue and revoke them."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cities.localtime import format_local

from .. import workflow
from ..forms import PreviewLinkForm
from .display import error_text, user_label


class PreviewLinksAdminMixin:
    def preview_urls(self, prefix: str) -> list:
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview-links/", wrap(self.preview_issue_view), name=f"{prefix}_preview_issue"),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                wrap(self.preview_revoke_view),
                name=f"{prefix}_preview_revoke",
            ),
        ]

    def preview_panel(self, request, article) -> dict:
        """The article's address for staff, its preview links and the form to issue one."""
        city = article.city
        may_revoke_all = self.is_editable(request, article)
        links = [
            {
                "link": link,
                "url": request.build_absolute_uri(link.get_absolute_url()),
                "state_key": "revoked" if link.revoked_at else ("active" if link.is_active else "expired"),
                "state": (_("revoked") if link.revoked_at else (_("active") if link.is_active else _("expired"))),
                "expires": format_local(link.expires_at, city),
                "issued": format_local(link.created_at, city),
                "by": user_label(link.created_by),
                "may_revoke": link.is_active and (may_revoke_all or link.created_by_id == request.user.pk),
                "revoke_url": self.admin_url("preview_revoke", article.pk, link.pk),
            }
            for link in article.preview_links.select_related("created_by")
        ]
        return {
            "url": article.get_absolute_url(),
            "links": links,
            "form": PreviewLinkForm(prefix="preview"),
            "issue_url": self.admin_url("preview_issue", article.pk),
        }

    def preview_issue_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self.missing_object(request, object_id)
        form = PreviewLinkForm(request.POST, prefix="preview")
        if not form.is_valid():
            for error in form.errors.as_data().values():
                for message in error:
                    messages.error(request, error_text(message))
        else:
            try:
                link = workflow.issue_preview_link(
                    article, by=request.user, recipient=form.cleaned_data["recipient"], days=form.cleaned_data["days"]
                )
            except PermissionDenied as error:
                messages.error(request, error_text(error))
            else:
                self.message_user(
                    request,
                    _("Preview link issued, valid until %(time)s: %(url)s")
                    % {
                        "time": format_local(link.expires_at, article.city),
                        "url": request.build_absolute_uri(link.get_absolute_url()),
                    },
                    messages.SUCCESS,
                )
        return HttpResponseRedirect(self.admin_url("change", article.pk) + "#preview-links")

    def preview_revoke_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self.missing_object(request, object_id)
        link = article.preview_links.filter(pk=link_id).first()
        if link is None:
            raise Http404
        try:
            workflow.revoke_preview_link(link, by=request.user)
        except PermissionDenied as error:
            messages.error(request, error_text(error))
        else:
            self.message_user(request, _("The preview link was revoked."), messages.SUCCESS)
        return HttpResponseRedirect(self.admin_url("change", article.pk) + "#preview-links")
