"""What is published: articles, their mentions of officials and their tags."""

import datetime
import secrets

import reversion
from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from cities.images import clean_image_fields
from cities.models import EDITOR_ROLES, City, Event, Membership, Official, OfficialAsNamed, Role, SourcedModel
from cities.validators import validate_image

from .sanitize import clean_html


def published_q() -> Q:
    """The one definition of *published*: status Published and a publication time already past.

    Computed at query time, so a scheduled article appears at its minute without a cron job.
    """
    return Q(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())


def scheduled_q() -> Q:
    """Published with a publication time still to come."""
    return Q(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now())


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def for_listing(self):
        """What a card in a list needs, in a fixed number of queries (not the body: cards never show it)."""
        return (
            self.select_related("city", "dateline_city", "event")
            .prefetch_related("tags")
            .defer("body", "search_vector", "source_note")
        )

    def for_city(self, city):
        """Articles of a city: written by its desk or concerning it, each once."""
        return self.filter(Q(city=city) | Q(pk__in=Article.cities.through.objects.filter(city=city).values("article")))

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def scheduled(self):
        return self.filter(scheduled_q())

    def visible_to(self, user):
        """What a staff user may see in the admin: every article of their cities."""
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(city__in=Membership.objects.cities_of(user))

    def editable_by(self, user):
        """The one rule for changing an article.

        Redaktur and admin kota: every article of their cities. Penulis: their own drafts in their cities.
        """
        if not (user.is_active and user.is_staff):
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(city__in=Membership.objects.cities_of(user, EDITOR_ROLES))
            | Q(city__in=Membership.objects.cities_of(user, [Role.PENULIS]), author=user, status=Article.Status.DRAFT)
        )

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")
    ARCHIVED = "archived", _("archived")


class TransitionError(ValidationError):
    """A transition that the article's state or the user's role does not allow."""


def _is_editor(user, city_id) -> bool:
    return user.is_superuser or Membership.objects.role_of(user, city_id) in EDITOR_ROLES


