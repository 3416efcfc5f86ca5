"""What a user typed in an article's form and has not saved yet, kept by the page while they write.

One slot per user and article (an empty ``article``: the user's new article, not saved yet). The text lives
here and only here: it is never written into the article, never shown on the site, and only ever offered back
to the user who typed it. A save of the form empties the slot.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class AutosavedDraft(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    #: The form's fields as the page sent them: ``{name: [value, …]}``.
    data = models.JSONField(_("form fields"), default=dict)
    #: The article's lock version the text was typed on: a restored text saved later is checked against it.
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    #: The zone of the desk city it was typed for, to say when it was saved as that city's clock does.
    time_zone = models.CharField(_("time zone"), max_length=40, blank=True)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("autosaved text")
        verbose_name_plural = _("autosaved texts")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], condition=Q(article__isnull=False), name="autosave_one_per_article_user"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.article or '—'} · {self.saved_at:%Y-%m-%d %H:%M}"
