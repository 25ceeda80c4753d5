/* Parley comment counts (placeholder). */
(function () {
  "use strict";
})();
