"""An article's tags: kept in the order staff typed them, and shared by every city under one rule.

Tags are global: one "banjir" serves every city's articles. So who reads and who changes a tag depends on the
articles using it, asked through the article's tag manager (``Article.tags.visible_to(user)``,
``Article.tags.editable_by(user)``), at every door of the tag admin.
"""

from django.db.models import Exists, OuterRef
from taggit.managers import _TaggableManager

from cities.models import EDITOR_ROLES, Membership


class TypedOrderTagManager(_TaggableManager):
    """``article.tags``: the tags in the order they were given, which is the order of their ``TaggedArticle`` rows.

    taggit orders an article's own tags that way already; this orders prefetched tags (every list and page) the
    same, and ``set()`` rewrites the rows from the first tag out of place, so a new order is kept too.
    """

    def __init__(self, through, model, instance, prefetch_cache_name, ordering=None):
        if ordering is None:
            ordering = [f"{through.tag.field.related_query_name()}__pk"]
        super().__init__(through, model, instance, prefetch_cache_name, ordering=ordering)

    def set(self, tags, *, through_defaults=None, **kwargs):
        if kwargs.get("clear"):
            return super().set(tags, through_defaults=through_defaults, **kwargs)
        wanted = self._to_tag_model_instances(tags, kwargs.pop("tag_kwargs", {}))
        rows = self.through._default_manager.filter(**self._lookup_kwargs()).order_by("pk")
        current = list(rows.values_list("tag_id", "tag__name"))
        kept = 0
        while kept < min(len(current), len(wanted)) and current[kept][0] == wanted[kept].pk:
            kept += 1
        self.remove(*(name for _tag_id, name in current[kept:]))
        self.add(*wanted[kept:], through_defaults=through_defaults, **kwargs)

    set.alters_data = True

    # Who reads and who changes a tag, for the tag admin. Asked of the class: ``Article.tags.editable_by(user)``.

    def _used_by(self, articles) -> Exists:
        rows = self.through._default_manager.filter(tag=OuterRef("pk"), content_object__in=articles.values("pk"))
        return Exists(rows)

    def visible_to(self, user):
        """The tags ``user`` may read in the admin: those of a published article of any city, and those of any
        article of their own cities. A tag only another city's unpublished articles use names their plans: never
        listed, searched or offered; nor a tag no article uses (superusers: every tag)."""
        tags = self.through.tag_model()._default_manager.all()
        if not (user.is_active and user.is_staff):
            return tags.none()
        if user.is_superuser:
            return tags
        articles = self.model._default_manager
        return tags.filter(self._used_by(articles.published()) | self._used_by(articles.visible_to(user)))

    def editable_by(self, user):
        """The tags ``user`` may rename or delete: those used by articles of the cities where they are redaktur or
        admin kota and by no article of any other city, published or not. A tag another city uses is shared: only a
        superuser changes it."""
        tags = self.through.tag_model()._default_manager.all()
        if not (user.is_active and user.is_staff):
            return tags.none()
        if user.is_superuser:
            return tags
        cities = Membership.objects.cities_of(user, EDITOR_ROLES)
        articles = self.model._default_manager
        return tags.filter(self._used_by(articles.filter(city__in=cities))).exclude(
            self._used_by(articles.exclude(city__in=cities))
        )
