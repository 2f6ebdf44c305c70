// Presentation mode: arrow keys, space, Page Up/Down, Home and End follow the step links, so the step
// stays in the address (and works without JavaScript through the same links).
(function () {
  "use strict";

  var KEYS = {
    ArrowRight: "next", PageDown: "next", " ": "next",
    ArrowLeft: "previous", PageUp: "previous",
    Home: "first", End: "last"
  };

  function linkFor(action) {
    return document.querySelector(".step-nav a[data-key='" + action + "']");
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    // Keys typed into a control belong to that control (a focused button handles its own Space).
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "BUTTON") {
      return;
    }
    var action = KEYS[event.key];
    if (event.key === " " && event.shiftKey) {
      action = "previous";
    }
    var link = action && linkFor(action);
    if (!link) {
      return;
    }
    event.preventDefault();
    window.location.assign(link.href);
  }

  function fullScreen() {
    var button = document.querySelector(".fullscreen");
    var root = document.documentElement;
    if (!button || !root.requestFullscreen) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen();
      } else {
        root.requestFullscreen();
      }
    });
  }

  function start() {
    document.addEventListener("keydown", onKey);
    fullScreen();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
