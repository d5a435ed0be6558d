// Dark/light toggle: the choice is stored in localStorage ("theme") and applied as
// <html data-theme="...">; without a stored choice the page follows prefers-color-scheme.
(function () {
  "use strict";

  var root = document.documentElement;
  var systemDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");

  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen === "dark" || chosen === "light") return chosen;
    return systemDark && systemDark.matches ? "dark" : "light";
  }

  function label(button) {
    var next = current() === "dark" ? "light" : "dark";
    button.setAttribute("aria-label", "Switch to " + next + " mode");
    button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
  }

  function toggle(event) {
    var next = current() === "dark" ? "light" : "dark";
    root.setAttribute("data-theme", next);
    try {
      localStorage.setItem("theme", next);
    } catch (err) {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
    label(event.currentTarget);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    for (var i = 0; i < buttons.length; i++) {
      label(buttons[i]);
      buttons[i].addEventListener("click", toggle);
    }
  });
})();
