"""What the spam check reads besides the article: the gambling vocabulary staff keep, and the domains the site
already links to."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..spam import link_hosts, normalise_term

#: The shortest term accepted: shorter ones match ordinary words.
MIN_TERM_LENGTH = 3


class SpamTermQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def terms(self) -> list[str]:
        """The vocabulary the check looks for now."""
        return list(self.active().order_by("term").values_list("term", flat=True))


class SpamTerm(models.Model):
    """A word or phrase of gambling spam: an article containing it is held for a redaktur."""

    term = models.CharField(
        _("word or phrase"),
        max_length=80,
        unique=True,
        help_text=_(
            "Found as a whole word, in any case, also when disguised: s1ot, s l o t, ｓｌｏｔ. Between the words "
            "of a phrase any separator or none matches: “slot gacor” finds “slot-gacor” and “slotgacor”."
        ),
    )
    is_active = models.BooleanField(
        _("checked"), default=True, help_text=_("Off: kept in the list, but articles are no longer held for it.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True, help_text=_("E.g. where it was seen."))
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = SpamTermQuerySet.as_manager()

    class Meta:
        ordering = ["term"]
        verbose_name = _("spam term")
        verbose_name_plural = _("spam terms")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = normalise_term(self.term)
        super().save(*args, **kwargs)

    def clean(self):
        self.term = normalise_term(self.term)
        if sum(char.isalnum() for char in self.term) < MIN_TERM_LENGTH:
            message = _("At least %(count)d letters or digits: a shorter term matches ordinary words.")
            raise ValidationError(
                {"term": ValidationError(message, params={"count": MIN_TERM_LENGTH}, code="too_short")}
            )


class OutboundDomainQuerySet(models.QuerySet):
    def known(self, hosts) -> set[str]:
        """Which of ``hosts`` the site already links to: one look-up on the unique index, whatever its size."""
        if not hosts:
            return set()
        return set(self.filter(domain__in=list(hosts)).values_list("domain", flat=True))

    def learn(self, hosts, *, article=None, when=None) -> None:
        """Add ``hosts`` to the domains the site links to; those already known keep their first article."""
        if hosts:
            when = when or timezone.now()
            self.bulk_create(
                [self.model(domain=host, first_seen=when, first_article=article) for host in hosts],
                ignore_conflicts=True,
            )


class OutboundDomain(models.Model):
    """A host that a published article not on hold links to: links there are no longer new."""

    domain = models.CharField(_("domain"), max_length=253, unique=True, help_text=_("Without “www.”."))
    first_seen = models.DateTimeField(_("first seen"), default=timezone.now)
    first_article = models.ForeignKey(
        "Article",
        verbose_name=_("first article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OutboundDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        verbose_name = _("known outbound domain")
        verbose_name_plural = _("known outbound domains")

    def __str__(self):
        return self.domain


def learn_outbound_domains(article_model, domain_model, *, batch_size: int = 2000) -> int:
    """Record the link hosts of every published article not on hold, oldest first, in batches; returns how many
    were new. Plain ORM on the models given, so the data migration can run it on its historical models."""
    articles = (
        article_model.objects.filter(status="published", held_at__isnull=True, body__contains="href")
        .order_by("published_at", "pk")
        .values_list("pk", "published_at", "body")
    )
    known = set(domain_model.objects.values_list("domain", flat=True))
    batch = []
    added = 0
    for pk, published_at, body in articles.iterator(chunk_size=batch_size):
        for host in link_hosts(body):
            if host not in known:
                known.add(host)
                batch.append(domain_model(domain=host, first_seen=published_at or timezone.now(), first_article_id=pk))
        if len(batch) >= batch_size:
            domain_model.objects.bulk_create(batch, ignore_conflicts=True)
            added += len(batch)
            batch = []
    domain_model.objects.bulk_create(batch, ignore_conflicts=True)
    return added + len(batch)
