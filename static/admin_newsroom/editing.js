// While an article's form is open: leaving it with changes not saved asks first (the browser's own question),
// what is typed goes every few seconds, when it changed, to the user's own autosave slot on the server (never
// into the article), and the page says it is open so the form can name who else has the article open.
// Addresses, intervals and every text shown come from the page (#newsroom-editing and the server's answers).
"use strict";
(function () {
  const CSRF = "csrfmiddlewaretoken";
  const readyEditors = new Set();

  // The rich-text editor keeps the textarea in step with what is typed; it says when it has started, and the
  // form's first state is taken only then.
  document.addEventListener("prose-editor:ready", function (event) {
    readyEditors.add(event.detail.textarea);
  });

  function fields(form) {
    const pairs = [];
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string") {
        pairs.push([key, value]);
      }
    }
    return pairs;
  }

  function snapshot(form) {
    return JSON.stringify(fields(form).filter(([key]) => key !== CSRF));
  }

  function csrfToken() {
    const field = document.querySelector("input[name=" + CSRF + "]");
    return field ? field.value : "";
  }

  function whenEditorsReady(callback) {
    const expected = Array.from(document.querySelectorAll("textarea[data-django-prose-editor-configurable]"))
      .filter((textarea) => !textarea.id.includes("__prefix__"));
    let done = false;
    function check() {
      if (!done && expected.every((textarea) => readyEditors.has(textarea))) {
        done = true;
        window.setTimeout(callback, 50);
      }
    }
    document.addEventListener("prose-editor:ready", check);
    window.setTimeout(function () { if (!done) { done = true; callback(); } }, 3000);
    check();
  }

  function start(config, form) {
    const startsUnsaved = config.dataset.unsaved === "1";
    const baseline = form ? snapshot(form) : null;
    let submitting = false;

    function unsaved() {
      return form !== null && (startsUnsaved || snapshot(form) !== baseline);
    }

    // Saving, a workflow step of the form and discarding the autosaved text leave on purpose.
    document.addEventListener("submit", function (event) {
      const target = event.target;
      if (!event.defaultPrevented && (target === form || target.classList.contains("newsroom-autosave-discard"))) {
        submitting = true;
      }
    });
    window.addEventListener("pageshow", function () { submitting = false; });
    if (form && config.dataset.autosaveUrl) {
      window.addEventListener("beforeunload", function (event) {
        if (!submitting && unsaved()) {
          event.preventDefault();
          event.returnValue = "";
        }
      });
      startAutosave(config, form, startsUnsaved ? null : baseline, () => submitting);
    }
    if (config.dataset.presenceUrl) {
      startPresence(config);
    }
  }

  function startAutosave(config, form, sent, isSubmitting) {
    const url = config.dataset.autosaveUrl;
    const status = document.getElementById("autosave-status");
    let lastSent = sent;
    let inFlight = false;

    function body() {
      const params = new URLSearchParams();
      fields(form).forEach(([key, value]) => params.append(key, value));
      return params;
    }

    function autosave() {
      const state = snapshot(form);
      if (inFlight || isSubmitting() || state === lastSent) {
        return;
      }
      inFlight = true;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": csrfToken() },
        body: body(),
      })
        .then((response) => (response.ok ? response.json() : null))
        .then(function (answer) {
          if (answer && answer.saved) {
            lastSent = state;
            if (status) {
              status.textContent = answer.message;
            }
          }
        })
        .catch(function () {})
        .finally(function () { inFlight = false; });
    }

    window.setInterval(autosave, Number(config.dataset.autosaveSeconds || 20) * 1000);
  }

  function startPresence(config) {
    const url = config.dataset.presenceUrl;
    const note = document.getElementById("presence");
    let timer = null;

    function show(message) {
      if (note) {
        note.textContent = message;
        note.hidden = !message;
      }
    }

    function beat() {
      const params = new URLSearchParams([[CSRF, csrfToken()]]);
      fetch(url, { method: "POST", credentials: "same-origin", redirect: "manual", body: params })
        .then(function (response) {
          if (!response.ok) {
            window.clearInterval(timer); // logged out, or the article is gone
            return null;
          }
          return response.json();
        })
        .then(function (answer) { if (answer) { show(answer.message); } })
        .catch(function () {});
    }

    // Leaving needs no word: the server forgets a page whose heartbeats stop.
    timer = window.setInterval(beat, Number(config.dataset.presenceSeconds || 30) * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const config = document.getElementById("newsroom-editing");
    if (!config) {
      return;
    }
    const form = config.dataset.autosaveUrl ? document.getElementById("article_form") : null;
    whenEditorsReady(function () { start(config, form); });
  });
})();
