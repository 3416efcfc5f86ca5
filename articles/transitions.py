"""The editorial workflow as one table: every transition, the states it starts from, the status it ends in,
who may, its button, what it asks first, whether it is dangerous, how the audit log says it, and whether it is
open while the spam check holds the article.

Everything that moves an article reads ``TRANSITIONS``: the model's verbs (``article.submit(by=…)``, through
``articles.workflow.apply``), the admin's workflow buttons and their dispatch, the bulk actions, the audit
log's vocabulary, and the rule that a restore or a recovery never makes public what the user could not have
made public by a transition. Adding a step is one row here and its verb on ``Article`` (which names the
fields the step changes); this module imports no model class, so the audit log can read it.
"""

import dataclasses
from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import EDITOR_ROLES, Membership

from .models.states import ArticleStatus
from .transition_forms import CorrectionForm, ScheduleForm, SendBackForm

Status = ArticleStatus

#: A published article whose time is still to come: not a stored status, but a state of its own for the
#: workflow (it can be published now, and it is not yet live).
SCHEDULED = "scheduled"
STATE_LABELS = {**dict(Status.choices), SCHEDULED: _("scheduled")}


def state_of(article) -> str:
    """The article's workflow state: its status, or ``SCHEDULED`` for a published article not yet live."""
    return SCHEDULED if article.is_scheduled else article.status


# --- who may: plain predicates over the user's role in the article's desk city ------------------------------


@dataclasses.dataclass(frozen=True)
class Actor:
    """A user as the workflow sees them for one article: superuser, or their role in its desk city."""

    user: object
    role: str | None

    @classmethod
    def of(cls, user, article) -> "Actor":
        if not (user.is_active and user.is_staff):
            return cls(user, None)
        role = "superuser" if user.is_superuser else Membership.objects.role_of(user, article.city_id)
        return cls(user, role)

    @property
    def is_editor(self) -> bool:
        """Redaktur or admin kota of the city (or a superuser)."""
        return self.role == "superuser" or self.role in EDITOR_ROLES

    @property
    def is_member(self) -> bool:
        """Any role in the city."""
        return self.role is not None


def editor(actor: Actor, article) -> bool:
    return actor.is_editor


def author(actor: Actor, article) -> bool:
    """The writer of the article, still on the city's desk."""
    return actor.is_member and article.author_id == actor.user.pk


def author_or_editor(actor: Actor, article) -> bool:
    return actor.is_editor or author(actor, article)


# --- the table --------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Transition:
    name: str  # the verb on Article, the audit action and the admin URL part
    sources: frozenset[str]  # the states it starts from (see state_of)
    target: str | None  # the status it ends in (None: the status stays as it is)
    may: Callable[[Actor, object], bool]  # who may, given the user and the article
    label: str  # the button
    done: str  # what happened, for the audit log and the message after it (e.g. "submitted for review")
    form: type[forms.Form] | None = None  # what the button asks first; its cleaned data are the verb's arguments
    dangerous: bool = False  # takes the article off the site: confirmed, shown in red
    bulk_label: str = ""  # offered as a bulk action of the article list under this name (needs no form)
    # The button on the article's own form, which saves the form first and then takes the step in the same
    # request; empty: offered only as a step of its own (it decides about the text as saved).
    save_label: str = ""
    # The spam hold: None, whether the article is held or not; False, never while held (refused until a release);
    # True, only for a held article (the release itself, which alone runs no spam check).
    on_hold: bool | None = None

    def starts_from(self, article) -> bool:
        return state_of(article) in self.sources

    def open_for(self, article) -> bool:
        """Whether the article's state and hold allow this transition now (the role aside)."""
        return self.starts_from(article) and (self.on_hold is None or self.on_hold == article.is_held)


def _states(*states) -> frozenset[str]:
    return frozenset(states)


TRANSITIONS: dict[str, Transition] = {
    transition.name: transition
    for transition in (
        Transition(
            "submit",
            _states(Status.DRAFT),
            Status.REVIEW,
            author_or_editor,
            _("Submit for review"),
            _("submitted for review"),
            save_label=_("Save and submit"),
            bulk_label=_("Submit selected articles for review"),
        ),
        Transition(
            "withdraw",
            _states(Status.REVIEW),
            Status.DRAFT,
            author,
            _("Withdraw the submission"),
            _("withdrawn by the writer"),
            save_label=_("Save and withdraw"),
        ),
        Transition(
            "send_back",
            _states(Status.REVIEW),
            Status.DRAFT,
            editor,
            _("Send back to the writer"),
            _("sent back"),
            save_label=_("Save and send back"),
            form=SendBackForm,
        ),
        Transition(
            "publish",
            _states(Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED, SCHEDULED),
            Status.PUBLISHED,
            editor,
            _("Publish now"),
            _("published"),
            save_label=_("Save and publish"),
            bulk_label=_("Publish selected articles now"),
            on_hold=False,
        ),
        Transition(
            "schedule",
            _states(Status.DRAFT, Status.REVIEW, Status.UNPUBLISHED, SCHEDULED, Status.PUBLISHED),
            Status.PUBLISHED,
            editor,
            _("Schedule"),
            _("scheduled"),
            save_label=_("Save and schedule"),
            form=ScheduleForm,
            on_hold=False,
        ),
        Transition(
            "unpublish",
            _states(Status.PUBLISHED, SCHEDULED),
            Status.UNPUBLISHED,
            editor,
            _("Unpublish"),
            _("unpublished"),
            save_label=_("Save and unpublish"),
            dangerous=True,
            bulk_label=_("Unpublish selected articles"),
        ),
        Transition(
            "correct",
            _states(Status.PUBLISHED, SCHEDULED),
            Status.PUBLISHED,
            editor,
            _("Add correction"),
            _("corrected"),
            save_label=_("Save and add correction"),
            form=CorrectionForm,
        ),
        Transition(
            "archive",
            _states(Status.DRAFT, Status.UNPUBLISHED, Status.PUBLISHED, SCHEDULED),
            Status.ARCHIVED,
            editor,
            _("Archive"),
            _("archived"),
            save_label=_("Save and archive"),
            dangerous=True,
            bulk_label=_("Archive selected articles"),
        ),
        Transition(
            "reopen",
            _states(Status.UNPUBLISHED, Status.ARCHIVED),
            Status.DRAFT,
            editor,
            _("Reopen as draft"),
            _("reopened as draft"),
            save_label=_("Save and reopen as draft"),
        ),
        Transition(
            "release_hold",
            _states(*Status.values, SCHEDULED),
            None,
            editor,
            _("Release the hold"),
            _("released from the spam hold"),
            on_hold=True,
        ),
    )
}


def available(article, user) -> list[Transition]:
    """The transitions ``user`` may apply to ``article`` now, in table order (the admin's buttons)."""
    actor = Actor.of(user, article)
    return [t for t in TRANSITIONS.values() if t.open_for(article) and t.may(actor, article)]


def may_reach(user, article, status: str) -> bool:
    """Whether ``user``'s role lets them put ``article`` in ``status`` by some transition (from any state)."""
    actor = Actor.of(user, article)
    return any(t.target == status and t.may(actor, article) for t in TRANSITIONS.values())


def may_hold(user, article, status: str) -> bool:
    """Whether ``user`` may leave ``article`` in ``status``: a draft (where every article starts), or a status
    their role reaches by a transition."""
    return status == Status.DRAFT or may_reach(user, article, status)
