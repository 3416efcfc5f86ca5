"""The workflow panel of the article admin: its buttons, the view they post to, and the bulk actions.

All three read ``articles.transitions.TRANSITIONS``: a new row there is a new button (with its form, label and
danger), a new URL and, with a ``bulk_label``, a new bulk action, with no change here.

On a form the user may change, a step with a ``save_label`` is a button of the article's form itself: it posts
the form with the step's name (``STEP_FIELD``), the admin saves the form as any save (validation, the lock
version, the revision, the spam check) and then takes the step, in the same request. An invalid form or step
saves nothing and comes back with everything typed; a step refused after a valid save leaves the save and says
why. Everywhere else (read-only articles, the release of a spam hold) a button posts to ``transition_view``.
"""

import dataclasses

from concurrency.exceptions import RecordModifiedError
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cities.localtime import format_local

from .. import transitions
from ..models import TransitionError
from .display import MAX_FAILURE_MESSAGES, Row, error_text, status_badge, user_label

STALE_MESSAGE = _("The article changed after you opened it, so nothing was done. Check it and try again.")

#: The name of the article form's workflow buttons; the value is the step's name.
STEP_FIELD = "_transition"
#: The ``id`` Django's admin gives the article's change form: the buttons and fields of the panel, which sits
#: outside that form, belong to it through their ``form`` attribute.
ARTICLE_FORM_ID = "article_form"


@dataclasses.dataclass(frozen=True)
class Step:
    """A workflow step pressed on the article's form, with what its form asks (bound to the request)."""

    article_id: int
    transition: transitions.Transition
    form: forms.Form | None


class StepCheckedForm:
    """Mixed into the article form when a step is pressed: nothing is saved unless what the step asks is valid."""

    step_form: forms.Form | None = None

    def clean(self):
        cleaned_data = super().clean()
        if self.step_form is not None and not self.step_form.is_valid():
            raise ValidationError(
                _(
                    "Nothing was saved: the workflow step needs what is marked in the workflow panel. "
                    "Fill it in and press the button again."
                ),
                code="step_invalid",
            )
        return cleaned_data


