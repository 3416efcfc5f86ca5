"""The admin humas staff work in every day: the article desk with its workflow, revisions, preview links and
audit log; the staff accounts and memberships that scope it by city.

Two rules, each stated once elsewhere and only asked here:

* articles: ``Article.objects.visible_to(user)`` (what a user may see) and ``editable_by(user)`` (what they may
  change), asked by ``ArticleScopeMixin`` at every door of the article admin;
* everything else with a city (memberships, the audit log, staff accounts): the user's ``cities.Membership``
  rows, through ``CityScopedAdminMixin``.

A row of another city is treated exactly like a row that does not exist.
"""

import dataclasses
import datetime

import reversion
from concurrency.exceptions import RecordModifiedError
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin
from reversion.errors import RevertError
from reversion.models import Version

from cities.admin import SOURCE_NOTES_FIELDSET, ParentPermissionInlineMixin, city_ids_for, image_preview
from cities.models import EDITOR_ROLES, City, Membership, Role

from . import revisions
from .forms import (
    ArticleAdminForm,
    CorrectionForm,
    PreviewLinkForm,
    ScheduleForm,
    SendBackForm,
)
from .models import Article, AuditEntry, Mention, PreviewLink, TransitionError
from .roles import GROUP_NAMES, sync_user_role_groups

User = get_user_model()

#: Per-object failure messages shown after a bulk action; the rest are counted.
MAX_FAILURE_MESSAGES = 10
#: Audit entries shown on an article's page (the audit log has them all).
AUDIT_TRAIL_ROWS = 50


def zoned(moment: datetime.datetime | None, city: City | None, *, time: bool = True) -> str:
    """``moment`` as a date (and time) in ``city``'s zone with its label, e.g. "12 Jul 2023 14:30 WITA"."""
    if moment is None:
        return ""
    if city is None:
        local = timezone.localtime(moment)
        zone = ""
    else:
        local = timezone.localtime(moment, city.zoneinfo)
        zone = city.zone_abbreviation
    day = formats.date_format(local, "DATE_FORMAT")
    if not time:
        return day
    return f"{day} {formats.time_format(local, 'H:i')} {zone}".rstrip()


def error_text(error) -> str:
    """The message of a refused transition (TransitionError or PermissionDenied) as one line."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("You are not allowed to do this.")


class CityScopedAdminMixin:
    """Limits a ModelAdmin to the cities of the user's memberships.

    ``city_field`` names the foreign key to ``City`` that scopes a row; ``city_scope_roles`` limits the
    memberships that count (``None``: any role).
    """

    city_field = "city"
    city_scope_roles: tuple[str, ...] | None = None

    def scoped_city_ids(self, request) -> set[int] | None:
        """The cities this user may work in here; ``None`` for a superuser (no limit)."""
        if request.user.is_superuser:
            return None
        return city_ids_for(request, roles=self.city_scope_roles)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        city_ids = self.scoped_city_ids(request)
        if city_ids is None:
            return queryset
        return queryset.filter(**{f"{self.city_field}__in": city_ids})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.city_field:
            city_ids = self.scoped_city_ids(request)
            if city_ids is not None:
                kwargs["queryset"] = City.objects.filter(pk__in=city_ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def autocomplete_city_ids(self, request, field_name):
        """Asked by the city admin's autocomplete, so the scoped field offers only the user's cities."""
        return self.scoped_city_ids(request) if field_name == self.city_field else None

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        city_ids = self.scoped_city_ids(request)
        if city_ids and len(city_ids) == 1 and self.city_field not in initial:
            initial[self.city_field] = next(iter(city_ids))
        return initial


class ArticleScopeMixin(CityScopedAdminMixin):
    """The one rule at every door of the article admin.

    What a user may see is ``Article.objects.visible_to(user)``; what they may change is ``editable_by(user)``.
    The changelist (with its filters, search, ordering and actions), the change, delete and history views,
    autocomplete, and every workflow, revision and preview view below look articles up through
    ``get_queryset``/``get_object``, so another city's article answers exactly like a missing one. A visible
    article the user may not change opens read-only (``has_change_permission`` is false for it).

    The desk city of a new or moved article is one of the user's own cities (``CityScopedAdminMixin``).
    """

    def get_queryset(self, request):
        # Not CityScopedAdminMixin's city filter: articles have their own rule.
        return super(CityScopedAdminMixin, self).get_queryset(request).visible_to(request.user)

    def is_editable(self, request, article) -> bool:
        # Asked many times per page (inlines ask for add/change/delete/view): once per request and article.
        cache = request.__dict__.setdefault("_newsroom_editable_articles", {})
        if article.pk not in cache:
            cache[article.pk] = Article.objects.editable_by(request.user).filter(pk=article.pk).exists()
        return cache[article.pk]

    def forget_editable(self, request) -> None:
        request.__dict__.pop("_newsroom_editable_articles", None)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or obj.pk is None or self.is_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.pk is None or self.is_editable(request, obj)

    def editable_only(self, request, queryset):
        return queryset.filter(pk__in=Article.objects.editable_by(request.user).values("pk"))

    def missing_object(self, request, object_id):
        """Django's own answer for an object that does not exist (a redirect to the index with a warning)."""
        return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)

    def editor_city_ids(self, request) -> set[int] | None:
        """Cities where the user is redaktur or admin kota; ``None`` for a superuser. Only for what to offer."""
        return None if request.user.is_superuser else city_ids_for(request, roles=EDITOR_ROLES)


