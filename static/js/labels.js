// Place the chart's milestone labels where they cover no bar, no row name and no other label (issue 10).
// Plotly puts a label at a fixed side of its marker, so on a phone or on paper neighbours overprint each
// other and the bars. After each drawing, every label moves into the free lane above or below its row's
// bar, right or left of its marker, the first place that is clear; a label with no clear place is hidden
// (its marker and hover text stay, and the table lists every milestone).
(function () {
  "use strict";

  var GAP = 1;

  function box(el) {
    var r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function visibleBoxes(nodes) {
    var boxes = [];
    Array.prototype.forEach.call(nodes, function (el) {
      var b = box(el);
      if (b.right - b.left > 0.5 && b.bottom - b.top > 0.5) {
        boxes.push(b);
      }
    });
    return boxes;
  }

  // The bar drawn across the marker's height: the row's own bar (the widest, not the thin uncertain band).
  function rowBar(bars, y) {
    var best = null;
    bars.forEach(function (b) {
      if (b.top <= y && y <= b.bottom && (!best || b.bottom - b.top > best.bottom - best.top)) {
        best = b;
      }
    });
    return best;
  }

  function fit(target) {
    var svg = target.querySelector("svg.main-svg");
    if (!svg) {
      return;
    }
    var frame = box(svg);
    var bars = visibleBoxes(target.querySelectorAll(".barlayer .point path"));
    // Row names and the time axis's dates are taken: a label never covers either.
    var taken = visibleBoxes(target.querySelectorAll(".yaxislayer-above .ytick text, .xaxislayer-above .xtick text"));
    var markers = visibleBoxes(target.querySelectorAll(".scatterlayer .points .point"));
    // Reads first, writes last: measuring between moves would make the browser lay the page out once per label.
    var labels = [];
    Array.prototype.forEach.call(target.querySelectorAll(".scatterlayer .trace"), function (trace) {
      var points = trace.querySelectorAll(".points .point");
      Array.prototype.forEach.call(trace.querySelectorAll(".textpoint text"), function (text, i) {
        text.removeAttribute("transform");
        text.removeAttribute("visibility");
        if (points[i] && text.textContent) {
          labels.push({text: text, point: points[i]});
        }
      });
    });
    labels.forEach(function (label) {
      label.own = box(label.text);
      label.mark = box(label.point);
    });
    var hidden = 0;
    labels.forEach(function (label) {
      var own = label.own;
      var mark = label.mark;
      var x = (mark.left + mark.right) / 2;
      var y = (mark.top + mark.bottom) / 2;
      var bar = rowBar(bars, y) || mark;
      var w = own.right - own.left;
      var h = own.bottom - own.top;
      var lefts = [x - 4, x + 4 - w];
      var tops = [bar.top - GAP - h, bar.bottom + GAP];
      var place = null;
      tops.forEach(function (top) {
        lefts.forEach(function (left) {
          var c = {left: left, right: left + w, top: top, bottom: top + h};
          if (place || c.left < frame.left || c.right > frame.right || c.top < frame.top || c.bottom > frame.bottom) {
            return;
          }
          var clear = bars.concat(taken, markers).every(function (other) {
            return !overlaps(c, other);
          });
          if (clear) {
            place = c;
          }
        });
      });
      if (place) {
        label.move = "translate(" + (place.left - own.left) + " " + (place.top - own.top) + ")";
        taken.push(place);
      } else {
        hidden += 1;
      }
    });
    labels.forEach(function (label) {
      if (label.move) {
        label.text.setAttribute("transform", label.move);
      } else {
        label.text.setAttribute("visibility", "hidden");
      }
    });
    target.setAttribute("data-hidden-labels", String(hidden));
  }

  window.AllTimelineLabels = {fit: fit};
})();
