// The outbox page: "copy text" puts a kept message's text on the clipboard, so a librarian
// without a mail server can paste it into her own e-mail.
(function () {
  "use strict";
  function copied(button) {
    var label = button.textContent;
    button.textContent = button.getAttribute("data-copied") || label;
    setTimeout(function () { button.textContent = label; }, 2000);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var area = document.getElementById(button.getAttribute("data-copy"));
    if (!area) { return; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(function () { copied(button); });
    } else {
      // plain http on a library's intranet has no Clipboard API; selecting still works
      area.focus();
      area.select();
      if (document.execCommand("copy")) { copied(button); }
    }
  });
})();
