// Presentation mode: every step is already on the page; keys and the step links swap the shown step in place
// and record it in the address (History API), so full screen and focus survive. Without JavaScript the same
// links load each step as its own page.
(function () {
  "use strict";

  var KEYS = {
    ArrowRight: 1, PageDown: 1, " ": 1,
    ArrowLeft: -1, PageUp: -1
  };
  var root, chart, figure, steps, current, drawn = false;

  function section(number) {
    return document.getElementById("step-" + number);
  }

  // Type that scales with the screen: 16 px on a 1280x720 projector, 24 px at 1920x1080 (1/45 of the height).
  function fontSize() {
    var size = Math.round(Math.min(window.innerWidth / 80, window.innerHeight / 45));
    return Math.max(12, Math.min(32, size));
  }

  // Split a long row name over two lines at the space nearest its middle (the chart shares the screen).
  function wrap(name, longest) {
    var plain = name.replace(/<[^>]+>/g, "");
    if (plain.length <= longest || name.indexOf(" ") === -1) {
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

  // The base figure with one step's emphasis, sized to its box and to the screen.
  function figureFor(step) {
    var data = JSON.parse(JSON.stringify(figure.data));
    var layout = JSON.parse(JSON.stringify(figure.layout));
    var size = fontSize();
    var scale = size / layout.font.size;
    step.bars.forEach(function (bars) {
      var marker = data[bars.trace].marker;
      marker.opacity = bars.opacity;
      marker.line = {color: marker.line.color, width: bars.width};
    });
    data.forEach(function (trace) {
      if (trace.textfont) {
        trace.textfont.size = Math.round(trace.textfont.size * scale);
      }
      if (trace.type === "scatter" && trace.marker && trace.marker.size) {
        trace.marker.size = Math.round(trace.marker.size * scale);
      }
    });
    layout.font.size = size;
    // The legend's rows may use the whole figure's width, not only the plot's (fewer rows under the chart).
    layout.legend.font = {size: Math.round(size * 0.85)};
    layout.legend.xref = "container";
    layout.yaxis.tickmode = "array";
    layout.yaxis.tickvals = step.rows;
    // Two lines a name only where a row has the height for them (plotly.js spaces lines at 1.3em); Arabic names,
    // longer than the English, overprinted their neighbours on a 720p projector.
    var legend = data.filter(function (trace) { return trace.showlegend !== false; }).length;
    var pitch = (chart.clientHeight - size * 3.5 - legend * size * 1.3) / step.rows.length;
    var twoLines = pitch >= 2 * 1.3 * size + 4;
    layout.yaxis.ticktext = step.ticktext.map(function (text) {
      return twoLines ? wrap(text, chart.clientWidth < 600 ? 14 : 24) : text;
    });
    if (chart.clientWidth < 600) {
      layout.xaxis.nticks = 4;
    }
    delete layout.height;
    layout.autosize = true;
    layout.margin = {l: 10, r: Math.round(size), t: Math.round(size * 1.5), b: Math.round(size * 2)};
    var built = {data: data, layout: layout};
    // An Arabic page's row names and legend keep their brackets and colons where Arabic reads them (labels.js).
    if (window.AllTimelineLabels) {
      window.AllTimelineLabels.markRightToLeft(built);
    }
    return built;
  }

  function draw() {
    if (typeof window.Plotly === "undefined" || !figure) {
      return;
    }
    var number = current;
    var built = figureFor(steps[number - 1]);
    var config = Object.assign({}, figure.config, {responsive: false});
    var drawing = drawn ? window.Plotly.react(chart, built.data, built.layout, config)
      : window.Plotly.newPlot(chart, built.data, built.layout, config);
    drawn = true;
    drawing.then(function () {
      // The drawing is hidden from screen readers behind the chart's name and summary (as on the timeline page).
      Array.prototype.forEach.call(chart.querySelectorAll("svg.main-svg"), function (svg) {
        svg.setAttribute("aria-hidden", "true");
      });
      // Milestone labels move into the free lane beside their row's bar, or hide, as on the timeline (labels.js).
      if (window.AllTimelineLabels) {
        window.AllTimelineLabels.fit(chart);
      }
      chart.setAttribute("data-drawn", "true");
      chart.setAttribute("data-drawn-step", String(number));
    });
  }

  // Shrink a step's text (down to 70%) until it fits its column; only a fixed-height slide can overflow.
  function fit() {
    var shown = section(current);
    var side = shown.parentNode;
    var scale = 1;
    shown.style.fontSize = "";
    while (side.scrollHeight > side.clientHeight + 1 && scale > 0.7) {
      scale -= 0.05;
      shown.style.fontSize = scale.toFixed(2) + "em";
    }
  }

  function setLink(key, number) {
    var link = root.querySelector(".step-nav a[data-key='" + key + "']");
    var off = root.querySelector(".step-nav [data-off='" + key + "']");
    var exists = number >= 1 && number <= steps.length;
    if (exists) {
      link.href = steps[number - 1].url;
    }
    link.hidden = !exists;
    off.hidden = exists;
  }

  function show(number) {
    var before = section(current);
    var after = section(number);
    var active = document.activeElement;
    before.hidden = true;
    after.hidden = false;
    current = number;
    document.title = after.getAttribute("data-title");
    chart.setAttribute("aria-label", after.getAttribute("data-label"));
    document.getElementById("chart-summary").textContent = after.getAttribute("data-summary");
    root.querySelector(".step-where").textContent = after.getAttribute("data-count");
    setLink("previous", number - 1);
    setLink("next", number + 1);
    document.getElementById("step-status").textContent = after.getAttribute("data-status");
    // A focused link that has just been hidden (the last "Next step") would drop focus to the page: keep it here.
    if (!active || active === document.body || active.closest("[hidden]")) {
      root.focus({preventScroll: true});
    }
    fit();
    draw();
  }

  function go(number, record) {
    if (number < 1 || number > steps.length || number === current) {
      return;
    }
    show(number);
    if (record) {
      window.history.pushState({step: number}, "", steps[number - 1].url);
    }
  }

  function onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    var tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
      return;
    }
    // A focused button keeps Space and Enter for itself (a keyboard user pressing "Full screen").
    if (tag === "BUTTON" && (event.key === " " || event.key === "Enter")) {
      return;
    }
    var target;
    if (event.key === "Home") {
      target = 1;
    } else if (event.key === "End") {
      target = steps.length;
    } else if (KEYS[event.key]) {
      target = current + (event.key === " " && event.shiftKey ? -1 : KEYS[event.key]);
    } else {
      return;
    }
    // The keys page through the deck even past either end, never scroll the page.
    event.preventDefault();
    go(Math.max(1, Math.min(steps.length, target)), true);
  }

  function onClick(event) {
    var link = event.target.closest && event.target.closest(".step-nav a[data-key]");
    if (!link || event.button !== 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    go(current + (link.getAttribute("data-key") === "next" ? 1 : -1), true);
  }

  function fullScreen() {
    var button = root.querySelector(".fullscreen");
    var page = document.documentElement;
    if (!button || !page.requestFullscreen) {
      return;
    }
    function label() {
      button.textContent = button.getAttribute(document.fullscreenElement ? "data-leave" : "data-enter");
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var change = document.fullscreenElement ? document.exitFullscreen() : page.requestFullscreen();
      // Focus goes back to the slide, so the next key (Space included) moves the deck, not the button.
      root.focus({preventScroll: true});
      if (change && change.catch) {
        change.catch(function () { return undefined; });
      }
    });
    document.addEventListener("fullscreenchange", label);
  }

  function start() {
    root = document.getElementById("present");
    chart = document.getElementById("chart");
    steps = JSON.parse(document.getElementById(root.getAttribute("data-steps")).textContent);
    figure = JSON.parse(document.getElementById("figure-data").textContent);
    var shown = root.querySelector(".slide:not([hidden])");
    current = parseInt(shown.id.replace("step-", ""), 10);
    window.history.replaceState({step: current}, "");
    window.addEventListener("popstate", function (event) {
      if (event.state && event.state.step) {
        show(event.state.step);
      }
    });
    document.addEventListener("keydown", onKey);
    root.addEventListener("click", onClick);
    var pending = false;
    window.addEventListener("resize", function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          fit();
          draw();
        });
      }
    });
    fullScreen();
    chart.textContent = "";
    fit();
    // plotly.js loads after the first paint (plotly-loader.js); until then draw() does nothing.
    if (window.AllTimelinePlotly) {
      window.AllTimelinePlotly.ready(draw);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
