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
