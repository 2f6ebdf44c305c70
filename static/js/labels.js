// Place the chart's milestone labels where they cover no bar, no row name and no other label (issue 10).
// Plotly puts a label at a fixed side of its marker, so on a phone or on paper neighbours overprint each
// other and the bars. After each drawing, every label moves into the free lane above or below its row's
// bar, right or left of its marker, the first place that is clear. When neither side is clear, the label slides
// along the lane, step by step away from its marker, and a thin leader line ties it to its marker (issue 15:
// every label shown on crowded printed charts). Only a label with no clear place within reach is hidden (its
// marker and hover text stay, and the table lists every milestone).
(function () {
  "use strict";

  var GAP = 1;
  var SLIDE = 6; // px per step along the lane
  var REACH = 240; // px: farther than this from its marker a label would read as another's
  var SVG_NS = "http://www.w3.org/2000/svg";

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

  // Where a label may go, nearest first: at either side of its marker in the lane above or below the bar, then
  // sliding away from the marker in both lanes.
  function candidates(x, w, tops) {
    var list = [];
    tops.forEach(function (top) {
      [x - 4, x + 4 - w].forEach(function (left) {
        list.push({left: left, top: top, slid: false});
      });
    });
    for (var d = SLIDE; d <= REACH; d += SLIDE) {
      tops.forEach(function (top) {
        list.push({left: x - 4 + d, top: top, slid: true});
        list.push({left: x + 4 - w - d, top: top, slid: true});
      });
    }
    return list;
  }

  // A thin line from the marker's bar edge to the near end of a label that slid away from it.
  function leader(text, from, to) {
    var parent = text.parentNode;
    var matrix = parent.getScreenCTM();
    if (!matrix) {
      return;
    }
    var inverse = matrix.inverse();
    var a = new DOMPoint(from.x, from.y).matrixTransform(inverse);
    var b = new DOMPoint(to.x, to.y).matrixTransform(inverse);
    var line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("class", "label-leader");
    line.setAttribute("x1", a.x);
    line.setAttribute("y1", a.y);
    line.setAttribute("x2", b.x);
    line.setAttribute("y2", b.y);
    line.setAttribute("stroke", "#595959");
    line.setAttribute("stroke-width", "0.75");
    parent.appendChild(line);
  }

  function fit(target) {
    var svg = target.querySelector("svg.main-svg");
    if (!svg) {
      return;
    }
    Array.prototype.forEach.call(target.querySelectorAll(".label-leader"), function (line) {
      line.parentNode.removeChild(line);
    });
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
    var leaders = 0;
    var placed = [];
    labels.forEach(function (label) {
      var own = label.own;
      var mark = label.mark;
      var x = (mark.left + mark.right) / 2;
      var y = (mark.top + mark.bottom) / 2;
      var bar = rowBar(bars, y) || mark;
      var w = own.right - own.left;
      var h = own.bottom - own.top;
      var tops = [bar.top - GAP - h, bar.bottom + GAP];
      var obstacles = bars.concat(markers);
      var place = null;
      candidates(x, w, tops).some(function (spot) {
        var c = {left: spot.left, right: spot.left + w, top: spot.top, bottom: spot.top + h, slid: spot.slid};
        if (c.left < frame.left || c.right > frame.right || c.top < frame.top || c.bottom > frame.bottom) {
          return false;
        }
        var clear = obstacles.concat(taken).every(function (other) {
          return !overlaps(c, other);
        });
        if (clear && spot.slid && (c.left > mark.right || c.right < mark.left)) {
          // Away from its marker: a leader line ties them, and it must cross no label placed before.
          c.line = {from: {x: x, y: c.top < bar.top ? bar.top : bar.bottom},
                    to: {x: c.left > x ? c.left : c.right, y: (c.top + c.bottom) / 2}};
          var reach = {left: Math.min(c.line.from.x, c.line.to.x), right: Math.max(c.line.from.x, c.line.to.x),
                       top: Math.min(c.line.from.y, c.line.to.y), bottom: Math.max(c.line.from.y, c.line.to.y)};
          clear = placed.every(function (other) {
            return !overlaps(reach, other);
          });
        }
        if (clear) {
          place = c;
        }
        return clear;
      });
      if (place) {
        label.move = "translate(" + (place.left - own.left) + " " + (place.top - own.top) + ")";
        if (place.line) {
          label.line = place.line;
          leaders += 1;
        }
        taken.push(place);
        placed.push(place);
      } else {
        hidden += 1;
      }
    });
    labels.forEach(function (label) {
      if (label.move) {
        label.text.setAttribute("transform", label.move);
        if (label.line) {
          leader(label.text, label.line.from, label.line.to);
        }
      } else {
        label.text.setAttribute("visibility", "hidden");
      }
    });
    target.setAttribute("data-hidden-labels", String(hidden));
    target.setAttribute("data-leader-lines", String(leaders));
  }

  window.AllTimelineLabels = {fit: fit};
})();
