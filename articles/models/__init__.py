"""What is published, and what is kept about it: articles and their parts, the audit log, preview links and
daily reads. The rules of who sees and changes what are in ``querysets``; the moves between states are in
``articles.workflow``."""

from .article import Article, Correction, Mention, TaggedArticle
from .audit import AuditEntry
from .previews import PreviewLink
from .querysets import ArticleQuerySet, editable_q, published_q, scheduled_q
from .readership import DailyViews
from .states import ArticleStatus, TransitionError

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleStatus",
    "AuditEntry",
    "Correction",
    "DailyViews",
    "Mention",
    "PreviewLink",
    "TaggedArticle",
    "TransitionError",
    "editable_q",
    "published_q",
    "scheduled_q",
]
