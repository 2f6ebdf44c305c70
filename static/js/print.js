// Draw the print view's chart at the width of the paper's text column, as a static picture.
// A chart drawn at screen width and printed narrower gets cut off (plotly.js #1275), so the
// width is read from the column (sized in millimetres by print.css) and never changes.
(function () {
  "use strict";

  // A phone shows this paper-sized page at its own width, and the row names would take more than the half of the
  // chart that plotly.js's automargin may give them: they were cut at the chart's left edge (issue 14). Below
  // NARROW px they wrap at spaces, as on the timeline (timeline.js), and Chinese (no spaces) between characters.
  var NARROW = 600;
  var LINE_UNITS = 16; // a line's width in Latin letters; a CJK character counts as two
  var LINE = 14; // px per line of an 11 px tick label (plotly.js spaces lines at 1.3em)
  var CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
  var NO_BREAK_BEFORE = /^[\uff09\u3001\u3002\uff0c\uff1a\uff1b)\]]/; // ）、。，：； never start a line

  function units(text) {
    var plain = text.replace(/<[^>]*>/g, "");
    var count = 0;
    for (var i = 0; i < plain.length; i += 1) {
      count += CJK.test(plain[i]) ? 2 : 1;
    }
    return count;
  }

  // Cut a word without spaces (Chinese) into pieces of at most LINE_UNITS; other words stay whole.
  function pieces(word) {
    if (!CJK.test(word) || word.indexOf("<") !== -1 || units(word) <= LINE_UNITS) {
      return [word];
    }
    var found = [""];
    Array.from(word).forEach(function (character) { // by code point: a character beyond U+FFFF stays whole
      var last = found.length - 1;
      if (units(found[last] + character) > LINE_UNITS && found[last] && !NO_BREAK_BEFORE.test(character)) {
        found.push(character);
      } else {
        found[last] += character;
      }
    });
    return found;
  }

  function wrap(name) {
    var lines = [];
    name.split(" ").forEach(function (word) {
      pieces(word).forEach(function (piece, index) {
        var last = lines.length - 1;
        var joined = last >= 0 && (index ? lines[last] + piece : lines[last] + " " + piece);
        if (last >= 0 && !index && units(joined) <= LINE_UNITS) {
          lines[last] = joined;
        } else {
          lines.push(piece);
        }
      });
    });
    return lines;
  }

  // Wrap the row names of a narrow chart; return how many lines the tallest takes (1 when nothing wraps).
  function fitRowNames(layout, width) {
    var texts = layout.yaxis.ticktext;
    if (width >= NARROW || !texts) {
      return 1;
    }
    var wrapped = texts.map(function (text) { return wrap(String(text)); });
    layout.yaxis.ticktext = wrapped.map(function (lines) { return lines.join("<br>"); });
    layout.xaxis.nticks = 4;
    return Math.max.apply(null, wrapped.map(function (lines) { return lines.length; }));
  }

  // Time runs left to right in Arabic charts too, so the SVG text takes the chart's ltr direction, and an Arabic
  // row name's brackets and colon landed at the wrong end ("BFM) التعزيز"). A right-to-left mark at both ends of
  // each line gives those neutral characters the line's Arabic direction (Unicode bidi, UAX #9, rule N1).
  var RLM = "\u200f";

  function rightToLeft(text) {
    return String(text).split("<br>").map(function (line) { return RLM + line + RLM; }).join("<br>");
  }

  function markRightToLeft(figure) {
    if (document.documentElement.dir !== "rtl") {
      return;
    }
    if (figure.layout.yaxis.ticktext) {
      figure.layout.yaxis.ticktext = figure.layout.yaxis.ticktext.map(rightToLeft);
    }
    figure.data.forEach(function (trace) {
      if (trace.name) {
        trace.name = rightToLeft(trace.name);
      }
    });
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
    markRightToLeft(figure);
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
        if (window.AllTimelineLabels) {
          window.AllTimelineLabels.fit(target);
        }
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
