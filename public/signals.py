"""What ends a content generation of the page cache: any saved, deleted or re-linked row that a public page
may show. The generation ends at once (so the request that follows sees the change) and again when the
transaction commits (so no page built from the old rows in between outlives it)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag

from articles.models import Article, Correction, Mention, TaggedArticle
from cities.models import City, Event, EventSpeaker, Official, Position

from .cache import new_generation

#: Every model whose rows appear on a public page.
SHOWN_MODELS = (Article, Mention, TaggedArticle, Correction, Tag, City, Official, Position, Event, EventSpeaker)
#: Links kept in automatic many-to-many tables (no save of their own).
SHOWN_LINKS = (Article.cities.through, Article.pinned_related.through, Event.cities.through)


def content_changed(sender, raw=False, **kwargs):
    if not raw:  # loaddata: the rows are not whole yet; the commit ends the generation
        new_generation()
    transaction.on_commit(new_generation)


def connect():
    for model in SHOWN_MODELS:
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pagecache-save-{model._meta.label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
    for through in SHOWN_LINKS:
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"pagecache-m2m-{through._meta.label}")
