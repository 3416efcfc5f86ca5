"""Tags as staff type them: "adminduk, pelayanan publik, pemkot serang" is saved, shown and given back in the form
exactly so, in that order and without quotes.

taggit's own parser sorts the tags and splits a single tag of several words at its spaces, and its form quotes every
tag of several words; here commas alone separate tags, and double quotes are needed only around a tag that holds a
comma. The order is kept by the article's tag manager (``articles.models.tags.TypedOrderTagManager``).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField, TagWidget
from taggit.models import Tag

#: The longest tag name the database stores.
MAX_LENGTH = Tag._meta.get_field("name").max_length


def parse_tags(text: str) -> list[str]:
    """The tag names in ``text``, in the order typed: separated by commas (a comma inside double quotes belongs to
    the name), spaces tidied, each name once whatever its case (the first spelling counts)."""
    names, current, quoted = [], [], False
    for char in text or "":
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    seen, result = set(), []
    for name in (" ".join(name.split()) for name in names):
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


def format_tags(tags) -> str:
    """``tags`` (names or Tag rows) as the form shows them: in their order, separated by commas, a name holding a
    comma in double quotes, so that ``parse_tags`` gives the same names back."""
    names = [tag if isinstance(tag, str) else tag.name for tag in tags]
    return ", ".join(f'"{name}"' if "," in name else name for name in names)


class TypedTagWidget(TagWidget):
    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = format_tags(value)
        return super().format_value(value)


class TypedTagField(TagField):
    """The article form's tags: a text input, read and written by ``parse_tags`` and ``format_tags``."""

    widget = TypedTagWidget

    def clean(self, value):
        names = parse_tags(forms.CharField.clean(self, value))
        too_long = [name for name in names if len(name) > MAX_LENGTH]
        if too_long:
            raise ValidationError(
                _("A tag has at most %(limit)d characters."), code="tag_too_long", params={"limit": MAX_LENGTH}
            )
        return names

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            data = self.clean(data)
        except ValidationError:
            return True
        return parse_tags(format_tags(initial or [])) != data
