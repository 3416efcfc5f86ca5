"""The spam hold on the model and the workflow: every transition runs the check, new signals put the article on
hold (audited and logged), a held article is not public and cannot be published, and only a redaktur or admin
kota of its city releases it, after which what they released holds it no more."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import translation
from reversion.models import Version

from articles import spam, workflow
from articles.models import Article, AuditEntry, OutboundDomain, SpamTerm, TransitionError
from cities.models import Role
from tests.factories import draft, in_review, make_article, save_revision, staff, superuser

pytestmark = pytest.mark.django_db

HIDDEN_LINK = '<p>Rapat koordinasi.</p><div style="display:none"><a href="https://judi.example/">daftar</a></div>'


@pytest.fixture
def desk(serang):
    return staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)


def hold_events(caplog):
    return [record.fields for record in caplog.records if getattr(record, "event", None) == "spam_hold"]


def actions(article):
    return list(AuditEntry.objects.filter(article=article).order_by("pk").values_list("action", flat=True))


def held_article(city, author, **fields):
    """An article the check has held, as a penulis's save leaves it."""
    article = draft(city, author, **fields)
    found = article.screen()
    assert found, "the fields given hold nothing"
    article.save()
    workflow.record_hold(article, found, by=author)
    return article


# --- the rule of published ----------------------------------------------------------------------------------------


def test_a_held_article_is_not_published_whatever_its_status(serang):
    live = make_article(city=serang)
    held = make_article(city=serang, held_at=live.published_at, held_reasons=[{"kind": "new_domains", "found": ["x"]}])
    assert list(Article.objects.published()) == [live]
    assert live.is_published and not held.is_published
    assert held.status == Article.Status.PUBLISHED and held.is_held
    assert list(Article.objects.held()) == [held]


# --- every transition runs the check -------------------------------------------------------------------------------


def test_a_transition_holds_for_a_term_added_since_the_last_save(serang, desk, caplog):
    penulis, _redaktur = desk
    article = draft(serang, penulis, headline="Pemkot gelar lomba mancing", lead="Hadiah utama mancing mania.")
    SpamTerm.objects.create(term="mancing mania")
    with caplog.at_level(logging.INFO, logger="newsroom.security"):
        article.submit(by=penulis)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.is_held
    assert [str(r) for r in article.hold_reasons] == [str(spam.Reason(spam.GAMBLING_TERMS, ("mancing mania",)))]
    assert actions(article) == [AuditEntry.Action.SPAM_HOLD, AuditEntry.Action.SUBMIT]
    entry = AuditEntry.objects.get(article=article, action=AuditEntry.Action.SPAM_HOLD)
    assert entry.user == penulis and "mancing mania" in entry.note
    [event] = hold_events(caplog)
    assert event == {
        "article": article.pk,
        "city": "serang",
        "reasons": ["Gambling vocabulary: “mancing mania”"],
    }
    assert next(r for r in caplog.records if getattr(r, "event", None) == "spam_hold").levelno == logging.WARNING


def test_publishing_is_refused_while_held_with_the_reasons(serang, desk):
    penulis, redaktur = desk
    article = held_article(serang, penulis, body=HIDDEN_LINK)
    article.submit(by=penulis)  # the hold does not stop the way to the editor
    with pytest.raises(TransitionError) as refused:
        article.publish(by=redaktur)
    assert refused.value.code == "held"
    assert "judi.example" in " ".join(refused.value.messages)
    with pytest.raises(TransitionError):
        article.schedule(by=redaktur, at=article.created_at.replace(year=2100))
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and article.is_held
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_new_signals_found_at_publication_are_stored_and_the_publication_refused(serang, desk):
    penulis, redaktur = desk
    article = in_review(serang, penulis, body='<p>Lihat <a href="https://baru.example/">ini</a>.</p>')
    with pytest.raises(TransitionError):
        article.publish(by=redaktur)
    article.refresh_from_db()
    assert article.is_held and article.status == Article.Status.REVIEW
    assert article.hold_reasons == [spam.Reason(spam.NEW_DOMAINS, ("baru.example",))]
    assert actions(article) == [AuditEntry.Action.SPAM_HOLD]
    assert AuditEntry.objects.get(article=article).user == redaktur
    assert not OutboundDomain.objects.filter(domain="baru.example").exists()


