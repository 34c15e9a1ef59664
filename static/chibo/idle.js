// The idle timeout seen from the page (chibo.accounts.middleware.IdleTimeoutMiddleware): after
// data-idle-seconds without a key, click, touch or scroll, the page reloads, so the server signs
// the session out and the records on screen give way to the sign-in page. The server decides; this
// only keeps an unattended screen from showing what was open.
(function () {
  var script = document.currentScript;
  var seconds = parseInt(script && script.dataset.idleSeconds, 10);
  if (!seconds) return;
  var timer;
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(function () { window.location.reload(); }, seconds * 1000 + 5000);
  }
  ["keydown", "mousedown", "touchstart", "scroll", "wheel"].forEach(function (name) {
    window.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
