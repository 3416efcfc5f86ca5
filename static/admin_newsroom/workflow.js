// Warn before a workflow button (submit, publish, …) leaves unsaved edits of the article form behind.
"use strict";
(function () {
  function snapshot(form) {
    const data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    return JSON.stringify(Array.from(data.entries()).map(([key, value]) => [key, typeof value === "string" ? value : value.name]));
  }

  document.addEventListener("DOMContentLoaded", function () {
    const articleForm = document.getElementById("article_form");
    if (!articleForm) {
      return;
    }
    // The rich-text editor rewrites the body once when it starts: take the snapshot after that.
    let initial = null;
    window.setTimeout(function () { initial = snapshot(articleForm); }, 1000);

    document.querySelectorAll("form.newsroom-transition").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (initial !== null && snapshot(articleForm) !== initial && !window.confirm(form.dataset.unsavedMessage)) {
          event.preventDefault();
        }
      });
    });
  });
})();