def _is_writer(user, city_id) -> bool:
    return user.is_superuser or Membership.objects.role_of(user, city_id) is not None


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
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        clean_image_fields(self, "hero_image")
        self.updated_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body", "updated_at"}
        super().save(*args, **kwargs)

    save.alters_data = True

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["cities.city", "cities.event"]

    # Workflow verbs. Each checks the state and the user's role, saves, stores a revision and an audit entry.

    def _transition(self, *, action: str, by, allowed_from, target: str, check, note: str = "", **changes):
        if self.status not in allowed_from:
            raise TransitionError(
                _("This article is %(status)s; it cannot be %(action)s."),
                code="invalid_transition",
                params={"status": self.get_status_display(), "action": AuditEntry.Action(action).label},
            )
        if not check(by, self.city_id):
            raise PermissionDenied(_("Your role in %(city)s does not allow this.") % {"city": self.city})
        with transaction.atomic(), reversion.create_revision():
            self.status = target
            for field, value in changes.items():
                setattr(self, field, value)
            self.save()
            reversion.set_user(by)
            reversion.set_comment(str(AuditEntry.Action(action).label))
            AuditEntry.record(self, action, by, note)

    def submit(self, *, by) -> None:
        """Penulis → redaktur: ask for review."""
        self._transition(
            action=AuditEntry.Action.SUBMIT,
            by=by,
            allowed_from={self.Status.DRAFT},
            target=self.Status.REVIEW,
            check=lambda user, city: _is_editor(user, city) or (self.author_id == user.pk and _is_writer(user, city)),
        )

    submit.alters_data = True

    def send_back(self, *, by, reason: str) -> None:
        """Redaktur → penulis, with the reason the writer sees."""
        if not reason.strip():
            raise TransitionError(_("Give the writer a reason."), code="reason_required")
        self._transition(
            action=AuditEntry.Action.SEND_BACK,
            by=by,
            allowed_from={self.Status.REVIEW},
            target=self.Status.DRAFT,
            check=_is_editor,
            note=reason,
            review_note=reason,
        )

    send_back.alters_data = True

    def publish(self, *, by, at: datetime.datetime | None = None) -> None:
        """Publish now, or at ``at``: a future time schedules the article (no job needed)."""
        if at is None and self.is_published:
            # Publishing a live article again would silently re-date it to now.
            raise TransitionError(_("This article is already published."), code="already_published")
        when = at or timezone.now()
        action = AuditEntry.Action.SCHEDULE if when > timezone.now() else AuditEntry.Action.PUBLISH
        self._transition(
            action=action,
            by=by,
            allowed_from={self.Status.DRAFT, self.Status.REVIEW, self.Status.UNPUBLISHED, self.Status.PUBLISHED},
            target=self.Status.PUBLISHED,
            check=_is_editor,
            note=timezone.localtime(when, self.city.zoneinfo).strftime("%Y-%m-%d %H:%M ") + self.city.zone_abbreviation,
            published_at=when,
            published_time_known=True,
            review_note="",
        )

    publish.alters_data = True

    def unpublish(self, *, by) -> None:
        self._transition(
            action=AuditEntry.Action.UNPUBLISH,
            by=by,
            allowed_from={self.Status.PUBLISHED},
            target=self.Status.UNPUBLISHED,
            check=_is_editor,
        )

    unpublish.alters_data = True

    def archive(self, *, by) -> None:
        self._transition(
            action=AuditEntry.Action.ARCHIVE,
            by=by,
            allowed_from={self.Status.DRAFT, self.Status.UNPUBLISHED, self.Status.PUBLISHED},
            target=self.Status.ARCHIVED,
            check=_is_editor,
        )

    archive.alters_data = True

    def reopen(self, *, by) -> None:
        """Back to draft from unpublished or archived."""
        self._transition(
            action=AuditEntry.Action.REOPEN,
            by=by,
            allowed_from={self.Status.UNPUBLISHED, self.Status.ARCHIVED},
            target=self.Status.DRAFT,
            check=_is_editor,
        )

    reopen.alters_data = True

    def correct(self, *, by, note: str) -> "Correction":
        """Attach a public correction (Ralat) to a published article."""
        if not note.strip():
            raise TransitionError(_("Write the correction."), code="note_required")
        with transaction.atomic():
            self._transition(
                action=AuditEntry.Action.CORRECT,
                by=by,
                allowed_from={self.Status.PUBLISHED},
                target=self.Status.PUBLISHED,
                check=_is_editor,
                note=note,
            )
            return self.corrections.create(note=note, created_by=by)

    correct.alters_data = True

    def available_actions(self, user) -> list[str]:
        """The transitions ``user`` may apply now, for buttons in the admin."""
        editor = _is_editor(user, self.city_id)
        own = self.author_id == user.pk and _is_writer(user, self.city_id)
        actions = []
        if self.status == self.Status.DRAFT and (editor or own):
            actions.append("submit")
        if editor:
            if self.status == self.Status.REVIEW:
                actions.append("send_back")
            if self.status != self.Status.ARCHIVED:
                actions.append("publish")
            if self.status == self.Status.PUBLISHED:
                actions += ["unpublish", "correct"]
            if self.status in {self.Status.DRAFT, self.Status.UNPUBLISHED, self.Status.PUBLISHED}:
                actions.append("archive")
            if self.status in {self.Status.UNPUBLISHED, self.Status.ARCHIVED}:
                actions.append("reopen")
        return actions

    @property
    def is_scheduled(self) -> bool:
        return self.status == self.Status.PUBLISHED and bool(self.published_at) and self.published_at > timezone.now()

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
        return f"{self.official} in {self.article}"

    def natural_key(self):
        return (self.article.slug, self.official.slug)

    natural_key.dependencies = ["articles.article", "cities.official", "cities.position"]


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


