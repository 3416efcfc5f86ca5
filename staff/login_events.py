"""Every login, failed login, lock-out and logout as a security event (``core.events``).

Failed logins are also kept in the database by django-axes (``AccessFailureLog``), whatever comes after them,
for review in the admin.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.events import record_event


@receiver(user_logged_in, dispatch_uid="staff.login_events.logged_in")
def logged_in(sender, request, user, **kwargs):
    record_event("login_succeeded", username=user.get_username())


@receiver(user_login_failed, dispatch_uid="staff.login_events.login_failed")
def login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in ``credentials`` by asterisks; only the name is kept.
    record_event("login_failed", level=logging.WARNING, username=str(credentials.get("username", ""))[:150])


@receiver(user_locked_out, dispatch_uid="staff.login_events.locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    record_event("login_locked_out", level=logging.WARNING, username=str(username or "")[:150])


@receiver(user_logged_out, dispatch_uid="staff.login_events.logged_out")
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event("logout", username=user.get_username())
