// Typesets the math that sitegen.markdown writes as GitHub Pages' kramdown does (math_engine mathjax):
//   \(...\) inline and \[...\] display, as plain text in the page (no wrapper element), with the vendored
//   KaTeX (no network). Elements with class "math inline" / "math display" (hand-written HTML) work too.
// Load after katex.min.js, both with `defer`.
(function () {
  "use strict";

  var SKIP = { SCRIPT: 1, STYLE: 1, TEXTAREA: 1, PRE: 1, CODE: 1, NOSCRIPT: 1 };
  var DELIMITED = /\\\(([\s\S]*?)\\\)|\\\[([\s\S]*?)\\\]/g;

  function render(tex, element, display) {
    try {
      katex.render(tex, element, { displayMode: display, throwOnError: false });
      element.setAttribute("data-tex", tex);
    } catch (error) {
      console.warn("math.js: " + error.message);
      element.textContent = tex;
    }
  }

  function textNodes(root) {
    var found = [];
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        for (var parent = node.parentNode; parent && parent !== root.parentNode; parent = parent.parentNode) {
          if (SKIP[parent.nodeName] || (parent.classList && parent.classList.contains("katex"))) {
            return NodeFilter.FILTER_REJECT;
          }
        }
        return node.nodeValue.indexOf("\\(") >= 0 || node.nodeValue.indexOf("\\[") >= 0
          ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      },
    });
    while (walker.nextNode()) found.push(walker.currentNode);
    return found;
  }

  function typesetText(node) {
    var text = node.nodeValue;
    var pieces = document.createDocumentFragment();
    var last = 0;
    var match;
    DELIMITED.lastIndex = 0;
    while ((match = DELIMITED.exec(text)) !== null) {
      pieces.appendChild(document.createTextNode(text.slice(last, match.index)));
      var display = match[2] !== undefined;
      var element = document.createElement(display ? "div" : "span");
      element.className = display ? "math display" : "math inline";
      element.setAttribute("data-typeset", "1");
      render(display ? match[2] : match[1], element, display);
      pieces.appendChild(element);
      last = DELIMITED.lastIndex;
    }
    if (last === 0) return;
    pieces.appendChild(document.createTextNode(text.slice(last)));
    node.parentNode.replaceChild(pieces, node);
  }

  function texOf(element) {
    var text = element.textContent.trim();
    var open = text.slice(0, 2);
    return (open === "\\(" || open === "\\[") && text.length >= 4 ? text.slice(2, -2) : text;
  }

  function typeset(root) {
    if (typeof katex === "undefined") {
      console.warn("math.js: katex.min.js is not loaded; math stays as TeX source");
      return;
    }
    root = root || document.body;
    var elements = root.querySelectorAll(".math.inline, .math.display");
    for (var i = 0; i < elements.length; i++) {
      if (elements[i].getAttribute("data-typeset") === "1") continue;
      render(texOf(elements[i]), elements[i], elements[i].classList.contains("display"));
      elements[i].setAttribute("data-typeset", "1");
    }
    textNodes(root).forEach(typesetText);
  }

  window.typesetMath = typeset;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { typeset(document.body); });
  } else {
    typeset(document.body);
  }
})();
