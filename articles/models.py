"""What is published: articles, their mentions of officials and their tags."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from cities.models import City, Event, Official, Position, SourcedModel
from cities.validators import validate_image

from .sanitize import clean_html


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of *published*: status Published and a publication time already past.

        Computed at query time, so a scheduled article appears at its minute without a cron job.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        """What a card in a list needs, in a fixed number of queries."""
        return self.select_related("city", "dateline_city", "event").prefetch_related("tags")

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Article(SourcedModel):
    Status = ArticleStatus

    headline = models.CharField(_("headline"), max_length=255)
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The article's address: /berita/<slug>/. Unique.")
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences shown in lists and previews."))
    body = models.TextField(_("body"), help_text=_("HTML; cleaned against an allow-list on every save."))

    city = models.ForeignKey(
        City,
        verbose_name=_("desk city"),
        on_delete=models.PROTECT,
        related_name="desk_articles",
        help_text=_("The city whose humas office owns this article; its time zone is used for dates."),
    )
    dateline_city = models.ForeignKey(
        City,
        verbose_name=_("dateline city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="datelined_articles",
    )
    dateline = models.CharField(
        _("dateline as printed"), max_length=120, blank=True, help_text=_('E.g. "SERANG" or "Palangka Raya (ANTARA)".')
    )
    cities = models.ManyToManyField(City, verbose_name=_("cities concerned"), blank=True, related_name="articles")
    officials = models.ManyToManyField(
        Official, verbose_name=_("officials mentioned"), through="Mention", blank=True, related_name="articles"
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    tags = TaggableManager(verbose_name=_("tags"), through="TaggedArticle", blank=True)

    hero_image = models.ImageField(
        _("hero image"), upload_to="articles/%Y/%m/", blank=True, validators=[validate_image]
    )
    hero_alt = models.CharField(
        _("alt text"), max_length=255, blank=True, help_text=_("Required with an image: what the photo shows.")
    )
    hero_caption = models.CharField(_("caption"), max_length=500, blank=True)
    hero_credit = models.CharField(_("photo credit"), max_length=160, blank=True)

    source_line = models.CharField(
        _("source line"), max_length=200, blank=True, help_text=_('E.g. "Sumber: Setda Kota Serang".')
    )
    byline = models.CharField(_("byline as printed"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author (staff)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )

    status = models.CharField(_("status"), max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Public when the status is Published and this time has passed; a future time schedules it."),
    )
    published_time_known = models.BooleanField(
        _("time of day known"),
        default=True,
        help_text=_("Off when the source gives only the date: the site then shows the date without a time."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    view_count = models.PositiveIntegerField(_("view count"), default=0)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ArticleStatus.values), name="article_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | ~Q(hero_alt=""),
                name="article_image_needs_alt",
                violation_error_message=_("An image needs alt text."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_public_list_idx"),
            models.Index(fields=["city", "status", "-published_at"], name="article_city_list_idx"),
            models.Index(fields=["event", "status", "-published_at"], name="article_event_list_idx"),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["cities.city", "cities.event"]

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body", "updated_at"}
        super().save(*args, **kwargs)

    save.alters_data = True

    @property
    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def zoneinfo(self):
        return self.city.zoneinfo

    @property
    def local_published_at(self) -> datetime.datetime | None:
        """Publication time in the desk city's zone (WIB, WITA or WIT)."""
        return timezone.localtime(self.published_at, self.city.zoneinfo) if self.published_at else None

    @property
    def local_date(self) -> datetime.date | None:
        local = self.local_published_at
        return local.date() if local else None

    def related(self, limit: int = 4):
        """Published articles on the same event first, then the same cities or tags."""
        published = Article.objects.published().exclude(pk=self.pk).for_listing().newest_first()
        picked = []
        if self.event_id:
            picked += list(published.filter(event_id=self.event_id)[:limit])
        if len(picked) < limit:
            city_ids = [city.pk for city in self.cities.all()] or [self.city_id]
            tag_ids = [tag.pk for tag in self.tags.all()]
            others = published.exclude(pk__in=[a.pk for a in picked]).filter(
                Q(cities__in=city_ids) | Q(tags__in=tag_ids)
            )
            picked += list(others.distinct()[: limit - len(picked)])
        return picked

    def mentions_with_titles(self):
        """Each mentioned official with the title held on this article's date."""
        day = self.local_date or timezone.localdate()
        mentions = self.mentions.select_related("official", "position__city").prefetch_related(
            "official__positions__city"
        )
        return [(mention.official, mention.title_on(day)) for mention in mentions]


class MentionManager(models.Manager):
    def get_by_natural_key(self, article_slug, official_slug):
        return self.get(article__slug=article_slug, official__slug=official_slug)


class Mention(models.Model):
    """An official named in an article, optionally with the position in which they are named."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="mentions")
    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="mentions"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("position as named"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty: the position held on the article's date."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = MentionManager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("mentioned official")
        verbose_name_plural = _("mentioned officials")
        constraints = [models.UniqueConstraint(fields=["article", "official"], name="mention_unique")]

    def __str__(self):
        return f"{self.official} in {self.article}"

    def natural_key(self):
        return (self.article.slug, self.official.slug)

    natural_key.dependencies = ["articles.article", "cities.official", "cities.position"]

    def title_on(self, day: datetime.date) -> str:
        position = self.position or self.official.position_on(day)
        return position.display_title if position else ""


class TaggedArticleManager(models.Manager):
    def get_by_natural_key(self, article_slug, tag_name):
        return self.get(content_object__slug=article_slug, tag__name=tag_name)


class TaggedArticle(TaggedItemBase):
    """Tags through a real foreign key, so fixtures can use natural keys."""

    content_object = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="tagged_items")

    objects = TaggedArticleManager()

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique")]

    def natural_key(self):
        return (self.content_object.slug, self.tag.name)

    natural_key.dependencies = ["articles.article", "taggit.tag"]
