"""What is published, and what is kept about it: articles and their parts, the audit log, preview links,
daily reads, and what the spam check reads (``screening``: the gambling vocabulary, the known outbound
domains). The rules of who sees and changes what are in ``querysets``; the moves between states are in
``articles.workflow``."""

from .article import Article, Correction, Mention, TaggedArticle
from .audit import AuditEntry
from .autosave import AutosavedDraft
from .previews import PreviewLink
from .querysets import ArticleQuerySet, editable_q, held_q, published_q, scheduled_q
from .readership import DailyViews
from .screening import OutboundDomain, SpamTerm
from .states import ArticleStatus, TransitionError

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleStatus",
    "AuditEntry",
    "AutosavedDraft",
    "Correction",
    "DailyViews",
    "Mention",
    "OutboundDomain",
    "PreviewLink",
    "SpamTerm",
    "TaggedArticle",
    "TransitionError",
    "editable_q",
    "held_q",
    "published_q",
    "scheduled_q",
]