class WorkflowAdminMixin:
    def workflow_urls(self, prefix: str) -> list:
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{prefix}_transition",
            ),
        ]

    # --- the panel ----------------------------------------------------------------------------------------

    def workflow_panel(self, request, article) -> dict:
        """The state, the buttons the user may press now, the spam hold, and the article's corrections."""
        city = article.city
        may_change = self.has_change_permission(request, article)
        buttons = [
            self._button(request, article, transition, save_first=may_change and bool(transition.save_label))
            for transition in transitions.available(article, request.user)
        ]
        return {
            # The release sits beside the reasons it releases, not among the other steps.
            "buttons": [button for button in buttons if not transitions.TRANSITIONS[button["action"]].on_hold],
            "hold": self.hold_panel(article, buttons),
            "zone": city.zone_abbreviation,
            "status": status_badge(article),
            "published": format_local(
                article.published_at, city, time=article.published_time_known or article.is_scheduled
            ),
            "is_scheduled": article.is_scheduled,
            "is_live": article.is_published,
            "review_note": article.review_note if article.status == article.Status.DRAFT else "",
            "in_review": article.status == article.Status.REVIEW,
            "editable": self.is_editable(request, article),
            "version": article.version,
            "corrections": [
                Row(when=format_local(c.created_at, city), who=user_label(c.created_by), note=c.note)
                for c in article.corrections.select_related("created_by")
            ],
        }

    def _button(self, request, article, transition, *, save_first: bool) -> dict:
        """One button of the panel: a step of the article's form (``save_first``) or a form of its own."""
        step = self.requested_step(request, article)
        if step is not None and step.transition.name == transition.name and step.form is not None:
            form = step.form  # pressed and refused: shown again with what was typed and its errors
        else:
            form = transition.form(article=article, prefix=transition.name) if transition.form else None
        if form is not None and save_first:
            for field in form.fields.values():
                field.widget.attrs["form"] = ARTICLE_FORM_ID
        return {
            "action": transition.name,
            "label": transition.save_label if save_first else transition.label,
            "url": self.admin_url("transition", article.pk, transition.name),
            "form": form,
            "danger": transition.dangerous,
            "save_first": save_first,
            "confirm": (
                gettext("“%(headline)s” will be %(action)s. Continue?")
                % {"headline": article.headline, "action": transition.done}
                if transition.dangerous
                else ""
            ),
        }

    def hold_panel(self, article, buttons) -> dict | None:
        """The spam hold as the change page shows it: since when, why, and the release if the user may."""
        if not article.is_held:
            return None
        return {
            "since": format_local(article.held_at, article.city),
            "reasons": [str(reason) for reason in article.hold_reasons],
            "release": [button for button in buttons if transitions.TRANSITIONS[button["action"]].on_hold],
        }

    # --- a step pressed on the article's form: saved first, then taken ---------------------------------------

    def requested_step(self, request, article) -> Step | None:
        """The step pressed on ``article``'s form in this request (``None``: a plain save, or no form posted)."""
        if request.method != "POST" or article is None or article.pk is None or "_saveasnew" in request.POST:
            return None
        name = request.POST.get(STEP_FIELD)
        if not name:
            return None
        step = request.__dict__.get("_newsroom_step")
        if step is None or step.article_id != article.pk:
            transition = transitions.TRANSITIONS.get(name)
            if transition is None or not transition.save_label:
                raise Http404
            form = transition.form(request.POST, article=article, prefix=name) if transition.form else None
            step = request._newsroom_step = Step(article.pk, transition, form)
        return step

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        step = self.requested_step(request, obj)
        if step is None or step.form is None:
            return form

        class ArticleFormWithStep(StepCheckedForm, form):
            step_form = step.form

        return ArticleFormWithStep

    def response_change(self, request, obj):
        step = self.requested_step(request, obj)
        if step is None:
            return super().response_change(request, obj)
        # The save is done; the step follows in change_view, once the save's transaction and revision are closed.
        request._newsroom_saved_for_step = (obj.pk, step)
        return HttpResponseRedirect(self.admin_url("change", obj.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        saved = request.__dict__.pop("_newsroom_saved_for_step", None)
        if saved is not None and response.status_code == 302:  # not when the save was rolled back after all
            self.take_step_after_save(request, *saved)
        return response

    def take_step_after_save(self, request, article_id, step) -> None:
        """Take ``step`` on the article just saved; a refusal keeps the save and says why the step was not done."""
        article = self.get_object(request, str(article_id))
        transition = step.transition
        try:
            if article is None:
                raise PermissionDenied
            arguments = {}
            if transition.form is not None:
                # Checked again against the article as saved (its desk city, and so its zone, may have moved).
                form = transition.form(request.POST, article=article, prefix=transition.name)
                if not form.is_valid():
                    raise ValidationError([error for errors in form.errors.as_data().values() for error in errors])
                arguments = form.arguments()
            getattr(article, transition.name)(by=request.user, **arguments)
        except (TransitionError, PermissionDenied, ValidationError) as error:
            reason = error_text(error)
        except RecordModifiedError:
            reason = gettext("someone else saved it at the same moment.")
        else:
            self.message_user(
                request,
                " ".join([gettext("Your changes were saved."), str(self._done_message(article, transition))]),
                messages.SUCCESS,
            )
            return
        self.message_user(
            request,
            gettext("Your changes were saved, but the article was not %(action)s: %(reason)s")
            % {"action": transition.done, "reason": reason},
            messages.ERROR,
        )

    # --- one POST view for every transition ---------------------------------------------------------------

    def transition_view(self, request, object_id, action):
        """Apply one transition to one article; a refused one changes nothing and says why."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        transition = transitions.TRANSITIONS.get(action)
        if transition is None:
            raise Http404
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self.missing_object(request, object_id)
        back = HttpResponseRedirect(self.admin_url("change", article.pk))
        if request.POST.get("version") != str(article.version):
            messages.error(request, STALE_MESSAGE)
            return back
        arguments = {}
        if transition.form is not None:
            form = transition.form(request.POST, article=article, prefix=action)
            if not form.is_valid():
                for error in form.errors.as_data().values():
                    for message in error:
                        messages.error(request, error_text(message))
                return back
            arguments = form.arguments()
        try:
            getattr(article, transition.name)(by=request.user, **arguments)
        except (TransitionError, PermissionDenied) as error:
            messages.error(request, error_text(error))
            return back
        except RecordModifiedError:
            messages.error(request, STALE_MESSAGE)
            return back
        self.message_user(request, self._done_message(article, transition), messages.SUCCESS)
        return back

    def _done_message(self, article, transition) -> str:
        if transition.name in {"publish", "schedule"}:
            return gettext("“%(headline)s” is published from %(time)s.") % {
                "headline": article.headline,
                "time": format_local(article.published_at, article.city),
            }
        return gettext("“%(headline)s”: %(action)s.") % {
            "headline": article.headline,
            "action": transition.done,
        }

    # --- bulk actions: the transitions with a bulk label, one article at a time ---------------------------

    def workflow_actions(self, request) -> dict:
        """The bulk actions this user is offered, as ``get_actions`` entries."""
        writer_only = self.editor_city_ids(request) == set()
        actions = {}
        for transition in transitions.TRANSITIONS.values():
            if not transition.bulk_label or (writer_only and transition.may is transitions.editor):
                continue
            name = f"{transition.name}_selected"
            actions[name] = (self._bulk_action(transition.name), name, transition.bulk_label)
        return actions

    @staticmethod
    def _bulk_action(verb):
        def action(modeladmin, request, queryset):
            modeladmin.apply_verb(request, queryset, verb)

        return action

    def apply_verb(self, request, queryset, verb):
        """Call ``verb`` on each selected article; report what was done and, per article, what was refused."""
        done, refused = 0, []
        for article in queryset.select_related("city").order_by("pk"):
            try:
                getattr(article, verb)(by=request.user)
            except (TransitionError, PermissionDenied, RecordModifiedError) as error:
                refused.append((article, error_text(error)))
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d article: %(action)s.", "%(count)d articles: %(action)s.", done)
                % {"count": done, "action": transitions.TRANSITIONS[verb].done},
                messages.SUCCESS,
            )
        self.report_refused(request, refused)

    def report_refused(self, request, refused) -> None:
        """One message per refused article (up to a limit), then a count of the rest."""
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
