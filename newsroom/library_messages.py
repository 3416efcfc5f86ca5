"""Indonesian for words the libraries show staff but ship no Indonesian for.

Their msgids are listed here so that ``makemessages`` keeps them in the project's catalogue, which Django
consults before any library's own.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

LIBRARY_MESSAGES = [
    # django-taggit
    pgettext_lazy("A tag name", "name"),
    pgettext_lazy("A tag slug", "slug"),
    gettext_noop("Please provide a comma-separated list of tags."),
    gettext_noop("tagged item"),
    gettext_noop("tagged items"),
]
