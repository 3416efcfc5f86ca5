// The rich-text editor names its toolbar buttons in English and asks no catalogue for them; its dialogs do
// ask (window.gettext, from the admin's JavaScript catalogue). Give the buttons the catalogue's words too:
// locale/id/LC_MESSAGES/djangojs.po holds both.
(function () {
  "use strict";
  if (typeof window.gettext !== "function") return;
  var translated = new WeakSet();

  function relabel(button) {
    if (translated.has(button)) return;
    translated.add(button);
    var title = button.getAttribute("title");
    if (title) {
      var words = window.gettext(title);
      button.setAttribute("title", words);
      if (button.hasAttribute("aria-label")) button.setAttribute("aria-label", words);
    }
  }

  function relabelAll(root) {
    root.querySelectorAll(".prose-menubar [title]").forEach(relabel);
  }

  function start() {
    relabelAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1) {
            if (node.matches && node.matches(".prose-menubar [title]")) relabel(node);
            relabelAll(node);
          }
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
