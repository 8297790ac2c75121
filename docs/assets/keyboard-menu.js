/* The side menu (☰) of narrow screens (phones, or a desktop window zoomed to 200%), usable with a
   keyboard. Material opens it with a <label> for a hidden checkbox, which Tab never reaches; here
   the label becomes a button: Tab reaches it, Enter or Space opens and closes the menu, Escape
   closes it, and aria-expanded tells screen readers whether it is open. Its name is the one
   Material gives the menu itself, so no new text lives in this file. */
(function () {
  "use strict";

  var drawer = document.getElementById("__drawer");
  var button = document.querySelector('label.md-header__button[for="__drawer"]');
  var menu = document.querySelector(".md-nav--primary");
  if (!drawer || !button || !menu) { return; }

  function sync() { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); }

  button.setAttribute("role", "button");
  button.setAttribute("tabindex", "0");
  button.setAttribute("aria-label", menu.getAttribute("aria-label") || "");
  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();  // Space would scroll the page
      event.stopPropagation();  // Material also clicks a focused label on Enter: toggle once, here
      drawer.click();  // through the checkbox, so Material's own handlers see the change
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) {
      drawer.click();
      button.focus();
    }
  });
  drawer.addEventListener("change", sync);
  sync();
})();
