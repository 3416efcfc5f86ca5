"""Plain factory functions and the helpers the tests share: every field has a sensible default a test can override.

- the models: ``make_city``, ``make_official``, ``make_position``, ``make_event``, ``make_article``, ``make_user``;
- staff and their clients: ``staff``, ``staff_in_cities``, ``superuser``, ``client_for``, ``log_in``,
  ``in_the_admin``, ``app_code``, ``staff_client``;
- articles on the desk: ``draft``, ``in_review``, ``save_revision``, ``deleted_version_of``;
- the admin: ``url``, ``transition``, ``article_data``, ``change_data``, ``city_data``, ``reference_form_data``,
  ``management``, ``form_errors``, ``changelist_objects``, ``autocomplete``, ``message_levels``, ``last_level``,
  ``assert_answers_like_missing``;
- uploads: ``image_bytes``, ``image_upload``; pages: ``html``, ``templates_used``, ``utc``;
- the demo fixtures: ``DEMO_FIXTURES``, ``load_fixtures``.
"""

import datetime
import io
import itertools
import json
import time
from pathlib import Path

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image
from reversion.models import Version
from taggit.models import Tag

from articles.models import Article, Mention
from cities.models import City, Event, Official, Position
from staff import two_factor
from staff.management.commands.create_staff import create_staff

#: The password of every account the factories make.
PASSWORD = "kata-sandi-uji-123"
#: The clock of the public-site tests (the ``frozen`` fixture): Jumat, 1 Maret 2024, 12.00 WIB.
NOW = datetime.datetime(2024, 3, 1, 5, 0, tzinfo=datetime.UTC)
#: A reader's browser (bots are not counted as readers).
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
#: Django's own Indonesian strings: "Please correct the error(s) below." and "… doesn't exist. Perhaps it was deleted?"
DJANGO_CORRECT_ERRORS = "Harap perbaiki kesalahan dibawah"
DJANGO_MISSING_OBJECT = "tidak ada. Mungkin telah dihapus?"
#: The demo fixtures, in the order they load.
DEMO_FIXTURES = [
    Path(settings.BASE_DIR) / "fixtures" / name for name in ("cities.json", "events.json", "articles.json")
]

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


# --- the models ------------------------------------------------------------------------------------------------


def make_city(**fields) -> City:
    n = _next()
    fields.setdefault("short_name", f"Kota Uji {n}")
    fields.setdefault("name", f"Kota {fields['short_name']}")
    fields.setdefault("slug", f"kota-uji-{n}")
    fields.setdefault("province", "Banten")
    return City.objects.create(**fields)


def make_official(**fields) -> Official:
    n = _next()
    fields.setdefault("name", f"Pejabat {n}")
    fields.setdefault("slug", f"pejabat-{n}")
    return Official.objects.create(**fields)


def make_position(official=None, **fields) -> Position:
    fields.setdefault("title", "Wali Kota")
    if "city" not in fields and not fields.get("organisation"):
        fields["city"] = make_city()
    return Position.objects.create(official=official or make_official(), **fields)


def make_event(**fields) -> Event:
    n = _next()
    fields.setdefault("name", f"Rakor Uji {n}")
    fields.setdefault("slug", f"rakor-uji-{n}")
    fields.setdefault("starts_on", datetime.date(2023, 7, 10))
    return Event.objects.create(**fields)


def make_article(*, cities=(), tags=(), officials=(), **fields) -> Article:
    n = _next()
    fields.setdefault("headline", f"Berita uji {n}")
    fields.setdefault("slug", f"berita-uji-{n}")
    fields.setdefault("body", f"<p>Isi berita {n}.</p>")
    fields.setdefault("status", Article.Status.PUBLISHED)
    if fields["status"] == Article.Status.PUBLISHED:
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(hours=n))
    if "city" not in fields:
        fields["city"] = cities[0] if cities else make_city()
    article = Article.objects.create(**fields)
    article.cities.set(cities or [article.city])
    if tags:
        article.tags.set(list(tags))
    for order, official in enumerate(officials):
        Mention.objects.create(article=article, official=official, order=order)
    return article


def make_user(username=None, **fields):
    return get_user_model().objects.create_user(username or f"user{_next()}", password=PASSWORD, **fields)


# --- staff and their clients --------------------------------------------------------------------------------------


def staff(city, role, username=None):
    """A staff account with ``role`` in ``city`` and the role's group, made as ``create_staff`` makes it."""
    user, _created = create_staff(username or f"{role}{_next()}", city=city, role=role, password=PASSWORD)
    return user


