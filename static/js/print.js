// Draw the print view's chart at the width of the paper's text column, as a static picture.
// A chart drawn at screen width and printed narrower gets cut off (plotly.js #1275), so the
// width is read from the column (sized in millimetres by print.css) and never changes.
(function () {
  "use strict";

  function draw() {
    var island = document.getElementById("figure-data");
    var target = document.getElementById("chart");
    if (!island || !target || typeof window.Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(island.textContent);
    figure.layout.width = target.clientWidth;
    // Paper is read at arm's length: smaller rows than on screen keep the chart and table on page 1.
    figure.layout.font.size = 11;
    // Every row needs room for its label, or Plotly skips every other one: the main road's rows (the first
    // trace) at 32 px, each "if ..." path row (the other bar traces) at 24 px.
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
    var main = figure.data[0].y.length;
    figure.layout.height = 130 + 32 * main + 24 * (rows.length - main);
    figure.layout.margin.t = 36;
    var config = {staticPlot: true, responsive: false, displayModeBar: false};
    // The page's language for Plotly's date labels (its locale file is loaded after plotly.js).
    if (figure.config && figure.config.locale) {
      config.locale = figure.config.locale;
    }
    window.Plotly.newPlot(target, figure.data, figure.layout, config).then(function () {
      target.setAttribute("data-drawn", "true");
    });
  }

  function printButton() {
    var button = document.querySelector(".print-button");
    if (!button) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
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
