// Draw the timeline chart from its JSON island and add small conveniences to the page.
// No inline scripts anywhere: the Content-Security-Policy allows only same-origin script files.
(function () {
  "use strict";

  var LINE = 16; // px per line of a 12 px tick label (plotly.js spaces lines at 1.3em)
  var labels = window.AllTimelineLabels; // labels.js, loaded first: wraps, bidi marks, label places

  // Every row of every bar trace (the main road and each "if ..." path), once, top to bottom.
  function rowNames(figure) {
    var names = [];
    figure.data.forEach(function (trace) {
      if (trace.type === "bar") {
        trace.y.forEach(function (name) {
          if (names.indexOf(name) === -1) {
            names.push(name);
          }
        });
      }
    });
    return names;
  }

  // On a phone the row names would take half the width: wrap them, give each row the height of its
  // name (or Plotly drops the labels of rows that are too tight) and use fewer date ticks.
  function fitToWidth(figure, width) {
    if (width >= 600) {
      return;
    }
    var layout = figure.layout;
    // A comparison lists every scenario's rows, in order, in categoryarray.
    var names = layout.yaxis.categoryarray ? layout.yaxis.categoryarray.filter(function (name, i, all) {
      return all.indexOf(name) === i;
    }) : rowNames(figure);
    // Keep the labels the figure set (the uncertain marker, presentation mode's step) and wrap those.
    var texts = layout.yaxis.ticktext || names;
    var wrapped = texts.map(labels.wrap);
    var tallest = Math.max.apply(null, wrapped.map(function (lines) { return lines.length; }));
    layout.yaxis.tickmode = "array";
    layout.yaxis.tickvals = names;
    layout.yaxis.ticktext = wrapped.map(function (lines) { return lines.join("<br>"); });
    // A row holds its name and, between the bars, a lane for the milestone labels (labels.js).
    var pitch = Math.max(46, LINE * tallest + 18);
    var legend = figure.data.filter(function (trace) { return trace.showlegend !== false; }).length;
    layout.height = Math.max(layout.height, 130 + 22 * legend + pitch * names.length);
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

  function fitLabels(target) {
    labels.fit(target);
  }

  function draw(target, figure) {
    return window.Plotly.newPlot(target, figure.data, figure.layout, figure.config).then(function () {
      fitLabels(target);
      // Zooming and resizing draw the chart again: place the labels again each time.
      target.on("plotly_afterplot", function () {
        fitLabels(target);
      });
      // Screen readers would read the SVG as loose fragments ("LP", "Jan 2027"); the chart's name, its text
      // summary and the table say it all in order, so the drawing itself is hidden from them.
      Array.prototype.forEach.call(target.querySelectorAll("svg.main-svg"), function (svg) {
        svg.setAttribute("aria-hidden", "true");
      });
      target.setAttribute("data-drawn", "true");
    });
  }

  // Every chart on the page names the JSON island that holds its figure. Its box gets the chart's height now,
  // before the first paint, so the drawing that comes after plotly.js has loaded moves nothing below it. It is drawn
  // when its box comes within a screen of the viewport (issue 13: on a phone it is three screens down).
  function drawCharts() {
    if (!window.AllTimelinePlotly) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-figure]"), function (target) {
      var island = document.getElementById(target.getAttribute("data-figure"));
      if (!island) {
        return;
      }
      var figure = JSON.parse(island.textContent);
      fitToWidth(figure, target.clientWidth);
      labels.clearEdgeMark(figure, target.clientWidth);
      labels.markRightToLeft(figure);
      target.textContent = "";
      if (figure.layout.height) {
        target.style.minHeight = figure.layout.height + "px";
      }
      window.AllTimelinePlotly.chart(target, function () {
        return draw(target, figure);
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

  // A patient option shows only for the protocols that declare it (data/options.csv); the server checks it too.
  function linkOptionsToProtocol() {
    var protocol = document.getElementById("protocol");
    var fields = document.querySelectorAll(".option-field[data-protocols]");
    if (!protocol || !fields.length) {
      return;
    }
    function update() {
      Array.prototype.forEach.call(fields, function (field) {
        var allowed = field.getAttribute("data-protocols").split(" ").indexOf(protocol.value) !== -1;
        var select = field.querySelector("select");
        field.hidden = !allowed;
        select.disabled = !allowed;
        if (!allowed) {
          select.value = "";
        }
      });
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
    linkOptionsToProtocol();
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
