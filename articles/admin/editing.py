"""Safety while an article's form is open: nothing typed is lost, and nobody overwrites a colleague unseen.

- **Autosave.** While the form is open the page sends what is typed, when it changed, every
  ``AUTOSAVE_SECONDS`` (``autosave_view``) into the user's own slot, ``AutosavedDraft``; never into the article.
  Opening the form again offers the slot back (filled into the form by the server, ``?autosave=restore``, with
  the lock version the text was typed on) or to discard it. A save of the form empties the slot, and the page
  that saved can no longer fill it again (the page is marked closed in the cache).
- **Presence.** The page says every ``PRESENCE_SECONDS`` that its user has the article open
  (``presence_view``); the ``shared`` cache (Redis, or files on one machine: every worker sees it) keeps
  who, for a short while, and the form names the others. A heartbeat is not activity: it leaves the session's
  idle clock alone.
- **A refused save, merged.** A save based on an older version is refused (``ArticleAdminForm.clean``); the
  form then comes back merged against the article as it is now: what only the other side changed is taken
  from the saved article, what only this user changed stays theirs, and what both changed is named. The
  form carries the version it was merged against, so saving it again never silently undoes the other save,
  and a save based on anything older is refused again.
"""

import dataclasses
import json
import secrets
import time
import zoneinfo
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.contrib.admin.utils import unquote
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse, QueryDict
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from cities.models import City, TimeZone

from ..models import Article, AutosavedDraft, TaggedArticle
from ..sanitize import clean_html
from .display import user_label

#: How often an open form sends what changed, and how often it says it is still open (seconds).
AUTOSAVE_SECONDS = 20
PRESENCE_SECONDS = 30
#: A random name for one page of the form, posted with its save and every autosave it sends.
PAGE_FIELD = "_editing_page"
RESTORE_PARAMETER = "autosave"


def autosave_seconds() -> int:
    return getattr(settings, "NEWSROOM_AUTOSAVE_SECONDS", AUTOSAVE_SECONDS)


def presence_seconds() -> int:
    return getattr(settings, "NEWSROOM_PRESENCE_SECONDS", PRESENCE_SECONDS)


def _closed_key(page: str) -> str:
    return f"articles:autosave-closed:{page}"


def _presence_key(article_id) -> str:
    return f"articles:editing:{article_id}"


# --- presence --------------------------------------------------------------------------------------------------


def others_editing(article_id, user, *, here: bool) -> list[str]:
    """Who else has the article open, by name; ``here``: record that ``user`` has it open, for a while.

    One cache entry per article, ``{user id: (name, until)}``: a page whose heartbeats stop drops out by itself,
    and a heartbeat lost to a concurrent write comes back with the next one.
    """
    key, now, lifetime = _presence_key(article_id), time.time(), presence_seconds() * 2 + 10
    entries = {uid: entry for uid, entry in (caches["shared"].get(key) or {}).items() if entry[1] > now}
    if here:
        entries[user.pk] = (user_label(user), now + lifetime)
        caches["shared"].set(key, entries, lifetime)
    return sorted(name for uid, (name, _until) in entries.items() if uid != user.pk)


def presence_message(names: list[str]) -> str:
    if not names:
        return ""
    return ngettext("%(names)s is editing this article.", "%(names)s are editing this article.", len(names)) % {
        "names": ", ".join(names)
    }


# --- autosave ---------------------------------------------------------------------------------------------------


def _inner(widget):
    """The widget under the admin's related-object wrapper."""
    return getattr(widget, "widget", widget)


def _saved_time(slot: AutosavedDraft) -> str:
    """When the slot was saved, on the clock of the desk city it was typed for: "14.30 WIB"."""
    zone = slot.time_zone or settings.TIME_ZONE
    local = timezone.localtime(slot.saved_at, zoneinfo.ZoneInfo(zone))
    label = TimeZone(zone).label if zone in TimeZone.values else ""
    return f"{formats.time_format(local, 'TIME_FORMAT')} {label}".strip()


def restored_initial(form_class, slot: AutosavedDraft) -> dict:
    """The slot as the initial values of ``form_class``, field by field as the page sent them."""
    data = QueryDict(mutable=True)
    for name, values in slot.data.items():
        data.setlist(name, [str(value) for value in values])
    initial = {}
    for name, field in form_class.base_fields.items():
        widget = _inner(field.widget)
        if name == "version" or isinstance(field, forms.FileField):
            continue
        # A page sends no unticked box and no empty multiple choice: those are absent, not missing.
        if name not in data and not isinstance(widget, forms.CheckboxInput | forms.SelectMultiple):
            continue
        value = field.widget.value_from_datadict(data, {}, name)
        if isinstance(field, forms.JSONField):
            try:
                value = json.loads(value) if value else None
            except ValueError:
                value = forms.fields.InvalidJSONInput(value)
        initial[name] = value
    if slot.version is not None:
        initial["version"] = slot.version
    return initial


# --- merging a refused save -------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Merge:
    """What a merge did to a refused form: fields taken from the saved article, fields both sides changed."""

    taken: list[str]
    both: list[str]


