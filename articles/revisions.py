"""Reading and comparing stored revisions of articles (django-reversion underneath).

Restoring one is a step of the workflow (``articles.workflow.restore``).
"""

import dataclasses
import datetime
import difflib
import html

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from cities.localtime import format_local
from cities.models import City, Official

from .models import Article, Mention, TaggedArticle

# Fields staff care about, in the order a diff lists them.
COMPARED_FIELDS = [
    "headline",
    "subtitle",
    "slug",
    "lead",
    "body",
    "status",
    "published_at",
    "city",
    "dateline_city",
    "dateline",
    "cities",
    "event",
    "hero_image",
    "hero_alt",
    "hero_caption",
    "hero_credit",
    "source_line",
    "byline",
    "review_note",
]


@dataclasses.dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str
    inline_diff: SafeString


def _related_rows(version: Version, model) -> list[dict]:
    return [v.field_dict for v in version.revision.version_set.all() if v.content_type.model_class() is model]


def _readable(data: dict, tag_ids, official_ids) -> dict[str, str]:
    """Stored field values (``data``, by attribute name) as text, field by field, with tags and officials."""
    values = {}
    desk_city = City.objects.filter(pk=data.get("city_id")).first()
    for name in COMPARED_FIELDS:
        field = Article._meta.get_field(name)
        raw = data.get(field.attname if field.is_relation and not field.many_to_many else name)
        if name == "body":
            values[name] = html.unescape(strip_tags((raw or "").replace("</p>", "</p>\n"))).strip()
        elif name == "status":
            values[name] = str(Article.Status(raw).label) if raw in Article.Status.values else str(raw or "")
        elif name == "cities":
            values[name] = ", ".join(City.objects.filter(pk__in=raw or []).values_list("name", flat=True))
        elif field.is_relation:
            target = field.related_model.objects.filter(pk=raw).first() if raw else None
            values[name] = str(target or "")
        elif isinstance(raw, datetime.datetime):
            # In the desk city's zone, as every other screen says it ("1 Maret 2024 12.00 WIB").
            values[name] = format_local(raw, desk_city)
        else:
            values[name] = "" if raw is None else str(raw)
    values["tags"] = ", ".join(
        sorted(TaggedArticle.tag_model().objects.filter(pk__in=tag_ids).values_list("name", flat=True))
    )
    values["officials"] = ", ".join(str(o) for o in Official.objects.filter(pk__in=official_ids))
    return values


def readable_fields(version: Version) -> dict[str, str]:
    """The revision's content as text, field by field, including tags and mentioned officials."""
    return _readable(
        version.field_dict,
        [row["tag_id"] for row in _related_rows(version, TaggedArticle)],
        [row["official_id"] for row in _related_rows(version, Mention)],
    )


def current_fields(article: Article) -> dict[str, str]:
    """The article as it is now, read the same way as a revision (nothing is stored to compare)."""
    data = {field.attname: getattr(article, field.attname) for field in Article._meta.concrete_fields}
    data["cities"] = list(article.cities.values_list("pk", flat=True))
    return _readable(
        data,
        article.tagged_items.values_list("tag_id", flat=True),
        article.mentions.values_list("official_id", flat=True),
    )


def field_label(name: str) -> str:
    if name == "tags":
        return str(_("tags"))
    if name == "officials":
        return str(_("officials mentioned"))
    return str(Article._meta.get_field(name).verbose_name)


def _inline_diff(old: str, new: str) -> SafeString:
    """Word-level diff with <del> and <ins>, every piece escaped."""
    old_words, new_words = old.split(" "), new.split(" ")
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{html.escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{html.escape(' '.join(new_words[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every piece above is escaped


def _changes(before: dict[str, str], after: dict[str, str]) -> list[FieldChange]:
    return [
        FieldChange(name, field_label(name), before[name], after[name], _inline_diff(before[name], after[name]))
        for name in after
        if before[name] != after[name]
    ]


def compare(old: Version, new: Version) -> list[FieldChange]:
    """The fields that differ between two revisions, old → new."""
    return _changes(readable_fields(old), readable_fields(new))


def compare_with_current(old: Version, article: Article) -> list[FieldChange]:
    """What changed between a stored revision and the article as it is now."""
    return _changes(readable_fields(old), current_fields(article))


def versions_of(article: Article):
    return Version.objects.get_for_object(article).select_related("revision__user")
