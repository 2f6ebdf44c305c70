// The printable guide pages: a print button that only appears when it can work.
(function () {
  "use strict";

  function start() {
    var button = document.querySelector(".print-page");
    if (!button || typeof window.print !== "function") {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
