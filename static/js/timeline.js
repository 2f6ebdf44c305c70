// Draw the timeline chart from its JSON island and add small conveniences to the page.
// No inline scripts anywhere: the Content-Security-Policy allows only same-origin script files.
(function () {
  "use strict";

  // Split a long row name over two lines at the space nearest its middle.
  function wrap(name) {
    if (name.length <= 14 || name.indexOf(" ") === -1) {
      return name;
    }
    var middle = name.length / 2;
    var best = -1;
    for (var i = 0; i < name.length; i += 1) {
      if (name[i] === " " && (best === -1 || Math.abs(i - middle) < Math.abs(best - middle))) {
        best = i;
      }
    }
    return name.slice(0, best) + "<br>" + name.slice(best + 1);
  }

  // On a phone the row names would take half the width: wrap them and use fewer date ticks.
  function fitToWidth(figure, width) {
    if (width >= 600) {
      return;
    }
    var layout = figure.layout;
    var names = [];
    figure.data[0].y.forEach(function (name) {
      if (names.indexOf(name) === -1) {
        names.push(name);
      }
    });
    // Keep labels the figure already set (presentation mode marks its step) and wrap those.
    var texts = layout.yaxis.ticktext || names;
    layout.yaxis.tickmode = "array";
    layout.yaxis.tickvals = names;
    layout.yaxis.ticktext = texts.map(wrap);
    layout.xaxis.nticks = 4;
    layout.font.size = 12;
    // The few pixels of padding before Day 1 would let Day 1 markers sit on the row names: widen it.
    var range = layout.xaxis.range;
    if (range) {
      if (layout.xaxis.type === "date") {
        var first = Date.parse(range[0]);
        var span = Date.parse(range[1]) - first;
        range[0] = new Date(first - 0.05 * span).toISOString().slice(0, 10);
      } else {
        range[0] -= 0.05 * (range[1] - range[0]);
      }
    }
  }

  // Every chart on the page names the JSON island that holds its figure.
  function drawCharts() {
    if (typeof window.Plotly === "undefined") {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-figure]"), function (target) {
      var island = document.getElementById(target.getAttribute("data-figure"));
      if (!island) {
        return;
      }
      var figure = JSON.parse(island.textContent);
      fitToWidth(figure, target.clientWidth);
      target.textContent = "";
      window.Plotly.newPlot(target, figure.data, figure.layout, figure.config).then(function () {
        // Screen readers would read the SVG as loose fragments ("LP", "Jan 2027"); the chart's name, its text
        // summary and the table say it all in order, so the drawing itself is hidden from them.
        Array.prototype.forEach.call(target.querySelectorAll("svg.main-svg"), function (svg) {
          svg.setAttribute("aria-hidden", "true");
        });
        target.setAttribute("data-drawn", "true");
      });
    });
  }

  // Offer only the paths the chosen protocol has; the server refuses the others with a clear message.
  function linkBranchesToProtocol() {
    var protocol = document.getElementById("protocol");
    var fieldset = document.getElementById("branch-fieldset");
    if (!protocol || !fieldset) {
      return;
    }
    var offers = JSON.parse(fieldset.getAttribute("data-offers"));
    function update() {
      var offered = offers[protocol.value] || [];
      Array.prototype.forEach.call(fieldset.querySelectorAll("input[type=checkbox]"), function (box) {
        var allowed = offered.indexOf(box.value) !== -1;
        box.disabled = !allowed;
        if (!allowed) {
          box.checked = false;
        }
      });
    }
    protocol.addEventListener("change", update);
    update();
  }

  // The induction length only applies to protocols that allow a choice; the server checks it too.
  function linkInductionToProtocol() {
    var protocol = document.getElementById("protocol");
    var induction = document.getElementById("induction_weeks");
    if (!protocol || !induction) {
      return;
    }
    var choosable = (induction.getAttribute("data-choosable") || "").split(" ");
    function update() {
      var allowed = choosable.indexOf(protocol.value) !== -1;
      induction.disabled = !allowed;
      if (!allowed) {
        induction.value = "";
      }
    }
    protocol.addEventListener("change", update);
    update();
  }

  // The line under the picker says who the chosen protocol is for and its status (each option carries its line).
  function describeChosenProtocol() {
    var protocol = document.getElementById("protocol");
    var line = document.getElementById("protocol-line");
    if (!protocol || !line) {
      return;
    }
    protocol.addEventListener("change", function () {
      var chosen = protocol.options[protocol.selectedIndex];
      line.textContent = chosen ? chosen.getAttribute("data-line") || "" : "";
    });
  }

  function copyLink() {
    var button = document.querySelector(".copy-link");
    var status = document.querySelector(".copy-status");
    if (!button || !navigator.clipboard) {
      return;
    }
    // The messages come from the page, in its language; English is the fallback.
    var copied = button.getAttribute("data-copied") || "Link copied.";
    var failed = button.getAttribute("data-failed") || "Could not copy; select the address bar and copy it instead.";
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(window.location.href).then(function () {
        status.textContent = copied;
      }, function () {
        status.textContent = failed;
      });
    });
  }

  function start() {
    drawCharts();
    linkInductionToProtocol();
    describeChosenProtocol();
    linkBranchesToProtocol();
    copyLink();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
