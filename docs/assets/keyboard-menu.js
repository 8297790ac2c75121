/* The side menu (☰) of narrow screens (phones, or a desktop window zoomed to 200%), usable with a
   keyboard. Material opens it with a <label> for a hidden checkbox, which Tab never reaches; here
   the label is replaced by a real <button> (a <label> may not take role="button"): Tab reaches it,
   Enter or Space opens and closes the menu, Escape closes it, and aria-expanded tells screen
   readers whether it is open. Without JavaScript the label stays and opens the menu by itself.
   Its name is the one Material gives the menu itself, so no new text lives in this file. */
(function () {
  "use strict";

  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('label.md-header__button[for="__drawer"]');
  var menu = document.querySelector(".md-nav--primary");
  if (!drawer || !label || !menu) { return; }

  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " pt-menu-button";  // Material's look; portal.css hides it where the label hides
  button.innerHTML = label.innerHTML;  // Material's ☰ icon
  button.setAttribute("aria-label", menu.getAttribute("aria-label") || "");
  label.replaceWith(button);

  function sync() { button.setAttribute("aria-expanded", drawer.checked ? "true" : "false"); }

  button.addEventListener("click", function () {
    drawer.click();  // through the checkbox, so Material's own handlers see the change
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
