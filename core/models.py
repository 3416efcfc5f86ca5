"""Abstract building blocks shared by the apps' models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SourcedModel(models.Model):
    """Keeps the doubt visible: what the source only implies is listed, not hidden."""

    inferred_fields = models.JSONField(
        _("inferred fields"),
        default=list,
        blank=True,
        help_text=_("Fields whose value the source only implies (e.g. a year inferred from a weekday)."),
    )
    source_note = models.TextField(
        _("source note"),
        blank=True,
        help_text=_("What the source says where it is ambiguous, truncated or possibly misspelled."),
    )

    class Meta:
        abstract = True

    def is_inferred(self, field_name: str) -> bool:
        return field_name in (self.inferred_fields or [])
