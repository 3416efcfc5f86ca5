"""What a transition asks before it runs (the ``form`` column of ``articles.transitions.TRANSITIONS``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.localtime import at_local


class TransitionForm(forms.Form):
    """A form of the workflow panel, for one article; ``arguments()`` are the keyword arguments of the verb."""

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


class SendBackForm(TransitionForm):
    reason = forms.CharField(
        label=_("Reason for the writer"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("The writer sees this note on the returned draft."),
    )


class CorrectionForm(TransitionForm):
    note = forms.CharField(
        label=_("Correction (shown publicly under the article)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class ScheduleForm(TransitionForm):
    """A publication time typed in the desk city's own zone (WIB, WITA or WIT)."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, article, **kwargs):
        if article.is_scheduled:
            # Rescheduling starts from the time already set.
            local = article.local_published_at
            kwargs.setdefault("initial", {"date": local.date(), "time": local.time()})
        super().__init__(*args, article=article, **kwargs)
        self.city = article.city
        zone = self.city.zone_abbreviation
        self.zone_label = zone
        self.fields["date"].label = _("Date (%(zone)s)") % {"zone": zone}
        self.fields["time"].label = _("Time (%(zone)s)") % {"zone": zone}

    def clean(self):
        cleaned_data = super().clean()
        day, time = cleaned_data.get("date"), cleaned_data.get("time")
        if day and time:
            at = at_local(day, time, self.city)
            if at <= timezone.now():
                raise ValidationError(
                    _("%(time)s %(zone)s has already passed: choose a later time, or publish now."),
                    code="past",
                    params={"time": at.strftime("%Y-%m-%d %H:%M"), "zone": self.zone_label},
                )
            cleaned_data["at"] = at
        return cleaned_data

    def arguments(self) -> dict:
        return {"at": self.cleaned_data["at"]}
