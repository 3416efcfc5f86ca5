"""Full-text search over published articles: headline, subtitle, lead, body, tags, cities, officials, event.

PostgreSQL: ``django.contrib.postgres.search`` with the built-in ``indonesian`` text-search configuration
(Snowball stemmer: "pelayanan" and "melayani" both become "layan"), ``websearch`` query syntax (quotes,
``or``, ``-word``), ``SearchRank`` for the order and ``SearchHeadline`` for the snippets. The article's own
text is matched against ``search_vector``, a column the database keeps up to date (a trigger, migration
0007) and indexes with GIN, so neither the match nor the ranking re-parses article bodies; names of tags,
cities, officials and the event are matched against the whole query in small queries of their own (a
name matches when it alone satisfies the query). Only the newest ``SEARCH_CANDIDATES`` matches are ranked, so
a search costs the same at a thousand articles and at a million.

SQLite (the demo and part of the tests): every word of the query must occur (case-insensitively) in one of
the same fields; headline hits rank first, then the newest. No stemming.

Queries are cleaned first (control and binary characters removed, whitespace collapsed) and cut to
``settings.SEARCH_QUERY_MAX_LENGTH`` characters; a query without any letter or digit is not run.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, FloatField, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from taggit.models import Tag

from cities.models import City, Event, Official

from .models import Article, TaggedArticle

CONFIG = "indonesian"
MAX_TERMS = 12
#: How many of the newest matches a search ranks (PostgreSQL); the pages say when more matched.
SEARCH_CANDIDATES = 1000
SNIPPET_CHARS = 240
# Markers for SearchHeadline: characters that cleaned text never contains, replaced by <mark> after escaping.
_START, _STOP = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Query:
    """A reader's query after cleaning."""

    raw_length: int = 0
    text: str = ""
    truncated: bool = False
    terms: list[str] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not self.text

    @property
    def is_junk(self) -> bool:
        """Something was typed, but no letter or digit in it."""
        return bool(self.text) and not self.terms


def clean_query(raw) -> Query:
    """Remove control, format, surrogate and private-use characters; collapse spaces; cut to the cap."""
    if not isinstance(raw, str):
        raw = ""
    limit = settings.SEARCH_QUERY_MAX_LENGTH
    # Bound the work on absurd input before looking at every character.
    head = raw[: limit * 4]
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" or ch == "\ufffd" else ch for ch in head)
    text = " ".join(kept.split())
    truncated = len(text) > limit or len(raw) > len(head)
    if len(text) > limit:
        cut = text[:limit]
        # Cut at a word boundary when one is near.
        text = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut
    terms = _WORD.findall(text)[:MAX_TERMS]
    return Query(raw_length=len(raw), text=text, truncated=truncated, terms=terms)


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- PostgreSQL ---------------------------------------------------------------------------------------


def article_vector():
    """The weighted vector of an article's own text: what the trigger of migration 0007 stores in search_vector."""
    from django.contrib.postgres.search import SearchVector

    return (
        SearchVector("headline", config=CONFIG, weight="A")
        + SearchVector("subtitle", config=CONFIG, weight="B")
        + SearchVector("lead", config=CONFIG, weight="B")
        + SearchVector("body", config=CONFIG, weight="C")
    )


def _pg_query(text: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, config=CONFIG, search_type="websearch")


def _pg_name_matches(model, fields, query):
    from django.contrib.postgres.search import SearchVector

    return model.objects.annotate(document=SearchVector(*fields, config=CONFIG)).filter(document=query)


#: What a name match looks at: the model and its name fields.
NAMED = [
    (Tag, ["name"]),
    (City, ["name", "short_name"]),
    (Official, ["honorific_prefix", "name", "honorific_suffix"]),
    (Event, ["name", "theme"]),
]


