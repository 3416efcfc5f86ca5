"""What the WordPress import remembers: which post of which city's old site became which article, under which
old address, and a fingerprint of the post as last imported (a second run of the same export changes nothing)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from cities.models import City


class WordPressPostQuerySet(models.QuerySet):
    def redirect_for(self, *, host: str, path: str = "", wp_post_id: int | None = None) -> Article | None:
        """The public article an old address leads to: by its stored path (and query), or by ``/?p=<id>``.

        Old sites of several cities may share a path (``/?p=12``): the row of the old site's own host wins, and
        a path several cities share without one is left unanswered. A draft, scheduled or held article answers
        nothing, like a missing page.
        """
        rows = self.filter(wp_post_id=wp_post_id) if wp_post_id is not None else self.filter(old_link=path)
        candidates = list(rows.filter(article__isnull=False).values_list("old_host", "article_id")[:20])
        if not candidates:
            return None
        chosen = [article for old_host, article in candidates if old_host == host.lower()]
        if not chosen:
            chosen = list({article for _host, article in candidates})
        if len(chosen) != 1:
            return None
        return Article.objects.published().filter(pk=chosen[0]).first()


class WordPressPost(models.Model):
    """A post of a city's WordPress site brought into the newsroom, and its old address (answered with 301)."""

    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    wp_post_id = models.PositiveBigIntegerField(_("WordPress post number"))
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the article was deleted since: a new import does not bring it back."),
    )
    old_link = models.CharField(
        _("old address"), max_length=1000, db_index=True, help_text=_("The path and query of the old page.")
    )
    old_host = models.CharField(_("old host"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    content_hash = models.CharField(_("fingerprint of the imported post"), max_length=64)

    objects = WordPressPostQuerySet.as_manager()

    class Meta:
        ordering = ["city", "old_link"]
        verbose_name = _("old WordPress address")
        verbose_name_plural = _("old WordPress addresses")
        constraints = [
            models.UniqueConstraint(fields=["city", "wp_post_id"], name="wordpress_post_once_per_city"),
            models.CheckConstraint(condition=Q(old_link__startswith="/"), name="wordpress_old_link_is_a_path"),
        ]
        indexes = [models.Index(fields=["wp_post_id"], name="wordpress_post_id_idx")]

    def __str__(self):
        return self.old_link
