"""Staff login in two steps, enrolment of an authenticator app, backup codes, and the account's security page.

The views are mounted by the admin site (``newsroom.admin``), which passes itself as ``admin_site`` so the
pages look like the rest of the admin. Who must use a second factor is ``staff.two_factor.required_for``.
"""

import logging

from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from core.events import record_event

from . import login_steps, two_factor
from .forms import AuthenticatorConfirmForm, SecondFactorCodeForm

ENROL_DEVICE_KEY = "two_factor_enrol_device"
NEW_CODES_KEY = "two_factor_new_codes"


def _render(request, admin_site, template, title, **context):
    request.current_app = admin_site.name
    return TemplateResponse(request, template, {**admin_site.each_context(request), "title": title, **context})


class TwoStepLoginView(auth_views.LoginView):
    """The password step. An account with a second factor (or obliged to have one) is not logged in yet: it
    goes on to the code, or to enrolment; a penulis without one is logged in and invited to set it up."""

    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.has_second_factor(user):
            login_steps.start(self.request, user, self.get_success_url())
            return redirect("admin:two_factor_verify")
        if two_factor.required_for(user):
            login_steps.start(self.request, user, self.get_success_url())
            return redirect("admin:two_factor_enrol")
        response = super().form_valid(form)
        messages.info(
            self.request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Protect your account with two-step verification: a stolen password alone will not open it."),
                reverse("admin:two_factor_enrol"),
                _("Set it up now"),
            ),
        )
        return response


@never_cache
def verify(request, admin_site):
    """The second step: a code from the app, or a backup code."""
    user = login_steps.pending_user(request)
    if user is None:
        messages.warning(request, _("Your login took too long or was interrupted. Please log in again."))
        return redirect("admin:login")
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = two_factor.wait_seconds(user)
        device = None if wait else two_factor.verify(user, form.cleaned_data["code"])
        if device is not None:
            record_event("two_factor_succeeded", username=user.get_username(), device=device.name)
            destination = login_steps.next_url(request, reverse("admin:index"))
            login_steps.finish(request, user, device)
            if device.name == two_factor.BACKUP_NAME:
                messages.warning(
                    request,
                    _("You used a backup code; %(count)d are left. Make new ones on your account's security page.")
                    % {"count": two_factor.backup_codes_left(user)},
                )
            return redirect(destination)
        if wait:
            form.add_error("code", _("Too many wrong codes. Try again in %(seconds)d seconds.") % {"seconds": wait})
        else:
            form.add_error("code", _("That code is wrong or was already used. Type the code the app shows now."))
        record_event("two_factor_failed", level=logging.WARNING, username=user.get_username(), throttled=bool(wait))
    return _render(
        request, admin_site, "admin/two_factor/verify.html", _("Two-step verification"), form=form, account=user
    )


@never_cache
def enrol(request, admin_site):
    """Set up the authenticator app: scan, type one code, receive the backup codes.

    Reached from the login of an account that must have a second factor and has none, or by a logged-in user
    from their security page. Never from a pending login of an account that already has an app: otherwise a
    stolen password could replace the owner's phone.
    """
    if request.user.is_authenticated:
        user = request.user
    else:
        user = login_steps.pending_user(request)
        if user is None or two_factor.has_second_factor(user):
            return redirect("admin:login")
    device = _enrolment_device(request, user)
    form = AuthenticatorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = two_factor.wait_seconds(user, device)
        codes = None if wait else two_factor.confirm_authenticator(device, form.cleaned_data["code"])
        if codes is not None:
            request.session.pop(ENROL_DEVICE_KEY, None)
            record_event("two_factor_enrolled", username=user.get_username())
            if request.user.is_authenticated:
                otp_login(request, device)
                destination = reverse("admin:two_factor_security")
            else:
                destination = login_steps.next_url(request, reverse("admin:index"))
                login_steps.finish(request, user, device)
            request.session[NEW_CODES_KEY] = {"codes": codes, "next": destination}
            return redirect("admin:two_factor_backup_codes")
        if wait:
            form.add_error("code", _("Too many wrong codes. Try again in %(seconds)d seconds.") % {"seconds": wait})
        else:
            form.add_error("code", _("That code does not match. Check the phone's clock and type the code shown now."))
        record_event("two_factor_enrol_failed", level=logging.WARNING, username=user.get_username())
    return _render(
        request,
        admin_site,
        "admin/two_factor/enrol.html",
        _("Set up two-step verification"),
        form=form,
        qr_code=two_factor.qr_code_svg(device),
        secret=two_factor.readable_secret(device),
        required=two_factor.required_for(user),
        pending=not request.user.is_authenticated,
    )


def _enrolment_device(request, user):
    """The unconfirmed device this enrolment shows, the same on every reload until it is confirmed."""
    device_id = request.session.get(ENROL_DEVICE_KEY)
    device = two_factor.unconfirmed_authenticator(user, device_id)
    if device is None:
        device = two_factor.new_authenticator(user)
        request.session[ENROL_DEVICE_KEY] = device.pk
    return device


@never_cache
def backup_codes(request, admin_site):
    """The new backup codes, shown once."""
    fresh = request.session.pop(NEW_CODES_KEY, None)
    if not fresh:
        return redirect("admin:two_factor_security")
    return _render(
        request,
        admin_site,
        "admin/two_factor/backup_codes.html",
        _("Your backup codes"),
        codes=fresh["codes"],
        next_url=fresh["next"],
    )


@never_cache
def security(request, admin_site):
    """The account's security page: the app, the backup codes left, the password."""
    user = request.user
    if request.method == "POST":
        return _change_security(request, user)
    return _render(
        request,
        admin_site,
        "admin/two_factor/security.html",
        _("Account security"),
        device=two_factor.authenticator(user),
        codes_left=two_factor.backup_codes_left(user),
        required=two_factor.required_for(user),
    )


def _change_security(request, user):
    action = request.POST.get("action")
    if action == "new_backup_codes" and two_factor.has_second_factor(user):
        codes = two_factor.new_backup_codes(user)
        record_event("two_factor_backup_codes_renewed", username=user.get_username())
        request.session[NEW_CODES_KEY] = {"codes": codes, "next": reverse("admin:two_factor_security")}
        return redirect("admin:two_factor_backup_codes")
    if action == "remove" and not two_factor.required_for(user):
        two_factor.remove_second_factor(user)
        record_event("two_factor_removed", username=user.get_username(), by=user.get_username())
        messages.success(request, _("Two-step verification is off for your account."))
    return redirect("admin:two_factor_security")


@require_POST
def still_here(request, admin_site):
    """Called by the admin pages while staff type or click, so a long edit does not count as idle."""
    return HttpResponse(status=204)


# --- password reset by e-mail ------------------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not the address belongs to an account; the link works once, for an hour
    (``PASSWORD_RESET_TIMEOUT``), and logs nobody in: the second factor is still asked at the next login."""

    def form_valid(self, form):
        known = any(True for _user in form.get_users(form.cleaned_data["email"]))
        record_event("password_reset_requested", level=logging.WARNING, email_known=known)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        record_event("password_reset_completed", level=logging.WARNING, username=form.user.get_username())
        return response


def in_admin(view_class, admin_site):
    """``view_class`` as a view with the admin's header and title around it."""

    def view(request, *args, **kwargs):
        return view_class.as_view(extra_context=admin_site.each_context(request))(request, *args, **kwargs)

    return view
