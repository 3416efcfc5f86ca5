"""How long a staff session lives, and what ends it.

A session ends after ``STAFF_SESSION_IDLE_SECONDS`` without activity (the admin pages report typing and
clicking, so a long edit is not idle), at the latest ``SESSION_COOKIE_AGE`` after the login whatever the
activity, and as soon as the account has no city left (its last membership removed) unless it is a superuser.
A password change ends every other session of the account (Django's session hash), a deactivation all of them.
A session whose second factor is required but missing is no login at all (``staff.two_factor.satisfied``).
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from cities.scoping import memberships_of
from core.events import record_event
from core.request_context import bind

from . import two_factor

LOGIN_AT_KEY = "staff_login_at"
SEEN_AT_KEY = "staff_seen_at"
# The last-seen time is written at most this often, not on every request.
SEEN_RESOLUTION_SECONDS = 60

END_MESSAGES = {
    "idle": _("You were logged out after a period without activity. Please log in again."),
    "expired": _("Your working session has ended. Please log in again."),
    "no_city": _("Your account does not belong to any city's humas office. Ask your city admin."),
}


@receiver(user_logged_in, dispatch_uid="staff.sessions.mark_login")
def mark_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT_KEY] = now
        request.session[SEEN_AT_KEY] = now


def end_reason(request, user, city_slugs) -> str | None:
    """Why this staff session must end now, or ``None``; ``city_slugs``: the cities the user belongs to."""
    now = time.time()
    session = request.session
    login_at = session.get(LOGIN_AT_KEY)
    seen_at = session.get(SEEN_AT_KEY)
    if login_at is None or now - login_at > settings.SESSION_COOKIE_AGE:
        return "expired"
    if seen_at is None or now - seen_at > settings.STAFF_SESSION_IDLE_SECONDS:
        return "idle"
    if not user.is_superuser and not city_slugs:
        return "no_city"
    if now - seen_at >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT_KEY] = int(now)
    return None


class StaffSessionMiddleware:
    """After authentication and django-otp's middleware: applies the rules above to every staff request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Readers carry no session cookie: their pages never touch the session (or they would vary by Cookie
        # and leave the shared cache).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.is_staff:
            memberships = memberships_of(request)
            city_slugs = sorted({slug for _city_id, _role, slug in memberships})
            reason = end_reason(request, user, city_slugs)
            if reason:
                record_event("session_ended", level=logging.WARNING, username=user.get_username(), reason=reason)
                logout(request)
                messages.warning(request, END_MESSAGES[reason])
            elif not two_factor.satisfied(user, roles={role for _city_id, role, _slug in memberships}):
                request.user = AnonymousUser()
            else:
                bind(user=user.get_username(), city=",".join(city_slugs))
        return self.get_response(request)
