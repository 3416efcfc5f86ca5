"""The article admin: the declarative configuration of the desk's main screen.

The doors are scoped by ``scope.ArticleScopeMixin``; the workflow panel, preview links and revisions are
mixins of their own (``workflow``, ``previews``, ``history``).
"""

from concurrency.exceptions import RecordModifiedError
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.db.models import F, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.admin import VersionAdmin

from cities.localtime import format_local, local_day
from cities.scoping import city_ids_for
from core.admin import SOURCE_NOTES_FIELDSET, BoundedSearchMixin, ParentPermissionInlineMixin
from images.admin import SaveFailureAdminMixin, image_preview

from .. import workflow
from ..forms import ArticleAdminForm, describe_save_failure
from ..models import Article, AuditEntry, Mention
from ..spam import describe
from .display import Row, status_badge, user_label
from .editing import EditingAdminMixin
from .filters import AuthorFilter, CityFilter, EventFilter, HeldFilter, TagFilter
from .history import ConflictReport, HistoryAdminMixin
from .previews import PreviewLinksAdminMixin
from .scope import ArticleScopeMixin
from .workflow import WorkflowAdminMixin

#: Audit entries shown on an article's page (the audit log has them all).
AUDIT_TRAIL_ROWS = 50


class MentionInline(ParentPermissionInlineMixin, admin.TabularInline):
    model = Mention
    fields = ("official", "position", "order")
    autocomplete_fields = ("official", "position")
    extra = 0
    verbose_name = _("official mentioned")
    verbose_name_plural = _("officials mentioned")


class ArticleChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # A row of the list never shows the body: do not load thousands of them.
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer("body", "search_vector", "source_note")


