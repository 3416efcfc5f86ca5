"""The state between the password and the second factor: a *pending* login, kept in the session.

Until the code is accepted nobody is logged in: the session only remembers which account passed the password
step, for ten minutes, and forgets it if that account's password changes meanwhile. So a stolen password
opens nothing, not even a page that trusts any logged-in user.
"""

import time

from django.contrib.auth import get_user_model, login
from django_otp import login as otp_login

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 10 * 60


def start(request, user, next_url: str) -> None:
    """Remember that ``user`` passed the password step; a new session key, as at a real login."""
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "since": int(time.time()),
        "next": next_url,
    }


def pending_user(request):
    """The account waiting for its second factor, or ``None`` (none, expired, password since changed)."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["since"] > PENDING_SECONDS:
        return None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    if user is None or user.get_session_auth_hash() != pending["hash"]:
        return None
    user.backend = pending["backend"]
    return user


def next_url(request, default: str) -> str:
    return (request.session.get(PENDING_KEY) or {}).get("next") or default


def finish(request, user, device) -> None:
    """Log ``user`` in, verified by ``device``; the pending state is gone."""
    request.session.pop(PENDING_KEY, None)
    login(request, user, backend=user.backend)
    otp_login(request, device)


def abandon(request) -> None:
    request.session.pop(PENDING_KEY, None)