def staff_in_cities(username, *city_roles):
    """One account with a role in each of several cities: ``staff_in_cities("budi", (serang, Role.PENULIS), …)``."""
    for city, role in city_roles:
        user = staff(city, role, username)
    return user


def superuser():
    return get_user_model().objects.create_superuser(f"super{_next()}", password=PASSWORD)


def client_for(user, **options) -> Client:
    """A test client logged in as ``user`` (``options`` go to ``Client``, e.g. ``enforce_csrf_checks=True``)."""
    return log_in(Client(**options), user)


def log_in(client: Client, user) -> Client:
    """Log ``client`` in as ``user``, with the second factor verified where the account needs one, as after
    the real two-step login (``tests/staff/test_two_factor.py`` goes through those steps themselves)."""
    client.force_login(user)
    if two_factor.required_for(user) or two_factor.has_second_factor(user):
        device = two_factor.authenticator(user) or TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def in_the_admin(client) -> bool:
    """Whether ``client`` has a working staff session: the desk answers instead of sending it to the login."""
    return client.get(reverse("admin:index")).status_code == 200


def app_code(device: TOTPDevice, at: float | None = None) -> str:
    """The six digits an authenticator app that scanned ``device`` shows now (or at ``at``), per RFC 6238."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def staff_client(city, role, username=None) -> tuple[Client, object]:
    """A new staff account with ``role`` in ``city``, and a client logged in as it."""
    user = staff(city, role, username)
    return client_for(user), user


# --- articles on the desk ------------------------------------------------------------------------------------


def draft(city, author=None, **fields) -> Article:
    return make_article(city=city, author=author, status=Article.Status.DRAFT, **fields)


def in_review(city, author=None, **fields) -> Article:
    return make_article(city=city, author=author, status=Article.Status.REVIEW, **fields)


def save_revision(article, user, **changes):
    """Change ``article`` and save it as a revision by ``user``, as the admin's form does."""
    with reversion.create_revision():
        for field, value in changes.items():
            setattr(article, field, value)
        article.save()
        reversion.set_user(user)


def deleted_version_of(article):
    """The version the recover views offer for a deleted ``article``."""
    return Version.objects.get_deleted(Article).get(object_id=str(article.pk))


# --- the admin ------------------------------------------------------------------------------------------------


def url(name, *args, model="articles_article") -> str:
    """An admin URL: ``url("change", article.pk)``, ``url("changelist", model="articles_auditentry")``."""
    return reverse(f"admin:{model}_{name}", args=args)


