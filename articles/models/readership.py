"""Reads per article and local day, flushed in batches from the cache by ``articles.counters``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article


class DailyViews(models.Model):
    """Reads of an article per local day, flushed in batches from the cache (never one write per view)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="daily_views_unique")]
        indexes = [models.Index(fields=["day", "article"], name="daily_views_day_idx")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"
