/* The activation page: the slip's QR code and the e-mail carry the user name and code after "#"
   (never sent to the server, so never in its logs); fill the empty fields from it, then drop it
   from the address bar so it is not left in the browser's history. */
(function () {
  var hash = window.location.hash.replace(/^#/, '');
  if (!hash) return;
  var params = new URLSearchParams(hash);
  [['u', 'id_username'], ['c', 'id_code']].forEach(function (pair) {
    var field = document.getElementById(pair[1]);
    var value = params.get(pair[0]);
    if (field && value && !field.value) field.value = value;
  });
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
})();
