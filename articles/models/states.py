"""The states an article moves through; the moves themselves are in ``articles.workflow``."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")
    UNPUBLISHED = "unpublished", _("unpublished")
    ARCHIVED = "archived", _("archived")


class TransitionError(ValidationError):
    """A transition that the article's state or the user's role does not allow."""
