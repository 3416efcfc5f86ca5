"""The editorial workflow at work: applying a transition of ``articles.transitions.TRANSITIONS``, restoring a
revision, recovering and deleting an article, and preview links.

This module is the only writer of audit entries, and of the revisions that state changes, restores,
recoveries and deletions store (an ordinary edit is stored by the admin's save, django-reversion's
``VersionAdmin``). Restores and recoveries follow the table: they never make public what the user's role
could not make public by a transition.
"""

import datetime
import logging
from contextlib import contextmanager

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from reversion.errors import RevertError
from reversion.models import Version

from core.events import record_event
from core.request_context import current_client_ip

from .models import Article, ArticleStatus, AuditEntry, Correction, PreviewLink, TransitionError
from .spam import describe
from .transitions import STATE_LABELS, TRANSITIONS, Actor, may_hold, state_of

#: Fields only a transition changes: a restore never brings back old values of these.
WORKFLOW_FIELDS = (
    *("status", "published_at", "published_time_known", "review_note"),
    *("held_at", "held_reasons", "cleared_reasons", "released_digest"),
)


def apply(article: Article, name: str, *, by, note: str = "", **changes) -> None:
    """Move ``article`` by the transition ``name``: check state and role, run the spam check, save, store a
    revision, audit it.

    A step that may not happen on hold (publish, schedule) is refused while the article is held; when the check
    puts it on hold just now, the hold is stored and audited first, then the step refused.
    """
    transition = TRANSITIONS[name]
    if not transition.starts_from(article):
        raise TransitionError(
            _("This article is %(status)s; it cannot be %(action)s."),
            code="invalid_transition",
            params={"status": STATE_LABELS[state_of(article)], "action": transition.done},
        )
    if not transition.may(Actor.of(by, article), article):
        raise PermissionDenied(_("Your role in %(city)s does not allow this.") % {"city": article.city})
    if transition.on_hold and not article.is_held:
        raise TransitionError(_("This article is not on hold."), code="not_held")
    found = [] if transition.on_hold else article.screen()
    released = article.hold_reasons if transition.on_hold else []
    if transition.on_hold is False and article.is_held:
        if found:
            with recorded(article, AuditEntry.Action.SPAM_HOLD, by, describe(found)):
                article.save()
            log_hold(article, found)
        raise TransitionError(
            _(
                "This article is on hold after the spam check (%(reasons)s). It cannot be %(action)s until a "
                "redaktur of %(city)s has checked it and released the hold."
            ),
            code="held",
            params={"reasons": describe(article.hold_reasons), "action": transition.done, "city": article.city},
        )
    with recorded(article, transition.name, by, note):
        if transition.target is not None:
            article.status = transition.target
        for field, value in changes.items():
            setattr(article, field, value)
        article.save()
        if found:
            record_hold(article, found, by=by)
    if released:
        record_event("spam_hold_released", article=article.pk, city=article.city.slug, reasons=_in_english(released))


# --- the spam hold -----------------------------------------------------------------------------------------------


def record_hold(article: Article, found, *, by) -> None:
    """The audit entry and the security log line of a hold the spam check placed on the save just made."""
    audit(article, AuditEntry.Action.SPAM_HOLD, by, describe(found))
    log_hold(article, found)


def log_hold(article: Article, found) -> None:
    record_event(
        "spam_hold", article=article.pk, city=article.city.slug, reasons=_in_english(found), level=logging.WARNING
    )


def _in_english(reasons) -> list[str]:
    """Reasons as the security log keeps them: in one language, whoever's request it was."""
    with translation.override("en"):
        return [str(reason) for reason in reasons]


# --- the record: revisions and audit entries ----------------------------------------------------------------


def audit(article: Article, action: str, by, note: str = "") -> AuditEntry:
    """One line of the audit log, with the request's client address, and the same as a security event (a
    JSON log line, kept where the database is not); the article may be gone (its headline and city are kept)."""
    entry = AuditEntry.objects.create(
        article=article if article.pk else None,
        article_key=article.pk,
        headline=article.headline,
        city_id=article.city_id,
        action=action,
        user=by if by is not None and by.is_authenticated else None,
        client_ip=current_client_ip(),
        note=note,
    )
    record_event(
        f"article_{action}",
        article=article.pk,
        city=article.city.slug if article.city_id else None,
        headline=article.headline[:200],
    )
    return entry


def action_label(action: str) -> str:
    """How the audit log says ``action``: a transition's own words, or the event's."""
    transition = TRANSITIONS.get(action)
    return transition.done if transition else AuditEntry.Action(action).label


@contextmanager
def recorded(article: Article, action: str, by, note: str = ""):
    """What happens inside is one revision (by ``by``, commented with the action) and one audit entry."""
    with transaction.atomic(), reversion.create_revision():
        yield
        reversion.set_user(by)
        reversion.set_comment(str(action_label(action)))
        audit(article, action, by, note)


def record_created(article: Article, by) -> None:
    """A new article: its first revision is the admin's save around this call."""
    audit(article, AuditEntry.Action.CREATE, by)


def delete(article: Article, *, by) -> None:
    """Delete ``article``, keeping a revision to recover it from and an audit entry."""
    with recorded(article, AuditEntry.Action.DELETE, by):
        reversion.add_to_revision(article)
    article.delete()