def _form_data(form, values: dict) -> QueryDict:
    """``values`` (by field name: model values) as the form's page would post them."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        field = form.fields[name]
        if isinstance(_inner(field.widget), forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif name == "tags":
            data[name] = field.widget.format_value([SimpleNamespace(name=tag) for tag in value]) or ""
        elif isinstance(value, list | tuple | set):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(field, forms.JSONField):
            data[name] = json.dumps(value)
        else:
            data[name] = "" if value is None else str(value)
    return data


def _values(names, stored: dict, tags) -> dict:
    """Model values of the form's fields, from ``stored`` (by attribute name, as a revision keeps them)."""
    values = {}
    for name in names:
        if name == "tags":
            values[name] = list(tags)
            continue
        field = Article._meta.get_field(name)
        values[name] = stored.get(name if field.many_to_many else field.attname)
    return values


def _comparable(form, name, raw):
    """A raw value of the form's field ``name``, in the form in which two values mean the same thing."""
    field = form.fields[name]
    widget = _inner(field.widget)
    if isinstance(widget, forms.CheckboxInput):
        return bool(raw)
    if isinstance(widget, forms.SelectMultiple):
        return sorted(str(item) for item in raw or [])
    if name == "tags":
        try:
            return sorted(tag.casefold() for tag in field.clean(raw))
        except ValidationError:
            return raw
    if isinstance(field, forms.JSONField):
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw
    text = " ".join(str(raw or "").replace("\r\n", "\n").split())
    if name == "body":
        # The editor writes the stored HTML back a little differently: compare what a save would keep.
        return " ".join(clean_html(text).split())
    return text


def merge_refused_form(form, report) -> Merge | None:
    """Merge a form refused as stale with the article as it is now (see the module's docstring).

    ``report`` is the conflict report of the refused save; ``None`` when the version the form was loaded with
    is not stored (nothing to merge against: the report lists the fields that differ).
    """
    loaded, current = report.loaded_version, report.current
    if loaded is None:
        return None
    model_fields = {field.name for field in Article._meta.get_fields()}
    names = [
        name
        for name, field in form.fields.items()
        if name in model_fields and name != "version" and not isinstance(field, forms.FileField)
    ]
    tag_ids = [
        v.field_dict["tag_id"]
        for v in loaded.revision.version_set.all()
        if v.content_type.model_class() is TaggedArticle and v.field_dict.get("content_object_id") == current.pk
    ]
    loaded_tags = TaggedArticle.tag_model().objects.filter(pk__in=tag_ids).values_list("name", flat=True)
    current_tags = [tag.name for tag in current.tags.all()]
    current_stored = {field.attname: getattr(current, field.attname) for field in Article._meta.concrete_fields}
    for name in names:
        field = Article._meta.get_field(name)
        if field.many_to_many and name != "tags":
            current_stored[name] = list(getattr(current, name).values_list("pk", flat=True))
    base = _form_data(form, _values(names, loaded.field_dict, loaded_tags))
    theirs = _form_data(form, _values(names, current_stored, current_tags))
    data = form.data.copy()
    taken, both = [], []
    for name in names:
        widget = form.fields[name].widget
        key = form.add_prefix(name)
        was, now = (_comparable(form, name, widget.value_from_datadict(d, {}, name)) for d in (base, theirs))
        mine = _comparable(form, name, widget.value_from_datadict(form.data, form.files, key))
        if was == now or mine == now:
            continue  # nobody else changed it, or both made the same change
        label = str(form.fields[name].label or name)
        if mine == was:
            data.setlist(key, theirs.getlist(name))
            taken.append(label)
        else:
            both.append(label)
    data[form.add_prefix("version")] = str(current.version)
    form.data = data
    return Merge(taken=taken, both=both)


# --- the admin ---------------------------------------------------------------------------------------------------


