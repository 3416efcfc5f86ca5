"""The workflow panel of the article admin: its buttons, the view they post to, and the bulk actions.

All three read ``articles.transitions.TRANSITIONS``: a new row there is a new button (with its form, label and
danger), a new URL and, with a ``bulk_label``, a new bulk action, with no change here.
"""

from concurrency.exceptions import RecordModifiedError
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cities.localtime import format_local

from .. import transitions
from ..models import TransitionError
from .display import MAX_FAILURE_MESSAGES, Row, error_text, status_badge, user_label

STALE_MESSAGE = _("The article changed after you opened it, so nothing was done. Check it and try again.")


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
        buttons = [
            {
                "action": transition.name,
                "label": transition.label,
                "url": self.admin_url("transition", article.pk, transition.name),
                "form": transition.form(article=article, prefix=transition.name) if transition.form else None,
                "danger": transition.dangerous,
            }
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

    def hold_panel(self, article, buttons) -> dict | None:
        """The spam hold as the change page shows it: since when, why, and the release if the user may."""
        if not article.is_held:
            return None
        return {
            "since": format_local(article.held_at, article.city),
            "reasons": [str(reason) for reason in article.hold_reasons],
            "release": [button for button in buttons if transitions.TRANSITIONS[button["action"]].on_hold],
        }

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
