"""Password rules for humas staff, on top of Django's length, common-password and similarity checks.

Defacers try the words of the office first: the city's name with a year (``bandung2026``), ``humasserang``,
``pemkotserang``. ``ContextWordsValidator`` refuses a password that is little more than such words with
digits and symbols around them.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Words of every humas office; the cities' own names and the site's name are added from the database.
OFFICE_WORDS = (
    "humas", "pemkot", "pemerintah", "kota", "kabupaten", "diskominfo", "kominfo", "walikota", "admin",
    "redaktur", "penulis", "redaksi", "apeksi", "berita",
)  # fmt: skip
#: Letters a password must keep once the context words are taken out of it.
MIN_OWN_LETTERS = 6
_WORD = re.compile(r"[a-z]+")


def context_words() -> set[str]:
    from cities.models import City

    names = City.objects.values_list("name", "short_name", "slug")
    text = " ".join(" ".join(row) for row in names) + " " + settings.NEWSROOM_SITE_NAME
    # Words of four letters or more: a shorter one is part of too many good passwords to forbid.
    return {word for word in _WORD.findall(text.lower()) if len(word) >= 4} | set(OFFICE_WORDS)


class ContextWordsValidator:
    """Refuses a password built on the office's own words (city names, "humas", "pemkot", the site name)."""

    def validate(self, password, user=None):
        letters = "".join(_WORD.findall(password.lower()))
        remaining, found = letters, []
        for word in sorted(context_words(), key=len, reverse=True):
            if word in remaining:
                found.append(word)
                remaining = remaining.replace(word, "")
        if found and len(remaining) < MIN_OWN_LETTERS:
            raise ValidationError(
                _(
                    "This password is built on words anyone would try first against a humas office (%(words)s). "
                    "Choose one that has nothing to do with the city or the office."
                )
                % {"words": ", ".join(sorted(found))},
                code="password_context_words",
            )

    def get_help_text(self):
        return _("Your password cannot be built on the name of a city, the office or the site.")
