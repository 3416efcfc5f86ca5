"""The audit log: who did what to which article, from where the workflow records it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City

from ..transitions import TRANSITIONS
from .article import Article

#: What is recorded besides the transitions.
EVENTS = [
    ("create", _("created")),
    ("spam_hold", _("held by the spam check")),
    ("restore", _("restored from a revision")),
    ("recover", _("recovered after deletion")),
    ("delete", _("deleted")),
    ("preview_issued", _("preview link issued")),
    ("preview_used", _("preview link used")),
    ("preview_revoked", _("preview link revoked")),
    ("wordpress_import", _("imported from WordPress")),
]

#: The audit log's vocabulary: every transition, as the workflow table says it, and the other events.
Action = models.TextChoices(
    "Action",
    [(name.upper(), (name, label)) for name, label in [*((t.name, t.done) for t in TRANSITIONS.values()), *EVENTS]],
)


def action_choices():
    """Read when needed, so a new transition needs no migration."""
    return Action.choices


class AuditEntry(models.Model):
    """Who did what to which article, and when. Written by the workflow, never edited."""

    Action = Action

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True, related_name="audit"
    )
    # The article's id, kept when the article is deleted (``article`` is emptied then): recovering the article
    # re-attaches its whole trail (``articles.workflow.recover``).
    article_key = models.BigIntegerField(_("article number"), null=True, blank=True, editable=False, db_index=True)
    headline = models.CharField(_("headline"), max_length=255, help_text=_("Kept when the article is deleted."))
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=action_choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    client_ip = models.GenericIPAddressField(
        _("address"), null=True, blank=True, help_text=_("Where the request came from (behind the trusted proxies).")
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["city", "-at"], name="audit_city_time_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"
