"""Preview links: a signed, expiring, revocable address of one revision, for approvers without an account.

Issuing, revoking and using a link are recorded by ``articles.workflow``.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


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
        return reverse("public:preview-link", kwargs={"signed": signed})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def from_signed(cls, signed: str, *, active: bool = True) -> "PreviewLink":
        """The link for a signed token; DoesNotExist for a bad one, and (``active``) for an expired or revoked one."""
        try:
            token = signing.Signer(salt=cls.SIGNING_SALT).unsign(signed)
        except signing.BadSignature:
            raise cls.DoesNotExist from None
        links = cls.objects.active() if active else cls.objects.all()
        return links.select_related("article__city", "version").get(token=token)

    def snapshot(self) -> Article:
        """The article as it was in the bound revision (unsaved, read-only)."""
        return self.version._object_version.object
