"""The tag admin: tags are shared by every city, so every door asks the articles using a tag.

A user reads the tags of published articles and of their own cities' articles (``Article.tags.visible_to``); a
tag used only by another city's unpublished articles answers exactly like a missing one, in the list, its search,
the autocomplete and the change, delete and history views. A redaktur or admin kota renames a tag only their own
cities use (``Article.tags.editable_by``); a tag another city uses opens read-only. New tags come from typing them
on an article; adding one here, deleting and merging are a superuser's.

A tag's name shows on every page of its articles without passing the spam check again, so a name in the
gambling vocabulary is refused here as the check would hold an article for it.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cities.scoping import EditableRowsMixin

from ..models import Article, SpamTerm
from ..spam import find_terms

try:
    admin.site.unregister(Tag)  # taggit's own: unscoped, and its merge view takes any tag of any city
except NotRegistered:
    pass


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ("name", "slug")

    def clean_name(self):
        name = self.cleaned_data["name"]
        found = find_terms(name, SpamTerm.objects.terms())
        if found:
            raise ValidationError(
                _("“%(term)s” is in the spam check's gambling vocabulary: choose another name."),
                code="gambling_term",
                params={"term": found[0][0]},
            )
        return name


@admin.register(Tag)
class TagAdmin(EditableRowsMixin, admin.ModelAdmin):
    form = TagAdminForm
    list_display = ("name", "slug")
    ordering = ("name",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return Article.tags.visible_to(request.user).order_by(*self.get_ordering(request))

    def editable_rows(self, request):
        return Article.tags.editable_by(request.user)
