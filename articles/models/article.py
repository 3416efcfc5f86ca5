"""What is published: articles, their mentions of officials, their tags and their public corrections."""

import datetime
import hashlib
import json

import reversion
from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from cities.localtime import local_day, local_moment, stamp
from cities.models import City, Event, Official, OfficialAsNamed
from core.models import SourcedModel
from images.processing import saving_images
from images.validators import validate_image

from ..sanitize import clean_html
from ..spam import Reason, describe, find_signals, keys_of, link_hosts, merge, reasons_from, without
from .querysets import ArticleQuerySet, editable_q
from .screening import OutboundDomain, SpamTerm
from .states import ArticleStatus, TransitionError
from .tags import TypedOrderTagManager


class Article(SourcedModel):
    Status = ArticleStatus

    headline = models.CharField(_("headline"), max_length=255)
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The last part of the article's address, e.g. /berita/banjir-rob-di-kasemen/. Unique."),
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
    # In the order staff typed them; who reads and changes a tag: ``Article.tags.visible_to`` / ``editable_by``.
    tags = TaggableManager(verbose_name=_("tags"), through="TaggedArticle", blank=True, manager=TypedOrderTagManager)
    pinned_related = models.ManyToManyField(
        "self",
        verbose_name=_("pinned related articles"),
        symmetrical=False,
        blank=True,
        related_name="pinned_by",
        help_text=_('Shown first under "Baca juga" when published; the rest is chosen automatically.'),
    )

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
    review_note = models.TextField(
        _("note from the editor"),
        blank=True,
        help_text=_("Why the article was sent back; the writer sees it on the article."),
    )
    # The spam hold (``screen``, ``release_hold``): set by the check, lifted only by a redaktur.
    held_at = models.DateTimeField(
        _("on hold since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set by the spam check: a held article is not public, whatever its status, until released."),
    )
    held_reasons = models.JSONField(_("reasons for the hold"), default=list, blank=True, editable=False)
    cleared_reasons = models.JSONField(
        _("released signals"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Signals a redaktur has released: they do not hold this article again."),
    )
    released_digest = models.CharField(
        _("fingerprint of the released content"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Content unchanged since its release is not checked again."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    view_count = models.PositiveIntegerField(_("view count"), default=0)
    # Optimistic locking: a save based on an older version is refused, never silently overwritten.
    version = AutoIncVersionField(_("version"), default=0)
    # Full-text vector of headline, subtitle, lead and body, kept by a database trigger on PostgreSQL
    # (migration 0007) so ranking never re-parses bodies; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

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
            # Newest first with the id as tie-breaker, so a page of a long list is read off the index, not sorted.
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_list_idx"),
            models.Index(fields=["city", "status", "-published_at", "-id"], name="article_city_list_idx"),
            models.Index(fields=["event", "status", "-published_at", "-id"], name="article_event_list_idx"),
            # The few articles on hold, per city, for the desk and the list's filter.
            models.Index(fields=["city", "-held_at"], condition=Q(held_at__isnull=False), name="article_held_idx"),
        ]

    def __str__(self):
        return self.headline

    @property
    def safe_body(self) -> str:
        """The body as it may be shown: cleaned again on the way out, so markup that reached the database
        without ``save()`` (fixtures, data migrations, SQL) never runs in a reader's or an editor's browser."""
        return mark_safe(clean_html(self.body))  # noqa: S308 - cleaned against the allow-list just now

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body", "updated_at"}
        with saving_images(self, "hero_image"):
            super().save(*args, **kwargs)

    save.alters_data = True

    def get_absolute_url(self):
        return reverse("public:article-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["cities.city", "cities.event"]

    # Workflow verbs: each is one row of ``articles.transitions.TRANSITIONS`` (from which states, who may, what
    # the button says) plus the fields it changes. The workflow checks, saves, stores the revision and audits.

    def _apply(self, name: str, *, by, note: str = "", **changes) -> None:
        # Imported here: the workflow sits above the models (it writes audit entries and revisions).
        from ..workflow import apply

        apply(self, name, by=by, note=note, **changes)

    def submit(self, *, by) -> None:
        """Penulis → redaktur: ask for review."""
        self._apply("submit", by=by)

    submit.alters_data = True

    def withdraw(self, *, by) -> None:
        """Penulis: take back a submission still in review, to go on writing it."""
        self._apply("withdraw", by=by)

    withdraw.alters_data = True

    def send_back(self, *, by, reason: str) -> None:
        """Redaktur → penulis, with the reason the writer sees."""
        if not reason.strip():
            raise TransitionError(_("Give the writer a reason."), code="reason_required")
        self._apply("send_back", by=by, note=reason, review_note=reason)

    send_back.alters_data = True

    def publish(self, *, by, at: datetime.datetime | None = None) -> None:
        """Publish now (or at a past ``at``: a back-dated item); a future ``at`` schedules instead."""
        when = at or timezone.now()
        if when > timezone.now():
            self.schedule(by=by, at=when)
            return
        self._apply(
            "publish",
            by=by,
            note=stamp(when, self.city),
            published_at=when,
            published_time_known=True,
            review_note="",
        )

    publish.alters_data = True

    def schedule(self, *, by, at: datetime.datetime) -> None:
        """Publish at a future moment: the article appears at its minute, no job needed."""
        if at <= timezone.now():
            raise TransitionError(_("Choose a time still to come, or publish now."), code="past")
        self._apply(
            "schedule",
            by=by,
            note=stamp(at, self.city),
            published_at=at,
            published_time_known=True,
            review_note="",
        )

    schedule.alters_data = True

    def unpublish(self, *, by) -> None:
        self._apply("unpublish", by=by)

    unpublish.alters_data = True

    def archive(self, *, by) -> None:
        self._apply("archive", by=by)

    archive.alters_data = True

    def reopen(self, *, by) -> None:
        """Back to draft from unpublished or archived."""
        self._apply("reopen", by=by)

    reopen.alters_data = True

    def correct(self, *, by, note: str) -> "Correction":
        """Attach a public correction (Ralat) to a published article."""
        if not note.strip():
            raise TransitionError(_("Write the correction."), code="note_required")
        with transaction.atomic():
            self._apply("correct", by=by, note=note)
            return self.corrections.create(note=note, created_by=by)

    correct.alters_data = True

    def release_hold(self, *, by) -> None:
        """Redaktur: the spam signals were checked and are harmless; the article may be published. What was
        released does not hold it again, and unchanged content is not checked again."""
        self._apply(
            "release_hold",
            by=by,
            note=describe(self.hold_reasons),
            held_at=None,
            held_reasons=[],
            cleared_reasons=merge(self.cleared_reasons, self.hold_reasons),
            released_digest=self.content_digest(),
        )

    release_hold.alters_data = True

    # The spam check: run by every save in the admin and every transition (``articles.workflow``).

    #: The plain-text fields a reader sees, checked for gambling vocabulary with the body and the tags.
    SCREENED_FIELDS = (
        "headline",
        "subtitle",
        "lead",
        "dateline",
        "hero_alt",
        "hero_caption",
        "hero_credit",
        "source_line",
        "byline",
    )

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def hold_reasons(self) -> list[Reason]:
        return reasons_from(self.held_reasons)

    def _tag_names(self, tags=None) -> list[str]:
        if tags is None:
            tags = self.tags.names() if self.pk else []
        return sorted({str(tag).casefold() for tag in tags})

    def content_digest(self, tags=None) -> str:
        """A fingerprint of what readers get: the screened fields, the body as it is stored, the tags."""
        fields = [getattr(self, name) for name in self.SCREENED_FIELDS]
        content = [*fields, clean_html(self.body), self._tag_names(tags)]
        return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()

    def screen(self, *, tags=None) -> list[Reason]:
        """Check the article as it is in memory, its body as submitted (before ``save`` cleans it), and put it on
        hold, in memory, for any finding neither holding it already nor released before; the caller saves.

        ``tags``: the tag names about to be saved (default: the stored ones). Returns the new findings.
        Content a redaktur released, unchanged, is not checked again.
        """
        tags = self._tag_names(tags)
        if self.released_digest and self.content_digest(tags) == self.released_digest:
            return []
        signals = find_signals(
            texts=[*(getattr(self, name) or "" for name in self.SCREENED_FIELDS), *tags],
            body=self.body,
            terms=SpamTerm.objects.terms(),
            known_hosts=OutboundDomain.objects.known,
        )
        new = without(signals, keys_of(self.held_reasons) | keys_of(self.cleared_reasons))
        if new:
            self.held_reasons = merge(self.held_reasons, new)
            self.held_at = self.held_at or timezone.now()
        return new

    screen.alters_data = True

    # Who may change it: the one rule, ``editable_q``, asked of this row as it is in memory.

    def is_editable_by(self, user, *, city: City | None = None) -> bool:
        """Whether ``user`` may change this stored article, or could if its desk city were ``city``.

        The rule of ``ArticleQuerySet.editable_by`` asked of this row, with the proposed city as an alias:
        nothing is written to answer.
        """
        rows = Article.objects.filter(pk=self.pk)
        if city is None:
            return rows.editable_by(user).exists()
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        proposed = Value(city.pk, output_field=models.BigIntegerField())
        return rows.alias(proposed_city_id=proposed).filter(editable_q(user, city_field="proposed_city_id")).exists()

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and bool(self.published_at) and self.published_at > timezone.now()

    @property
    def is_published(self) -> bool:
        """``published_q`` asked of this row in memory."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and not self.is_held
        )

    @property
    def local_published_at(self) -> datetime.datetime | None:
        """Publication time in the desk city's zone (WIB, WITA or WIT)."""
        return local_moment(self.published_at, self.city)

    @property
    def local_date(self) -> datetime.date | None:
        """The desk city's calendar day of publication: the day archives and search file it under."""
        return local_day(self.published_at, self.city)

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


class Mention(OfficialAsNamed):
    """An official named in an article."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="mentions")
    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="mentions"
    )

    objects = MentionManager()

    class Meta(OfficialAsNamed.Meta):
        verbose_name = _("mentioned official")
        verbose_name_plural = _("mentioned officials")
        constraints = [models.UniqueConstraint(fields=["article", "official"], name="mention_unique")]

    def __str__(self):
        return gettext("%(official)s in “%(headline)s”") % {"official": self.official, "headline": self.article}

    def natural_key(self):
        return (self.article.slug, self.official.slug)

    natural_key.dependencies = ["articles.article", "cities.official", "cities.position"]


class TaggedArticleManager(models.Manager):
    def get_queryset(self):
        # In the order the tags were given, which is the order staff typed them (``TypedOrderTagManager``): the
        # article form reads an article's tags through here.
        return super().get_queryset().order_by("pk")

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


class Correction(models.Model):
    """A public correction note (Ralat) on a published article."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    note = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.note[:80]


# Revisions follow the article's mentions, tags and corrections, so a recovery after deletion brings all of them
# back. A restore brings back mentions and tags only: a public correction stays whatever revision is restored
# (``articles.workflow.restore``).
reversion.register(Mention)
reversion.register(TaggedArticle)
reversion.register(Correction)
reversion.register(Article, follow=("mentions", "tagged_items", "corrections"))


@receiver(pre_save, sender=Article)
def _fixtures_keep_their_version(sender, instance, raw, **kwargs):
    """loaddata writes fixture rows as they are: no lock check, no version bump, so reloading changes nothing."""
    if raw:
        instance._concurrency_disabled = True
        instance._concurrency_disable_increment = True


@receiver(post_save, sender=Article)
def _learn_outbound_domains(sender, instance, raw, **kwargs):
    """The hosts a published article not on hold links to are the site's own from now on, so links there are not
    new (fixtures too: loaddata sends this signal)."""
    if instance.status == ArticleStatus.PUBLISHED and not instance.is_held:
        OutboundDomain.objects.learn(link_hosts(instance.body), article=instance)
