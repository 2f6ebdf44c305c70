// The chart's text where room is short, for every page that draws a chart (timeline.js, print.js, present.js):
// row names wrapped for a narrow chart, Arabic names kept right to left inside the chart's left-to-right time, the
// mark for later steps kept clear of the last step drawn, and the milestone labels placed.
//
// Milestone labels cover no bar, no row name and no other label (issue 10).
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

  // Row names of a narrow chart (a phone, or a paper-sized page on a phone) would take more than the half of the
  // chart that plotly.js's automargin may give them and be cut at its left edge (issue 14). They wrap at spaces, and
  // Chinese (no spaces) between characters, by code point.
  var LINE_UNITS = 16; // a line's width in Latin letters; a CJK character counts as two
  var CJK_RANGES = "\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u{20000}-\\u{3ffff}";
  var CJK = new RegExp("[" + CJK_RANGES + "]", "u");
  // A CJK character, or a run of other characters ("CAR-T" inside a Chinese name), which stays whole.
  var TOKENS = new RegExp("[" + CJK_RANGES + "]|[^" + CJK_RANGES + "]+", "gu");
  var NO_BREAK_BEFORE = /^[\uff09\u3001\u3002\uff0c\uff1a\uff1b)\]]/; // ）、。，：； never start a line
  var NO_BREAK_AFTER = /[\uff08\u300c\u300e\u3010(\[]$/; // （「『【 never end a line

  function units(text) {
    var plain = text.replace(/<[^>]*>/g, "");
    var count = 0;
    Array.from(plain).forEach(function (character) {
      count += CJK.test(character) ? 2 : 1;
    });
    return count;
  }

  // Cut a word without spaces (Chinese) into pieces of at most LINE_UNITS, between code points (a character
  // beyond U+FFFF stays whole); other words stay whole.
  function pieces(word) {
    if (!CJK.test(word) || word.indexOf("<") !== -1 || units(word) <= LINE_UNITS) {
      return [word];
    }
    var found = [""];
    word.match(TOKENS).forEach(function (token) {
      var last = found.length - 1;
      if (units(found[last] + token) > LINE_UNITS && found[last] && !NO_BREAK_BEFORE.test(token)) {
        // An opening bracket goes down with the words it opens.
        var carried = found[last].length > 1 && NO_BREAK_AFTER.test(found[last]) ? found[last].slice(-1) : "";
        found[last] = found[last].slice(0, found[last].length - carried.length);
        found.push(carried + token);
      } else {
        found[last] += token;
      }
    });
    return found;
  }

  // Split a row name into lines of at most LINE_UNITS (a longer word without CJK stays whole).
  function wrap(name) {
    var lines = [];
    String(name).split(" ").forEach(function (word) {
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

  // The mark for later steps sits on the view's right edge (chart.py), a few days past the last step after
  // treatment: on a phone those days are a few pixels, and the step's circle touched the mark. Below NARROW px the
  // view runs on until the two are EDGE_CLEAR px apart, centre to centre, reckoning the plot as half the chart's
  // width (the row names take the rest at most).
  var NARROW = 600;
  var EDGE_CLEAR = 20; // px: a 12 px circle's half, its 2 px outline, the mark's half and a gap
  var EDGE_MARK = "arrow-bar-right";

  function position(value, dates) {
    if (!dates) {
      return Number(value);
    }
    var text = String(value);
    return Date.parse(text.length > 10 ? text.replace(" ", "T") + "Z" : text); // "2026-01-05 12:00" is UTC midday
  }

  function clearEdgeMark(figure, width) {
    var mark = figure.data.filter(function (trace) {
      return trace.marker && trace.marker.symbol === EDGE_MARK;
    })[0];
    var range = figure.layout.xaxis.range;
    if (!mark || !range || width >= NARROW) {
      return;
    }
    var dates = figure.layout.xaxis.type === "date";
    var row = mark.y[0];
    var last = null;
    figure.data.forEach(function (trace) {
      if (trace === mark || trace.type !== "scatter") {
        return;
      }
      trace.x.forEach(function (x, i) {
        if (trace.y[i] === row && (last === null || position(x, dates) > last)) {
          last = position(x, dates);
        }
      });
    });
    var first = position(range[0], dates);
    var end = position(range[1], dates);
    var share = EDGE_CLEAR / (width / 2); // the gap's share of the view
    if (last === null || end - last >= share * (end - first)) {
      return;
    }
    end = (last - share * first) / (1 - share);
    if (dates) {
      var day = 86400000;
      end = new Date(Math.ceil(end / day) * day).toISOString().slice(0, 10); // a date, never epoch ms (plotly.js #1956)
    }
    range[1] = end;
    mark.x = [end];
  }

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

  // A vertical line shape (the "today" line; the comparison chart's shapes run across it) as a box as wide as its
  // stroke and a pixel or two more on each side; its geometry alone has no width.
  function verticalLines(nodes) {
    var boxes = [];
    Array.prototype.forEach.call(nodes, function (el) {
      var b = box(el);
      if (b.right - b.left < 1 && b.bottom - b.top > 1) {
        var half = (parseFloat(el.style.strokeWidth || el.getAttribute("stroke-width")) || 2) / 2 + 2;
        var x = (b.left + b.right) / 2;
        boxes.push({left: x - half, right: x + half, top: b.top, bottom: b.bottom});
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
    // So is the dashed "today" line, drawn above the traces: a label it crossed was hard to read on a phone.
    taken = taken.concat(verticalLines(target.querySelectorAll(".shapelayer path")));
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

  window.AllTimelineLabels = {fit: fit, wrap: wrap, markRightToLeft: markRightToLeft, clearEdgeMark: clearEdgeMark};
})();
