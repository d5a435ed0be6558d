// Typesets the math that sitegen.markdown writes, with the vendored KaTeX (no network):
//   <span class="math inline">\(...\)</span> and <div class="math display">\[...\]</div>.
// Load after katex.min.js, both with `defer`.
(function () {
  "use strict";

  function texOf(element) {
    var text = element.textContent.trim();
    var open = text.slice(0, 2);
    if ((open === "\\(" || open === "\\[") && text.length >= 4) {
      return text.slice(2, -2);
    }
    return text;
  }

  function typeset(root) {
    if (typeof katex === "undefined") {
      console.warn("math.js: katex.min.js is not loaded; math stays as TeX source");
      return;
    }
    var elements = (root || document).querySelectorAll(".math.inline, .math.display");
    for (var i = 0; i < elements.length; i++) {
      var element = elements[i];
      if (element.getAttribute("data-typeset") === "1") continue;
      var tex = texOf(element);
      try {
        katex.render(tex, element, {
          displayMode: element.classList.contains("display"),
          throwOnError: false,
        });
        element.setAttribute("data-typeset", "1");
        element.setAttribute("data-tex", tex);
      } catch (error) {
        console.warn("math.js: " + error.message);
      }
    }
  }

  window.typesetMath = typeset;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { typeset(document); });
  } else {
    typeset(document);
  }
})();