# --- Articles ----------------------------------------------------------------------------------------------


class MentionInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = Mention
    fields = ("official", "position", "order")
    autocomplete_fields = ("official", "position")
    extra = 0
    verbose_name = _("official mentioned")
    verbose_name_plural = _("officials mentioned")


STATUS_BADGE_STYLE = {
    "draft": "background:#e2e3e5;color:#383d41",
    "review": "background:#cfe2ff;color:#084298",
    "scheduled": "background:#fff3cd;color:#664d03",
    "published": "background:#d1e7dd;color:#0f5132",
    "unpublished": "background:#f8d7da;color:#842029",
    "archived": "background:#e2e3e5;color:#6c757d",
}

# The workflow buttons: the verb each calls, its label, and the message after it succeeded.
TRANSITION_LABELS = {
    "submit": _("Submit for review"),
    "send_back": _("Send back to the writer"),
    "publish": _("Publish now"),
    "schedule": _("Schedule"),
    "unpublish": _("Unpublish"),
    "archive": _("Archive"),
    "reopen": _("Reopen as draft"),
    "correct": _("Add correction"),
}
TRANSITION_FORMS = {"send_back": SendBackForm, "schedule": ScheduleForm, "correct": CorrectionForm}


@dataclasses.dataclass
class Row:
    """A line of a list shown in a template (history, audit trail, recover list)."""

    when: str
    who: str = ""
    what: str = ""
    note: str = ""
    url: str = ""
    pk: int | None = None


def user_label(user) -> str:
    if user is None:
        return "—"
    full_name = user.get_full_name()
    return f"{user.get_username()} ({full_name})" if full_name else user.get_username()


class ConflictReport:
    """What changed between the version a refused form was loaded with and the article as it is now.

    Evaluated while the template renders, i.e. after the admin's revision block has closed: comparing stores
    a temporary revision (``revisions.compare_with_current``), which inside that block would be merged into
    the revision of the refused save instead of being rolled back.
    """

    def __init__(self, article_id, conflict, form):
        self.article_id = article_id
        self.conflict = conflict
        self.form = form

    @cached_property
    def _compared(self):
        article = Article.objects.select_related("city").get(pk=self.article_id)
        newer = []
        for version in revisions.versions_of(article):
            stored = version.field_dict.get("version")
            if stored == self.conflict.loaded:
                return article, version, revisions.compare_with_current(version, article), newer
            newer.append(version)
            if stored is not None and stored < self.conflict.loaded:
                break
        return article, None, None, newer

    @property
    def changes(self):
        """Field changes between the loaded and the current version; ``None`` when that version is not stored."""
        return self._compared[2]

    @property
    def saved_by(self) -> list[Row]:
        """Who saved in between, from the revisions newer than the loaded one."""
        article, _version, _changes, newer = self._compared
        return [
            Row(when=zoned(v.revision.date_created, article.city), who=user_label(v.revision.user))
            for v in newer
            if (v.field_dict.get("version") or 0) > self.conflict.loaded
        ]

    @property
    def differing_fields(self) -> list[str]:
        """Without a stored loaded version: the fields where the refused form differs from the saved article."""
        fields = self.form.fields
        return [str(fields[name].label) for name in self.form.changed_data if name in fields and name != "version"]


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # A row of the list never shows the body: do not load thousands of them.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "search_vector", "source_note")