def _pg_name_hits(search_query) -> list[Q]:
    """Articles tagged with, of, concerning, mentioning or at a tag, city, official or event whose name alone
    satisfies the query: one condition per kind of name that matched (usually none)."""
    matches = [
        _pg_name_matches(model, fields, search_query)
        .annotate(named_model=Value(model.__name__))
        .values_list("named_model", "pk")
        for model, fields in NAMED
    ]
    matched = defaultdict(list)
    for kind, pk in matches[0].union(*matches[1:], all=True):  # one query for the four small tables
        matched[kind].append(pk)
    hits = []
    if tag_ids := matched["Tag"]:
        hits.append(Q(pk__in=TaggedArticle.objects.filter(tag__in=tag_ids).values("content_object_id")))
    if city_ids := matched["City"]:
        hits.append(Q(city__in=city_ids))
        hits.append(Q(pk__in=Article.cities.through.objects.filter(city__in=city_ids).values("article_id")))
    if official_ids := matched["Official"]:
        hits.append(Q(pk__in=Article.officials.through.objects.filter(official__in=official_ids).values("article")))
    if event_ids := matched["Event"]:
        hits.append(Q(event__in=event_ids))
    return hits


def _newest_ids(articles) -> list[int]:
    # One more than the cap, so a list of more matches than are ranked knows it (BoundedPaginator.capped).
    return list(articles.newest_first().values_list("pk", flat=True)[: SEARCH_CANDIDATES + 1])


def _pg_search(articles, query: Query):
    """Rank the newest matches of the text and of the names; never every match of the archive.

    A common word matches most articles, and ranking them all costs more with every article published: the
    newest ``SEARCH_CANDIDATES`` text matches are read off an index (the publication-date index for a common
    word, the GIN index for a rare one: the planner chooses), and so are the newest name matches.
    """
    from django.contrib.postgres.search import SearchRank

    search_query = _pg_query(query.text)
    text_ids = _newest_ids(articles.filter(search_vector=search_query))
    # Each kind of name apart: an OR of them would defeat every index.
    name_ids = {pk for hits in _pg_name_hits(search_query) for pk in _newest_ids(articles.filter(hits))}
    name_bonus = Case(When(pk__in=name_ids, then=Value(0.05)), default=Value(0.0), output_field=FloatField())
    return (
        articles.filter(pk__in={*text_ids, *name_ids})
        .annotate(rank=SearchRank(F("search_vector"), search_query) + name_bonus)
        .order_by("-rank", "-published_at", "-pk")
    )


def _pg_snippets(page_ids, query: Query) -> dict[int, tuple[str, str]]:
    from django.contrib.postgres.search import SearchHeadline

    search_query = _pg_query(query.text)
    options = {"config": CONFIG, "start_sel": _START, "stop_sel": _STOP}
    rows = (
        Article.objects.filter(pk__in=page_ids)
        .annotate(
            title_hl=SearchHeadline("headline", search_query, highlight_all=True, **options),
            text_hl=SearchHeadline(
                Concat("lead", Value(" "), "body", output_field=TextField()),
                search_query,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **options,
            ),
        )
        .values_list("pk", "title_hl", "text_hl")
    )
    return {pk: (title, text) for pk, title, text in rows}


# --- SQLite and other databases -----------------------------------------------------------------------


def _term_condition(term: str) -> Q:
    tags = Tag.objects.filter(name__icontains=term).values("pk")
    cities = City.objects.filter(Q(name__icontains=term) | Q(short_name__icontains=term)).values("pk")
    officials = Official.objects.filter(name__icontains=term).values("pk")
    return (
        Q(headline__icontains=term)
        | Q(subtitle__icontains=term)
        | Q(lead__icontains=term)
        | Q(body__icontains=term)
        | Q(pk__in=TaggedArticle.objects.filter(tag__in=tags).values("content_object_id"))
        | Q(city__in=cities)
        | Q(pk__in=Article.cities.through.objects.filter(city__in=cities).values("article_id"))
        | Q(pk__in=Article.officials.through.objects.filter(official__in=officials).values("article"))
        | Q(event__name__icontains=term)
    )