@admin.register(Article)
class ArticleAdmin(
    SaveFailureAdminMixin,
    BoundedSearchMixin,
    ArticleScopeMixin,
    WorkflowAdminMixin,
    EditingAdminMixin,
    PreviewLinksAdminMixin,
    HistoryAdminMixin,
    VersionAdmin,
):
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
        "event",
        "published_local",
        "author",
    )
    list_select_related = ("city", "event", "author")
    list_filter = (
        "status",
        HeldFilter,
        CityFilter,
        EventFilter,
        TagFilter,
        AuthorFilter,
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
        js = ("admin_newsroom/workflow.js", "admin_newsroom/editing.js")

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
            # A new article, also one saved as a copy of another: the user's own draft, unpublished, unchecked.
            obj.author = request.user
            obj.status = Article.Status.DRAFT
            obj.published_at = None
            obj.review_note = ""
            obj.version = 0
            obj.held_at, obj.held_reasons, obj.cleared_reasons, obj.released_digest = None, [], [], ""
        # The spam check reads the body as submitted: saving cleans away the styles that hide text.
        found = obj.screen(tags=form.cleaned_data.get("tags"))
        super().save_model(request, obj, form, change)
        if not change:
            workflow.record_created(obj, request.user)
        if getattr(form, "slug_taken", ""):
            messages.info(
                request,
                gettext("The address “%(typed)s” was already in use, so this article’s address is “%(slug)s”.")
                % {"typed": form.slug_taken, "slug": obj.slug},
            )
        if found:
            workflow.record_hold(obj, found, by=request.user)
            messages.warning(
                request,
                gettext(
                    "“%(headline)s” is on hold after the spam check and is not shown on the site until a redaktur "
                    "of %(city)s releases it: %(reasons)s"
                )
                % {"headline": obj.headline, "city": obj.city.short_name, "reasons": describe(found)},
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A position named that the official did not hold on the article's day is allowed (a source may print a
        # former title) but is worth a second look: the page prints it beside the name.
        article = form.instance
        day = article.local_date or local_day(timezone.now(), article.city)
        for mention in article.mentions.select_related("official", "position__city"):
            if not mention.named_position_held_on(day):
                messages.warning(
                    request,
                    gettext(
                        "%(official)s did not hold the position “%(position)s” on %(day)s, the article’s date. "
                        "Check the position as named, or leave it empty for the one held that day."
                    )
                    % {
                        "official": mention.official.full_name,
                        "position": mention.position.display_title,
                        "day": date_format(day, "DATE_FORMAT"),
                    },
                )

    def describe_save_failure(self, error):
        # The database's refusals too: another save took the same slug a moment earlier, the database stayed busy.
        return describe_save_failure(error)

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
            context.update(
                workflow=self.workflow_panel(request, obj),
                preview=self.preview_panel(request, obj),
                audit_trail=self.audit_trail(obj),
                audit_log_url=self.audit_log_url(request, obj),
            )
            if getattr(form, "conflict", None):
                context["conflict"] = ConflictReport(obj.pk, form.conflict, form)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def audit_trail(self, article) -> list[Row]:
        city = article.city
        return [
            Row(
                when=format_local(entry.at, city),
                who=user_label(entry.user),
                what=entry.get_action_display(),
                note=entry.note,
            )
            for entry in article.audit.select_related("user")[:AUDIT_TRAIL_ROWS]
        ]

    def audit_log_url(self, request, article) -> str:
        try:
            audit_admin = self.admin_site.get_model_admin(AuditEntry)
        except NotRegistered:
            return ""
        if not audit_admin.has_view_permission(request):
            return ""
        return self.admin_url("changelist", model=AuditEntry) + f"?article__id__exact={article.pk}"

    # --- URLs ----------------------------------------------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            *self.workflow_urls(prefix),
            *self.editing_urls(prefix),
            *self.preview_urls(prefix),
            *self.history_urls(prefix),
            *super().get_urls(),
        ]

    def admin_url(self, name, *args, model=None) -> str:
        """The address of one of this admin's views (or ``model``'s), e.g. ``admin_url("change", pk)``."""
        opts = (model or self.model)._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (type(self).delete_selected_articles, name, description)
        actions.update(self.workflow_actions(request))
        return actions

    def changelist_view(self, request, extra_context=None):
        # VersionAdmin would wrap the list in one revision, merging the revisions that the verbs of a bulk
        # action store per article into a single one.
        context = {"may_recover": self.has_recover_permission(request), **(extra_context or {})}
        return admin.ModelAdmin.changelist_view(self, request, context)

    # --- columns and read-only fields ----------------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        # The spam hold beside the state, not in a column of its own: the list must fit a 1,366 px screen.
        if not obj.is_held:
            return status_badge(obj)
        return format_html(
            '{} <span class="newsroom-held" title="{}">{}</span>',
            status_badge(obj),
            describe(obj.hold_reasons),
            gettext("on hold"),
        )

    @admin.display(description=_("desk city"), ordering="city__short_name")
    def desk_city(self, obj):
        return obj.city.short_name

    def get_list_display(self, request):
        # The list must fit a 1,366 px screen beside the menu and the filters: the desk city only where there
        # is a choice of them; the cities concerned and the tags are filters, and shown on each article.
        columns = super().get_list_display(request)
        if not request.user.is_superuser and len(city_ids_for(request)) <= 1:
            columns = [column for column in columns if column != "desk_city"]
        return columns

    @admin.display(description=_("published"), ordering="published_at")
    def published_local(self, obj):
        local = obj.local_published_at if obj and obj.city_id else None
        if local is None:
            return self.get_empty_value_display()
        return format_local(obj.published_at, obj.city, time=obj.published_time_known)

    @admin.display(description=_("current hero image"))
    def hero_preview(self, obj):
        return image_preview(obj.hero_image if obj else None, obj.hero_alt if obj else "")

    @admin.display(description=_("body"))
    def body_html(self, obj):
        return format_html('<div class="newsroom-body">{}</div>', obj.safe_body)

    def view_on_site(self, obj):
        # Drafts and scheduled articles answer 404 on the site; staff reach them through "Pratinjau".
        return obj.get_absolute_url() if obj.is_published else None