class AuditEntry(models.Model):
    """Who did what to which article, and when. Written by the workflow, never edited."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        SUBMIT = "submit", _("submitted for review")
        SEND_BACK = "send_back", _("sent back")
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        UNPUBLISH = "unpublish", _("unpublished")
        ARCHIVE = "archive", _("archived")
        REOPEN = "reopen", _("reopened as draft")
        CORRECT = "correct", _("corrected")
        RESTORE = "restore", _("restored from a revision")
        RECOVER = "recover", _("recovered after deletion")
        DELETE = "delete", _("deleted")
        PREVIEW_ISSUED = "preview_issued", _("preview link issued")
        PREVIEW_USED = "preview_used", _("preview link used")
        PREVIEW_REVOKED = "preview_revoked", _("preview link revoked")

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.SET_NULL, null=True, blank=True, related_name="audit"
    )
    headline = models.CharField(_("headline"), max_length=255, help_text=_("Kept when the article is deleted."))
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["city", "-at"], name="audit_city_time_idx")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.headline}"

    @classmethod
    def record(cls, article: Article, action: str, user, note: str = "") -> "AuditEntry":
        return cls.objects.create(
            article=article if article.pk else None,
            headline=article.headline,
            city_id=article.city_id,
            action=action,
            user=user if user and user.is_authenticated else None,
            note=note,
        )


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A signed, expiring, revocable link to one revision, for approvers without an account."""

    SIGNING_SALT = "articles.preview-link"

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="preview_links"
    )
    version = models.ForeignKey(
        "reversion.Version", verbose_name=_("revision"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    recipient = models.CharField(_("for"), max_length=160, blank=True, help_text=_("E.g. Kabag Humas, Sekda."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return f"{self.article} ({self.recipient or self.created_at.date().isoformat()})"

    def get_absolute_url(self):
        # Signed so a token cannot be guessed or altered; expiry and revocation live in the database,
        # so the address stays the same every time the panel shows it.
        signed = signing.Signer(salt=self.SIGNING_SALT).sign(self.token)
        return reverse("articles:preview-link", kwargs={"signed": signed})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def issue(cls, article: Article, *, by, recipient: str = "", days: int = 3) -> "PreviewLink":
        """Bind a new link to the article's latest revision (storing one first if there is none)."""
        if not _is_writer(by, article.city_id):
            raise PermissionDenied(_("Your role in %(city)s does not allow this.") % {"city": article.city})
        with transaction.atomic():
            version = Version.objects.get_for_object(article).first()
            if version is None:
                with reversion.create_revision():
                    article.save()
                    reversion.set_user(by)
                version = Version.objects.get_for_object(article).first()
            link = cls.objects.create(
                article=article,
                version=version,
                recipient=recipient,
                created_by=by,
                expires_at=timezone.now() + datetime.timedelta(days=min(days, settings.PREVIEW_LINK_MAX_DAYS)),
            )
            AuditEntry.record(article, AuditEntry.Action.PREVIEW_ISSUED, by, recipient)
        return link

    @classmethod
    def from_signed(cls, signed: str) -> "PreviewLink":
        """The active link for a signed token; DoesNotExist for a bad, expired or revoked one."""
        try:
            token = signing.Signer(salt=cls.SIGNING_SALT).unsign(signed)
        except signing.BadSignature:
            raise cls.DoesNotExist from None
        return cls.objects.active().select_related("article__city", "version").get(token=token)

    def revoke(self, *, by) -> None:
        """Stop the link working; allowed to whoever issued it and to whoever may change the article."""
        if self.created_by_id != by.pk and not Article.objects.editable_by(by).filter(pk=self.article_id).exists():
            raise PermissionDenied(_("You are not allowed to do this."))
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
            AuditEntry.record(self.article, AuditEntry.Action.PREVIEW_REVOKED, by, self.recipient)

    revoke.alters_data = True

    def snapshot(self) -> Article:
        """The article as it was in the bound revision (unsaved, read-only)."""
        return self.version._object_version.object


# Revisions follow the article's mentions and tags, so a restore brings them back too.
reversion.register(Mention)
reversion.register(TaggedArticle)
reversion.register(Article, follow=("mentions", "tagged_items"))


@receiver(pre_save, sender=Article)
def _fixtures_keep_their_version(sender, instance, raw, **kwargs):
    """loaddata writes fixture rows as they are: no lock check, no version bump, so reloading changes nothing."""
    if raw:
        instance._concurrency_disabled = True
        instance._concurrency_disable_increment = True


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
