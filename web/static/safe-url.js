// kgSafeUrl(url): the URL, resolved against this page, when it is http(s); else "".
// Every link or navigation whose target comes from data goes through it, so a
// javascript:, data: or vbscript: value never becomes a link (the URL parser drops the
// tabs, newlines and leading spaces that could hide such a scheme).
(function () {
  "use strict";
  window.kgSafeUrl = function (url) {
    if (typeof url !== "string" || !url) return "";
    var parsed;
    try { parsed = new URL(url, window.location.href); } catch (e) { return ""; }
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : "";
  };
  // Go to url when it is safe; do nothing otherwise.
  window.kgGo = function (url) {
    var safe = window.kgSafeUrl(url);
    if (safe) window.location.assign(safe);
  };
})();
