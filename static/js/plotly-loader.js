// Fetch and run plotly.js (1.2 MB) only when a chart is wanted, and never before the page's text has been painted,
// so the text, the table and "where are we now" never wait for it on a slow phone (issue 13); then run each chart's
// drawing in its own task. The bundle's address and its locale file's come from this script's own data-plotly and
// data-locale attributes.
(function () {
  "use strict";

  var script = document.currentScript;
  var sources = [script.getAttribute("data-plotly"), script.getAttribute("data-locale")].filter(Boolean);
  var waiting = [];
  var state = "idle"; // idle, loading, ready
  // What counts as a person being at the page: the first of these, anywhere (scroll covers touch and keys).
  var INTERACTIONS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"];
  var interacted = false;
  var onInteraction = [];
  var charts = []; // {draw, drawing, done}: every chart of the page that draws when wanted

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

  function ready(callback) {
    if (state === "ready") {
      run(callback);
      return;
    }
    waiting.push(callback);
    if (state === "idle") {
      afterFirstPaint();
    }
  }

  // One screen above and below the viewport: the chart is drawn while the reader is still a screen away from it, and
  // on a phone (the timeline's chart is three screens down) plotly.js's seconds of start-up and drawing on a slow CPU
  // stay out of the page's load. A browser without IntersectionObserver draws at once, as before.
  function near(target, callback) {
    if (!("IntersectionObserver" in window)) {
      callback();
      return;
    }
    var observer = new window.IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        callback();
      }
    }, {rootMargin: "100% 0px"});
    observer.observe(target);
  }

  function noticed() {
    interacted = true;
    INTERACTIONS.forEach(function (type) {
      window.removeEventListener(type, noticed, true);
    });
    onInteraction.splice(0).forEach(function (callback) { callback(); });
    // A person is here: fetch plotly.js when the page is idle, without drawing, so that a print from the browser's
    // menu (which waits for nothing) can still draw every chart at once in "beforeprint".
    if (charts.length) {
      (window.requestIdleCallback || function (callback) { window.setTimeout(callback, 200); })(load);
    }
  }

  INTERACTIONS.forEach(function (type) {
    window.addEventListener(type, noticed, {capture: true, passive: true});
  });

  function start(chart) {
    if (!chart.drawing) {
      chart.drawing = new Promise(function (resolve) {
        ready(function () {
          resolve(chart.draw());
        });
      });
    }
    return chart.drawing;
  }

  function drawAll() {
    return Promise.all(charts.map(start));
  }

  function printing() {
    return Boolean(window.matchMedia && window.matchMedia("print").matches);
  }

  function watchPrinting() {
    // Ctrl+P (Cmd+P) before every chart is drawn: draw them, then open the same print dialog.
    document.addEventListener("keydown", function (event) {
      var print = (event.ctrlKey || event.metaKey) && !event.altKey && (event.key === "p" || event.key === "P");
      var done = charts.every(function (chart) { return chart.done; });
      if (print && !done) {
        event.preventDefault();
        // Print even when a chart could not be drawn: the key press must never be lost.
        drawAll().then(function () { window.print(); }, function () { window.print(); });
      }
    });
    // A print from the browser's menu lays the page out at once: a chart that can still be drawn at once is drawn now.
    window.addEventListener("beforeprint", function () {
      if (window.Plotly) {
        // Now, not in the task a pending draw waits for: the print lays the page out as soon as this returns.
        charts.forEach(function (chart) {
          chart.drawing = chart.draw();
        });
        return;
      }
      // Too late for this print: the paper says so instead of an empty box (app.css, print.css); in time for the next.
      load();
      charts.forEach(function (chart) {
        if (!chart.done) {
          chart.target.setAttribute("data-unprinted", "true");
        }
      });
    });
    window.addEventListener("afterprint", function () {
      charts.forEach(function (chart) { chart.target.removeAttribute("data-unprinted"); });
    });
  }

  // Draw a chart when it is wanted: when its box comes within a screen of the viewport, and with `person` (a chart in
  // the first screen, where "near" alone would mean during the page's load) at the first sign of a person too; at
  // once when the page is printed from the start (the server's PDF printer emulates print media); and before any
  // print the page is asked for. `draw` runs once plotly.js is ready and returns the promise of the chart drawn.
  function chart(target, draw, options) {
    // Drawn once, whoever asks first (its queued task, a print): later calls get the same promise.
    var entry = {draw: function () {
      entry.result = entry.result || Promise.resolve(draw()).then(function () { entry.done = true; });
      return entry.result;
    }, drawing: null, done: false, result: null, target: target};
    if (!charts.length) {
      watchPrinting();
    }
    charts.push(entry);
    if (printing()) {
      start(entry);
      return;
    }
    near(target, function () {
      if (options && options.person) {
        whenInteracted(function () { start(entry); });
      } else {
        start(entry);
      }
    });
  }

  function whenInteracted(callback) {
    if (interacted) {
      callback();
    } else {
      onInteraction.push(callback);
    }
  }

  window.AllTimelinePlotly = {
    // Call `callback` once plotly.js (and the page's locale) is ready; the first call starts the load.
    ready: ready,
    // Draw a chart when it is wanted (above); `drawAll` draws every one now and says when they are drawn.
    chart: chart,
    drawAll: drawAll
  };
})();