def test_a_held_published_article_can_still_be_taken_off_the_site(serang, desk):
    _penulis, redaktur = desk
    article = make_article(city=serang, author=redaktur)
    article.body = HIDDEN_LINK
    article.unpublish(by=redaktur)
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED and article.is_held


# --- the release ------------------------------------------------------------------------------------------------


def test_a_penulis_cannot_release_their_held_draft(serang, desk):
    penulis, _redaktur = desk
    article = held_article(serang, penulis, body=HIDDEN_LINK)
    with pytest.raises(PermissionDenied):
        article.release_hold(by=penulis)
    article.refresh_from_db()
    assert article.is_held


@pytest.mark.parametrize("role", [Role.REDAKTUR, Role.ADMIN])
def test_staff_of_another_city_cannot_release(serang, cimahi, desk, role):
    penulis, _redaktur = desk
    article = held_article(serang, penulis, body=HIDDEN_LINK)
    with pytest.raises(PermissionDenied):
        article.release_hold(by=staff(cimahi, role))
    article.refresh_from_db()
    assert article.is_held


def test_the_citys_redaktur_releases_then_publishes_and_the_log_keeps_both(serang, desk, caplog):
    penulis, redaktur = desk
    article = held_article(serang, penulis, body=HIDDEN_LINK)
    reasons = list(article.hold_reasons)
    with caplog.at_level(logging.INFO, logger="newsroom.security"):
        article.release_hold(by=redaktur)
    article.refresh_from_db()
    assert not article.is_held and article.held_reasons == [] and article.status == Article.Status.DRAFT
    release = AuditEntry.objects.get(article=article, action="release_hold")
    assert release.user == redaktur and "judi.example" in release.note
    hold = AuditEntry.objects.get(article=article, action=AuditEntry.Action.SPAM_HOLD)
    assert hold.user == penulis
    [event] = [r.fields for r in caplog.records if getattr(r, "event", None) == "spam_hold_released"]
    with translation.override("en"):  # the log is read by operators in one language, whatever the desk's
        assert event["article"] == article.pk and event["reasons"] == [str(reason) for reason in reasons]

    article.publish(by=redaktur)
    article.refresh_from_db()
    assert article.is_published
    assert Article.objects.published().filter(pk=article.pk).exists()
    # Published after its release: its link is the site's own from now on.
    assert OutboundDomain.objects.filter(domain="judi.example", first_article=article).exists()


@pytest.mark.parametrize("who", ["admin kota", "superuser"])
def test_admin_kota_and_superusers_release_too(serang, desk, who):
    penulis, _redaktur = desk
    article = held_article(serang, penulis, body=HIDDEN_LINK)
    article.release_hold(by=staff(serang, Role.ADMIN) if who == "admin kota" else superuser())
    assert not Article.objects.get(pk=article.pk).is_held


def test_only_a_held_article_is_released(serang, desk):
    _penulis, redaktur = desk
    article = draft(serang, redaktur)
    with pytest.raises(TransitionError):
        article.release_hold(by=redaktur)
    assert not AuditEntry.objects.filter(article=article).exists()


# --- what was released does not hold again ------------------------------------------------------------------------


def released(city, penulis, redaktur, **fields):
    article = held_article(city, penulis, **fields)
    article.release_hold(by=redaktur)
    article.refresh_from_db()
    return article


def test_unchanged_content_is_not_held_again_even_for_a_term_added_since(serang, desk):
    penulis, redaktur = desk
    article = released(serang, penulis, redaktur, headline="Razia judi online di Kasemen")
    SpamTerm.objects.create(term="razia")  # would hold it, were the content new
    article.body = article.body.replace("<p>", "<p>")  # the same content saved again
    assert article.screen() == []
    article.publish(by=redaktur)
    assert Article.objects.get(pk=article.pk).is_published


