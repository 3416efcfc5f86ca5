"""Form pieces shared by the admin forms of every sourced model."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SOURCED_FIELDS = ("source_note", "inferred_fields")


class SourcedFormMixin:
    """``inferred_fields`` is edited as a JSON list of this model's field names."""

    def clean_inferred_fields(self):
        value = self.cleaned_data.get("inferred_fields")
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise ValidationError(
                _('Write a list of field names, e.g. ["starts_on", "venue"].'), code="inferred_not_list"
            )
        known = {field.name for field in self._meta.model._meta.get_fields()}
        unknown = [item for item in value if item not in known]
        if unknown:
            raise ValidationError(
                _("Unknown field names: %(names)s."),
                code="inferred_unknown",
                params={"names": ", ".join(unknown)},
            )
        return value
