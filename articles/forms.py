"""The article form of the admin: alt text with the hero image, and who may publish where."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.forms import SOURCED_FIELDS, ImageAltFormMixin, SourcedFormMixin

from .models import Article

TAGS_HELP = _(
    "Separate tags with commas. A tag of several words needs a comma after it when it is the only one, "
    "e.g. “banjir rob,”."
)

# One-line fields that hold a sentence, not a word: as wide as the text areas.
WIDE_FIELDS = ("headline", "subtitle", "slug", "tags", "hero_alt", "hero_credit", "source_line", "byline", "dateline")


class ArticleAdminForm(ImageAltFormMixin, SourcedFormMixin, forms.ModelForm):
    image_alt_fields = {"hero_image": "hero_alt"}

    #: Ids of the cities where the user may publish; ``None`` means anywhere (set by the admin per request).
    publish_city_ids: set[int] | None = None

    class Meta:
        model = Article
        fields = (
            *("headline", "subtitle", "slug", "lead", "body", "dateline_city", "dateline"),
            *("hero_image", "hero_alt", "hero_caption", "hero_credit", "city", "cities", "event", "tags"),
            *("source_line", "byline", "status", "published_at", "published_time_known"),
            *SOURCED_FIELDS,
        )
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 20}),
            "hero_caption": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "tags" in self.fields:
            self.fields["tags"].help_text = TAGS_HELP
        for name in WIDE_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("style", "width: min(100%, 48em)")

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get("status", self.instance.status)
        publishing = status == Article.Status.PUBLISHED

        # "Published" with no time means "now"; a time in the future schedules the article.
        if (
            publishing
            and "published_at" in self.fields
            and "published_at" not in self.errors
            and not cleaned_data.get("published_at")
        ):
            cleaned_data["published_at"] = timezone.now()

        if publishing and self.publish_city_ids is not None:
            city = cleaned_data.get("city")
            touched = {"status", "published_at", "city"} & set(self.changed_data)
            if city is not None and city.pk not in self.publish_city_ids and touched:
                field = "status" if "status" in self.fields else "city"
                self.add_error(
                    field,
                    ValidationError(
                        _("Only an editor (redaktur) or city admin of %(city)s may publish this article."),
                        code="publish_not_allowed",
                        params={"city": city.short_name},
                    ),
                )
        return cleaned_data
