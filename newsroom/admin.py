"""The admin site of the humas offices: its home page is the desk, and "view on site" obeys each admin's scope."""

from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from articles.desk import humas_desk
from staff import views as staff_views


class NewsroomAdminSite(admin.AdminSite):
    site_header = _("Newsroom: humas desk")
    site_title = _("Newsroom")
    index_title = _("Humas desk")

    def index(self, request, extra_context=None):
        context = {"desk": humas_desk(request, self), **(extra_context or {})}
        return super().index(request, context)

    def login(self, request, extra_context=None):
        """Django's admin login, in two steps when the account has a second factor (``staff.views``)."""
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            **(extra_context or {}),
        }
        if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
            context[REDIRECT_FIELD_NAME] = reverse("admin:index", current_app=self.name)
        request.current_app = self.name
        return staff_views.TwoStepLoginView.as_view(extra_context=context)(request)

    def get_urls(self):
        two_factor = {"admin_site": self}
        urls = [
            # Before and during the login: no admin_view() around them.
            path("verifikasi/", staff_views.verify, two_factor, name="two_factor_verify"),
            path("verifikasi/pasang/", staff_views.enrol, two_factor, name="two_factor_enrol"),
            # For a logged-in user.
            path("keamanan/", self.admin_view(staff_views.security), two_factor, name="two_factor_security"),
            path(
                "keamanan/kode-cadangan/",
                self.admin_view(staff_views.backup_codes),
                two_factor,
                name="two_factor_backup_codes",
            ),
            path("keamanan/aktif/", self.admin_view(staff_views.still_here), two_factor, name="still_here"),
            *super().get_urls(),
        ]
        # Django's "view on site" redirect would resolve any object of any city; ours asks the model's admin first.
        for index, pattern in enumerate(urls):
            if getattr(pattern, "name", None) == "view_on_site":
                urls[index] = path(
                    "r/<int:content_type_id>/<path:object_id>/",
                    self.admin_view(self.scoped_view_on_site),
                    name="view_on_site",
                )
        return urls

    def scoped_view_on_site(self, request, content_type_id, object_id):
        """Redirect to an object's page only when the user may see it in its admin; otherwise a 404."""
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        try:
            model_admin = self.get_model_admin(model)
        except NotRegistered:
            raise Http404 from None
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            obj = None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
