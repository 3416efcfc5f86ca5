/* Copy-link button for the share box. Without JavaScript the link stays in a read-only field to copy by hand. */
(function () {
  "use strict";
  var fields = document.querySelectorAll("input[data-copy]");
  Array.prototype.forEach.call(fields, function (field) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.textContent = field.getAttribute("data-copy-label") || "Copy";
    status.className = "copy-status";
    status.setAttribute("role", "status");
    field.insertAdjacentElement("afterend", status);
    field.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      var done = function () { status.textContent = field.getAttribute("data-copied-label") || "Copied"; };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
})();
