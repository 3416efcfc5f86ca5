"""The spam hold in the admin: a save holds the article with its reasons on the change page, the list filters and
marks held articles, the desk shows them to the city, the release is the redaktur's button beside the reasons,
and staff extend the vocabulary in the admin with effect on the next save.

Assertions look at the database, the context and CSS hooks rather than at the wording (translated later).
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, AuditEntry, OutboundDomain, SpamTerm
from cities.models import Role
from tests.factories import (
    article_data,
    change_data,
    changelist_objects,
    client_for,
    draft,
    form_errors,
    html,
    last_level,
    make_article,
    message_levels,
    staff,
    superuser,
    transition,
    url,
)

pytestmark = pytest.mark.django_db

HIDDEN = '<p>Pelantikan pejabat.</p><p style="font-size:0"><a href="https://gacor.example/">login</a></p>'


def held_by_save(client, city, **fields):
    """A new article saved through the add form, as a penulis would; the check holds it."""
    response = client.post(url("add"), article_data(city, **fields))
    assert response.status_code == 302, form_errors(response)
    article = Article.objects.latest("pk")
    assert article.is_held
    return article


# --- the save -------------------------------------------------------------------------------------------------


def test_a_save_with_hidden_text_holds_the_article_and_says_why(serang):
    client = client_for(staff(serang, Role.PENULIS))
    response = client.post(url("add"), article_data(serang, body=HIDDEN), follow=True)
    article = Article.objects.get()
    assert article.is_held and "font-size" not in article.body  # stored cleaned, held for what it hid
    assert {reason.kind for reason in article.hold_reasons} == {"hidden_text", "new_domains"}
    assert "warning" in message_levels(response)
    assert [e.action for e in AuditEntry.objects.filter(article=article).order_by("pk")] == ["create", "spam_hold"]


def test_a_save_with_gambling_words_in_the_headline_holds_it(serang):
    client = client_for(staff(serang, Role.REDAKTUR))
    article = held_by_save(client, serang, headline="Bocoran RTP live s1ot gacor hari ini", slug="rtp")
    assert {"slot gacor", "rtp live"} <= set(article.hold_reasons[0].found)
    assert "s1ot gacor" in article.hold_reasons[0].detail


def test_an_ordinary_save_holds_nothing(serang):
    client = client_for(staff(serang, Role.PENULIS))
    data = article_data(
        serang,
        headline="Foto: Pak Totok Resmikan Taman",
        body='<p>Info di <a href="https://serangkota.go.id/">situs Pemkot</a>.</p>',
    )
    response = client.post(url("add"), data, follow=True)
    assert not Article.objects.get().is_held
    assert "warning" not in message_levels(response)


def test_an_edit_adding_a_new_domain_to_a_published_article_takes_it_off_the_site(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    article = make_article(city=serang, cities=[serang], author=redaktur)
    body = '<p>Lihat <a href="https://promo-baru.example/">promo</a>.</p>'
    response = client_for(redaktur).post(url("change", article.pk), change_data(article, body=body))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.is_held and not article.is_published
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_known_domain_holds_nothing(serang):
    make_article(city=serang, body='<p><a href="https://www.antaranews.com/berita/1">Antara</a></p>')
    client = client_for(staff(serang, Role.PENULIS))
    client.post(url("add"), article_data(serang, body='<p><a href="https://antaranews.com/b">Antara</a></p>'))
    assert not Article.objects.latest("pk").is_held


# --- the change page -------------------------------------------------------------------------------------------


def test_the_change_page_shows_the_reasons_and_the_redaktur_the_release(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = held_by_save(client_for(penulis), serang, body=HIDDEN)

    page = client_for(redaktur).get(url("change", article.pk))
    hold = page.context["workflow"]["hold"]
    assert len(hold["reasons"]) == 2 and any("gacor.example" in reason for reason in hold["reasons"])
    assert [button["action"] for button in hold["release"]] == ["release_hold"]
    # Publishing is not offered while held; the release is beside the reasons, not among the steps.
    assert not {"publish", "schedule", "release_hold"} & {b["action"] for b in page.context["workflow"]["buttons"]}
    content = html(page)
    assert 'id="spam-hold"' in content and "gacor.example" in content
    assert url("transition", article.pk, "release_hold") in content

    page = client_for(penulis).get(url("change", article.pk))
    assert page.context["workflow"]["hold"]["release"] == []
    assert url("transition", article.pk, "release_hold") not in html(page)


def test_no_hold_no_box(serang):
    article = draft(serang)
    page = client_for(staff(serang, Role.REDAKTUR)).get(url("change", article.pk))
    assert page.context["workflow"]["hold"] is None and 'id="spam-hold"' not in html(page)


# --- the release through the admin -------------------------------------------------------------------------------


def test_the_penulis_is_refused_the_release_and_the_redaktur_releases_then_publishes(serang):
    penulis, redaktur = staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)
    article = held_by_save(client_for(penulis), serang, body=HIDDEN)

    response = transition(client_for(penulis), article, "release_hold")
    assert last_level(response) == "error"
    article.refresh_from_db()
    assert article.is_held

    client = client_for(redaktur)
    response = transition(client, article, "publish")
    assert last_level(response) == "error"  # refused, with the reasons, until released
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    assert last_level(transition(client, article, "release_hold")) == "success"
    article.refresh_from_db()
    assert not article.is_held
    assert last_level(transition(client, article, "publish")) == "success"
    article.refresh_from_db()
    assert article.is_published
    assert client.get(article.get_absolute_url()).status_code == 200
    actions = list(AuditEntry.objects.filter(article=article).order_by("pk").values_list("action", "user"))
    assert actions == [
        ("create", penulis.pk),
        ("spam_hold", penulis.pk),
        ("release_hold", redaktur.pk),
        ("publish", redaktur.pk),
    ]


def test_bulk_publication_skips_held_articles_and_says_so(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    clean = draft(serang)
    held = draft(serang, held_at=clean.created_at, held_reasons=[{"kind": "gambling_terms", "found": ["togel"]}])
    response = client_for(redaktur).post(
        url("changelist"), {"action": "publish_selected", "_selected_action": [clean.pk, held.pk]}
    )
    assert response.status_code == 302
    assert {"success", "error"} <= set(message_levels(response))
    assert Article.objects.get(pk=clean.pk).is_published
    assert Article.objects.get(pk=held.pk).status == Article.Status.DRAFT


# --- the list and the desk -------------------------------------------------------------------------------------


def test_the_list_filters_and_marks_held_articles(serang):
    redaktur = staff(serang, Role.REDAKTUR)
    clean = draft(serang)
    held = draft(serang, held_at=clean.created_at, held_reasons=[{"kind": "gambling_terms", "found": ["togel"]}])
    client = client_for(redaktur)
    assert changelist_objects(client.get(url("changelist"), {"held": "yes"})) == [held]
    assert changelist_objects(client.get(url("changelist"), {"held": "no"})) == [clean]
    page = html(client.get(url("changelist")))
    assert page.count('class="newsroom-held"') == 1 and "togel" in page


@pytest.mark.parametrize("role", [Role.ADMIN, Role.REDAKTUR, Role.PENULIS])
def test_the_desk_lists_the_citys_held_articles_first(serang, cimahi, role):
    reasons = [{"kind": "gambling_terms", "found": ["togel"]}]
    make_article(city=serang, headline="Ditahan di Serang", held_at=timezone.now(), held_reasons=reasons)
    make_article(city=cimahi, headline="Ditahan di Cimahi", held_at=timezone.now(), held_reasons=reasons)
    response = client_for(staff(serang, role)).get(reverse("admin:index"))
    desk = response.context["desk"]
    assert desk["counts"]["held"] == 1 and [a.headline for a in desk["held"]] == ["Ditahan di Serang"]
    content = html(response)
    assert 'id="desk-held"' in content and url("changelist") + "?held=yes" in content
    assert content.index('id="desk-held"') < content.index('id="desk-my-drafts"')
    assert "Ditahan di Cimahi" not in content
    assert "Ditahan di Serang" not in content.split('id="desk-recently-published"')[1]


def test_no_held_articles_no_desk_list(serang):
    make_article(city=serang)
    response = client_for(staff(serang, Role.ADMIN)).get(reverse("admin:index"))
    assert response.context["desk"]["held"] == [] and 'id="desk-held"' not in html(response)


# --- the vocabulary staff keep ---------------------------------------------------------------------------------


def test_a_superuser_adds_a_term_and_the_next_save_is_held_for_it(serang):
    client = client_for(superuser())
    response = client.post(reverse("admin:articles_spamterm_add"), {"term": "  Hoki  88Bet ", "is_active": "on"})
    assert response.status_code == 302, form_errors(response)
    term = SpamTerm.objects.get(term="hoki 88bet")
    assert term.created_by is not None

    penulis = staff(serang, Role.PENULIS)
    client_for(penulis).post(url("add"), article_data(serang, lead="Main di H0KI-88BET sekarang."))
    article = Article.objects.get()
    assert article.is_held and article.hold_reasons[0].found == ("hoki 88bet",)


def test_a_term_too_short_or_already_listed_is_refused(serang):
    client = client_for(superuser())
    response = client.post(reverse("admin:articles_spamterm_add"), {"term": "qq", "is_active": "on"})
    assert response.status_code == 200 and form_errors(response) == {"term": ["too_short"]}
    response = client.post(reverse("admin:articles_spamterm_add"), {"term": "SLOT  Gacor", "is_active": "on"})
    assert response.status_code == 200 and form_errors(response) == {"term": ["unique"]}


def test_an_admin_kota_adds_terms_through_the_role(serang):
    """The Admin kota group carries ``articles.view_spamterm`` and ``articles.add_spamterm`` (staff.roles)."""
    client = client_for(staff(serang, Role.ADMIN))
    response = client.post(reverse("admin:articles_spamterm_add"), {"term": "judi kolor", "is_active": "on"})
    assert response.status_code == 302
    term = SpamTerm.objects.get(term="judi kolor")
    # A term in force is the whole site's: an admin kota does not rewrite it.
    page = client.get(reverse("admin:articles_spamterm_change", args=[term.pk]))
    assert page.status_code == 200 and "term" not in page.context["adminform"].form.fields


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR])
def test_writers_and_editors_do_not_edit_the_vocabulary(serang, role):
    client = client_for(staff(serang, role))
    assert client.get(reverse("admin:articles_spamterm_add")).status_code == 403
    assert not SpamTerm.objects.filter(term="coba").exists()


@pytest.mark.parametrize("role", [Role.PENULIS, Role.REDAKTUR, Role.ADMIN])
def test_the_known_domains_are_for_superusers(serang, role):
    domain = OutboundDomain.objects.create(domain="kompas.com")
    client = client_for(staff(serang, role))
    assert client.get(reverse("admin:articles_outbounddomain_changelist")).status_code == 403
    assert client.get(reverse("admin:articles_outbounddomain_change", args=[domain.pk])).status_code in (302, 403)
    response = client_for(superuser()).get(reverse("admin:articles_outbounddomain_changelist"))
    assert response.status_code == 200 and "kompas.com" in html(response)
