// Draw the timeline chart from its JSON island and add small conveniences to the page.
// No inline scripts anywhere: the Content-Security-Policy allows only same-origin script files.
(function () {
  "use strict";

  function drawChart() {
    var island = document.getElementById("figure-data");
    var target = document.getElementById("chart");
    if (!island || !target || typeof window.Plotly === "undefined") {
      return;
    }
    var figure = JSON.parse(island.textContent);
    target.textContent = "";
    window.Plotly.newPlot(target, figure.data, figure.layout, figure.config).then(function () {
      target.setAttribute("data-drawn", "true");
    });
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

  function copyLink() {
    var button = document.querySelector(".copy-link");
    var status = document.querySelector(".copy-status");
    if (!button || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(window.location.href).then(function () {
        status.textContent = "Link copied.";
      }, function () {
        status.textContent = "Could not copy; select the address bar and copy it instead.";
      });
    });
  }

  function start() {
    drawChart();
    linkInductionToProtocol();
    copyLink();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
