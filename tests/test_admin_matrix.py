"""Every admin URL × role × own/other city, generated from the admin's URL registry.

A new admin view is covered the moment it is registered: its URL shows up here, and a URL whose
parameters this file cannot fill makes the coverage test fail until someone says how to fill them.

The rule checked at every door: another city's object answers exactly as a missing one does, and nothing
of another city (its drafts' headlines) appears in any page, list, autocomplete or history.
"""

import re

import pytest
import reversion
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, reverse
from reversion.models import Revision, Version

from articles.models import Article, AuditEntry, PreviewLink
from cities.models import City, Membership, Role
from tests.factories import make_article, make_city, make_user

MISSING = "987654"
ROLES = [Role.PENULIS, Role.REDAKTUR, Role.ADMIN]
WORKFLOW_ACTIONS = ["submit", "send_back", "publish", "unpublish", "archive", "reopen", "correct"]
# Parameters this file knows how to fill; anything else fails the coverage test.
KNOWN_PARAMETERS = {"object_id", "action", "link_id", "version_id", "content_type_id", "id", "app_label", "url"}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def admin_routes():
    return [(route, pattern) for route, pattern in walk(admin.site.get_urls()) if pattern.name]


# django-reversion's URLs use unnamed regex groups: name them by the view they belong to.
POSITIONAL = {"_recover": ["version_id"], "_revision": ["object_id", "version_id"]}


def parameters(route, name=""):
    named = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) | set(re.findall(r"\(\?P<(\w+)>", route))
    unnamed = len(re.findall(r"\((?!\?)", route))
    if unnamed:
        suffix = next((s for s in POSITIONAL if name.endswith(s)), None)
        named |= set(POSITIONAL[suffix]) if suffix else {f"unnamed group in {name}"}
    return named


ROUTES = admin_routes()
OBJECT_PARAMETERS = {"object_id", "link_id", "version_id", "id"}
OBJECT_ROUTES = [(route, pattern) for route, pattern in ROUTES if parameters(route, pattern.name) & OBJECT_PARAMETERS]


def test_every_admin_url_is_covered_by_the_matrix():
    unknown = {route: parameters(route, pattern.name) - KNOWN_PARAMETERS for route, pattern in ROUTES}
    assert not {route: names for route, names in unknown.items() if names}, (
        "An admin URL takes a parameter this matrix cannot fill: teach build_url() about it."
    )


class World:
    """Two cities, staff in one of them, and city-scoped objects in both."""

    def __init__(self):
        self.own_city = make_city(name="Kota Serang", short_name="Serang", slug="serang")
        self.other_city = make_city(name="Kota Cimahi", short_name="Cimahi", slug="cimahi")
        self.users = {}
        for role in ROLES:
            user = make_user(f"{role}-serang", is_staff=True)
            Membership.objects.create(user=user, city=self.own_city, role=role)
            self.users[role] = user
        self.other_staff = make_user("penulis-cimahi", is_staff=True)
        Membership.objects.create(user=self.other_staff, city=self.other_city, role=Role.PENULIS)
        self.articles = {
            "own": self._article(self.own_city, self.users[Role.PENULIS], "RAHASIA-SERANG-DRAF"),
            "other": self._article(self.other_city, self.other_staff, "RAHASIA-CIMAHI-DRAF"),
        }
        self.deleted_versions = {
            "own": self._deleted(self.own_city, self.users[Role.REDAKTUR], "RAHASIA-SERANG-DIHAPUS"),
            "other": self._deleted(self.other_city, self.other_staff, "RAHASIA-CIMAHI-DIHAPUS"),
        }
        self.secret = "RAHASIA-CIMAHI"

    @staticmethod
    def _article(city, author, headline):
        with reversion.create_revision():
            article = make_article(
                city=city, author=author, headline=headline, status=Article.Status.DRAFT, published_at=None
            )
            reversion.set_user(author)
        AuditEntry.record(article, AuditEntry.Action.CREATE, author)
        PreviewLink.issue(article, by=author, recipient=f"Sekda {headline}")
        return article

    @staticmethod
    def _deleted(city, author, headline):
        """A deleted article whose revision the recover views offer."""
        with reversion.create_revision():
            article = make_article(city=city, author=author, headline=headline)
            reversion.set_user(author)
        version = Version.objects.get_for_object(article).first()
        article.delete()
        return version

    def object_for(self, model, side):
        """The own-city or other-city instance of ``model``; None for models that are not city-scoped."""
        article = self.articles[side]
        city = self.own_city if side == "own" else self.other_city
        if model is Article:
            return article
        if model is AuditEntry:
            return AuditEntry.objects.filter(article=article).first()
        if model is PreviewLink:
            return article.preview_links.first()
        if model is Membership:
            return Membership.objects.filter(city=city).first()
        # Cities, officials and events are public reference data, open to every staff member to read.
        return None


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """Built once for the module (hundreds of tests); each test's own writes are rolled back as usual."""
    with django_db_blocker.unblock():
        built = World()
        yield built
        Article.objects.all().delete()
        Revision.objects.all().delete()
        Membership.objects.all().delete()
        City.objects.all().delete()
        built.other_staff.__class__.objects.all().delete()


@pytest.fixture
def world(module_world, db):
    return module_world


