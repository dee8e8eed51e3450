// Public pages: copy an announcement or the embed snippet to the clipboard; print the poster.
// A file of its own because the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!field) { return; }
    function done() { if (status) { status.textContent = button.getAttribute("data-copied-text") || "OK"; } }
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      // plain http (a library's intranet): the older command still works on a selected field
      document.execCommand("copy");
      done();
    }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (button) { copy(button); return; }
    if (event.target.closest("[data-print]")) { window.print(); }
  });
})();
