/* Display modes for older readers and poor eyesight (适老化), each a toggle button in the header,
   remembered across pages and visits:
   - 长辈模式 (html.pt-elder): larger text and stronger contrast;
   - 高对比度 (html.pt-contrast): white and yellow on black, every text at least 7:1 (WCAG AAA).
   The two combine. Loaded from <head> without defer: the saved modes are applied to <html> before
   the page is drawn, so a reader who chose them never sees the page flash in the default look first.
   The buttons themselves are wired once the document has been parsed. */
(function () {
  "use strict";

  var MODES = [
    { key: "pt-elder-mode", className: "pt-elder", button: ".pt-elder-toggle" },
    { key: "pt-contrast-mode", className: "pt-contrast", button: ".pt-contrast-toggle" },
  ];
  var root = document.documentElement;

  // Storage can be switched off or full (private windows, strict settings): a mode then simply
  // lasts for this page instead of breaking the page.
  function saved(mode) {
    try { return window.localStorage.getItem(mode.key) === "on"; } catch (e) { return false; }
  }
  function save(mode, on) {
    try {
      if (on) { window.localStorage.setItem(mode.key, "on"); } else { window.localStorage.removeItem(mode.key); }
    } catch (e) { /* see saved() */ }
  }

  function apply(mode, on) {
    root.classList.toggle(mode.className, on);
    var button = document.querySelector(mode.button);
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
  }

  // The theme fades link and menu colours; a mode switch takes effect at once instead, so that no
  // text passes through colours a reader cannot read (and a checker never measures them).
  function instantly(change) {
    root.classList.add("pt-switching");
    change();
    void window.getComputedStyle(root).color; // the new colours are settled while fading is off
    root.classList.remove("pt-switching");
  }

  MODES.forEach(function (mode) { apply(mode, saved(mode)); });

  document.addEventListener("DOMContentLoaded", function () {
    var bar = document.querySelector(".md-header__inner");
    if (!bar) { return; }
    MODES.forEach(function (mode) {
      var button = document.querySelector(mode.button);
      if (!button) { return; }
      // Before the repository link, after the search: the place readers look for page settings.
      bar.insertBefore(button, bar.querySelector(".md-header__source"));
      apply(mode, root.classList.contains(mode.className));
      button.hidden = false;
      button.addEventListener("click", function () {
        var on = !root.classList.contains(mode.className);
        save(mode, on);
        instantly(function () { apply(mode, on); });
      });
    });
  });

  // Another tab switched a mode: follow it, so two open pages never disagree.
  window.addEventListener("storage", function (event) {
    MODES.forEach(function (mode) {
      if (event.key === mode.key) { instantly(function () { apply(mode, saved(mode)); }); }
    });
  });
})();