class EditingAdminMixin:
    """Autosave and its recovery, presence, and the merge of a refused save, on the article's change form."""

    def editing_urls(self, prefix: str) -> list:
        return [
            path("autosave/", self.admin_site.admin_view(self.autosave_view), name=f"{prefix}_autosave_new"),
            path(
                "<path:object_id>/autosave/", self.admin_site.admin_view(self.autosave_view), name=f"{prefix}_autosave"
            ),
            path(
                "<path:object_id>/presence/", self.admin_site.admin_view(self.presence_view), name=f"{prefix}_presence"
            ),
        ]

    # --- the article a request is about, as the user may use it --------------------------------------------

    def _editable_or_refuse(self, request, object_id):
        """``(article, may edit)``; ``None`` for a new article. Another city's article is missing (404)."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None, True
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        return article, self.has_change_permission(request, article)

    # --- autosave ------------------------------------------------------------------------------------------

    def _autosave_url(self, article) -> str:
        return self.admin_url("autosave", article.pk) if article is not None else self.admin_url("autosave_new")

    def autosave_view(self, request, object_id=None):
        """POST what the form holds now into the user's own slot (``discard``: empty the slot instead)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article, may_edit = self._editable_or_refuse(request, object_id)
        if not may_edit:
            raise PermissionDenied
        slots = AutosavedDraft.objects.filter(user=request.user, article=article)
        if request.POST.get("discard"):
            slots.delete()
            back = self.admin_url("change", article.pk) if article is not None else self.admin_url("add")
            return HttpResponseRedirect(back)
        page = request.POST.get(PAGE_FIELD, "")
        if page and caches["shared"].get(_closed_key(page)):
            return JsonResponse({"saved": False})  # that page has been saved since: its text is in the article
        form_class = self.get_form(request, article, change=article is not None)
        fields = {
            name
            for name, field in form_class.base_fields.items()
            if name != "version" and not isinstance(field, forms.FileField)
        }
        values = {
            "data": {name: request.POST.getlist(name) for name in sorted(fields) if name in request.POST},
            "version": int(request.POST["version"]) if request.POST.get("version", "").isdigit() else None,
            "time_zone": self._autosave_zone(request, article),
            "saved_at": timezone.now(),
        }
        if not slots.update(**values):
            try:
                with transaction.atomic():
                    AutosavedDraft.objects.create(user=request.user, article=article, **values)
            except IntegrityError:  # an earlier request of the same page made it meanwhile
                slots.update(**values)
        saved = gettext("Saved automatically at %(time)s.") % {"time": _saved_time(AutosavedDraft(**values))}
        return JsonResponse({"saved": True, "message": saved})

    def _autosave_zone(self, request, article) -> str:
        """The zone of the desk city the text is typed for: the article's, or the one chosen in a new form."""
        if article is not None:
            return article.city.time_zone
        city_ids = self.scoped_city_ids(request)
        cities = City.objects.all() if city_ids is None else City.objects.filter(pk__in=city_ids)
        chosen = request.POST.get("city", "")
        zone = cities.filter(pk=chosen).values_list("time_zone", flat=True).first() if chosen.isdigit() else None
        if zone is None and city_ids:
            zone = cities.order_by("pk").values_list("time_zone", flat=True).first()
        return zone or settings.TIME_ZONE

    def _slot(self, request, article) -> AutosavedDraft | None:
        """The user's slot for ``article`` (``None``: a new article); one query per request."""
        cache_attribute = f"_newsroom_autosave_{article.pk if article is not None else 'new'}"
        if cache_attribute not in request.__dict__:
            request.__dict__[cache_attribute] = AutosavedDraft.objects.filter(
                user=request.user, article=article
            ).first()
        return request.__dict__[cache_attribute]

    def _restoring(self, request, article) -> AutosavedDraft | None:
        if request.method != "GET" or request.GET.get(RESTORE_PARAMETER) != "restore":
            return None
        if article is None and not self.has_add_permission(request):
            return None
        if article is not None and not self.has_change_permission(request, article):
            return None
        return self._slot(request, article)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        slot = self._restoring(request, obj)
        if slot is None:
            return form
        initial = restored_initial(form, slot)

        class ArticleFormRestored(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**(kwargs.get("initial") or {}), **initial}
                super().__init__(*args, **kwargs)

        return ArticleFormRestored

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Saved: the page that sent this must not fill the slot again, and the slot of what it edited is spent.
        page = request.POST.get(PAGE_FIELD, "")
        if page:
            caches["shared"].set(_closed_key(page), True, 3600)
        object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        AutosavedDraft.objects.filter(user=request.user, article_id=unquote(object_id) if object_id else None).delete()

    # --- presence ------------------------------------------------------------------------------------------

    def presence_view(self, request, object_id):
        """POST: the user has the article open; answers who else has."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article, may_edit = self._editable_or_refuse(request, object_id)
        names = others_editing(article.pk, request.user, here=may_edit)
        # Not activity: a page left open must still let the session run idle (staff.sessions).
        request.session.modified = False
        return JsonResponse({"names": names, "message": presence_message(names)})

    # --- the form ------------------------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        article = obj if obj is not None and obj.pk else None
        may_edit = self.has_change_permission(request, article) if article else self.has_add_permission(request)
        merge = None
        if context.get("conflict") is not None:
            merge = merge_refused_form(form, context["conflict"])
        editing = {"may_edit": may_edit, "merge": merge}
        if article is not None:
            names = others_editing(article.pk, request.user, here=may_edit)
            editing.update(
                presence_url=self.admin_url("presence", article.pk),
                presence_seconds=presence_seconds(),
                presence=presence_message(names),
            )
        if may_edit:
            restored = self._restoring(request, article)
            slot = self._slot(request, article) if request.method == "GET" else None
            editing.update(
                autosave_url=self._autosave_url(article),
                autosave_seconds=autosave_seconds(),
                page=secrets.token_urlsafe(18),
                # The page opens with text that is not saved: leaving it asks first.
                unsaved=form.is_bound or restored is not None,
                slot=slot,
                slot_time=_saved_time(slot) if slot else "",
                slot_older=bool(slot and article and article.updated_at and article.updated_at > slot.saved_at),
                restored=restored is not None,
                restore_url=f"{request.path}?{RESTORE_PARAMETER}=restore",
            )
        context["editing"] = editing
        return super().render_change_form(request, context, add, change, form_url, obj)
