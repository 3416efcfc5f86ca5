"""How the article admin shows things: rows of the history and audit lists, users, refusals, the status."""

import dataclasses

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext

from ..transitions import STATE_LABELS, state_of

#: Per-object failure messages shown after a bulk action; the rest are counted.
MAX_FAILURE_MESSAGES = 10


@dataclasses.dataclass
class Row:
    """A line of a list shown in a template (history, audit trail, recover list)."""

    when: str
    who: str = ""
    what: str = ""
    note: str = ""
    url: str = ""
    pk: int | None = None


def user_label(user) -> str:
    if user is None:
        return "—"
    full_name = user.get_full_name()
    return f"{user.get_username()} ({full_name})" if full_name else user.get_username()


def error_text(error) -> str:
    """The message of a refused transition (TransitionError or PermissionDenied) as one line."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You are not allowed to do this.")


def status_badge(article) -> str:
    """The workflow state as a coloured badge; the colours are in admin_newsroom/admin.css."""
    state = state_of(article)
    return format_html('<span class="newsroom-status newsroom-status-{}">{}</span>', state, STATE_LABELS[state])