@admin.register(Article)
class ArticleAdmin(ArticleScopeMixin, VersionAdmin):
    list_per_page = 50  # a desk's working list; renders in a fraction of the default 100
    form = ArticleAdminForm
    inlines = (MentionInline,)
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"
    save_as = True
    list_display = (
        "headline",
        "status_badge",
        "desk_city",
        "cities_list",
        "event",
        "published_local",
        "author",
        "tag_list",
    )
    list_select_related = ("city", "event", "author")
    list_filter = (
        "status",
        ("city", admin.RelatedOnlyFieldListFilter),
        ("event", admin.RelatedOnlyFieldListFilter),
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("author", admin.RelatedOnlyFieldListFilter),
        "published_at",
    )
    search_fields = (
        "headline",
        "subtitle",
        "lead",
        "slug",
        "dateline",
        "byline",
        "source_line",
        "city__short_name",
        "tags__name",
    )
    date_hierarchy = "published_at"
    # Drafts (no publication time) first, then the newest, on SQLite and PostgreSQL alike.
    ordering = (F("published_at").desc(nulls_first=True), "-pk")
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("city", "dateline_city", "cities", "event", "pinned_related")
    readonly_fields = (
        "hero_preview",
        "author",
        "status_badge",
        "published_local",
        "created_at",
        "updated_at",
        "view_count",
        "body_html",
    )
    actions = ("submit_selected", "publish_selected", "unpublish_selected", "archive_selected")
    fieldsets = (
        (_("Headline and text"), {"fields": ("headline", "subtitle", "slug", "lead", "body", "version")}),
        (_("Place and dateline"), {"fields": ("dateline_city", "dateline")}),
        (_("Hero image"), {"fields": ("hero_image", "hero_preview", "hero_alt", "hero_caption", "hero_credit")}),
        (
            _("Relations: cities, event, officials, tags"),
            {
                "fields": ("city", "cities", "event", "tags", "pinned_related"),
                "description": _("The officials mentioned are listed below the form."),
            },
        ),
        (_("Source"), {"fields": ("source_line", "byline", "author")}),
        (
            _("Status and publication"),
            {
                "fields": (
                    "status_badge",
                    "published_local",
                    "published_time_known",
                    "created_at",
                    "updated_at",
                    "view_count",
                ),
                "description": _("The status changes only through the buttons of the workflow panel."),
            },
        ),
        SOURCE_NOTES_FIELDSET,
    )

    class Media:
        css = {"all": ("admin_newsroom/admin.css",)}
        js = ("admin_newsroom/workflow.js",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags", "cities")

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if initial.get("city") and "cities" not in initial:
            initial["cities"] = [initial["city"]]  # the desk city is usually a city concerned too
        return initial

    def get_fieldsets(self, request, obj=None):
        if obj is None or self.has_change_permission(request, obj):
            return super().get_fieldsets(request, obj)
        # Read-only: the body as it reads (it is sanitised on every save), no lock version.
        swap = {"body": "body_html", "version": None}
        return [
            (name, {**options, "fields": [swap.get(f, f) for f in options["fields"] if swap.get(f, f)]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "pinned_related":
            # Only articles the user may see, plus those already pinned (so saving never drops them silently).
            choices = Q(pk__in=Article.objects.visible_to(request.user).values("pk"))
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            if object_id:
                choices |= Q(pinned_by__pk=unquote(object_id))
            queryset = Article.objects.filter(choices).distinct().order_by("-published_at", "-pk")
            if object_id:
                queryset = queryset.exclude(pk=unquote(object_id))
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            # A new article, also one saved as a copy of another: the user's own draft, unpublished.
            obj.author = request.user
            obj.status = Article.Status.DRAFT
            obj.published_at = None
            obj.review_note = ""
            obj.version = 0
        super().save_model(request, obj, form, change)
        if not change:
            AuditEntry.record(obj, AuditEntry.Action.CREATE, request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RecordModifiedError:
            # The rare race between the form's version check and the write (SQLite has no row lock).
            messages.error(
                request, _("Someone else saved this article at the same moment; your changes were not saved.")
            )
            return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if obj is not None and obj.pk:
            context.update(self.workflow_context(request, obj))
            if getattr(form, "conflict", None):
                context["conflict"] = ConflictReport(obj.pk, form.conflict, form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, article) -> dict:
        """Everything the workflow, preview and audit panels of the change form show."""
        user = request.user
        city = article.city
        actions = article.available_actions(user)
        buttons = []
        for action in actions:
            if action == "publish":
                # Publishing a live article again would only move its time: offer the schedule form instead.
                if not article.is_published:
                    buttons.append("publish")
                buttons.append("schedule")
            else:
                buttons.append(action)
        schedule_initial = {}
        if article.is_scheduled:
            local = article.local_published_at
            schedule_initial = {"date": local.date(), "time": local.time()}
        links = list(article.preview_links.select_related("created_by"))
        may_revoke_all = self.is_editable(request, article)
        preview_links = [
            {
                "link": link,
                "url": request.build_absolute_uri(link.get_absolute_url()),
                "state_key": "revoked" if link.revoked_at else ("active" if link.is_active else "expired"),
                "state": (_("revoked") if link.revoked_at else (_("active") if link.is_active else _("expired"))),
                "expires": zoned(link.expires_at, city),
                "issued": zoned(link.created_at, city),
                "by": user_label(link.created_by),
                "may_revoke": link.is_active and (may_revoke_all or link.created_by_id == user.pk),
                "revoke_url": self._url("preview_revoke", article.pk, link.pk),
            }
            for link in links
        ]
        audit = [
            Row(
                when=zoned(entry.at, city),
                who=user_label(entry.user),
                what=entry.get_action_display(),
                note=entry.note,
            )
            for entry in article.audit.select_related("user")[:AUDIT_TRAIL_ROWS]
        ]
        forms_for = {
            "send_back": lambda: SendBackForm(prefix="send_back"),
            "correct": lambda: CorrectionForm(prefix="correct"),
            "schedule": lambda: ScheduleForm(city=city, prefix="schedule", initial=schedule_initial),
        }
        return {
            "workflow": {
                "buttons": [
                    {
                        "action": key,
                        "label": TRANSITION_LABELS[key],
                        "url": self._url("transition", article.pk, key),
                        "form": forms_for[key]() if key in forms_for else None,
                        "danger": key in {"unpublish", "archive"},
                    }
                    for key in buttons
                ],
                "zone": city.zone_abbreviation,
                "status": self.status_badge(article),
                "published": zoned(
                    article.published_at, city, time=article.published_time_known or article.is_scheduled
                ),
                "is_scheduled": article.is_scheduled,
                "is_live": article.is_published,
                "review_note": article.review_note if article.status == Article.Status.DRAFT else "",
                "in_review": article.status == Article.Status.REVIEW,
                "editable": self.is_editable(request, article),
                "version": article.version,
                "corrections": [
                    Row(when=zoned(c.created_at, city), who=user_label(c.created_by), note=c.note)
                    for c in article.corrections.select_related("created_by")
                ],
            },
            "preview": {
                "url": article.get_absolute_url(),
                "links": preview_links,
                "form": PreviewLinkForm(prefix="preview"),
                "issue_url": self._url("preview_issue", article.pk),
            },
            "audit_trail": audit,
            "audit_log_url": self._audit_log_url(request, article),
        }

    def _audit_log_url(self, request, article) -> str:
        audit_admin = self.admin_site._registry.get(AuditEntry)
        if audit_admin is None or not audit_admin.has_view_permission(request):
            return ""
        return reverse(f"{self.admin_site.name}:articles_auditentry_changelist") + f"?article__id__exact={article.pk}"

    # --- URLs ----------------------------------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                wrap(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path("<path:object_id>/preview-links/", wrap(self.preview_issue_view), name=f"{prefix}_preview_issue"),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                wrap(self.preview_revoke_view),
                name=f"{prefix}_preview_revoke",
            ),
            path("<path:object_id>/history/compare/", wrap(self.compare_view), name=f"{prefix}_compare"),
            *super().get_urls(),
        ]

    def _url(self, name, *args) -> str:
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
        )

    def _change_url(self, article) -> str:
        return self._url("change", article.pk)

    # --- the workflow: one POST view per verb --------------------------------------------------------------

    def transition_view(self, request, object_id, action):
        """Apply one verb of the workflow to one article; a refused one changes nothing and says why."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in TRANSITION_LABELS:
            raise Http404
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self.missing_object(request, object_id)
        back = HttpResponseRedirect(self._change_url(article))
        if request.POST.get("version") != str(article.version):
            messages.error(
                request,
                _("The article changed after you opened it, so nothing was done. Check it and try again."),
            )
            return back
        form_class = TRANSITION_FORMS.get(action)
        form = None
        if form_class is not None:
            extra = {"city": article.city} if form_class is ScheduleForm else {}
            form = form_class(request.POST, prefix=action, **extra)
            if not form.is_valid():
                for error in form.errors.as_data().values():
                    for message in error:
                        messages.error(request, error_text(message))
                return back
        try:
            if action == "send_back":
                article.send_back(by=request.user, reason=form.cleaned_data["reason"])
            elif action == "schedule":
                article.publish(by=request.user, at=form.cleaned_data["at"])
            elif action == "correct":
                article.correct(by=request.user, note=form.cleaned_data["note"])
            else:
                getattr(article, action)(by=request.user)
        except (TransitionError, PermissionDenied) as error:
            messages.error(request, error_text(error))
            return back
        except RecordModifiedError:
            messages.error(
                request,
                _("The article changed after you opened it, so nothing was done. Check it and try again."),
            )
            return back
        self.message_user(request, self._done_message(article, action), messages.SUCCESS)
        return back

    def _done_message(self, article, action) -> str:
        if action in {"publish", "schedule"}:
            return gettext("“%(headline)s” is published from %(time)s.") % {
                "headline": article.headline,
                "time": zoned(article.published_at, article.city),
            }
        return gettext("“%(headline)s”: %(action)s.") % {
            "headline": article.headline,
            "action": AuditEntry.Action(action).label,
        }

    # --- bulk actions: the verbs, one article at a time ----------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self).delete_selected_articles, name, description)
        editor_cities = self.editor_city_ids(request)
        if editor_cities is not None and not editor_cities:
            # A writer everywhere: only "submit" can ever succeed.
            for name in ("publish_selected", "unpublish_selected", "archive_selected"):
                actions.pop(name, None)
        return actions

    def apply_verb(self, request, queryset, verb, *, skip=None):
        """Call ``verb`` on each selected article; report what was done and, per article, what was refused."""
        done, refused = 0, []
        for article in queryset.select_related("city").order_by("pk"):
            reason = skip(article) if skip else None
            if reason:
                refused.append((article, reason))
                continue
            try:
                getattr(article, verb)(by=request.user)
            except (TransitionError, PermissionDenied, RecordModifiedError) as error:
                refused.append((article, error_text(error)))
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d article: %(action)s.",
                    "%(count)d articles: %(action)s.",
                    done,
                )
                % {"count": done, "action": AuditEntry.Action(verb).label},
                messages.SUCCESS,
            )
        for article, reason in refused[:MAX_FAILURE_MESSAGES]:
            self.message_user(
                request,
                gettext("“%(headline)s” was not changed: %(reason)s")
                % {"headline": article.headline, "reason": reason},
                messages.ERROR,
            )
        if len(refused) > MAX_FAILURE_MESSAGES:
            more = len(refused) - MAX_FAILURE_MESSAGES
            self.message_user(
                request,
                ngettext("%(count)d more article was not changed.", "%(count)d more articles were not changed.", more)
                % {"count": more},
                messages.ERROR,
            )

    @admin.action(description=_("Submit selected articles for review"))
    def submit_selected(self, request, queryset):
        self.apply_verb(request, queryset, "submit")

    @admin.action(description=_("Publish selected articles now"))
    def publish_selected(self, request, queryset):
        # A live article is left as it is: publishing it again would only move its time to now.
        self.apply_verb(
            request,
            queryset,
            "publish",
            skip=lambda article: gettext("it is already published.") if article.is_published else None,
        )

    @admin.action(description=_("Unpublish selected articles"))
    def unpublish_selected(self, request, queryset):
        self.apply_verb(request, queryset, "unpublish")

    @admin.action(description=_("Archive selected articles"))
    def archive_selected(self, request, queryset):
        self.apply_verb(request, queryset, "archive")

    def delete_selected_articles(self, request, queryset):
        """Django's "delete selected", refused as a whole when any selected article is not the user's to delete."""
        refused = list(queryset.exclude(pk__in=self.editable_only(request, queryset).values("pk"))[:100])
        if refused:
            for article in refused[:MAX_FAILURE_MESSAGES]:
                self.message_user(
                    request,
                    gettext("“%(headline)s” was not changed: %(reason)s")
                    % {"headline": article.headline, "reason": gettext("You are not allowed to do this.")},
                    messages.ERROR,
                )
            self.message_user(request, gettext("Nothing was deleted."), messages.ERROR)
            return None
        return django_delete_selected(self, request, queryset)

    # --- deletion keeps a revision (to recover from) and an audit entry ------------------------------------

    def _record_deletion(self, request, article) -> None:
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_user(request.user)
            reversion.set_comment(str(AuditEntry.Action.DELETE.label))
        AuditEntry.record(article, AuditEntry.Action.DELETE, request.user)

    def delete_model(self, request, obj):
        with transaction.atomic():
            self._record_deletion(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for article in queryset:
                self._record_deletion(request, article)
            super().delete_queryset(request, queryset)

    # --- changelist: no revision around the whole list -----------------------------------------------------

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin would wrap the list in one revision, merging the revisions that the verbs of a bulk
        # action store per article into a single one.
        context = {"may_recover": self.has_recover_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)

    # --- revisions: history, one revision, compare, restore ------------------------------------------------

    def _visible_or_missing(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return None, self.missing_object(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article, None

    def history_view(self, request, object_id, extra_context=None):
        """The stored revisions of an article (who, when, comment), to open, compare and restore."""
        article, missing = self._visible_or_missing(request, object_id)
        if missing:
            return missing
        versions = list(revisions.versions_of(article)[:200])
        rows = [
            Row(
                pk=version.pk,
                when=zoned(version.revision.date_created, article.city),
                who=user_label(version.revision.user),
                what=version.revision.get_comment(),
                url=self._url("revision", article.pk, version.pk),
            )
            for version in versions
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revisions: %s") % article,
            "subtitle": None,
            "object": article,
            "opts": self.opts,
            "rows": rows,
            "compare_url": self._url("compare", article.pk),
            "module_name": str(self.opts.verbose_name_plural).capitalize(),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def _version_of(self, article, version_id):
        return revisions.versions_of(article).filter(pk=version_id).first()

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """One revision compared with the article as it is now; POST restores it."""
        article, missing = self._visible_or_missing(request, object_id)
        if missing:
            return missing
        version = self._version_of(article, version_id)
        if version is None:
            raise Http404
        if request.method == "POST":
            return self._restore(request, article, version)
        changes = revisions.compare_with_current(version, article)
        return self._render_compare(
            request,
            article,
            title=_("Revision of %(time)s compared with the current article")
            % {"time": zoned(version.revision.date_created, article.city)},
            old=version,
            new=None,
            changes=changes,
            restore_version=version if self.is_editable(request, article) else None,
            extra_context=extra_context,
        )

    def compare_view(self, request, object_id):
        """Two revisions of one article side by side, older first."""
        article, missing = self._visible_or_missing(request, object_id)
        if missing:
            return missing
        ids = [request.GET.get("old"), request.GET.get("new")]
        if not all(value and value.isdigit() for value in ids):
            raise Http404
        found = {v.pk: v for v in revisions.versions_of(article).filter(pk__in=ids)}
        if len(found) != len(set(ids)) or len(found) < 2:
            raise Http404
        old, new = sorted(found.values(), key=lambda v: (v.revision.date_created, v.pk))
        return self._render_compare(
            request,
            article,
            title=_("Changes between two revisions"),
            old=old,
            new=new,
            changes=revisions.compare(old, new),
            restore_version=old if self.is_editable(request, article) else None,
        )

    def _render_compare(self, request, article, *, title, old, new, changes, restore_version, extra_context=None):
        def describe(version):
            if version is None:
                return Row(when=_("now"), what=_("current article"))
            return Row(
                when=zoned(version.revision.date_created, article.city),
                who=user_label(version.revision.user),
                what=version.revision.get_comment(),
            )

        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(article),
            "object": article,
            "opts": self.opts,
            "old": describe(old),
            "new": describe(new),
            "changes": changes,
            "restore_url": (self._url("revision", article.pk, restore_version.pk) if restore_version else ""),
            "restore_when": describe(restore_version).when if restore_version else "",
            "history_url": self._url("history", article.pk),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_compare.html", context)

    def _restore(self, request, article, version):
        try:
            revisions.restore(version, by=request.user)
        except PermissionDenied:
            messages.error(request, gettext("You are not allowed to do this."))
        except (RevertError, IntegrityError) as error:
            messages.error(request, _("This revision could not be restored: %(error)s") % {"error": error})
        else:
            self.message_user(
                request,
                _("Restored the revision of %(time)s; the restore is a new revision.")
                % {"time": zoned(version.revision.date_created, article.city)},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(article))

    # --- recovering deleted articles -----------------------------------------------------------------------

    def has_recover_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def recoverable_versions(self, request):
        """The last stored version of each deleted article whose desk city is one of the user's editor cities."""
        city_ids = self.editor_city_ids(request)
        deleted = Version.objects.get_deleted(Article).select_related("revision__user").order_by("-pk")
        return [v for v in deleted if city_ids is None or v.field_dict.get("city_id") in city_ids]

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        cities = City.objects.in_bulk()
        rows = []
        for version in self.recoverable_versions(request):
            city = cities.get(version.field_dict.get("city_id"))
            rows.append(
                Row(
                    pk=version.pk,
                    when=zoned(version.revision.date_created, city),
                    who=user_label(version.revision.user),
                    what=version.object_repr,
                    note=city.short_name if city else "",
                    url=self._url("recover", version.pk),
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recover deleted articles"),
            "opts": self.opts,
            "rows": rows,
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/recover_list.html", context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = next((v for v in self.recoverable_versions(request) if v.pk == int(version_id)), None)
        if version is None:
            raise Http404
        if request.method == "POST":
            return self._recover(request, version)
        city = City.objects.filter(pk=version.field_dict.get("city_id")).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Recover “%(headline)s”") % {"headline": version.object_repr},
            "opts": self.opts,
            "deleted": Row(
                when=zoned(version.revision.date_created, city),
                who=user_label(version.revision.user),
                what=version.revision.get_comment(),
            ),
            "fields": [
                (revisions._label(name), value) for name, value in revisions.readable_fields(version).items() if value
            ],
            "recover_url": self._url("recover", version.pk),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/recover_form.html", context)

    def _recover(self, request, version):
        article_id = int(version.object_id)
        try:
            with transaction.atomic(), reversion.create_revision():
                # Only this article and the rows that follow it (mentions, tags), not the rest of its revision.
                version.revert()
                for related in version.revision.version_set.exclude(pk=version.pk):
                    data = related.field_dict
                    if article_id in (data.get("article_id"), data.get("content_object_id")):
                        related.revert()
                # The one rule decides, on the recovered row; refused, everything above is rolled back.
                if not Article.objects.editable_by(request.user).filter(pk=article_id).exists():
                    raise PermissionDenied
                article = Article.objects.get(pk=article_id)
                article.save()
                reversion.set_user(request.user)
                reversion.set_comment(str(AuditEntry.Action.RECOVER.label))
                AuditEntry.record(article, AuditEntry.Action.RECOVER, request.user)
        except PermissionDenied:
            messages.error(request, gettext("You are not allowed to do this."))
            return HttpResponseRedirect(self._url("recoverlist"))
        except (RevertError, IntegrityError, ValidationError) as error:
            messages.error(request, _("This article could not be recovered: %(error)s") % {"error": error})
            return HttpResponseRedirect(self._url("recoverlist"))
        self.message_user(
            request,
            _("“%(headline)s” was recovered with the status it had.") % {"headline": article.headline},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._change_url(article))

    # --- preview links -------------------------------------------------------------------------------------

    def preview_issue_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self.missing_object(request, object_id)
        form = PreviewLinkForm(request.POST, prefix="preview")
        if not form.is_valid():
            for error in form.errors.as_data().values():
                for message in error:
                    messages.error(request, error_text(message))
        else:
            try:
                link = PreviewLink.issue(
                    article, by=request.user, recipient=form.cleaned_data["recipient"], days=form.cleaned_data["days"]
                )
            except PermissionDenied as error:
                messages.error(request, error_text(error))
            else:
                self.message_user(
                    request,
                    _("Preview link issued, valid until %(time)s: %(url)s")
                    % {
                        "time": zoned(link.expires_at, article.city),
                        "url": request.build_absolute_uri(link.get_absolute_url()),
                    },
                    messages.SUCCESS,
                )
        return HttpResponseRedirect(self._change_url(article) + "#preview-links")

    def preview_revoke_view(self, request, object_id, link_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self.missing_object(request, object_id)
        link = article.preview_links.filter(pk=link_id).first()
        if link is None:
            raise Http404
        # Whoever issued the link, or anyone who may change the article.
        if link.created_by_id != request.user.pk and not self.is_editable(request, article):
            messages.error(request, gettext("You are not allowed to do this."))
        else:
            link.revoke(by=request.user)
            self.message_user(request, _("The preview link was revoked."), messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(article) + "#preview-links")

    # --- columns and read-only fields ----------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        if obj.is_scheduled:
            key, label = "scheduled", _("scheduled")
        else:
            key, label = obj.status, obj.get_status_display()
        return format_html(
            '<span class="newsroom-status newsroom-status-{}" style="{};padding:2px 8px;border-radius:10px;'
            'font-size:0.85em;white-space:nowrap">{}</span>',
            key,
            STATUS_BADGE_STYLE.get(key, ""),
            label,
        )

    @admin.display(description=_("desk city"), ordering="city__short_name")
    def desk_city(self, obj):
        return obj.city.short_name

    @admin.display(description=_("cities concerned"))
    def cities_list(self, obj):
        return ", ".join(city.short_name for city in obj.cities.all())

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    @admin.display(description=_("published (desk city time)"), ordering="published_at")
    def published_local(self, obj):
        local = obj.local_published_at if obj and obj.city_id else None
        if local is None:
            return self.get_empty_value_display()
        return zoned(obj.published_at, obj.city, time=obj.published_time_known)

    @admin.display(description=_("current hero image"))
    def hero_preview(self, obj):
        return image_preview(obj.hero_image if obj else None, obj.hero_alt if obj else "")

    @admin.display(description=_("body"))
    def body_html(self, obj):
        # Cleaned against the allow-list of articles.sanitize on every save.
        return mark_safe(f'<div class="newsroom-body">{obj.body}</div>')  # noqa: S308

    def view_on_site(self, obj):
        # Drafts and scheduled articles answer 404 on the site; staff reach them through "Pratinjau".
        return obj.get_absolute_url() if obj.is_published else None


# --- Audit log --------------------------------------------------------------------------------------------


@admin.register(AuditEntry)
class AuditEntryAdmin(CityScopedAdminMixin, admin.ModelAdmin):
    """Who did what to which article: read-only, for city admins (their cities) and superusers."""

    city_scope_roles = (Role.ADMIN,)
    list_display = ("at_local", "action", "article_link", "city", "user", "note")
    list_select_related = ("city", "user", "article")
    list_filter = (
        "action",
        ("city", admin.RelatedOnlyFieldListFilter),
        ("user", admin.RelatedOnlyFieldListFilter),
        "at",
    )
    search_fields = ("headline", "note", "user__username")
    date_hierarchy = "at"
    fields = ("at_local", "action", "article_link", "headline", "city", "user", "note")
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # The link from an article's audit trail filters by that article.
        return lookup == "article__id__exact" or super().lookup_allowed(lookup, value, request)

    def _is_city_admin(self, request) -> bool:
        return request.user.is_superuser or bool(city_ids_for(request, roles=[Role.ADMIN]))

    def has_module_permission(self, request):
        return self._is_city_admin(request)

    def has_view_permission(self, request, obj=None):
        # The roles grant no permission on the log: city admins read it, in their cities (get_queryset).
        return request.user.is_active and request.user.is_staff and self._is_city_admin(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("time (city's zone)"), ordering="at")
    def at_local(self, obj):
        return zoned(obj.at, obj.city)

    @admin.display(description=_("article"), ordering="headline")
    def article_link(self, obj):
        if obj.article_id is None:
            return obj.headline
        url = reverse(f"{self.admin_site.name}:articles_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.headline)


# --- Staff: accounts and memberships ----------------------------------------------------------------------


#: What a city admin may give: the superuser appoints city admins.
CITY_ADMIN_GRANTS = (Role.PENULIS, Role.REDAKTUR)


def staff_visible_to_city_admin(request):
    """Users a city admin sees: staff of their cities, and staff not yet in any city; never superusers."""
    city_ids = city_ids_for(request, roles=[Role.ADMIN])
    return (
        User._default_manager.filter(is_superuser=False)
        .filter(Q(memberships__city__in=city_ids) | Q(is_staff=True, memberships__isnull=True))
        .distinct()
    )


@admin.register(Membership)
class MembershipAdmin(CityScopedAdminMixin, admin.ModelAdmin):
    """A city admin manages the writer and editor roles of their own city; a superuser every role of every city."""

    city_scope_roles = (Role.ADMIN,)
    list_display = ("user", "city", "role")
    list_filter = ("role", ("city", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("user", "city")
    search_fields = ("user__username", "user__first_name", "user__last_name", "user__email", "city__short_name")
    autocomplete_fields = ("city",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            users = User._default_manager.order_by("username")
            if not request.user.is_superuser:
                users = staff_visible_to_city_admin(request).filter(is_active=True).order_by("username")
            kwargs["queryset"] = users
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(role.value, role.label) for role in CITY_ADMIN_GRANTS]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def _may_manage(self, request, obj) -> bool:
        # City admins are appointed (and removed) by a superuser.
        return request.user.is_superuser or obj is None or obj.role in CITY_ADMIN_GRANTS

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)

    def save_model(self, request, obj, form, change):
        previous_user_id = form.initial.get("user") if change else None
        super().save_model(request, obj, form, change)
        sync_user_role_groups(obj.user)
        if previous_user_id and previous_user_id != obj.user_id:
            sync_user_role_groups(User._default_manager.get(pk=previous_user_id))

    def delete_model(self, request, obj):
        user = obj.user
        super().delete_model(request, obj)
        sync_user_role_groups(user)

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.filter(role__in=CITY_ADMIN_GRANTS)
        users = list(User._default_manager.filter(memberships__in=queryset).distinct())
        super().delete_queryset(request, queryset)
        for user in users:
            sync_user_role_groups(user)


class CityStaffCreationForm(UserCreationForm):
    """A new staff account of one city with one role: staff status and that role's group, nothing else."""

    city = forms.ModelChoiceField(label=capfirst(_("city")), queryset=City.objects.none())
    role = forms.ChoiceField(
        label=capfirst(_("role")), choices=[(role.value, role.label) for role in CITY_ADMIN_GRANTS]
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def __init__(self, *args, city_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        cities = City.objects.all() if city_ids is None else City.objects.filter(pk__in=city_ids)
        self.fields["city"].queryset = cities
        if len(city_ids or ()) == 1:
            self.fields["city"].initial = next(iter(city_ids))


class CityStaffChangeForm(forms.ModelForm):
    """What a city admin may change on a staff account of their city."""

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "is_active")

    def __init__(self, *args, request_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user

    def clean_is_active(self):
        is_active = self.cleaned_data.get("is_active")
        if not is_active and self.request_user is not None and self.instance.pk == self.request_user.pk:
            raise ValidationError(_("You cannot deactivate your own account."), code="self_deactivation")
        return is_active


class StaffUserAdmin(UserAdmin):
    """User accounts. A superuser has Django's full user admin; a city admin (admin kota) manages the staff of
    their own cities: creates writers and editors, edits names and e-mail, resets passwords, deactivates.

    A city admin sees only accounts with a role in one of their cities, and changes only those held wholly
    there as writer or editor, with no extra permissions. They cannot grant staff or superuser status, groups or
    permissions (a new account gets exactly its role's group), and cannot delete accounts.
    """

    list_display = ("username", "full_name", "email", "city_roles", "is_active", "last_login")
    actions = ("deactivate_selected",)

    def _city_admin_ids(self, request) -> set[int]:
        return city_ids_for(request, roles=[Role.ADMIN])

    def _is_city_admin(self, request) -> bool:
        return not request.user.is_superuser and bool(self._city_admin_ids(request))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        memberships = Membership.objects.select_related("city").order_by("city__short_name")
        if not request.user.is_superuser:
            city_ids = self._city_admin_ids(request)
            queryset = queryset.filter(
                pk__in=Membership.objects.filter(city__in=city_ids).values("user"), is_superuser=False
            )
            # Their roles elsewhere are none of this city's business.
            memberships = memberships.filter(city__in=city_ids)
        return queryset.prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="shown_memberships"))

    # Permissions: the roles grant none on users, so a city admin's come from their memberships.

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self._is_city_admin(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self._is_city_admin(request)

    def has_add_permission(self, request):
        return super().has_add_permission(request) if request.user.is_superuser else self._is_city_admin(request)

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return super().has_change_permission(request, obj)
        if not self._is_city_admin(request):
            return False
        if obj is None or obj.pk == request.user.pk:
            return True
        if obj.is_superuser or obj.user_permissions.exists():
            return False
        if obj.groups.exclude(name__in=GROUP_NAMES.values()).exists():
            return False
        memberships = Membership.objects.filter(user=obj)
        held_elsewhere = memberships.exclude(city__in=self._city_admin_ids(request), role__in=CITY_ADMIN_GRANTS)
        return memberships.exists() and not held_elsewhere.exists()

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            fieldsets = super().get_fieldsets(request, obj)
            return fieldsets if obj is None else (*fieldsets, (_("City and role"), {"fields": ("city_roles",)}))
        if obj is None:
            return (
                (None, {"fields": ("username", "password1", "password2")}),
                (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
                (_("City and role"), {"fields": ("city", "role")}),
            )
        return (
            (None, {"fields": ("username", "password_link")}),
            (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
            (_("City and role"), {"fields": ("city_roles", "is_active")}),
            (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ("city_roles",) if obj else ()
        return ("username", "password_link", "city_roles", "last_login", "date_joined") if obj else ()

    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            return super().get_form(request, obj, **kwargs)
        if obj is None:
            city_ids = self._city_admin_ids(request)

            class Form(CityStaffCreationForm):
                def __init__(self, *args, **kw):
                    super().__init__(*args, city_ids=city_ids, **kw)

        else:
            request_user = request.user

            class Form(CityStaffChangeForm):
                def __init__(self, *args, **kw):
                    super().__init__(*args, request_user=request_user, **kw)

        kwargs["form"] = Form
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return (*super().get_list_filter(request), "memberships__role")
        return ("is_active", "memberships__role", ("memberships__city", admin.RelatedOnlyFieldListFilter))

    def save_model(self, request, obj, form, change):
        if change or request.user.is_superuser:
            super().save_model(request, obj, form, change)
            return
        # A city admin's new account: staff of one city in one role, and nothing more.
        obj.is_staff = True
        obj.is_superuser = False
        super().save_model(request, obj, form, change)
        Membership.objects.create(user=obj, city=form.cleaned_data["city"], role=form.cleaned_data["role"])
        sync_user_role_groups(obj)

    @admin.action(description=_("Deactivate selected staff accounts"))
    def deactivate_selected(self, request, queryset):
        done = 0
        for user in queryset.filter(is_active=True):
            if user.pk == request.user.pk or not self.has_change_permission(request, user):
                self.message_user(
                    request,
                    gettext("“%(headline)s” was not changed: %(reason)s")
                    % {"headline": user.get_username(), "reason": gettext("You are not allowed to do this.")},
                    messages.ERROR,
                )
                continue
            user.is_active = False
            user.save(update_fields=["is_active"])
            done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", done) % {"count": done},
                messages.SUCCESS,
            )

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("cities and roles"))
    def city_roles(self, obj):
        memberships = getattr(obj, "shown_memberships", None)
        if memberships is None:
            memberships = list(obj.memberships.select_related("city"))
        return format_html_join(", ", "{} ({})", ((m.city.short_name, m.get_role_display()) for m in memberships))

    @admin.display(description=_("password"))
    def password_link(self, obj):
        url = reverse(f"{self.admin_site.name}:auth_user_password_change", args=[quote(str(obj.pk))])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Set a new password"))


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, StaffUserAdmin)
