/* The 404 page (404.html). A web server shows it at the address the reader asked for, which
   stays in the address bar: this script shows that address on the page (a reader who typed
   it sees what to correct) and points the 简/繁 switch at the same address in the other
   edition, where the server answers with that edition's page, or its 404 page, which shows
   the address again (a 繁體 reader's walk: the switch opened the other 404.html, and the
   address typed was gone).

   The page's links start from the site's root path (/xxgk/), as does the switch: the site's
   root is the shorter of this edition's root (the home link's folder, data-gk-home) and the
   other's (the switch's folder); the 繁體 folder (zh-hant/) is what the longer adds to it.

   Without JavaScript, and on a disc (relative links, no server), the switch opens the other
   edition's 404.html and the address is not shown. */
(function () {
  "use strict";
  var path = window.location.pathname;
  var missing = document.getElementById("gk-missing");
  var other = document.querySelector("a[hreflang]");
  if (!missing || /\/404\.html$/.test(path)) { return; } // the page itself: nothing mistyped
  var asked = path + window.location.search;
  try { asked = decodeURI(asked); } catch (e) { /* shown as the browser has it */ }
  missing.querySelector("code").textContent = asked;
  missing.hidden = false;
  var own = missing.getAttribute("data-gk-home").replace(/index\.html$/, "");
  var to = other ? other.getAttribute("href").replace(/404\.html$/, "") : "";
  if (own.charAt(0) !== "/" || to.charAt(0) !== "/") { return; }
  var root = own.length < to.length ? own : to;
  var edition = (own.length < to.length ? to : own).slice(root.length);
  if (path.indexOf(root) !== 0) { return; } // outside the site: its 404 page all the same
  var rest = path.slice(root.length);
  if (rest.indexOf(edition) === 0) { rest = rest.slice(edition.length); }
  /* A server that shows one 404 page for both editions shows this edition's at an address
     of the other: the same address would bring this page again, the other 404.html does not. */
  var href = to + rest + window.location.search;
  /* At /zh-hant//host/x of a site at the server's root, that is //host/x: another site's. */
  if (new URL(href, window.location.href).host !== window.location.host) { return; }
  if (to + rest !== path) { other.setAttribute("href", href); }
})();
