"""The workflow table is the one statement of the workflow: the verbs, the admin's buttons, its dispatch, the
bulk actions and the audit log's vocabulary all follow it, and a new step is one row plus its verb."""

import dataclasses

import pytest

from articles import transitions
from articles.models import Article, AuditEntry
from articles.transition_forms import TransitionForm
from cities.models import Role
from tests.factories import client_for, make_article, staff, transition, url

pytestmark = pytest.mark.django_db

STATES = [*Article.Status.values, transitions.SCHEDULED]


def test_every_row_has_its_verb_its_audit_words_and_a_reachable_target():
    for row in transitions.TRANSITIONS.values():
        assert callable(getattr(Article, row.name, None)), row.name
        assert AuditEntry.Action(row.name).label == row.done
        assert row.target is None or row.target in Article.Status.values  # None: the status stays
        assert row.on_hold in (None, False, True)
        assert row.sources <= set(STATES)
        assert row.form is None or issubclass(row.form, TransitionForm)
        assert not (row.bulk_label and row.form), "a bulk action cannot ask a form"


@pytest.fixture
def desk(serang):
    return serang, staff(serang, Role.PENULIS), staff(serang, Role.REDAKTUR)


def article_in(state, city, author):
    if state == transitions.SCHEDULED:
        return make_article(city=city, author=author, published_at=Article().created_at.replace(year=2100))
    published_at = Article().created_at if state == Article.Status.PUBLISHED else None
    return make_article(city=city, author=author, status=state, published_at=published_at)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ["penulis", "redaktur"])
def test_the_buttons_are_the_rows_the_user_may_apply(desk, state, role):
    city, penulis, redaktur = desk
    user = {"penulis": penulis, "redaktur": redaktur}[role]
    article = article_in(state, city, author=penulis)
    # The redaktur may every editor's row; the penulis, who wrote the article, the author's rows.
    theirs = {transitions.author_or_editor, transitions.editor if role == "redaktur" else transitions.author}
    # The article is not on hold: the release (a row for held articles only) is not offered.
    expected = [
        t.name
        for t in transitions.TRANSITIONS.values()
        if state in t.sources and t.may in theirs and t.on_hold is not True
    ]
    page = client_for(user).get(url("change", article.pk))
    assert page.status_code == 200
    assert [button["action"] for button in page.context["workflow"]["buttons"]] == expected


def test_a_writer_withdraws_their_own_submission_and_no_one_elses(desk):
    """ "Withdraw", one row and its verb: a button, a working URL, an audit entry in its own words, and the
    refusal of everyone the row does not allow."""
    city, penulis, redaktur = desk
    article = article_in(Article.Status.DRAFT, city, author=penulis)
    article.submit(by=penulis)
    client = client_for(penulis)
    assert [b["action"] for b in client.get(url("change", article.pk)).context["workflow"]["buttons"]] == ["withdraw"]

    transition(client, article, "withdraw")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    entry = AuditEntry.objects.filter(article=article).first()
    assert (entry.action, entry.user, entry.get_action_display()) == (
        "withdraw",
        penulis,
        "ditarik kembali oleh penulis",
    )
    # Back to a draft of theirs: the writer may change it again.
    assert Article.objects.editable_by(penulis).filter(pk=article.pk).exists()

    other = staff(city, Role.PENULIS)
    theirs = article_in(Article.Status.DRAFT, city, author=other)
    theirs.submit(by=other)
    transition(client, theirs, "withdraw")
    theirs.refresh_from_db()
    assert theirs.status == Article.Status.REVIEW
    # The redaktur sends back with a reason instead; withdrawing is the writer's.
    assert "withdraw" not in [
        b["action"] for b in client_for(redaktur).get(url("change", theirs.pk)).context["workflow"]["buttons"]
    ]


def test_bulk_actions_are_the_rows_with_a_bulk_label(desk):
    city, penulis, redaktur = desk
    make_article(city=city, author=penulis)
    changelist = client_for(redaktur).get(url("changelist"))
    offered = {name for name, _label in changelist.context["action_form"].fields["action"].choices}
    bulk = {f"{t.name}_selected" for t in transitions.TRANSITIONS.values() if t.bulk_label}
    assert bulk <= offered
    assert not {f"{t.name}_selected" for t in transitions.TRANSITIONS.values() if not t.bulk_label} & offered

    changelist = client_for(penulis).get(url("changelist"))
    offered = {name for name, _label in changelist.context["action_form"].fields["action"].choices}
    assert "submit_selected" in offered and "publish_selected" not in offered


def test_rows_are_immutable_records():
    row = transitions.TRANSITIONS["publish"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.target = Article.Status.DRAFT
