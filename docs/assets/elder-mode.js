/* Age-friendly mode (长辈模式): larger text and stronger contrast, chosen with a button in the header
   and remembered across pages and visits.
   Loaded from <head> without defer: the saved mode is applied to <html> before the page is drawn, so
   a reader who chose large text never sees the page in small print first. The button itself is
   wired once the document has been parsed. */
(function () {
  "use strict";

  var KEY = "pt-elder-mode";
  var CLASS = "pt-elder";
  var root = document.documentElement;

  // Storage can be switched off or full (private windows, strict settings): the mode then simply
  // lasts for this page instead of breaking the page.
  function saved() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }
  function save(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, "on"); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* see saved() */ }
  }

  function apply(on, button) {
    root.classList.toggle(CLASS, on);
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  apply(saved());

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".pt-elder-toggle");
    var bar = document.querySelector(".md-header__inner");
    if (!button || !bar) { return; }
    // Before the repository link, after the search: the place readers look for page settings.
    bar.insertBefore(button, bar.querySelector(".md-header__source"));
    apply(root.classList.contains(CLASS), button);
    button.hidden = false;
    button.addEventListener("click", function () {
      var on = !root.classList.contains(CLASS);
      save(on);
      apply(on, button);
    });
  });

  // Another tab switched the mode: follow it, so two open pages never disagree.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { apply(saved(), document.querySelector(".pt-elder-toggle")); }
  });
})();
