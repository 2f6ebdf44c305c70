// Fetch and run plotly.js (1.2 MB) only after the page's text has been painted, so the text, the table and
// "where are we now" never wait for it on a slow phone (issue 13); then run each chart's drawing in its own task.
// The bundle's address and its locale file's come from this script's own data-plotly and data-locale attributes.
(function () {
  "use strict";

  var script = document.currentScript;
  var sources = [script.getAttribute("data-plotly"), script.getAttribute("data-locale")].filter(Boolean);
  var waiting = [];
  var state = "idle"; // idle, loading, ready

  function run(callback) {
    // A task of its own: plotly.js's start-up and each drawing are separate, shorter tasks.
    window.setTimeout(callback, 0);
  }

  function loaded() {
    state = "ready";
    waiting.splice(0).forEach(run);
  }

  function load() {
    if (state !== "idle") {
      return;
    }
    state = "loading";
    var left = sources.length;
    sources.forEach(function (src) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.async = false; // run in order: the locale file registers itself with plotly.js
      tag.addEventListener("load", function () {
        left -= 1;
        if (left === 0) {
          loaded();
        }
      });
      document.head.appendChild(tag);
    });
  }

  // requestAnimationFrame runs just before the next frame is painted; a task queued from it runs after that paint.
  // A hidden tab paints nothing (and runs no animation frames): it loads at once.
  function afterFirstPaint() {
    if (document.visibilityState === "hidden") {
      load();
      return;
    }
    window.requestAnimationFrame(function () {
      window.setTimeout(load, 0);
    });
  }

  window.AllTimelinePlotly = {
    // Call `callback` once plotly.js (and the page's locale) is ready; the first call starts the load.
    ready: function (callback) {
      if (state === "ready") {
        run(callback);
        return;
      }
      waiting.push(callback);
      if (state === "idle") {
        afterFirstPaint();
      }
    }
  };
})();