def test_an_edit_keeps_released_signals_released_and_holds_for_new_ones(serang, desk):
    penulis, redaktur = desk
    article = released(serang, penulis, redaktur, headline="Razia judi online di Kasemen")
    article.publish(by=redaktur)

    # A typo fixed: "judi online" was released, so the published article stays on the site.
    article.lead = "Polisi dan Satpol PP merazia warung."
    assert article.screen() == []

    # Someone adds a casino's words: held again, for those alone.
    article.lead = "Daftar slot gacor di sini."
    found = article.screen()
    assert found == [spam.Reason(spam.GAMBLING_TERMS, ("slot gacor",))]
    article.save()
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_hidden_text_stays_held_after_the_sanitiser_made_it_visible(serang, desk):
    """Saving again after the hold (the body now cleaned, nothing hidden any more) lifts nothing."""
    penulis, _redaktur = desk
    article = held_article(serang, penulis, body=HIDDEN_LINK)
    stored = Article.objects.get(pk=article.pk)
    assert "display" not in stored.body
    stored.screen()
    stored.save()
    assert Article.objects.get(pk=article.pk).is_held


# --- restores, recoveries ---------------------------------------------------------------------------------------


def test_restoring_a_spam_revision_holds_it(serang, desk):
    penulis, redaktur = desk
    article = draft(serang, penulis)
    save_revision(article, penulis, lead="Info togel dan maxwin.")  # stored without the check
    spammy = Version.objects.get_for_object(article).first()
    save_revision(article, penulis, lead="Ringkasan rapat.")
    workflow.restore(spammy, by=redaktur)
    article.refresh_from_db()
    assert article.is_held and article.lead == "Info togel dan maxwin."
    assert AuditEntry.Action.SPAM_HOLD in actions(article)


def test_a_restore_keeps_the_current_hold(serang, desk):
    penulis, redaktur = desk
    article = draft(serang, penulis)
    save_revision(article, penulis, lead="Ringkasan rapat.")
    clean = Version.objects.get_for_object(article).first()
    article.body = HIDDEN_LINK
    assert article.screen()
    save_revision(article, penulis)
    # Back to content with nothing to hold: the hold stays until a redaktur releases it.
    workflow.restore(clean, by=redaktur)
    article.refresh_from_db()
    assert article.is_held and article.lead == "Ringkasan rapat." and "judi.example" not in article.body


# --- the known domains ---------------------------------------------------------------------------------------------


def test_a_held_article_teaches_no_domain(serang, desk):
    _penulis, redaktur = desk
    article = make_article(city=serang, author=redaktur)
    article.body = '<p><a href="https://promo.example/">promo</a></p>'
    assert article.screen()
    article.save()
    assert article.status == Article.Status.PUBLISHED and not OutboundDomain.objects.exists()


def test_the_command_learns_the_link_hosts_of_published_articles(serang):
    article = make_article(city=serang)
    held = make_article(city=serang, held_at=article.published_at, held_reasons=[{"kind": "x", "found": ["y"]}])
    body = '<p><a href="https://www.kompas.com/a">a</a> <a href="https://judi.example/">b</a></p>'
    # Bodies that reached the database without save(), as an import would put them.
    Article.objects.filter(pk=article.pk).update(body=body)
    Article.objects.filter(pk=held.pk).update(body='<p><a href="https://togel.example/">b</a></p>')
    OutboundDomain.objects.all().delete()

    call_command("learn_outbound_domains", "--dry-run", verbosity=0)
    assert not OutboundDomain.objects.exists()
    call_command("learn_outbound_domains", verbosity=0)
    assert set(OutboundDomain.objects.values_list("domain", flat=True)) == {"kompas.com", "judi.example"}
    assert OutboundDomain.objects.get(domain="kompas.com").first_article == article
