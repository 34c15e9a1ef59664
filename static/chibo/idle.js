// The idle timeout seen from the page (chibo.accounts.middleware.IdleTimeoutMiddleware): after
// data-idle-seconds without a key, click, touch or scroll, the page asks the server again, so an
// idle session is signed out and the records on screen give way to the sign-in page. The server
// decides. The request carries idle_check=1, which the server never counts as activity (or two
// open tabs would keep each other's session alive), and is a plain GET of the page's address (a
// reload would send a form again).
(function () {
  var script = document.currentScript;
  var seconds = parseInt(script && script.dataset.idleSeconds, 10);
  if (!seconds) return;
  var url = new URL(window.location.href);
  if (url.searchParams.has("idle_check")) {
    url.searchParams.delete("idle_check");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  var timer;
  function check() {
    var target = new URL(window.location.href);
    target.hash = "";
    target.searchParams.set("idle_check", "1");
    window.location.replace(target.pathname + target.search);
  }
  function arm() {
    clearTimeout(timer);
    timer = setTimeout(check, seconds * 1000 + 5000);
  }
  ["keydown", "mousedown", "touchstart", "scroll", "wheel"].forEach(function (name) {
    window.addEventListener(name, arm, { passive: true });
  });
  arm();
})();
