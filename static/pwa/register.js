/* The handbook app on every page (templates/base.html): registers the service worker (static/pwa/sw.js,
 * served at /sw.js), says which account is signed in and which pages to keep for reading offline
 * (this page and any element with a data-offline-keep attribute: its href, or the attribute's value),
 * asks the worker to send the check-ins queued offline, and wipes the phone's copies at sign-out. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !('serviceWorker' in navigator)) return;
  var user = script.getAttribute('data-user') || '';

  navigator.serviceWorker.register(script.getAttribute('data-sw'), { scope: '/' }).catch(function () {});

  function post(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  function pagesToKeep() {
    var urls = [location.href];
    document.querySelectorAll('[data-offline-keep]').forEach(function (element) {
      urls.push(element.getAttribute('href') || element.getAttribute('data-offline-keep'));
    });
    return urls.filter(Boolean);
  }

  function hello() {
    if (user && navigator.onLine) post({ type: 'hello', user: user, keep: pagesToKeep() });
  }

  hello();
  window.addEventListener('online', function () {
    post({ type: 'replay' }); // also from the offline pages, which know no account
    hello();
  });

  document.querySelectorAll('form[data-pwa-signout]').forEach(function (form) {
    form.addEventListener('submit', function () {
      post({ type: 'clear' });
    });
  });

  // reading the phone's copy: say so, in the page's language
  function offlineBanner() {
    var banner = document.getElementById('pwa-offline-banner');
    var main = document.querySelector('main');
    if (navigator.onLine) {
      if (banner) banner.remove();
    } else if (!banner && main && user) {
      banner = document.createElement('div');
      banner.id = 'pwa-offline-banner';
      banner.className = 'alert alert-warning py-2';
      banner.setAttribute('role', 'status');
      banner.textContent = script.getAttribute('data-offline');
      main.prepend(banner);
    }
  }

  offlineBanner();
  window.addEventListener('online', offlineBanner);
  window.addEventListener('offline', offlineBanner);

  navigator.serviceWorker.addEventListener('message', function (event) {
    var data = event.data || {};
    var texts = { 'checkin-sent': 'data-sent', 'checkin-refused': 'data-refused' };
    var text = texts[data.type] && script.getAttribute(texts[data.type]);
    var main = document.querySelector('main');
    if (!text || !main) return;
    var alert = document.createElement('div');
    alert.className = 'alert fs-5 ' + (data.type === 'checkin-sent' ? 'alert-success' : 'alert-danger');
    alert.setAttribute('role', 'status');
    alert.setAttribute('data-pwa-notice', data.type);
    alert.textContent = text;
    main.prepend(alert);
    var queued = document.getElementById('checkin-queued');
    if (queued && data.type === 'checkin-sent') queued.hidden = true;
  });
})();
