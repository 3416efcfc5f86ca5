"""The article admin, the humas desk's main tool, as a package:

- ``article``: ArticleAdmin's declarative configuration (lists, filters, the form's layout, columns);
- ``scope``: the one rule at every door (``visible_to`` / ``editable_by``);
- ``workflow``: the workflow panel, its view and the bulk actions, all read from ``articles.workflow``;
- ``history``: revisions (history, compare, restore), recovery of deleted articles, the conflict report;
- ``previews``: preview links;
- ``audit``: the audit log;
- ``spam``: what the spam check reads (the gambling vocabulary, the known outbound domains);
- ``tags``: the tags, shared by every city (``Article.tags.visible_to`` / ``editable_by``);
- ``desk``: the admin home page's four lists;
- ``display``: rows, user labels and the status badge shared by the above.
"""

from .article import ArticleAdmin
from .audit import AuditEntryAdmin
from .spam import OutboundDomainAdmin, SpamTermAdmin
from .tags import TagAdmin

__all__ = ["ArticleAdmin", "AuditEntryAdmin", "OutboundDomainAdmin", "SpamTermAdmin", "TagAdmin"]
