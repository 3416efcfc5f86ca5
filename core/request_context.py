"""Who is asking, from where, in which request: read once per request and attached to every log line.

The client address is read behind a configured number of trusted proxies (``NEWSROOM_TRUSTED_PROXIES``): with
none, it is the connection's own address; with N, it is the address that the outermost of the N proxies saw,
the N-th entry from the right of ``X-Forwarded-For``. Entries further left were written by the client and
prove nothing, so an attacker cannot choose the address the logs, the login throttle and the audit log record.
"""

import ipaddress
import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings

from .events import record_event

_context: ContextVar[dict | None] = ContextVar("newsroom_request_context", default=None)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request) -> str:
    """The client's address, as the outermost trusted proxy saw it; never a value the client chose."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NEWSROOM_TRUSTED_PROXIES
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            candidate = forwarded[-min(proxies, len(forwarded))]
            if _is_ip(candidate):
                return candidate
    return remote


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def request_id(request) -> str:
    """A trusted proxy's ``X-Request-ID`` (so its log and ours line up), otherwise a new one."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.NEWSROOM_TRUSTED_PROXIES and _REQUEST_ID.match(given):
        return given
    return uuid.uuid4().hex


def current() -> dict:
    """The context of the request being served (empty outside a request: commands, migrations)."""
    return _context.get() or {}


def bind(**values) -> None:
    """Add to the current request's context, e.g. the user and city once they are known."""
    context = _context.get()
    if context is not None:
        context.update(values)


def current_client_ip() -> str | None:
    """The client address of the request being served, for records that keep it (the audit log)."""
    return current().get("client_ip") or None


class RequestContextMiddleware:
    """Opens the context of each request: its id (sent back as ``X-Request-ID``) and the client's address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id(request)
        request.client_ip = client_ip(request)
        token = _context.set({"request_id": request.request_id, "client_ip": request.client_ip})
        try:
            response = self.get_response(request)
            if response.status_code == 403:
                # A permission denial or a refused CSRF token: someone tried what they may not.
                record_event("permission_denied", level=logging.WARNING, method=request.method, path=request.path[:300])
        finally:
            _context.reset(token)
        response["X-Request-ID"] = request.request_id
        return response
