// The workflow panel of the article page (and its preview links): a step that takes the article off the site asks first (the question,
// already translated, is the button's or form's data-confirm), and Enter in a field a step asks for presses that
// step's button, not the article form's default button.
"use strict";
(function () {
  function confirmed(element) {
    const question = element && element.dataset.confirm;
    return !question || window.confirm(question);
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A preview link's field selects itself, ready to copy (no inline handler: the admin's CSP refuses them).
    document.querySelectorAll("input.newsroom-select-on-focus").forEach(function (field) {
      field.addEventListener("focus", function () {
        field.select();
      });
    });
    // Steps of the article form: the button carries the question.
    const articleForm = document.getElementById("article_form");
    if (articleForm) {
      articleForm.addEventListener("submit", function (event) {
        if (event.submitter && event.submitter.name === "_transition" && !confirmed(event.submitter)) {
          event.preventDefault();
        }
      });
    }
    // Steps of their own (read-only articles, the release of a hold): the form carries it.
    document.querySelectorAll("form.newsroom-transition[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!confirmed(form)) {
          event.preventDefault();
        }
      });
    });
    document.querySelectorAll("div.newsroom-transition").forEach(function (step) {
      const button = step.querySelector("button[name=_transition]");
      step.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" || event.target.tagName === "TEXTAREA" || !articleForm || !button) {
          return;
        }
        event.preventDefault();
        articleForm.requestSubmit(button);
      });
    });
  });
})();
