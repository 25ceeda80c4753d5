/* Parley comment widget (placeholder; full widget follows). */
(function () {
  "use strict";
})();
