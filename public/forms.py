"""The search page's filters beside the query (the query itself is cleaned by ``articles.search``)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.models import City, Event

FIRST_YEAR, LAST_YEAR = 1900, 2100
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
#: Events listed in the search filter (the latest); any other event is still accepted.
EVENTS_OFFERED = 30


class SlugChoiceField(forms.ModelChoiceField):
    """A choice by slug that refuses anything but a slug before asking the database (no NUL, no junk)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not SLUG.fullmatch(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SearchFilterForm(forms.Form):
    """The filters beside the query; the query itself is cleaned by ``articles.search.clean_query``."""

    kota = SlugChoiceField(
        City.objects.order_by("short_name"),
        to_field_name="slug",
        required=False,
        label=_("City"),
        empty_label=_("All cities"),
    )
    acara = SlugChoiceField(
        Event.objects.order_by("-starts_on", "name"),
        to_field_name="slug",
        required=False,
        label=_("Event"),
        empty_label=_("All events"),
    )
    dari = forms.DateField(required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    sampai = forms.DateField(required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any event may be searched (an event page links here with its slug), but the list offers only the
        # latest ones and the chosen one: thousands of options would weigh on every phone that opens search.
        chosen = self.data.get("acara") if self.is_bound else None
        offered = list(Event.objects.order_by("-starts_on", "name").values_list("slug", "name")[:EVENTS_OFFERED])
        if chosen and SLUG.fullmatch(chosen) and chosen not in {slug for slug, _name in offered}:
            offered += list(Event.objects.filter(slug=chosen).values_list("slug", "name"))
        self.fields["acara"].widget.choices = [("", self.fields["acara"].empty_label), *offered]

    def _check_year(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Give a date between %(first)s and %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value

    def clean_dari(self):
        return self._check_year("dari")

    def clean_sampai(self):
        return self._check_year("sampai")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("dari"), cleaned.get("sampai")
        if start and end and start > end:
            self.add_error("sampai", _("The end date is before the start date."))
            cleaned.pop("sampai", None)
        return cleaned

    def filters(self) -> dict:
        """The valid filters only: a bad value is reported on the form and otherwise ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "city": data.get("kota"),
            "event": data.get("acara"),
            "date_from": data.get("dari"),
            "date_to": data.get("sampai"),
        }
