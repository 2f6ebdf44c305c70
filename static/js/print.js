// Draw the print view's chart at the width of the paper's text column, as a static picture.
// A chart drawn at screen width and printed narrower gets cut off (plotly.js #1275), so the
// width is read from the column (sized in millimetres by print.css) and never changes.
(function () {
  "use strict";

  // A phone shows this paper-sized page at its own width: below NARROW px the row names wrap (labels.js).
  var NARROW = 600;
  var LINE = 14; // px per line of an 11 px tick label (plotly.js spaces lines at 1.3em)
  var labels = window.AllTimelineLabels; // labels.js, loaded first where a chart is drawn (print.html)

  // Wrap the row names of a narrow chart; return how many lines the tallest takes (1 when nothing wraps).
  function fitRowNames(layout, width) {
    var texts = layout.yaxis.ticktext;
    if (width >= NARROW || !texts) {
      return 1;
    }
    var wrapped = texts.map(labels.wrap);
    layout.yaxis.ticktext = wrapped.map(function (lines) { return lines.join("<br>"); });
    layout.xaxis.nticks = 4;
    return Math.max.apply(null, wrapped.map(function (lines) { return lines.length; }));
  }

  // The chart is in the first screen, so "near the viewport" alone would draw it during the page's load, where
  // plotly.js's start-up blocks a slow phone for seconds (issue 13): it waits for a person too (plotly-loader.js).
  function draw() {
    var island = document.getElementById("figure-data");
    var target = document.getElementById("chart");
    if (!island || !target || !window.AllTimelinePlotly) {
      return;
    }
    var figure = JSON.parse(island.textContent);
    figure.layout.width = target.clientWidth;
    // Paper is read at arm's length: smaller rows than on screen keep the chart and table on page 1.
    figure.layout.font.size = 11;
    // Every row needs room for its name (or Plotly skips every other one) and, between the bars, a lane for
    // the milestone labels (labels.js): 36 px a row, half of it bar, 10 px labels; the main road and each
    // "if ..." path alike; below them the legend, a line an entry.
    var rows = [];
    figure.data.forEach(function (trace) {
      if (trace.type === "bar") {
        trace.y.forEach(function (name) {
          if (rows.indexOf(name) === -1) {
            rows.push(name);
          }
        });
      }
    });
    // The mark for later steps at the right edge is keyed in the caption below the chart (print.html), not in the
    // legend: a legend line more pushed long charts (ph-positive-adult, Spanish, Letter) off the first page.
    figure.data.forEach(function (trace) {
      if (trace.marker && trace.marker.symbol === "arrow-bar-right") {
        trace.showlegend = false;
      }
    });
    var legend = figure.data.filter(function (trace) { return trace.showlegend !== false; }).length;
    var tallest = fitRowNames(figure.layout, figure.layout.width);
    labels.clearEdgeMark(figure, figure.layout.width);
    labels.markRightToLeft(figure);
    // Ten rows or more (a path, hyper-CVAD's courses) with their start windows' two legend lines would not fit below the
    // first page's heading at 33 px a row (ph-positive-adult, Spanish, Letter went to page 2): 28 px still leaves the
    // labels their lane (labels.js) between 14 px bars.
    var row = rows.length >= 10 ? 28 : 33;
    figure.layout.height = 60 + 19 * legend + Math.max(row, LINE * tallest + 12) * rows.length;
    figure.layout.bargap = 0.5;
    figure.data.forEach(function (trace) {
      if (trace.textfont) {
        trace.textfont.size = 10;
      }
      // No mark taller than its row's bar (15 px on paper): a taller one reaches into the lanes between the bars
      // and leaves a milestone label no clear place there (issue 15).
      if (trace.type === "scatter" && trace.marker && trace.marker.size > 11) {
        trace.marker.size = 11;
      }
    });
    figure.layout.margin.t = 36;
    var config = {staticPlot: true, responsive: false, displayModeBar: false};
    // The page's language for Plotly's date labels: its CLDR month names ride in config.locales (chart_locale.py).
    if (figure.config && figure.config.locale) {
      config.locale = figure.config.locale;
      config.locales = figure.config.locales;
    }
    // The text is painted first; the chart's box keeps its height meanwhile, so nothing moves when it is drawn.
    target.style.minHeight = figure.layout.height + "px";
    window.AllTimelinePlotly.chart(target, function () {
      return window.Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
        labels.fit(target);
        target.setAttribute("data-drawn", "true");
      });
    }, {person: true});
  }

  function printButton() {
    var button = document.querySelector(".print-button");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!window.AllTimelinePlotly) {
        window.print(); // a take-home page: no chart to wait for
        return;
      }
      var print = function () { window.print(); }; // even when a chart could not be drawn
      window.AllTimelinePlotly.drawAll().then(print, print);
    });
  }

  function start() {
    draw();
    printButton();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