def _plain_search(articles, query: Query):
    for term in query.terms:
        articles = articles.filter(_term_condition(term))
    headline_hits = sum(
        (
            Case(When(headline__icontains=term, then=Value(1)), default=Value(0), output_field=IntegerField())
            for term in query.terms
        ),
        Value(0, output_field=IntegerField()),
    )
    return articles.annotate(rank=headline_hits).order_by("-rank", "-published_at", "-pk")


def _plain_text(html: str) -> str:
    return " ".join(unescape(strip_tags(html or "")).split())


def _mark_terms(text: str, terms: list[str]) -> str:
    """Escape ``text`` and wrap each occurrence of a term in <mark>."""
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in sorted(set(terms), key=len, reverse=True)), re.I)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), "<mark>", escape(match.group()), "</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return "".join(pieces)


def _plain_snippet(article, terms: list[str]) -> str:
    text = _plain_text(f"{article.lead} {article.body}")
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in terms if lowered.find(term.lower()) >= 0]
    start = max(0, min(positions) - SNIPPET_CHARS // 3) if positions else 0
    snippet = text[start : start + SNIPPET_CHARS]
    if start > 0:
        snippet = "… " + snippet.split(" ", 1)[-1]
    if start + SNIPPET_CHARS < len(text):
        snippet = snippet.rsplit(" ", 1)[0] + " …"
    return _mark_terms(snippet, terms)


# --- Shared -------------------------------------------------------------------------------------------


def _marked_to_html(value: str, *, is_html: bool) -> str:
    """SearchHeadline's output (with markers) to safe HTML with <mark>; ``is_html`` for the body's HTML."""
    text = unescape(strip_tags(value or "")) if is_html else (value or "")
    return escape(" ".join(text.split())).replace(_START, "<mark>").replace(_STOP, "</mark>")


def filter_articles(articles, *, city=None, event=None, date_from=None, date_to=None):
    """Narrow ``articles`` by city (desk or concerned), event and a range of days, both inclusive, each
    article's day read in its desk city's zone (as its page, the archives and the feeds show it)."""
    if city is not None:
        articles = articles.for_city(city)
    if event is not None:
        articles = articles.filter(event=event)
    if date_from is not None or date_to is not None:
        articles = articles.published_on_local_days(date_from, date_to)
    return articles


def search_articles(query: Query, **filters):
    """Published articles matching ``query`` (all of them when it is blank), ranked, filtered."""
    articles = filter_articles(Article.objects.published(), **filters).select_related("city", "event")
    if query.is_blank:
        return articles.annotate(rank=Value(0, output_field=IntegerField())).order_by("-published_at", "-pk")
    if uses_postgres():
        return _pg_search(articles, query)
    return _plain_search(articles, query)


def attach_snippets(articles, query: Query) -> None:
    """Set ``headline_html`` and ``snippet_html`` (safe HTML, matches in <mark>) on a page of results."""
    articles = list(articles)
    if not articles:
        return
    if query.is_blank:
        for article in articles:
            article.headline_html = escape(article.headline)
            article.snippet_html = escape(article.lead or _plain_text(article.body)[:SNIPPET_CHARS])
        return
    if uses_postgres():
        marked = _pg_snippets([article.pk for article in articles], query)
        for article in articles:
            title, text = marked.get(article.pk, ("", ""))
            article.headline_html = mark_safe(_marked_to_html(title, is_html=False) or escape(article.headline))  # noqa: S308
            article.snippet_html = mark_safe(_marked_to_html(text, is_html=True))  # noqa: S308
        return
    for article in articles:
        article.headline_html = mark_safe(_mark_terms(article.headline, query.terms))  # noqa: S308
        article.snippet_html = mark_safe(_plain_snippet(article, query.terms))  # noqa: S308