def transition(client, article, action, **data):
    """Press a workflow button of the article's change page, with the version the page was loaded with."""
    return client.post(url("transition", article.pk, action), {"version": article.version, **data})


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    """The management form of an inline formset."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_data(city, **overrides) -> dict:
    """What the article add form posts for a new draft in ``city``."""
    data = {
        "headline": "Wali Kota Tinjau Banjir Rob di Kasemen",
        "subtitle": "",
        "slug": "wali-kota-tinjau-banjir-rob-di-kasemen",
        "lead": "",
        "body": "<p>Wali Kota meninjau lokasi banjir rob.</p>",
        "dateline_city": "",
        "dateline": "SERANG",
        "hero_alt": "",
        "hero_caption": "",
        "hero_credit": "",
        "city": str(city.pk),
        "cities": [str(city.pk)],
        "event": "",
        "tags": "banjir rob, pelayanan publik",
        "source_line": "",
        "byline": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "published_time_known": "on",
        "source_note": "",
        "inferred_fields": "[]",
        **management("mentions"),
    }
    data.update(overrides)
    return data


def change_data(article, **overrides) -> dict:
    """What the change form posts for ``article`` as stored, with the version it was loaded with."""
    data = article_data(
        article.city,
        headline=article.headline,
        slug=article.slug,
        body=article.body,
        cities=[str(c.pk) for c in article.cities.all()],
        tags=", ".join(article.tags.names()),
        version=str(article.version),
    )
    data.update(overrides)
    return data


def city_data(**overrides) -> dict:
    """What the city add form posts."""
    data = {
        "name": "Kota Palangka Raya",
        "short_name": "Palangka Raya",
        "slug": "palangka-raya",
        "province": "Kalimantan Tengah",
        "time_zone": "Asia/Jakarta",
        "kecamatan_count": "5",
        "kelurahan_count": "30",
        "apeksi_commissariat": "",
        "profile": "",
        "source_note": "",
        "inferred_fields": "[]",
    }
    data.update(overrides)
    return data


def reference_form_data(obj, **overrides) -> dict:
    """What the admin's change form posts for a stored city, official, position, event or tag, unchanged but for
    ``overrides`` (inlines: none sent, so none changed)."""

    def key(value) -> str:
        return "" if value is None else str(value)

    if isinstance(obj, Tag):
        return {"name": obj.name, "slug": obj.slug, **overrides}
    data = {"source_note": obj.source_note, "inferred_fields": json.dumps(obj.inferred_fields)}
    if isinstance(obj, City):
        data.update(
            {
                **city_data(name=obj.name, short_name=obj.short_name, slug=obj.slug, province=obj.province),
                **{"time_zone": obj.time_zone, "apeksi_commissariat": obj.apeksi_commissariat, "profile": obj.profile},
                **{"kecamatan_count": key(obj.kecamatan_count), "kelurahan_count": key(obj.kelurahan_count)},
            }
        )
    elif isinstance(obj, Official):
        fields = ("honorific_prefix", "name", "honorific_suffix", "slug", "photo_alt")
        data.update({name: getattr(obj, name) for name in fields}, **management("positions"))
    elif isinstance(obj, Position):
        fields = ("title", "organisation", "tenure")
        data.update({name: getattr(obj, name) for name in fields})
        data.update({"official": key(obj.official_id), "city": key(obj.city_id)})
        data.update({"starts_on": key(obj.starts_on), "ends_on": key(obj.ends_on)})
    elif isinstance(obj, Event):
        fields = ("name", "slug", "kind", "edition", "organiser", "venue", "date_note", "theme", "description")
        data.update({name: getattr(obj, name) for name in fields}, **management("speaker_roles"))
        data.update({"parent": key(obj.parent_id), "host_city": key(obj.host_city_id)})
        data.update({"starts_on": key(obj.starts_on), "ends_on": key(obj.ends_on)})
        data["cities"] = [str(pk) for pk in obj.cities.values_list("pk", flat=True)]
    else:
        raise TypeError(f"No form data for {type(obj).__name__}")
    data.update(overrides)
    return data


def form_errors(response) -> dict[str, list[str]]:
    """The field errors of the admin form in a re-rendered change form, as {field: [codes]}."""
    form = response.context["adminform"].form
    return {field: [error.code for error in errors] for field, errors in form.errors.as_data().items()}


def changelist_objects(response) -> list:
    return list(response.context["cl"].result_list)


def autocomplete(client, field_name, term="", model_name="article", app_label="articles") -> set[str]:
    """The texts the admin's autocomplete offers for ``field_name`` of ``app_label.model_name``."""
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return {item["text"] for item in json.loads(response.content)["results"]}


def message_levels(response) -> list[str]:
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def last_level(response) -> str:
    return message_levels(response)[-1]


def assert_answers_like_missing(response, make_response, article):
    """The response for another city's ``article`` is the one Django gives for an id that does not exist.

    ``make_response(pk)`` makes the same request for another primary key.
    """
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert DJANGO_MISSING_OBJECT in messages[-1]
    missing = make_response(article.pk + 10_000)
    assert missing.status_code == response.status_code and missing.url == response.url
    missing_messages = [str(m) for m in get_messages(missing.wsgi_request)]
    assert missing_messages[-1] == messages[-1].replace(str(article.pk), str(article.pk + 10_000))


# --- uploads ----------------------------------------------------------------------------------------------------

_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def image_bytes(fmt="JPEG", size=(40, 30), color=(200, 30, 30), mode="RGB", **save_options) -> bytes:
    """A real image file's content (``save_options`` go to Pillow, e.g. ``exif=…``)."""
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def image_upload(fmt="JPEG", size=(40, 30), color=(200, 30, 30), mode="RGB", name=None) -> SimpleUploadedFile:
    """An uploaded image file, named ``foto.<extension>`` unless told."""
    return SimpleUploadedFile(
        name or f"foto.{_EXTENSIONS[fmt]}", image_bytes(fmt, size, color, mode), content_type=f"image/{fmt.lower()}"
    )


# --- pages ------------------------------------------------------------------------------------------------------


def html(response) -> str:
    return response.content.decode()


def templates_used(response) -> set[str]:
    return {template.name for template in response.templates}


def utc(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=datetime.UTC)


# --- the demo fixtures ----------------------------------------------------------------------------------------


def load_fixtures(*paths):
    call_command("loaddata", *[str(path) for path in paths], verbosity=0)
