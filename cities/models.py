"""Who and where: cities, officials with their dated positions, and events.

This app never imports ``articles``; articles point here, and reverse
relations (``city.articles``) work without the import.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import SourcedModel
from images.processing import saving_images
from images.validators import validate_image


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


def _administered(queryset, user, city_lookup: str):
    """``queryset`` narrowed to the rows whose city (``city_lookup``) ``user`` is admin kota of.

    The one ownership rule of the reference data: every staff member reads every row, the admin kota of a row's
    city changes it, a superuser changes all. A row of no city (a position in APEKSI or a province, an event
    without a host city) belongs to no city office, so only superusers change it.
    """
    if not (user.is_active and user.is_staff):
        return queryset.none()
    if user.is_superuser:
        return queryset.all()
    return queryset.filter(**{f"{city_lookup}__in": Membership.objects.cities_of(user, [Role.ADMIN])})


class CityQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def editable_by(self, user):
        """The cities ``user`` may change: those they are admin kota of (superusers: all)."""
        return _administered(self, user, "pk")


class City(SourcedModel):
    name = models.CharField(_("official name"), max_length=120, help_text=_('As used, e.g. "Kota Serang".'))
    short_name = models.CharField(_("short name"), max_length=80, help_text=_('E.g. "Serang".'))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    province = models.CharField(_("province"), max_length=80, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=20, choices=TimeZone.choices, default=TimeZone.WIB)
    kecamatan_count = models.PositiveSmallIntegerField(_("number of kecamatan"), null=True, blank=True)
    kelurahan_count = models.PositiveSmallIntegerField(_("number of kelurahan"), null=True, blank=True)
    apeksi_commissariat = models.CharField(
        _("APEKSI regional commissariat"),
        max_length=120,
        blank=True,
        help_text=_('E.g. "Komisariat Wilayah V (Regional Kalimantan)".'),
    )
    logo = models.ImageField(_("logo"), upload_to="cities/logos/%Y/", blank=True, validators=[validate_image])
    profile = models.TextField(_("short profile"), blank=True)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            models.CheckConstraint(
                condition=Q(time_zone__in=TimeZone.values),
                name="city_time_zone_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with saving_images(self, "logo"):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:city-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_abbreviation(self) -> str:
        return TimeZone(self.time_zone).label

    def current_positions(self):
        """Positions held in this city today, for the city page."""
        return self.positions.held_on(timezone.localdate()).select_related("official", "city")


class OfficialQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def editable_by(self, user):
        """The officials ``user`` may change: those holding or having held a position in a city they are admin
        kota of. One with positions only in national bodies (APEKSI, a ministry, a province) or none at all: only
        superusers."""
        if user.is_active and user.is_staff and user.is_superuser:
            return self.all()
        return self.filter(pk__in=Position.objects.editable_by(user).values("official_id"))


class Official(SourcedModel):
    name = models.CharField(_("name"), max_length=120, help_text=_("The name without titles, as printed."))
    honorific_prefix = models.CharField(_("title before the name"), max_length=40, blank=True, help_text='"H.", "Hj."')
    honorific_suffix = models.CharField(_("title after the name"), max_length=60, blank=True, help_text='"S.Pd"')
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    photo = models.ImageField(_("photo"), upload_to="officials/%Y/", blank=True, validators=[validate_image])
    photo_alt = models.CharField(_("photo alt text"), max_length=200, blank=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="official_photo_needs_alt",
                violation_error_message=_("A photo needs alt text."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        with saving_images(self, "photo"):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("public:official-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def full_name(self) -> str:
        name = " ".join(part for part in (self.honorific_prefix, self.name) if part)
        return f"{name}, {self.honorific_suffix}" if self.honorific_suffix else name

    def position_on(self, day: datetime.date):
        """The position this person held on ``day``; definitive before acting, latest start first.

        Uses the prefetched ``positions`` when the caller prefetched them.
        """
        held = [position for position in self.positions.all() if position.is_held_on(day)]
        held.sort(
            key=lambda p: (p.tenure != Position.Tenure.DEFINITIVE, -(p.starts_on or datetime.date.min).toordinal())
        )
        return held[0] if held else None


class PositionQuerySet(models.QuerySet):
    def held_on(self, day: datetime.date):
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )

    def editable_by(self, user):
        """The positions ``user`` may change: those in a city they are admin kota of. A position in a national
        body (APEKSI, a ministry, a province: no city) only superusers change."""
        return _administered(self, user, "city")


class PositionManager(models.Manager.from_queryset(PositionQuerySet)):
    def get_by_natural_key(self, official_slug, title, organisation, city_slug):
        return self.get(official__slug=official_slug, title=title, organisation=organisation, city__slug=city_slug)


class Tenure(models.TextChoices):
    DEFINITIVE = "definitive", _("definitive")
    ACTING = "acting", _("acting (Pj.)")
    CARETAKER = "caretaker", _("caretaker (Plt.)")


class Position(SourcedModel):
    Tenure = Tenure

    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="positions"
    )
    title = models.CharField(
        _("title"), max_length=120, help_text=_("Wali Kota, Wakil Gubernur, Kepala Bappeda, Ketua Umum APEKSI, …")
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="positions", null=True, blank=True
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=160,
        blank=True,
        help_text=_("When the position is not in a city government: APEKSI, Provinsi Kalimantan Tengah, …"),
    )
    tenure = models.CharField(_("tenure"), max_length=12, choices=Tenure.choices, default=Tenure.DEFINITIVE)
    starts_on = models.DateField(_("starts on"), null=True, blank=True, help_text=_("Empty when unknown."))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Empty while in office or unknown."))

    objects = PositionManager()

    class Meta:
        ordering = ["official", "-starts_on", "title"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="position_ends_after_start",
                violation_error_message=_("A position cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(city__isnull=False) | ~Q(organisation=""),
                name="position_has_city_or_organisation",
                violation_error_message=_("Give the city or the organisation of the position."),
            ),
            models.CheckConstraint(condition=Q(tenure__in=Tenure.values), name="position_tenure_valid"),
        ]
        indexes = [models.Index(fields=["city", "starts_on", "ends_on"], name="position_city_dates_idx")]

    def __str__(self):
        return f"{self.official.full_name}: {self.display_title}"

    def natural_key(self):
        return (self.official.slug, self.title, self.organisation, self.city.slug if self.city_id else None)

    natural_key.dependencies = ["cities.official", "cities.city"]

    @property
    def display_title(self) -> str:
        """'Pj. Wali Kota Cimahi', 'Ketua Umum APEKSI'."""
        prefix = {self.Tenure.ACTING: "Pj. ", self.Tenure.CARETAKER: "Plt. "}.get(self.tenure, "")
        # Organisation titles are written whole ("Ketua Umum APEKSI"); city titles get the city's name.
        place = self.city.short_name if self.city_id else ""
        if place and place not in self.title:
            return f"{prefix}{self.title} {place}"
        return f"{prefix}{self.title}"

    def is_held_on(self, day: datetime.date) -> bool:
        return (self.starts_on is None or self.starts_on <= day) and (self.ends_on is None or self.ends_on >= day)


class EventQuerySet(models.QuerySet):
    def upcoming(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(starts_on__gte=today) | Q(ends_on__gte=today)).order_by("starts_on", "name")

    def past(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(starts_on__lt=today).exclude(ends_on__gte=today).order_by("-starts_on", "name")

    def undated(self):
        return self.filter(starts_on__isnull=True).order_by("name")

    def with_cities(self):
        return self.select_related("host_city", "parent")

    def for_city(self, city):
        return self.filter(Q(host_city=city) | Q(cities=city)).distinct()

    def editable_by(self, user):
        """The events ``user`` may change: those hosted by a city they are admin kota of, whoever organises them
        (the host's humas office keeps the agenda). Participating cities do not change an event; one without a
        host city only superusers change."""
        return _administered(self, user, "host_city")


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class EventKind(models.TextChoices):
    RAKERNAS = "rakernas", "Rakernas"
    MUNAS = "munas", "Munas"
    SHARING_SESSION = "sharing-session", "Sharing Session"
    RAKOR = "rakor", "Rakor"
    RAKERWIL = "rakerwil", _("commissariat work meeting")
    BOARD_MEETING = "rapat-dewan", _("board meeting")
    SOSIALISASI = "sosialisasi", _("socialisation")
    LOMBA = "lomba", _("competition")
    CEREMONY = "seremoni", _("ceremony")
    OTHER = "lainnya", _("other")


class Event(SourcedModel):
    Kind = EventKind

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices, default=EventKind.OTHER)
    edition = models.CharField(_("edition"), max_length=20, blank=True, help_text=_('E.g. "XVI".'))
    organiser = models.CharField(_("organiser"), max_length=160, blank=True, help_text=_("APEKSI, Pemkot Serang, …"))
    host_city = models.ForeignKey(
        City, verbose_name=_("host city"), on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_events"
    )
    cities = models.ManyToManyField(City, verbose_name=_("participating cities"), blank=True, related_name="events")
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True, help_text=_("Empty for a planned event."))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    date_note = models.CharField(
        _("date as known"), max_length=120, blank=True, help_text=_('For a planned event: "pertengahan 2020".')
    )
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    speakers = models.ManyToManyField(
        Official, verbose_name=_("speakers"), through="EventSpeaker", blank=True, related_name="events"
    )
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )

    objects = EventManager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=False, ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="event_not_own_parent"),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="event_dates_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:event-detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def zoneinfo(self):
        return self.host_city.zoneinfo if self.host_city_id else zoneinfo.ZoneInfo("Asia/Jakarta")

    @property
    def last_day(self):
        return self.ends_on or self.starts_on


class EventSpeakerManager(models.Manager):
    def get_by_natural_key(self, event_slug, official_slug):
        return self.get(event__slug=event_slug, official__slug=official_slug)


class OfficialAsNamed(models.Model):
    """An official as a source names them, optionally with the position printed beside the name."""

    position = models.ForeignKey(
        Position,
        verbose_name=_("position as named"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty: the position held on that day."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def clean(self):
        # The position named must be one of this official's. In the database this would be a composite foreign key
        # (position, official) → Position (id, official); Django has no composite foreign keys, and a trigger would
        # hold on PostgreSQL only, so the rule lives here, where every admin form (inline rows too) runs it.
        super().clean()
        if self.position_id and self.official_id and self.position.official_id != self.official_id:
            raise ValidationError(
                {
                    "position": ValidationError(
                        _(
                            "“%(position)s” is a position of %(holder)s, not of %(official)s. Choose one of "
                            "%(official)s’s positions, or leave it empty for the position held on that day."
                        ),
                        code="position_of_another_official",
                        params={
                            "position": self.position.display_title,
                            "holder": self.position.official.full_name,
                            "official": self.official.full_name,
                        },
                    )
                }
            )

    def named_position_held_on(self, day: datetime.date | None) -> bool:
        """Whether the position named (if any) was held on ``day``; an unknown day or no position: yes."""
        return self.position is None or day is None or self.position.is_held_on(day)

    def title_on(self, day: datetime.date | None) -> str:
        position = self.position or (self.official.position_on(day) if day else None)
        return position.display_title if position else ""


class EventSpeaker(OfficialAsNamed):
    """A speaker of an event."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="speaker_roles")
    official = models.ForeignKey(
        Official, verbose_name=_("official"), on_delete=models.CASCADE, related_name="speaker_roles"
    )

    objects = EventSpeakerManager()

    class Meta(OfficialAsNamed.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [models.UniqueConstraint(fields=["event", "official"], name="event_speaker_unique")]

    def __str__(self):
        return f"{self.official} @ {self.event}"

    def natural_key(self):
        return (self.event.slug, self.official.slug)

    natural_key.dependencies = ["cities.event", "cities.official", "cities.position"]

    @property
    def title(self):
        return self.title_on(self.event.starts_on)


class Role(models.TextChoices):
    PENULIS = "penulis", _("Writer (penulis)")
    REDAKTUR = "redaktur", _("Editor (redaktur)")
    ADMIN = "admin", _("City admin (admin kota)")


EDITOR_ROLES = (Role.REDAKTUR, Role.ADMIN)


class MembershipQuerySet(models.QuerySet):
    def cities_of(self, user, roles=None):
        """A subquery of the ids of the cities where ``user`` holds one of ``roles`` (any role by default)."""
        memberships = self.filter(user_id=user.pk)
        if roles:
            memberships = memberships.filter(role__in=roles)
        return memberships.values("city_id")

    def role_of(self, user, city_id) -> str | None:
        return self.filter(user_id=user.pk, city_id=city_id).values_list("role", flat=True).first()


class Membership(models.Model):
    """A staff user's role in one city's humas office."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["city", "role", "user"]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "city"], name="membership_one_role_per_city"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} {self.city.short_name}"