def build_url(route, pattern, world, side):
    """Fill the route's parameters for ``side`` ('own', 'other' or 'missing'); None if not applicable."""
    model_admin = _model_admin_of(pattern)
    model = model_admin.model if model_admin else None
    names = parameters(route, pattern.name)
    if "url" in names or "app_label" in names:
        return None  # the catch-all and app index have no objects
    if side != "own" and not names & OBJECT_PARAMETERS:
        return None  # a list or form without an object: covered by test_no_page_reveals_another_city
    kwargs = {}
    article = world.articles["own" if side == "missing" else side]
    if "version_id" in names and "object_id" not in names and side != "missing" and model is not Article:
        return None
    if "object_id" in names:
        obj = world.object_for(model, side) if side != "missing" else None
        if side != "missing" and obj is None:
            return None
        kwargs["object_id"] = MISSING if side == "missing" else obj.pk
    if "content_type_id" in names:  # view on site
        kwargs["content_type_id"] = ContentType.objects.get_for_model(Article).pk
    if "action" in names:
        kwargs["action"] = "publish"
    if "link_id" in names:
        kwargs["link_id"] = int(MISSING) if side == "missing" else article.preview_links.first().pk
    if "version_id" in names:
        if side == "missing":
            kwargs["version_id"] = int(MISSING)
        elif pattern.name.endswith("_recover"):
            kwargs["version_id"] = world.deleted_versions[side].pk
        else:
            kwargs["version_id"] = Version.objects.get_for_object(article).first().pk
    if "id" in names:  # a user's password form
        user = world.users[Role.PENULIS] if side == "own" else world.other_staff
        kwargs["id"] = MISSING if side == "missing" else user.pk
    positional = next((POSITIONAL[s] for s in POSITIONAL if pattern.name.endswith(s)), None)
    if positional and "(?P<" not in route and "<" not in route.replace("(?P<", ""):
        return reverse(f"admin:{pattern.name}", args=[kwargs[name] for name in positional])
    return reverse(f"admin:{pattern.name}", kwargs=kwargs)


def _model_admin_of(pattern):
    callback = pattern.callback
    for attribute in ("model_admin", "admin_site"):
        owner = getattr(callback, attribute, None)
        if isinstance(owner, admin.ModelAdmin):
            return owner
    self = getattr(getattr(callback, "__wrapped__", None), "__self__", None) or getattr(callback, "__self__", None)
    if isinstance(self, admin.ModelAdmin):
        return self
    for model_admin in admin.site._registry.values():
        prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}_"
        if pattern.name.startswith(prefix):
            return model_admin
    return None


def normalised(response, *ids):
    """Status, redirect target and messages, with the requested ids blanked out for comparison."""
    location = response.get("Location", "")
    text = response.content.decode(errors="replace") if response.status_code != 302 else ""
    for value in ids:
        location = location.replace(str(value), "<id>")
    # Only the messages this request added (earlier ones wait in the cookie until a page shows them).
    messages = [str(m) for m in response.wsgi_request._messages._queued_messages]
    for value in ids:
        messages = [m.replace(str(value), "<id>") for m in messages]
    return response.status_code, location, messages, len(text) > 0


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "pattern"), OBJECT_ROUTES, ids=[name for name, _ in OBJECT_ROUTES])
def test_other_city_is_indistinguishable_from_missing(client, world, role, route, pattern):
    client.force_login(world.users[role])
    other_url = build_url(route, pattern, world, "other")
    if other_url is None:
        pytest.skip("no city-scoped object behind this URL")
    missing_url = build_url(route, pattern, world, "missing")
    for method in ("get", "post"):
        other = getattr(client, method)(other_url)
        missing = getattr(client, method)(missing_url)
        assert other.status_code < 500 and missing.status_code < 500
        assert world.secret not in other.content.decode(errors="replace"), f"{method} {other_url} leaks"
        other_id, missing_id = _ids(other_url, missing_url)
        assert normalised(other, other_id) == normalised(missing, missing_id), f"{method} {other_url}"
    other_article = Article.objects.get(pk=world.articles["other"].pk)
    assert other_article.status == Article.Status.DRAFT, "another city's article changed"
    assert other_article.headline == "RAHASIA-CIMAHI-DRAF"


def _ids(other_url, missing_url):
    """The path segments that differ between the two URLs (the ids)."""
    return next(
        ((a, b) for a, b in zip(other_url.split("/"), missing_url.split("/"), strict=False) if a != b),
        ("", ""),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[name for name, _ in ROUTES])
def test_no_page_reveals_another_city(client, world, role, route, pattern):
    client.force_login(world.users[role])
    url = build_url(route, pattern, world, "own")
    if url is None:
        return
    response = client.get(url, {"q": "RAHASIA"} if route.endswith("autocomplete/") else {})
    assert response.status_code < 500, url
    assert world.secret not in response.content.decode(errors="replace"), f"{url} reveals another city"


@pytest.mark.parametrize("model_name", ["article"])
def test_autocomplete_reveals_nothing_of_another_city(client, world, model_name):
    client.force_login(world.users[Role.REDAKTUR])
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "RAHASIA", "app_label": "articles", "model_name": model_name, "field_name": "pinned_related"},
    )
    assert world.secret not in response.content.decode()


def test_superuser_reaches_both_cities(client, world):
    client.force_login(make_user("super", is_staff=True, is_superuser=True))
    for side in ("own", "other"):
        article = world.articles[side]
        assert client.get(reverse("admin:articles_article_change", args=[article.pk])).status_code == 200
