// The planner's dialog: opened when HTMX fills it, closed when the server says a save is done.
(function () {
  "use strict";
  function dialog() { return document.getElementById("item-dialog"); }
  document.addEventListener("htmx:afterSwap", function (event) {
    var d = dialog();
    if (d && event.detail.target && event.detail.target.id === "dialog-body" && !d.open) {
      d.showModal();
      var first = d.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    }
  });
  document.body.addEventListener("dialog-close", function () {
    var d = dialog();
    if (d && d.open) { d.close(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-close-dialog]")) { dialog().close(); }
  });
  dialog() && dialog().addEventListener("close", function () {
    document.getElementById("dialog-body").innerHTML = "";
  });
})();

// A request the server could not answer (busy: 503, or an error) is not swapped in, so what the
// librarian typed stays where it is; the message says what happened and that she may try again.
(function () {
  "use strict";
  document.addEventListener("htmx:responseError", function (event) {
    var region = document.getElementById("request-problem");
    var xhr = event.detail.xhr;
    if (!region || !xhr || xhr.status < 500) { return; }
    var busy = xhr.status === 503 && /text\/html/.test(xhr.getResponseHeader("content-type") || "");
    if (busy) {
      region.innerHTML = xhr.responseText;
    } else {
      region.innerHTML = "";
      var p = document.createElement("p");
      p.className = "notice notice-error";
      p.setAttribute("role", "alert");
      p.textContent = region.getAttribute("data-message");
      region.appendChild(p);
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var region = document.getElementById("request-problem");
    if (region && event.detail.successful) { region.innerHTML = ""; }
  });
})();