@transaction.atomic
def restore(version: Version, *, by) -> Article:
    """Bring an article's content back to ``version``; the restore itself becomes a new revision.

    The content only: status, publication time and the editor's note stay as they are now (a transition's
    business), so a restore never publishes, unpublishes or re-dates anything. Refused unless ``by`` may change
    the article both before and after (a restore cannot move it out of their reach, e.g. to another city).
    """
    article_id = int(version.object_id)
    current = Article.objects.editable_by(by).select_for_update().filter(pk=article_id).first()
    if current is None:
        raise PermissionDenied
    kept = {field: getattr(current, field) for field in (*WORKFLOW_FIELDS, "author_id", "view_count", "created_at")}
    # A public correction is part of the record, not of the content: no revision takes one back or brings one in.
    corrections = list(Correction.objects.filter(article_id=article_id))
    with recorded(current, AuditEntry.Action.RESTORE, by, f"#{version.revision_id}"):
        version.revision.revert(delete=True)
        Correction.objects.filter(article_id=article_id).exclude(pk__in=[c.pk for c in corrections]).delete()
        for correction in corrections:
            correction.save()
        # The revision carries an old lock version: move it past the current one, so that a form opened
        # before the restore is refused like any stale edit.
        Article.objects.filter(pk=article_id).update(version=current.version, **kept)
        restored = Article.objects.select_related("city").get(pk=article_id)
        if not restored.is_editable_by(by):
            raise PermissionDenied
        found = restored.screen()
        restored.save()
        if found:
            record_hold(restored, found, by=by)
    return restored


@transaction.atomic
def recover(version: Version, *, by) -> Article:
    """Bring a deleted article back from its last revision, with the rows that follow it (mentions, tags, public
    corrections) and its audit trail.

    It returns with the status it had only when ``by``'s role could have put it there by a transition;
    otherwise as a draft, so a recovery never makes public what the user could not publish. Refused (and
    rolled back) unless ``by`` may change the recovered article.
    """
    article_id = int(version.object_id)
    if not _revert_row(version):
        raise RevertError(_("Its desk city no longer exists."))
    for related in version.revision.version_set.exclude(pk=version.pk):
        # Only this article's own rows, not the rest of its revision.
        data = related.field_dict
        if article_id in (data.get("article_id"), data.get("content_object_id")):
            _revert_row(related)
    # The audit entries lost their link when the article was deleted; they kept its number.
    AuditEntry.objects.filter(article__isnull=True, article_key=article_id).update(article_id=article_id)
    article = Article.objects.select_related("city").get(pk=article_id)
    if not may_hold(by, article, article.status):
        article.status, article.published_at = ArticleStatus.DRAFT, None
    with recorded(article, AuditEntry.Action.RECOVER, by):
        found = article.screen()
        article.save()
        if not article.is_editable_by(by):
            raise PermissionDenied
        if found:
            record_hold(article, found, by=by)
    return article


def _revert_row(version: Version) -> bool:
    """Save the row ``version`` stored, as far as the rows it points to still exist: a link that may be empty
    (the author's account, the event, who wrote a correction) is emptied when its target is gone since; a row
    whose required target is gone (a mention of a deleted official) is left out. Whether it was saved."""
    stored = version._object_version
    row = stored.object
    for field in row._meta.concrete_fields:
        target = getattr(row, field.attname) if field.is_relation else None
        if target is None or field.related_model._base_manager.filter(**{field.target_field.attname: target}).exists():
            continue
        if not field.null:
            return False
        setattr(row, field.attname, None)
    for name, targets in (stored.m2m_data or {}).items():
        model = row._meta.get_field(name).related_model
        stored.m2m_data[name] = list(model._base_manager.filter(pk__in=targets).values_list("pk", flat=True))
    stored.save(using=version.db)
    return True


# --- preview links ----------------------------------------------------------------------------------------


def issue_preview_link(article: Article, *, by, recipient: str = "", days: int = 3) -> PreviewLink:
    """Bind a new link to the article's latest revision (storing one first if there is none)."""
    if not Actor.of(by, article).is_member:
        raise PermissionDenied(_("Your role in %(city)s does not allow this.") % {"city": article.city})
    with transaction.atomic():
        version = Version.objects.get_for_object(article).first()
        if version is None:
            with reversion.create_revision():
                article.save()
                reversion.set_user(by)
            version = Version.objects.get_for_object(article).first()
        link = PreviewLink.objects.create(
            article=article,
            version=version,
            recipient=recipient,
            created_by=by,
            expires_at=timezone.now() + datetime.timedelta(days=min(days, settings.PREVIEW_LINK_MAX_DAYS)),
        )
        audit(article, AuditEntry.Action.PREVIEW_ISSUED, by, recipient)
    return link


def revoke_preview_link(link: PreviewLink, *, by) -> None:
    """Stop the link working; allowed to whoever issued it and to whoever may change the article."""
    if link.created_by_id != by.pk and not link.article.is_editable_by(by):
        raise PermissionDenied(_("You are not allowed to do this."))
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        audit(link.article, AuditEntry.Action.PREVIEW_REVOKED, by, link.recipient)


def record_preview_use(link: PreviewLink) -> None:
    audit(link.article, AuditEntry.Action.PREVIEW_USED, None, link.recipient)
