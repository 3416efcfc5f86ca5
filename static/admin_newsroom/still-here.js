// While staff type or click on an admin page, tell the server every few minutes: the session's idle
// time-out (staff/sessions.py) then counts only time away from the keyboard, never a long edit.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.url;
  if (!url) return;
  var EVERY_MS = 4 * 60 * 1000;
  var active = false;
  ["keydown", "pointerdown", "input", "scroll"].forEach(function (name) {
    document.addEventListener(name, function () { active = true; }, { passive: true, capture: true });
  });
  function csrfToken() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  setInterval(function () {
    if (!active) return;
    active = false;
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } });
  }, EVERY_MS);
})();
