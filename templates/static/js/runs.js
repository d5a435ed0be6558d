// Run pages: each figure pair with data-truth gets a button that swaps the sampled video for the
// ground-truth clip and back. Without JavaScript the page simply shows the samples.
(function () {
  "use strict";

  function truthImage(figure, video) {
    var img = figure.querySelector(".sample-truth");
    if (img) return img;
    img = document.createElement("img");
    img.className = "sample-truth";
    img.src = figure.getAttribute("data-truth");
    img.alt = "Ground-truth clip";
    var fallback = video.tagName === "IMG" ? video : video.querySelector("img");
    if (fallback && fallback.getAttribute("width")) {
      img.setAttribute("width", fallback.getAttribute("width"));
      img.setAttribute("height", fallback.getAttribute("height"));
    }
    video.parentNode.insertBefore(img, video.nextSibling);
    return img;
  }

  function addToggle(figure) {
    var video = figure.querySelector(".sample-video");
    if (!video) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "truth-toggle";
    button.textContent = "Show truth";
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      truthImage(figure, video);
      var showing = figure.classList.toggle("show-truth");
      button.textContent = showing ? "Show sample" : "Show truth";
      button.setAttribute("aria-pressed", showing ? "true" : "false");
    });
    figure.insertBefore(button, figure.querySelector("figcaption"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figures = document.querySelectorAll(".sample-pair[data-truth]");
    for (var i = 0; i < figures.length; i++) addToggle(figures[i]);
  });
})();
