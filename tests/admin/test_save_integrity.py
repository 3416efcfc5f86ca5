"""Saves staff can trust: many at once on SQLite, two racing for one slug on PostgreSQL, any refusal of the
database after validation, and slugs that never show another city's hidden article; an over-long search; a form
over the size limit."""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import IntegrityError, OperationalError, connection
from django.db.models.signals import pre_save

from articles.admin import ArticleAdmin
from articles.models import Article
from cities.models import Role
from tests.factories import (
    article_data,
    change_data,
    client_for,
    draft,
    form_errors,
    html,
    make_article,
    message_levels,
    staff,
    url,
)

# --- SQLite: one writer at a time, and everyone gets their turn ---------------------------------------------


def test_sqlite_is_set_up_for_concurrent_writers():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the settings of an SQLite database")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def test_eight_staff_saving_at_once_on_sqlite_never_meet_a_locked_database(tmp_path):
    """Eight writers, five saves and a submission each, started together through the real admin on a file-based
    SQLite database with the project's settings: every save and every step answers, none is "database is
    locked"."""
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}",
        "DJANGO_DEBUG": "on",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PAGE_CACHE_DIR": str(tmp_path / "pages"),
        "REDIS_URL": "",
    }
    finished = subprocess.run(  # noqa: S603 - this interpreter, the project's own module
        [sys.executable, "-m", "tests.admin.desk_under_load", "8", "5"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result = json.loads(finished.stdout.strip().splitlines()[-1])

    assert result["errors"] == []
    assert sorted(map(tuple, result["answers"])) == [("save", 302)] * 40 + [("submit", 302)] * 8


# --- PostgreSQL: two staff adding the same slug at the same moment ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_staff_adding_the_same_slug_at_once_the_later_gets_a_form_error(serang, cimahi, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: the two saves cannot overlap")
    writers = [client_for(staff(serang, Role.REDAKTUR)), client_for(staff(cimahi, Role.REDAKTUR))]
    both_validated = threading.Barrier(2, timeout=30)
    save_model = ArticleAdmin.save_model

    def save_together(self, request, obj, form, change):
        both_validated.wait()  # both forms found the slug free; now both insert
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(ArticleAdmin, "save_model", save_together)
    answers = {}

    def add(n, client, city):
        try:
            data = article_data(city, headline=f"Rakor humas dari penulis {n}", slug="rakor-humas")
            answers[n] = client.post(url("add"), data)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add, args=(n, c, city))
        for n, (c, city) in enumerate(zip(writers, [serang, cimahi], strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(response.status_code for response in answers.values()) == [200, 302]
    (loser,) = [response for response in answers.values() if response.status_code == 200]
    assert form_errors(loser) == {"slug": ["slug_taken_meanwhile"]}
    assert "Rakor humas dari penulis" in html(loser)  # what was typed is still in the form
    assert Article.objects.filter(slug="rakor-humas").count() == 1
    assert Article.objects.count() == 1


# --- any refusal of the database after validation is a form error -------------------------------------------


@pytest.fixture
def taken_while_saving():
    """Another article takes the slug "rebutan" between the form's check and the insert."""

    taking = []

    def take(sender, instance, raw, **kwargs):
        if instance.pk is None and instance.slug == "rebutan" and not taking:
            taking.append(instance)
            make_article(slug="rebutan", city=instance.city)

    pre_save.connect(take, sender=Article, weak=False, dispatch_uid="taken_while_saving")
    yield
    pre_save.disconnect(sender=Article, dispatch_uid="taken_while_saving")


@pytest.mark.django_db
def test_a_slug_taken_between_check_and_insert_is_a_form_error(serang, taken_while_saving):
    client = client_for(staff(serang, Role.REDAKTUR))

    response = client.post(url("add"), article_data(serang, headline="Judul yang diketik", slug="rebutan"))

    assert response.status_code == 200
    assert form_errors(response) == {"slug": ["slug_taken_meanwhile"]}
    assert 'value="Judul yang diketik"' in html(response)
    assert not Article.objects.exists()  # the whole save was rolled back, the other article's insert with it


@pytest.mark.django_db
def test_a_failure_after_the_article_row_is_a_form_error_and_says_nothing_of_a_save(serang, monkeypatch):
    client = client_for(staff(serang, Role.REDAKTUR))
    save_related = ArticleAdmin.save_related

    def fail_after(self, request, form, formsets, change):
        save_related(self, request, form, formsets, change)
        raise IntegrityError('duplicate key value violates unique constraint "mention_unique"')

    monkeypatch.setattr(ArticleAdmin, "save_related", fail_after)

    response = client.post(url("add"), article_data(serang, headline="Judul yang diketik"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.non_field_errors().as_data()] == ["changed_meanwhile"]
    assert "success" not in message_levels(response)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_database_too_busy_to_save_is_a_form_error(serang, monkeypatch):
    redaktur = staff(serang, Role.REDAKTUR)
    article = draft(serang, headline="Asli")

    def busy(self, request, obj, form, change):
        raise OperationalError("database is locked")

    monkeypatch.setattr(ArticleAdmin, "save_model", busy)
    response = client_for(redaktur).post(url("change", article.pk), change_data(article, headline="Diketik"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [error.code for error in form.non_field_errors().as_data()] == ["database_busy"]
    assert 'value="Diketik"' in html(response)


# --- slugs never show another city's hidden article -----------------------------------------------------------


@pytest.mark.django_db
def test_a_slug_of_another_citys_hidden_draft_reveals_nothing(serang, cimahi):
    """The answer is the same whether the slug is held by a hidden draft or by an article the user sees."""
    draft(cimahi, headline="Rahasia Cimahi", slug="rahasia")
    make_article(city=serang, cities=[serang], headline="Terbit di Serang", slug="terbit")
    client = client_for(staff(serang, Role.REDAKTUR))

    hidden = client.post(url("add"), article_data(serang, headline="Pertama", slug="rahasia"), follow=True)
    visible = client.post(url("add"), article_data(serang, headline="Kedua", slug="terbit"), follow=True)

    assert Article.objects.get(headline="Pertama").slug == "rahasia-2"
    assert Article.objects.get(headline="Kedua").slug == "terbit-2"
    said = [[str(m) for m in response.context["messages"]] for response in (hidden, visible)]
    assert said[0][0].replace("rahasia", "X") == said[1][0].replace("terbit", "X")
    assert "Rahasia Cimahi" not in html(hidden) and "Cimahi" not in said[0][0]


@pytest.mark.django_db
def test_save_as_new_gives_the_copy_a_free_slug(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    original = make_article(city=serang, cities=[serang], headline="Asli", slug="rakor-kota")

    response = client_for(redaktur).post(
        url("change", original.pk), change_data(original, headline="Salinan", _saveasnew="1")
    )

    assert response.status_code == 302
    copy = Article.objects.get(headline="Salinan")
    assert copy.slug == "rakor-kota-2" and copy.pk != original.pk
    original.refresh_from_db()
    assert original.slug == "rakor-kota" and original.headline == "Asli"


@pytest.mark.django_db
def test_free_slug_fits_the_field_and_skips_every_taken_variant(serang):
    long_slug = "a" * 120
    make_article(city=serang, slug=long_slug)
    make_article(city=serang, slug="a" * 118 + "-2")
    assert Article.objects.free_slug(long_slug) == "a" * 118 + "-3"
    assert Article.objects.free_slug("bebas") == "bebas"


# --- an over-long admin search, a form over the size limit ----------------------------------------------------


@pytest.mark.django_db
def test_a_search_of_a_thousand_words_uses_the_first_few_and_says_so(serang):
    make_article(city=serang, cities=[serang], headline="Banjir rob di Kasemen")
    client = client_for(staff(serang, Role.REDAKTUR))
    query = "banjir " + " ".join(f"kata{n}" for n in range(1000))

    response = client.get(url("changelist"), {"q": query})

    assert response.status_code == 200
    assert "warning" in message_levels(response)
    assert client.get(url("changelist"), {"q": "banjir rob"}).context["cl"].result_count == 1


@pytest.mark.django_db
def test_a_form_over_the_size_limit_answers_a_page_that_explains_it(serang, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    article = draft(serang)
    client = client_for(staff(serang, Role.REDAKTUR))

    response = client.post(url("change", article.pk), change_data(article, body="<p>" + "x" * 1_100_000 + "</p>"))

    assert response.status_code == 400
    page = html(response)
    assert "1 MB" in page
    assert "400.html" in {template.name for template in response.templates}
