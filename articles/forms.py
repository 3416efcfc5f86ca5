"""The article form of the admin, and the small forms of its workflow panel.

State changes (submit, send back, publish, schedule, …) are not fields of the article form: they happen only
through the model's verbs, from the workflow panel.
"""

import dataclasses

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from core.forms import SOURCED_FIELDS, SourcedFormMixin
from images.admin import SaveFailure
from images.forms import ImageAltFormMixin
from images.storage import StorageFailure

from .models import Article
from .tagging import TypedTagField

TAGS_HELP = _("Separate tags with commas, e.g. “adminduk, pelayanan publik”. They are kept in the order typed.")

# One-line fields that hold a sentence, not a word: as wide as the text areas.
WIDE_FIELDS = ("headline", "subtitle", "slug", "tags", "hero_alt", "hero_credit", "source_line", "byline", "dateline")

# What the editor offers is what articles.sanitize keeps (h2–h4, marks, links, lists, quotes, rules, tables).
# The nh3 allow-list in Article.save stays the authority: anything pasted beyond this is cleaned there.
PROSE_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Strike": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        # Not "autolink": an autolinking mark is inclusive, so a full stop typed after a link joined it.
        "Link": {"enableTarget": False, "protocols": ["https", "mailto"], "autolink": False},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
    }
}

CONFLICT_MESSAGE = _(
    "Someone else saved this article after you opened it. Your changes were not saved; they are still in the "
    "form below. Check what changed in between, then save again to replace it with your version."
)


SLUG_TAKEN_MEANWHILE = _(
    "Another article took this address at the same moment, so nothing was saved. Your text is still in the form: "
    "save again and the article gets a free address."
)
CHANGED_MEANWHILE = _(
    "Another save changed the same data at the same moment, so nothing was saved. Your text is still in the form: "
    "check it and save again."
)
DATABASE_BUSY = _(
    "The database was too busy to save this in time, so nothing was saved. Your text is still in the form: save "
    "again in a moment."
)


def describe_save_failure(error: Exception) -> SaveFailure | None:
    """The form error for an exception a save raised after validation; None for one that is a server fault."""
    if isinstance(error, StorageFailure):
        return SaveFailure(error.message, error.code, "hero_image")
    if isinstance(error, IntegrityError):
        if "slug" in str(error).lower():
            return SaveFailure(SLUG_TAKEN_MEANWHILE, "slug_taken_meanwhile", "slug")
        return SaveFailure(CHANGED_MEANWHILE, "changed_meanwhile")
    if isinstance(error, OperationalError):
        # "database is locked" past the busy time-out, a statement time-out: the database is there but busy.
        return SaveFailure(DATABASE_BUSY, "database_busy")
    return None


@dataclasses.dataclass(frozen=True)
class Conflict:
    """A save based on an older version of the article: the version the form was loaded with, and the current."""

    loaded: int
    current: int


class ArticleAdminForm(ImageAltFormMixin, SourcedFormMixin, forms.ModelForm):
    image_alt_fields = {"hero_image": "hero_alt"}

    # The lock version the form was loaded with; a save based on an older one is refused (see clean()).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    #: The user saving; set by the admin per request (``get_form``).
    user = None

    class Meta:
        model = Article
        fields = (
            *("headline", "subtitle", "slug", "lead", "body", "version", "dateline_city", "dateline"),
            *("hero_image", "hero_alt", "hero_caption", "hero_credit", "city", "cities", "event", "tags"),
            *("pinned_related", "source_line", "byline", "published_time_known"),
            *SOURCED_FIELDS,
        )
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": AdminProseEditorWidget(config=PROSE_EDITOR_CONFIG, preset="configurable"),
            "hero_caption": forms.Textarea(attrs={"rows": 2}),
        }
        # Tags in the order and form typed: no sorting, no quotes around a tag of several words.
        field_classes = {"tags": TypedTagField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None
        #: The slug typed when it was taken and the article got a free variant instead (``clean_slug``).
        self.slug_taken = ""
        if "tags" in self.fields:
            self.fields["tags"].help_text = TAGS_HELP
        if "body" in self.fields:
            self.fields["body"].help_text = _("Headings, bold, italic, links, lists, quotes and tables.")
        for name in WIDE_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("style", "width: min(100%, 48em)")

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        # The editor always sends at least an empty paragraph.
        if not strip_tags(body).strip():
            raise ValidationError(self.fields["body"].error_messages["required"], code="required")
        return body

    def clean_slug(self):
        # Slugs are one address space for every city, and an article staff may not see (another city's draft)
        # must not show through the form. So a taken slug is never an error that says by what: the article gets
        # the first free variant (slug-2, slug-3, …) whoever holds the slug, and the admin says which address it
        # got. That also makes "save as new" work: the copy gets a free address of its own.
        slug = self.cleaned_data.get("slug")
        if not slug:
            return slug
        free = Article.objects.free_slug(slug, exclude_pk=self.instance.pk)
        self.slug_taken = slug if free != slug else ""
        return free

    def clean_city(self):
        city = self.cleaned_data.get("city")
        moved = city is not None and self.instance.pk and city.pk != self.instance.city_id
        if moved and self.user is not None and not self.instance.is_editable_by(self.user, city=city):
            raise ValidationError(
                _("You may not move this article to %(city)s: you could no longer change it there."),
                code="city_not_allowed",
                params={"city": city.short_name},
            )
        return city

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("version")
        if self.instance.pk and loaded is None:
            # Without the version it was loaded with, a save could silently overwrite someone else's.
            raise ValidationError(
                _("The form was sent without the article's version. Open the article again and redo your change."),
                code="version_missing",
            )
        if self.instance.pk:
            rows = Article.objects.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                # Hold the row until this save commits, so no other save slips in between check and write.
                rows = rows.select_for_update()
            current = rows.values_list("version", flat=True).first()
            if current is not None and current != loaded:
                self.conflict = Conflict(loaded=loaded, current=current)
                # Saving again after reading the changes is a deliberate overwrite, so the re-rendered form
                # carries the current version; the refused text stays in the form.
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = str(current)
                raise ValidationError(CONFLICT_MESSAGE, code="conflict")
        return cleaned_data


class PreviewLinkForm(forms.Form):
    recipient = forms.CharField(label=_("For"), max_length=160, required=False, help_text=_("E.g. Kabag Humas, Sekda."))
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=settings.PREVIEW_LINK_MAX_DAYS, initial=3
    )
