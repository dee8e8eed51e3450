// The planner's dialog: opened when HTMX fills it, closed when the server says a save is done.
// What the librarian typed is kept: Enter in a text field does not save a half-filled form,
// Escape or × ask before throwing typed text away, and an answer with errors or warnings
// brings them into view and puts the focus on the first one.
(function () {
  "use strict";
  var initial = null;  // the form as it opened, to tell whether anything was typed since
  var saved = false;
  function dialog() { return document.getElementById("item-dialog"); }
  function form() { return document.getElementById("item-form"); }
  function snapshot() {
    var f = form();
    if (!f) { return null; }
    var pairs = [];
    new FormData(f).forEach(function (value, name) {
      if (name !== "csrf_token" && name !== "_csrf_token") { pairs.push(name + "=" + value); }
    });
    return pairs.join("&");
  }
  function dirty() { return !saved && initial !== null && snapshot() !== initial; }
  function mayClose() {
    var d = dialog();
    return !dirty() || window.confirm(d.getAttribute("data-discard"));
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var d = dialog();
    if (d && event.detail.target && event.detail.target.id === "dialog-body" && !d.open && event.detail.target.innerHTML.trim()) {
      d.showModal();
      saved = false;
      initial = snapshot();
      var first = d.querySelector("input:not([type=hidden]), select, textarea");
      if (first) { first.focus(); }
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var d = dialog();
    var config = event.detail.requestConfig;
    if (!d || !d.open || !config || config.verb !== "post") { return; }
    var problem = d.querySelector("#item-editor [aria-invalid=true]") || d.querySelector("#clash-warnings")
      || d.querySelector("#item-editor .notice-error");
    if (!problem) { return; }
    if (!problem.matches("input, select, textarea, button")) { problem.setAttribute("tabindex", "-1"); }
    problem.scrollIntoView({block: "center"});
    problem.focus({preventScroll: true});
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.form && target.form.id === "item-form" && target.tagName === "INPUT"
        && !/^(submit|button|checkbox|radio)$/.test(target.type)) {
      event.preventDefault();  // a save is the Save button's: Enter in the title saved an event at today 14:00
    }
  });
  document.body.addEventListener("dialog-close", function () {
    var d = dialog();
    saved = true;
    if (d && d.open) { d.close(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-close-dialog]") && mayClose()) { dialog().close(); }
  });
  if (dialog()) {
    dialog().addEventListener("cancel", function (event) {
      if (!mayClose()) { event.preventDefault(); }
    });
    dialog().addEventListener("close", function () {
      document.getElementById("dialog-body").innerHTML = "";
      initial = null;
    });
  }
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

// What an htmx action did ("Saglabāts."), sent as the afisa-notice event (app/web.notice_trigger):
// shown in the notices region, which a screen reader reads; "undo" posts the action's undo address.
(function () {
  "use strict";
  document.addEventListener("afisa-notice", function (event) {
    var region = document.getElementById("notices");
    var detail = event.detail || {};
    if (!region || !detail.text) { return; }
    while (region.children.length >= 3) { region.removeChild(region.firstElementChild); }
    var box = document.createElement("div");
    box.className = "notice notice-" + (detail.level || "ok");
    var text = document.createElement("span");
    text.textContent = detail.text;
    box.appendChild(text);
    if (detail.undo && window.htmx) {
      var undo = document.createElement("button");
      undo.type = "button";
      undo.className = "linklike undo";
      undo.textContent = region.getAttribute("data-undo");
      undo.addEventListener("click", function () {
        box.remove();
        window.htmx.ajax("POST", detail.undo, {source: region, swap: "none"});
      });
      box.appendChild(undo);
    }
    region.appendChild(box);
  });
})();

// On a phone the planner's filters fold away (unless one is in use), so the month starts near the top.
(function () {
  "use strict";
  function fold() {
    var panel = document.querySelector(".filter-panel[data-closed-on-phone=yes]");
    if (panel && window.matchMedia("(max-width: 700px)").matches) { panel.removeAttribute("open"); }
  }
  document.addEventListener("DOMContentLoaded", fold);
  document.addEventListener("htmx:afterSettle", fold);
})();

// Moving a session in the month or week grid: drag it to another day (or hour), or focus it and
// press Alt+arrow (a day to either side; up and down a week, or an hour in the week's timetable).
// The server moves it, or opens the dialog at the new time when something warns (app/planning/items.py).
(function () {
  "use strict";
  var dragged = null;
  function move(occurrence, day, hour, source) {
    var values = {day: day};
    if (hour !== undefined && hour !== null && hour !== "") { values.hour = hour; }
    window.htmx.ajax("POST", "/occurrences/" + occurrence + "/move", {source: source, values: values, target: "#dialog-body", swap: "innerHTML"});
  }
  function shifted(iso, days) {
    var parts = iso.split("-").map(Number);
    var d = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + days));
    return d.toISOString().slice(0, 10);
  }
  document.addEventListener("dragstart", function (event) {
    var chip = event.target.closest && event.target.closest("li.session[draggable=true]");
    if (!chip) { return; }
    dragged = chip.getAttribute("data-occurrence");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged);
  });
  document.addEventListener("dragover", function (event) {
    var cell = dragged && event.target.closest && event.target.closest("td[data-day]");
    if (!cell) { return; }
    event.preventDefault();
    document.querySelectorAll("td.drop-target").forEach(function (c) { if (c !== cell) { c.classList.remove("drop-target"); } });
    cell.classList.add("drop-target");
  });
  document.addEventListener("drop", function (event) {
    var cell = dragged && event.target.closest && event.target.closest("td[data-day]");
    if (!cell) { return; }
    event.preventDefault();
    cell.classList.remove("drop-target");
    move(dragged, cell.getAttribute("data-day"), cell.getAttribute("data-hour"), cell);
    dragged = null;
  });
  document.addEventListener("dragend", function () {
    dragged = null;
    document.querySelectorAll("td.drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || !/^Arrow(Left|Right|Up|Down)$/.test(event.key)) { return; }
    var chip = event.target.closest && event.target.closest("li.session[draggable=true]");
    var cell = chip && chip.closest("td[data-day]");
    if (!cell) { return; }
    event.preventDefault();
    var hour = cell.getAttribute("data-hour");
    var day = cell.getAttribute("data-day");
    if (event.key === "ArrowLeft") { day = shifted(day, -1); }
    if (event.key === "ArrowRight") { day = shifted(day, 1); }
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      if (hour) { hour = String(Math.max(0, Math.min(23, Number(hour) + (event.key === "ArrowUp" ? -1 : 1)))); }
      else { day = shifted(day, event.key === "ArrowUp" ? -7 : 7); }
    }
    window.afisaRefocus = chip.getAttribute("data-occurrence");
    move(chip.getAttribute("data-occurrence"), day, hour, cell);
  });
  // after the planner reloads itself, the focus returns to the moved session
  document.addEventListener("htmx:afterSettle", function () {
    if (!window.afisaRefocus) { return; }
    var link = document.querySelector('li.session[data-occurrence="' + window.afisaRefocus + '"] a');
    if (link) { link.focus(); window.afisaRefocus = null; }
  });
})();
